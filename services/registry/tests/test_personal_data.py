"""Journalists' NIK and KIM members' phones are masked for the office; the verifier reveals one with a reason, the
reveal (and every change of them by staff) is in the access log, and the data protection officer reads it on a page
with the same window as its CSV (UU 27/2022)."""

from __future__ import annotations

import re

NIK = "7174010101800001"
PHONE = "081244001122"


def journalist(client, partner, outlet) -> tuple[int, int]:
    outlet_id = client.post("/api/registry/outlets", json=outlet, headers=partner).json["id"]
    body = {"name": "Budi", "nik": NIK, "role": "editor", "ukw_level": "none"}
    added = client.post(f"/api/registry/outlets/{outlet_id}/journalists", json=body, headers=partner)
    assert added.status_code == 201, added.json
    return outlet_id, added.json["id"]


def kim_member(client, verifier) -> tuple[int, int]:
    group = client.post(
        "/api/registry/kim",
        headers=verifier,
        json={"region_code": "71.74.01.2001", "name": "KIM Motoboi", "chair": "Ani"},
    ).json
    member = {"name": "Sari", "role": "sekretaris", "phone": PHONE}
    added = client.post(f"/api/registry/kim/{group['id']}/members", json=member, headers=verifier)
    assert added.status_code == 201, added.json
    (sari,) = [m for m in added.json["members"] if m["name"] == "Sari"]  # the answer is the group with its members
    return group["id"], sari["id"]


def log(client, tokens) -> list[dict]:
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    return client.get("/api/registry/privacy/access-log", headers=dpo).json["items"]


def test_the_verifier_reveals_a_nik_and_a_phone_with_a_reason_and_each_reveal_is_logged(
    client, tokens, partner, verifier, approver, outlet
):
    outlet_id, journalist_id = journalist(client, partner, outlet)
    group_id, member_id = kim_member(client, verifier)
    assert NIK not in str(client.get(f"/api/registry/outlets/{outlet_id}/journalists", headers=verifier).json)
    assert PHONE not in str(client.get(f"/api/registry/kim/{group_id}", headers=verifier).json)

    url = f"/api/registry/journalists/{journalist_id}/personal-data"
    assert client.post(url, json={"reason": "verify"}, headers=approver).status_code == 403
    assert client.post(url, json={"reason": "verify"}, headers=partner).status_code == 403
    no_reason = client.post(url, json={}, headers=verifier)
    assert no_reason.status_code == 422 and no_reason.json["errors"][0]["field"] == "reason"
    other = client.post(url, json={"reason": "other"}, headers=verifier)
    assert other.status_code == 422 and other.json["errors"][0]["field"] == "detail"
    assert (
        client.post(
            f"/api/registry/journalists/{journalist_id + 10_000}/personal-data",
            json={"reason": "verify"},
            headers=verifier,
        ).status_code
        == 404
    )
    revealed = client.post(url, json={"reason": "verify", "detail": "cocokkan KTP"}, headers=verifier)
    assert revealed.status_code == 200 and revealed.json["nik"] == NIK and revealed.json["name"] == "Budi"
    assert "no-store" in revealed.headers["Cache-Control"]
    phone = client.post(
        f"/api/registry/kim/members/{member_id}/personal-data", json={"reason": "contact"}, headers=verifier
    )
    assert phone.status_code == 200 and phone.json["phone"] == PHONE

    rows = [
        (r["actor"], r["action"], r["record_kind"], r["record_id"], r["fields"], r["reason"])
        for r in log(client, tokens)
    ]
    assert rows == [
        ("verifikator", "change", "kim_member", str(member_id), ["phone"], "verify"),  # the verifier entered it
        ("verifikator", "reveal", "journalist", str(journalist_id), ["nik"], "verify"),
        ("verifikator", "reveal", "kim_member", str(member_id), ["phone"], "contact"),
    ], "the partner's own entry of its journalist is not staff access; refusals reveal nothing and log nothing"


def test_a_journalist_entered_by_the_verifier_is_logged_as_a_change_by_the_outlet_not(
    client, tokens, partner, verifier, outlet
):
    outlet_id, _ = journalist(client, partner, outlet)
    body = {"name": "Rina", "nik": "7174010101800009", "role": "reporter", "ukw_level": "none"}
    added = client.post(f"/api/registry/outlets/{outlet_id}/journalists", json=body, headers=verifier)
    assert added.status_code == 201
    assert [(r["action"], r["record_id"], r["fields"]) for r in log(client, tokens)] == [
        ("change", str(added.json["id"]), ["nik"])
    ]


def test_the_verifier_reveals_on_the_pages_and_the_dpo_finds_it_in_the_log_page_and_its_csv(
    client, tokens, partner, verifier, outlet
):
    group_id, member_id = kim_member(client, verifier)
    page = f"/registry/konsol/kim/{group_id}"
    masked = client.get(page, headers=verifier).text
    assert PHONE not in masked and "0812*****122" in masked and "Tampilkan telepon" in masked
    reveal = f"{page}/anggota/{member_id}/data-pribadi"
    refused = client.post(reveal, data={"reason": "other"}, headers=verifier)
    assert refused.status_code == 422 and PHONE not in refused.text
    assert f'id="detail-m{member_id}-error">Jelaskan alasan' in refused.text
    shown = client.post(reveal, data={"reason": "contact"}, headers=verifier)
    assert shown.status_code == 200 and PHONE in shown.text and "no-store" in shown.headers["Cache-Control"]

    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    assert client.get("/registry/konsol/log-akses", headers=verifier).status_code == 403
    html = client.get("/registry/konsol/log-akses", headers=dpo).text
    assert re.search(rf"<td>verifikator</td><td>Membuka</td>\s*<td>Anggota KIM {member_id}</td>", html)
    assert "Menghubungi orang yang bersangkutan" in html and 'id="summary"' in html
    assert 'href="/api/registry/privacy/access-log?format=csv"' in html
    backwards = client.get("/registry/konsol/log-akses?from=2026-12-02&to=2026-12-01", headers=dpo)
    assert backwards.status_code == 400 and "Tanggal akhir tidak boleh sebelum tanggal awal" in backwards.text
    csv = client.get("/api/registry/privacy/access-log?format=csv", headers=dpo).data.decode("utf-8-sig")
    assert f"reveal,kim_member,{member_id},phone,contact" in csv


def test_every_form_that_takes_personal_data_shows_the_privacy_notice(client, partner, verifier, outlet):
    group_id, _ = kim_member(client, verifier)
    register = client.get("/registry/mitra/perusahaan", headers=partner).text
    assert "Data pribadi Anda" in register and "NIK wartawan dihapus 5 tahun setelah kontrak terakhir" in register
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    home = client.get("/registry/mitra", headers=partner).text
    assert home.count('id="privasi-judul"') == 1 and 'href="/privasi"' in home
    for page in ("/registry/konsol/kim", f"/registry/konsol/kim/{group_id}"):
        shown = client.get(page, headers=verifier).text
        assert "kontak anggota dihapus 24 bulan setelah kegiatan terakhir KIM" in shown, page

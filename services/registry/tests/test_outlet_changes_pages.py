"""The pages of what changes after registration: the partner's "Ubah profil" and journalist forms (errors next to
each field, values kept), and the verifier's Dewan Pers form and change log on the application page."""

from __future__ import annotations

import datetime as dt

import pytest

NIK = "7174010101900003"


@pytest.fixture
def registered(client, partner, outlet) -> dict:
    form = {**outlet, "dewan_pers_status": "none"}
    assert client.post("/registry/mitra/perusahaan", data=form, headers=partner).status_code == 303
    return outlet  # the profile form's fields


@pytest.fixture
def application_id(client, partner, verifier, registered) -> int:
    now = dt.datetime.now(dt.UTC)
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan 2027",
        "opens_at": (now - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=5)).isoformat(),
    }
    period_id = client.post("/api/registry/periods", json=period, headers=verifier).json["id"]
    created = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner)
    assert created.status_code == 201, created.json
    return created.json["id"]


def test_the_partner_changes_its_profile_with_errors_next_to_fields_and_values_kept(
    client, partner, verifier, registered
):
    page = client.get("/registry/mitra", headers=partner).text
    assert "Ubah profil" in page
    assert 'name="npwp" id="profil-npwp" value="012345678901000"' in page, "the form starts from the profile"
    bad = client.post(
        "/registry/mitra/profil",
        headers=partner,
        data={**registered, "brand": "Totabuan Baru", "npwp": "12", "website": "bukan-url"},
    )
    assert bad.status_code == 422
    assert 'id="npwp-error">NPWP harus 15 atau 16 digit.' in bad.text
    assert 'id="website-error">URL tidak valid.' in bad.text
    assert 'name="brand" id="profil-brand" value="Totabuan Baru"' in bad.text, "what was typed stays"
    assert "<details open>" in bad.text
    other = {**registered, "brand": "Bolmong Pos", "npwp": "99.888.777.6-555.000"}
    assert client.post("/api/registry/outlets", json=other, headers=verifier).status_code == 201
    taken = client.post("/registry/mitra/profil", headers=partner, data={**registered, "npwp": "998887776555000"})
    assert taken.status_code == 409 and 'id="npwp-error">Sudah terdaftar.' in taken.text
    done = client.post(
        "/registry/mitra/profil", headers=partner, data={**registered, "brand": "Totabuan Baru", "city": ""}
    )
    assert done.status_code == 303
    page = client.get("/registry/mitra", headers=partner).text
    assert '<h2 id="profil">Totabuan Baru</h2>' in page
    assert "Dolot 7, Kotamobagu</dd>" in page, "the emptied city is cleared (it was shown after the address)"


def test_the_partner_edits_a_journalist_and_records_when_one_left(client, partner, registered):
    journalist = {"name": "Rina Mokoginta", "nik": NIK, "role": "reporter", "ukw_level": "none"}
    assert client.post("/registry/mitra/wartawan", data=journalist, headers=partner).status_code == 303
    page = client.get("/registry/mitra", headers=partner).text
    jid = int(page.split("/registry/mitra/wartawan/")[1].split('"')[0])
    url = f"/registry/mitra/wartawan/{jid}"
    typed = {"role": "editor", "ukw_level": "madya", "ukw_certificate_no": "", "press_card": "PWI-7"}
    no_certificate = client.post(url, headers=partner, data=typed)
    assert no_certificate.status_code == 422
    assert 'id="ukw_certificate_no-error">Isi nomor sertifikat UKW.' in no_certificate.text
    assert f'id="j{jid}-press_card" value="PWI-7"' in no_certificate.text, "what was typed stays"
    edited = client.post(url, headers=partner, data={**typed, "ukw_certificate_no": "88-PWI"})
    assert edited.status_code == 303
    page = client.get("/registry/mitra", headers=partner).text
    assert "Redaktur" in page and "sertifikat 88-PWI" in page and "PWI-7" in page
    left = client.post(f"{url}/keluar", headers=partner, data={"left_on": ""})
    assert left.status_code == 303
    page = client.get("/registry/mitra", headers=partner).text
    assert "Pernah bekerja di sini" in page and f"/registry/mitra/wartawan/{jid}" not in page
    again = client.post(url, headers=partner, data={"role": "reporter", "ukw_level": "none"})
    assert again.status_code == 409 and "sudah keluar" in again.text
    other = client.post("/registry/mitra/wartawan/999", headers=partner, data={"role": "reporter"})
    assert other.status_code == 404


def test_the_verifier_records_the_dewan_pers_status_and_sees_every_change_on_the_application_page(
    client, partner, verifier, approver, registered, application_id
):
    client.post("/registry/mitra/profil", headers=partner, data={**registered, "address": "Jl. Baru 2"})
    url = f"/registry/konsol/pendaftaran/{application_id}"
    page = client.get(url, headers=verifier).text
    assert "Riwayat perubahan perusahaan pers" in page
    assert "<td>totabuan</td><td>Profil diubah</td><td>alamat</td>" in page
    bad = client.post(f"{url}/dewan-pers", headers=verifier, data={"status": "sangat", "verified_on": "kemarin"})
    assert bad.status_code == 422 and 'id="status-error"' in bad.text and 'id="verified_on-error"' in bad.text
    assert client.post(f"{url}/dewan-pers", headers=approver, data={"status": "factual"}).status_code == 403
    assert "Catat status Dewan Pers" not in client.get(url, headers=approver).text, "the approver sees no form"
    done = client.post(f"{url}/dewan-pers", headers=verifier, data={"status": "factual", "verified_on": "2026-05-04"})
    assert done.status_code == 303
    page = client.get(url, headers=verifier).text
    assert "Terverifikasi faktual (4 Mei 2026)" in page
    assert "<td>verifikator</td><td>Status Dewan Pers dicatat</td><td>tanggal, status</td>" in page

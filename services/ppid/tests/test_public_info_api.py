"""The public information list (DIP), OPD guidance and the satisfaction survey through the API."""

from __future__ import annotations

import csv
import io

ENTRY = {
    "title": "Anggaran Dinas Kesehatan 2026",
    "summary": "DPA dan realisasi anggaran Dinas Kesehatan",
    "category": "berkala",
    "opd": "dinkes",
    "responsible": "Sekretaris Dinas Kesehatan",
    "made_on": "2026-01-15",
    "place": "Kotamobagu",
    "form": "both",
    "retention": "5 tahun",
    "url": "https://dinkes.example.id/dpa-2026.pdf",
    "published": True,
}
EXEMPT = {
    **ENTRY,
    "title": "Berkas penyelidikan kasus gizi buruk",
    "summary": "Catatan rahasia medis pasien",
    "category": "dikecualikan",
    "made_on": None,
    "period": "Setiap kasus",
    "url": "https://dinkes.example.id/berkas.pdf",
    "exemption_grounds": ["h", "a"],
    "exemption_reason": "Membuka berkas mengungkap rahasia pribadi pasien; kerugiannya lebih besar dari manfaatnya.",
}
SCORES = ("requirements", "procedure", "time", "cost", "product", "competence", "behaviour", "complaints", "facilities")


def create(client, headers, expect=201, **fields):
    response = client.post("/api/ppid/dip", json={**ENTRY, **fields}, headers=headers)
    assert response.status_code == expect, response.json
    return response.json


def field_of(response) -> str:
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    return response.json["errors"][0]["field"]


def test_an_officer_adds_dip_entries_and_exempt_ones_need_grounds_and_a_consequence_test(client, officer):
    entry = create(client, officer)
    assert entry["category_label"].startswith("Informasi berkala") and entry["created_by"] == "petugas.ppid"
    exempt = create(client, officer, **EXEMPT)
    assert exempt["exemption_grounds"] == ["a", "h"]

    def refused(**fields):
        return field_of(client.post("/api/ppid/dip", json={**ENTRY, **fields}, headers=officer))

    assert refused(category="dikecualikan") == "exemption_grounds"
    assert refused(category="dikecualikan", exemption_grounds=["h"]) == "exemption_reason"
    assert refused(exemption_grounds=["h"]) == "exemption_grounds", "grounds only for exempt information"
    assert refused(exemption_reason="Rahasia") == "exemption_reason"
    assert refused(**{**EXEMPT, "exemption_grounds": ["z"]}).startswith("exemption_grounds")
    assert refused(made_on=None) == "made_on", "a date or a period"
    assert refused(url="javascript:alert(1)") == "url"
    assert refused(category="rahasia") == "category"
    assert refused(opd="Dinas Kesehatan") == "opd"
    missing = client.post("/api/ppid/dip", json={k: v for k, v in ENTRY.items() if k != "title"}, headers=officer)
    assert field_of(missing) == "title" and missing.json["errors"][0]["message"] == "Wajib diisi."

    changed = client.patch(f"/api/ppid/dip/{entry['id']}", json={"category": "dikecualikan"}, headers=officer)
    assert field_of(changed) == "exemption_grounds", "the entry as a whole must still follow the rules"
    opened = client.patch(
        f"/api/ppid/dip/{exempt['id']}",
        json={"category": "setiap_saat", "exemption_grounds": [], "exemption_reason": None},
        headers=officer,
    )
    assert opened.status_code == 200 and opened.json["category"] == "setiap_saat"
    assert opened.json["exemption_grounds"] == [] and opened.json["title"] == EXEMPT["title"]
    assert client.patch("/api/ppid/dip/999999", json={"published": True}, headers=officer).status_code == 404


def test_only_the_ppid_officer_writes_the_dip(client, officer, superior, opd_officer, tokens):
    entry = create(client, officer)
    assert client.post("/api/ppid/dip", json=ENTRY).status_code == 401
    assert client.post("/api/ppid/dip", json=ENTRY, headers=opd_officer("dinkes")).status_code == 403
    assert client.post("/api/ppid/dip", json=ENTRY, headers=superior).status_code == 403
    assert client.post("/api/ppid/dip", json=ENTRY, headers=tokens.headers("newsroom:editor")).status_code == 403
    assert client.patch(f"/api/ppid/dip/{entry['id']}", json={"published": False}).status_code == 401
    patched = client.patch(f"/api/ppid/dip/{entry['id']}", json={"published": False}, headers=opd_officer("dinkes"))
    assert patched.status_code == 403


def test_the_public_list_shows_published_entries_filtered_searched_and_paged(client, officer):
    budget = create(client, officer)
    roads = create(client, officer, title="Data jalan rusak 2025", summary="Panjang jalan rusak per kecamatan",
                   category="setiap_saat", opd="dinas-pu", url=None)  # fmt: skip
    exempt = create(client, officer, **EXEMPT)
    draft = create(client, officer, title="Draf rencana kerja", published=False)

    listed = client.get("/api/ppid/dip")
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "public, max-age=60"
    items = listed.json["items"]
    assert [i["title"] for i in items] == [ENTRY["title"], EXEMPT["title"], "Data jalan rusak 2025"]
    assert listed.json["next"] is None
    hidden = next(i for i in items if i["id"] == exempt["id"])
    assert set(hidden) == {"id", "title", "category", "category_label", "opd", "exemption_grounds", "exemption_reason"}
    assert "rahasia medis" not in listed.get_data(as_text=True) and "berkas.pdf" not in listed.get_data(as_text=True)
    assert "created_by" not in items[0] and "published" not in items[0]
    assert items[0]["summary"] == ENTRY["summary"] and items[0]["url"] == ENTRY["url"]

    def titles(**query):
        response = client.get("/api/ppid/dip", query_string=query)
        assert response.status_code == 200, response.json
        return [i["title"] for i in response.json["items"]]

    assert titles(category="setiap_saat") == ["Data jalan rusak 2025"]
    assert titles(opd="dinkes") == [ENTRY["title"], EXEMPT["title"]]
    assert titles(q="JALAN") == ["Data jalan rusak 2025"], "case-insensitive, in the title"
    assert titles(q="per kecamatan") == ["Data jalan rusak 2025"], "and in the summary"
    assert titles(q="gizi") == [EXEMPT["title"]]
    assert titles(q="rahasia medis") == [], "an exempt entry's summary is not searchable by the public"
    assert titles(q="100%") == []
    assert field_of(client.get("/api/ppid/dip", query_string={"category": "rahasia"})) == "category"

    staff = client.get("/api/ppid/dip", query_string={"q": "rahasia medis"}, headers=officer)
    assert [i["title"] for i in staff.json["items"]] == [EXEMPT["title"]]
    assert staff.headers["Cache-Control"] == "private, no-store"
    assert len(client.get("/api/ppid/dip", headers=officer).json["items"]) == 4, "officers see drafts too"

    first = client.get("/api/ppid/dip", query_string={"limit": 2}).json
    assert [i["id"] for i in first["items"]] == [budget["id"], exempt["id"]] and first["next"]
    second = client.get("/api/ppid/dip", query_string={"limit": 2, "after": first["next"]}).json
    assert [i["id"] for i in second["items"]] == [roads["id"]] and second["next"] is None
    assert field_of(client.get("/api/ppid/dip", query_string={"after": "nonsense"})) == "after"

    detail = client.get(f"/api/ppid/dip/{exempt['id']}")
    assert detail.status_code == 200 and detail.headers["Cache-Control"] == "public, max-age=60"
    assert "summary" not in detail.json and "url" not in detail.json and detail.json["exemption_grounds"] == ["a", "h"]
    assert client.get(f"/api/ppid/dip/{draft['id']}").status_code == 404, "unpublished is not found"
    assert client.get(f"/api/ppid/dip/{draft['id']}", headers=officer).json["published"] is False
    client.patch(f"/api/ppid/dip/{draft['id']}", json={"published": True}, headers=officer)
    assert client.get(f"/api/ppid/dip/{draft['id']}").json["summary"] == ENTRY["summary"]


def test_the_published_list_exports_as_csv_for_excel(client, officer):
    create(client, officer)
    create(client, officer, **EXEMPT)
    create(client, officer, title="Draf rencana kerja", published=False)
    create(client, officer, title='=HYPERLINK("http://x")', period="Setiap tahun", made_on=None)

    response = client.get("/api/ppid/dip/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["No", "Judul informasi", "Kategori", "Ringkasan isi informasi"]
    assert "Jangka waktu penyimpanan" in header and "Penanggung jawab pembuatan atau penerbitan informasi" in header
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_title) == {ENTRY["title"], EXEMPT["title"], '\'=HYPERLINK("http://x")'}
    budget = by_title[ENTRY["title"]]
    assert budget["Ringkasan isi informasi"] == ENTRY["summary"] and budget["Waktu pembuatan"] == "2026-01-15"
    assert budget["Jangka waktu penyimpanan"] == "5 tahun" and budget["Tautan"] == ENTRY["url"]
    exempt = by_title[EXEMPT["title"]]
    assert exempt["Ringkasan isi informasi"] == "" and exempt["Tautan"] == ""
    assert exempt["Alasan pengecualian (Pasal 17)"] == "a, h"
    assert "rahasia medis" not in response.data.decode("utf-8-sig")


GUIDANCE = {
    "opd_name": "Dinas Kesehatan",
    "holds": "Data fasilitas kesehatan, anggaran dinas, program imunisasi",
    "cannot_give": "Rekam medis pasien (rahasia pribadi)",
    "contact": "ppid.dinkes@example.id",
}


def test_opd_officers_write_their_own_guidance_and_the_ppid_any(client, officer, opd_officer, tokens):
    dinkes = opd_officer("dinkes")
    created = client.put("/api/ppid/guidance/dinkes", json=GUIDANCE, headers=dinkes)
    assert created.status_code == 201 and created.json["holds"] == GUIDANCE["holds"]
    replaced = client.put("/api/ppid/guidance/dinkes", json={**GUIDANCE, "contact": None}, headers=dinkes)
    assert replaced.status_code == 200 and replaced.json["contact"] is None
    assert client.put("/api/ppid/guidance/dishub", json=GUIDANCE, headers=dinkes).status_code == 403
    assert client.put("/api/ppid/guidance/dishub", json=GUIDANCE).status_code == 401
    assert (
        client.put("/api/ppid/guidance/dishub", json=GUIDANCE, headers=tokens.headers("newsroom:editor")).status_code
        == 403
    )
    by_ppid = client.put(
        "/api/ppid/guidance/dishub", json={**GUIDANCE, "opd_name": "Dinas Perhubungan"}, headers=officer
    )
    assert by_ppid.status_code == 201
    incomplete = client.put("/api/ppid/guidance/dinkes", json={**GUIDANCE, "holds": " "}, headers=dinkes)
    assert field_of(incomplete) == "holds"
    assert field_of(client.put("/api/ppid/guidance/Dinas%20X", json=GUIDANCE, headers=officer)) == "opd"

    listed = client.get("/api/ppid/guidance")
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "public, max-age=60"
    assert [(g["opd"], g["opd_name"]) for g in listed.json["items"]] == [
        ("dinkes", "Dinas Kesehatan"),
        ("dishub", "Dinas Perhubungan"),
    ]
    one = client.get("/api/ppid/guidance/dinkes").json
    assert one["cannot_give"] == GUIDANCE["cannot_give"] and "updated_by" not in one
    assert client.get("/api/ppid/guidance/bappeda").status_code == 404


def submit(client, valid_request) -> dict:
    response = client.post("/api/ppid/requests", json=valid_request)
    assert response.status_code == 201, response.json
    return response.json


def end(client, officer, number: str) -> None:
    """Examine, draft a granting notice and sign it: the request is decided."""
    for action, body in (("examine", {}), ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):
        response = client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer)
        assert response.status_code == 200, response.json
    assert response.json["status"] == "decided"


def answers(receipt: dict, scores: dict | None = None, **extra) -> dict:
    return {
        "registration_number": receipt["registration_number"],
        "tracking_code": receipt["tracking_code"],
        **(scores or dict.fromkeys(SCORES, 4)),
        **extra,
    }


def test_the_survey_is_answered_once_after_the_request_ends(client, officer, valid_request):
    receipt = submit(client, valid_request)
    early = client.post("/api/ppid/survey", json=answers(receipt))
    assert early.status_code == 409 and early.json["current_state"] == "received"
    wrong = client.post("/api/ppid/survey", json=answers(receipt, tracking_code="SALAH-KODE"))
    assert wrong.status_code == 404

    end(client, officer, receipt["registration_number"])
    assert field_of(client.post("/api/ppid/survey", json=answers(receipt, time=5))) == "time"
    assert field_of(client.post("/api/ppid/survey", json=answers(receipt, facilities=0))) == "facilities"
    assert field_of(client.post("/api/ppid/survey", json=answers(receipt, cost="murah"))) == "cost"
    partial = answers(receipt)
    del partial["behaviour"]
    assert field_of(client.post("/api/ppid/survey", json=partial)) == "behaviour"

    accepted = client.post("/api/ppid/survey", json=answers(receipt, comment="Cepat dan ramah."))
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["registration_number"] == receipt["registration_number"]
    again = client.post("/api/ppid/survey", json=answers(receipt))
    assert again.status_code == 409 and again.json["current_state"] == "decided"


def test_the_yearly_index_is_the_mean_of_element_means_times_25(client, officer, superior, opd_officer, valid_request):
    given = [
        dict.fromkeys(SCORES, 4),
        dict(zip(SCORES, (3, 3, 2, 4, 3, 4, 4, 2, 3), strict=True)),
        {**dict.fromkeys(SCORES, 3), "time": 1},
    ]
    year = None
    for scores in given:
        receipt = submit(client, valid_request)
        end(client, officer, receipt["registration_number"])
        response = client.post("/api/ppid/survey", json=answers(receipt, scores))
        assert response.status_code == 201, response.json
        year = int(response.json["answered_on"][:4])

    assert client.get("/api/ppid/survey/yearly", query_string={"year": year}).status_code == 401
    assert (
        client.get("/api/ppid/survey/yearly", query_string={"year": year}, headers=opd_officer("dinkes")).status_code
        == 403
    )
    assert field_of(client.get("/api/ppid/survey/yearly", headers=superior)) == "year"
    report = client.get("/api/ppid/survey/yearly", query_string={"year": year}, headers=superior).json
    assert report["year"] == year and report["responses"] == 3
    # time: (4 + 2 + 1) / 3; the index: all 89 points over 27 answers, times 25 = 82.407...
    assert report["elements"]["time"] == {"label": "Waktu penyelesaian", "mean": 2.33}
    assert report["elements"]["cost"]["mean"] == 3.67 and report["elements"]["complaints"]["mean"] == 3.0
    assert report["index"] == 82.41 == round(89 / 27 * 25, 2)
    assert (report["band"], report["band_label"]) == ("B", "Baik")

    empty = client.get("/api/ppid/survey/yearly", query_string={"year": year - 1}, headers=officer).json
    assert empty["responses"] == 0 and empty["index"] is None and empty["band"] is None


def test_a_dip_entry_carries_a_document_the_public_may_download(client, officer, tmp_path):
    import io

    entry = {"title": "Renstra Diskominfo 2026-2031", "summary": "Rencana strategis", "category": "setiap_saat",
             "opd": "diskominfo", "responsible": "Sekretaris", "made_on": "2026-02-01", "form": "soft_copy",
             "retention": "Permanen", "published": True}  # fmt: skip
    created = client.post("/api/ppid/dip", json=entry, headers=officer).json
    pdf = b"%PDF-1.7\n% renstra\n%%EOF\n"
    bad = client.post(f"/api/ppid/dip/{created['id']}/file", data={"file": (io.BytesIO(b"<html>"), "renstra.pdf")},
                      headers=officer, content_type="multipart/form-data")  # fmt: skip
    assert bad.status_code == 415
    upload = client.post(f"/api/ppid/dip/{created['id']}/file", data={"file": (io.BytesIO(pdf), "Renstra 2026.pdf")},
                         headers=officer, content_type="multipart/form-data")  # fmt: skip
    assert upload.status_code == 200 and upload.json["file_name"] == "Renstra-2026.pdf"
    public = client.get(f"/api/ppid/dip/{created['id']}").json
    assert public["file_name"] == "Renstra-2026.pdf" and "file_sha256" not in public
    download = client.get(f"/api/ppid/dip/{created['id']}/file")
    assert download.status_code == 200 and download.data == pdf and download.mimetype == "application/pdf"
    hidden = client.patch(f"/api/ppid/dip/{created['id']}", json={"published": False}, headers=officer)
    assert hidden.status_code == 200
    assert client.get(f"/api/ppid/dip/{created['id']}/file").status_code == 404
    assert client.get(f"/api/ppid/dip/{created['id']}/file", headers=officer).status_code == 200

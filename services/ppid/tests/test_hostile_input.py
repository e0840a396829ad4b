"""Hostile traffic on the PPID: bad input is a 4xx naming the field, a refused upload leaves nothing on disk, and
public documents never render from our origin."""

from __future__ import annotations

import io
import re

import pytest

PDF_WITH_SCRIPT = b"%PDF-1.7\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
PNG_HTML = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(document.cookie)</script></html>"


@pytest.fixture
def storage(tmp_path):
    return tmp_path / "files"


@pytest.fixture
def app(app_with, storage):
    return app_with(storage_dir=str(storage))


def stored_files(storage) -> list:
    return [p for p in storage.rglob("*") if p.is_file()] if storage.exists() else []


def submit(client, valid_request) -> dict:
    response = client.post("/api/ppid/requests", json=valid_request)
    assert response.status_code == 201, response.json
    return response.json


def test_a_message_with_a_wrong_tracking_code_leaves_no_file_behind(client, valid_request, storage):
    receipt = submit(client, valid_request)
    wrong = client.post(
        "/api/ppid/track/messages",
        data={"registration_number": receipt["registration_number"], "tracking_code": "SALAHSALAH", "body": "x",
              "file": (io.BytesIO(b"%PDF-1.4\n" + b"0" * 4096), "isi.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert wrong.status_code == 404
    assert stored_files(storage) == []
    page = client.post(
        "/ppid/lacak/pesan",
        data={"registration_number": receipt["registration_number"], "tracking_code": "SALAHSALAH", "body": "x",
              "file": (io.BytesIO(b"%PDF-1.4\n" + b"1" * 4096), "isi.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert page.status_code == 404 and stored_files(storage) == []
    right = client.post(
        "/api/ppid/track/messages",
        data={"registration_number": receipt["registration_number"], "tracking_code": receipt["tracking_code"],
              "body": "Lampiran KTP", "file": (io.BytesIO(b"%PDF-1.4\n" + b"2" * 64), "ktp.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert right.status_code == 201 and len(stored_files(storage)) == 1


def test_a_dip_file_for_an_entry_that_does_not_exist_or_by_a_non_officer_leaves_no_file(
    client, officer, opd_officer, storage
):
    upload = {"file": (io.BytesIO(b"%PDF-1.4\n" + b"3" * 64), "renstra.pdf")}
    assert client.post("/api/ppid/dip/999999/file", data=upload, headers=officer,
                       content_type="multipart/form-data").status_code == 404  # fmt: skip
    upload = {"file": (io.BytesIO(b"%PDF-1.4\n" + b"3" * 64), "renstra.pdf")}
    assert client.post("/api/ppid/dip/1/file", data=upload, headers=opd_officer("dinkes"),
                       content_type="multipart/form-data").status_code == 403  # fmt: skip
    assert stored_files(storage) == []


@pytest.mark.parametrize("content", [PDF_WITH_SCRIPT, PNG_HTML], ids=["pdf-with-javascript", "png-html-polyglot"])
def test_public_dip_documents_are_downloaded_never_rendered_from_our_origin(client, officer, content):
    entry = {"title": "Renstra", "summary": "Rencana strategis", "category": "setiap_saat", "opd": "diskominfo",
             "responsible": "Sekretaris", "made_on": "2026-02-01", "form": "soft_copy", "retention": "Permanen",
             "published": True}  # fmt: skip
    created = client.post("/api/ppid/dip", json=entry, headers=officer).json
    attached = client.post(f"/api/ppid/dip/{created['id']}/file", data={"file": (io.BytesIO(content), "berkas")},
                           headers=officer, content_type="multipart/form-data")  # fmt: skip
    assert attached.status_code == 200, attached.json
    download = client.get(f"/api/ppid/dip/{created['id']}/file")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_registration_number_sent_as_a_number_is_a_422_naming_the_field(client):
    for url in ("/api/ppid/track", "/api/ppid/track/messages", "/api/ppid/track/messages/1/file"):
        response = client.post(url, json={"registration_number": 12345, "tracking_code": "ABCDEFGHJK"})
        assert response.status_code == 422, (url, response.json)
        assert response.json["errors"][0]["field"] == "registration_number"
    assert client.post("/api/ppid/track/messages", json=[1, 2]).status_code == 422


def test_draft_notice_without_a_decision_is_a_422_naming_the_field(client, officer, valid_request):
    number = submit(client, valid_request)["registration_number"]
    assert client.post(f"/api/ppid/requests/{number}/examine", json={}, headers=officer).status_code == 200
    empty = client.post(f"/api/ppid/requests/{number}/draft_notice", json={}, headers=officer)
    assert empty.status_code == 422 and empty.json["errors"][0]["field"] == "decision"
    bare = client.post(f"/api/ppid/requests/{number}/draft_notice", headers=officer)
    assert bare.status_code == 422 and bare.json["errors"][0]["field"] == "decision"


@pytest.mark.parametrize("year", ["0", "10000", "-1", "tahun"])
def test_a_report_year_out_of_range_is_refused_naming_the_year(client, officer, year):
    api = client.get("/api/ppid/reports/yearly", query_string={"year": year, "format": "xlsx"}, headers=officer)
    assert api.status_code == 422 and api.json["errors"][0]["field"] == "year"
    page = client.get("/ppid/petugas/laporan", query_string={"year": year}, headers=officer)
    assert page.status_code == 422 and "Tahun" in page.text
    survey = client.get("/api/ppid/survey/yearly", query_string={"year": year}, headers=officer)
    assert survey.status_code == 422


@pytest.mark.parametrize("entry_id", [2**31, 2**63, 2**64 + 1])
def test_dip_ids_beyond_what_the_database_holds_are_refused_not_a_server_error(client, officer, entry_id):
    answers = [
        client.get(f"/api/ppid/dip/{entry_id}"),
        client.get(f"/api/ppid/dip/{entry_id}/file"),
        client.patch(f"/api/ppid/dip/{entry_id}", json={"published": True}, headers=officer),
        client.delete(f"/api/ppid/reports/obstacles/{entry_id}", headers=officer),
    ]
    assert all(400 <= a.status_code < 500 for a in answers), [a.status_code for a in answers]
    if entry_id < 2**63:  # what the route takes is looked up, and names nothing
        assert {a.status_code for a in answers} == {404}


ENGLISH = re.compile(r"\b(not a valid|must be|missing data|length must|unknown field|does not match|shorter than|"
                     r"longer than|greater than|less than|may not be|invalid)\b", re.IGNORECASE)  # fmt: skip


def test_every_message_of_every_ppid_schema_is_bahasa_indonesia():
    import inspect

    import marshmallow

    from chassis.problems import flatten_errors
    from ppid import schemas

    hostile = [[[]], "x" * 30000, -(2**70), 2**70, "", None, {"a": 1}, "zz", 3.5]
    messages = set()
    for _name, schema in inspect.getmembers(schemas, inspect.isclass):
        if not issubclass(schema, marshmallow.Schema) or not schema.__module__.startswith(f"{schemas.__name__}."):
            continue
        for value in hostile:
            try:
                schema().load({name: value for name in schema().fields} | {"tak_dikenal": 1})
            except marshmallow.ValidationError as exc:
                messages |= {error["message"] for error in flatten_errors(exc.messages)}
    assert len(messages) > 40
    assert [m for m in messages if ENGLISH.search(m)] == []


def test_the_public_form_answers_unknown_fields_and_wrong_types_in_bahasa_indonesia(client, valid_request):
    response = client.post("/api/ppid/requests", json={**valid_request, "name": 7, "nama_ibu": "x"})
    assert response.status_code == 422
    assert {e["field"]: e["message"] for e in response.json["errors"]} == {
        "name": "Harus berupa teks.",
        "nama_ibu": "Isian tidak dikenal.",
    }


def test_a_report_for_an_opd_code_with_control_characters_is_a_422_not_a_broken_spreadsheet(client, officer):
    query = {"year": 2026, "format": "xlsx", "opd": "'\x05\U000d3a27uY"}
    response = client.get("/api/ppid/reports/yearly", query_string=query, headers=officer)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "opd"
    inbox = client.get("/api/ppid/requests", query_string={"opd": "\x00dinkes"}, headers=officer)
    assert inbox.status_code == 422 and inbox.json["errors"][0]["field"] == "opd"

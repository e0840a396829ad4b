"""Working together on an item: soft locks, side-by-side revision diffs, restoring a revision, attached files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import update

from chassis.messaging import utcnow
from chassis.testing import outbox_events
from newsroom.models import Article

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def create(client, headers, release, **changes):
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response


@pytest.fixture
def other_editor(tokens):
    return tokens.headers("newsroom:editor", username="redaktur.dua")


def test_a_soft_lock_names_who_edits_and_blocks_others_until_taken_over(app, client, editor, other_editor, release):
    created = create(client, editor, release)
    url = f"/api/newsroom/articles/{created.json['id']}"
    taken = client.post(f"{url}/lock", headers=editor)
    assert taken.status_code == 200
    lock = taken.json["lock"]
    assert lock["by"] == "redaktur"
    until = dt.datetime.fromisoformat(lock["until"])
    assert dt.timedelta(minutes=9) < until - dt.datetime.fromisoformat(lock["since"]) <= dt.timedelta(minutes=10)
    assert client.get(url, headers=other_editor).json["lock"]["by"] == "redaktur", "staff see who is editing"

    etag = taken.headers["ETag"]
    assert etag == created.headers["ETag"], "a lock is not an edit: the version stays"
    blocked = client.patch(url, json={"title": "Judul dari redaktur kedua"}, headers={**other_editor, "If-Match": etag})
    assert blocked.status_code == 423 and blocked.mimetype == "application/problem+json"
    assert blocked.json["locked_by"] == "redaktur" and "sedang disunting oleh redaktur" in blocked.json["detail"]
    refused = client.post(f"{url}/lock", headers=other_editor)
    assert refused.status_code == 423 and refused.json["locked_by"] == "redaktur"
    assert client.delete(f"{url}/lock", headers=other_editor).status_code == 423, "only the holder releases"

    own = client.patch(url, json={"title": "Judul dari pemegang kunci"}, headers={**editor, "If-Match": etag})
    assert own.status_code == 200 and own.json["lock"]["by"] == "redaktur"

    taken_over = client.post(f"{url}/lock", json={"take_over": True}, headers=other_editor)
    assert taken_over.status_code == 200 and taken_over.json["lock"]["by"] == "redaktur.dua"
    assert taken_over.json["history"][-1]["note"] == "Mengambil alih penyuntingan dari redaktur"
    assert (
        client.patch(
            url, json={"summary": "Ringkasan baru"}, headers={**editor, "If-Match": own.headers["ETag"]}
        ).status_code
        == 423
    )
    assert client.delete(f"{url}/lock", headers=other_editor).json["lock"] is None
    assert client.get(url, headers=editor).json["lock"] is None

    assert client.post(f"{url}/lock", headers=editor).json["lock"]["by"] == "redaktur"
    with app.extensions["suite"].db.session() as session:
        session.execute(update(Article).values(locked_until=utcnow() - dt.timedelta(seconds=1)))
        session.commit()
    expired = client.patch(
        url, json={"summary": "Setelah kunci kedaluwarsa"}, headers={**other_editor, "If-Match": own.headers["ETag"]}
    )
    assert expired.status_code == 200, "an expired lock blocks no one"
    stale = client.patch(url, json={"summary": "Versi lama"}, headers={**editor, "If-Match": own.headers["ETag"]})
    assert stale.status_code == 412, "If-Match stays the real guard"


def test_the_public_never_sees_who_holds_the_lock(client, editor, release):
    article = create(client, editor, release).json
    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    locked = client.post(f"/api/newsroom/articles/{article['id']}/lock", headers=editor)
    assert locked.json["lock"]["by"] == "redaktur", "the lock is held: the public's answer leaves it out"
    assert client.get(f"/api/newsroom/articles/{article['id']}").json["lock"] is None


def test_two_revisions_side_by_side_and_an_editor_restores_one(app, client, editor, humas_dinkes, release):
    created = create(client, humas_dinkes, release, body_html="<p>Paragraf satu.</p><p>Paragraf dua.</p>")
    url = f"/api/newsroom/articles/{created.json['id']}"
    body = "<p>Paragraf satu.</p><p>Paragraf <b>dua</b> diubah.</p><p>Tiga.</p>"
    second = client.patch(
        url,
        json={"title": "Layanan vaksinasi keliling diperluas", "body_html": body},
        headers={**humas_dinkes, "If-Match": created.headers["ETag"]},
    )
    assert second.status_code == 200
    compared = client.get(f"{url}/revisions/diff", query_string={"from": 1, "to": 2}, headers=editor)
    assert compared.status_code == 200, compared.json
    assert compared.json["from"]["number"] == 1 and compared.json["to"]["by"] == "humas.dinkes"
    fields = {f["field"]: f for f in compared.json["fields"]}
    assert fields["title"]["changed"] and fields["body_html"]["changed"] and not fields["tags"]["changed"]
    assert fields["summary"]["changed"], "the summary written from the body follows it"
    assert [(r["kind"], r["left"], r["right"]) for r in fields["body_html"]["rows"]] == [
        ("equal", "Paragraf satu.", "Paragraf satu."),
        ("replace", "Paragraf dua.", "Paragraf dua diubah."),
        ("insert", None, "Tiga."),
    ], "tags are stripped; lines are paragraphs"
    assert fields["title"]["rows"] == [
        {
            "kind": "replace",
            "left_line": 1,
            "left": release["title"],
            "right_line": 1,
            "right": "Layanan vaksinasi keliling diperluas",
        }
    ]
    missing = client.get(f"{url}/revisions/diff", query_string={"from": 1, "to": 9}, headers=editor)
    assert missing.status_code == 404 and missing.json["errors"][0]["field"] == "to"
    assert client.get(f"{url}/revisions/diff", query_string={"from": 1}, headers=editor).status_code == 422

    restore = f"{url}/revisions/1/restore"
    assert client.post(restore, headers={**humas_dinkes, "If-Match": second.headers["ETag"]}).status_code == 403
    assert client.post(restore, headers=editor).status_code == 428
    assert client.post(restore, headers={**editor, "If-Match": created.headers["ETag"]}).status_code == 412
    restored = client.post(restore, headers={**editor, "If-Match": second.headers["ETag"]})
    assert restored.status_code == 200, restored.json
    assert restored.json["title"] == release["title"] and restored.json["version"] == 3
    assert restored.json["history"][-1] | {"at": None} == restored.json["history"][-1] | {
        "actor": "redaktur",
        "action": "restore",
        "note": "Memulihkan revisi 1",
        "at": None,
    }
    revisions = client.get(f"{url}/revisions", headers=editor).json["items"]
    assert [(r["number"], r["by"]) for r in revisions] == [(1, "humas.dinkes"), (2, "humas.dinkes"), (3, "redaktur")]
    assert revisions[2]["body_html"] == revisions[0]["body_html"]
    unchanged = client.get(f"{url}/revisions/diff", query_string={"from": 1, "to": 3}, headers=editor).json
    assert not any(f["changed"] for f in unchanged["fields"])
    assert client.get(f"{url}/revisions/diff", query_string={"from": 1, "to": 2}).status_code == 401


def attach(client, headers, article_id, data=PDF, name="siaran-lengkap.pdf", **form):
    return client.post(
        f"/api/newsroom/articles/{article_id}/attachments",
        headers=headers,
        data={"file": (io.BytesIO(data), name), **form},
        content_type="multipart/form-data",
    )


def test_attached_files_are_checked_and_linked_on_the_page_in_the_event_and_for_download(app, client, editor, release):
    article = create(client, editor, release).json
    assert attach(client, editor, article["id"]).json["errors"][0]["field"] == "label"
    assert attach(client, editor, article["id"], data=b"PK\x03\x04 a zip", name="x.pdf", label="Zip").status_code == 415
    assert attach(client, editor, article["id"], data=b"MZ\x90\x00", name="a.pdf", label="Program").status_code == 415
    added = attach(client, editor, article["id"], label="Siaran pers lengkap (PDF)", name="Siaran Lengkap!.pdf")
    assert added.status_code == 201, added.json
    (attachment,) = added.json["attachments"]
    assert attachment["file_type"] == "application/pdf" and attachment["file_size"] == len(PDF)
    assert attachment["url"].endswith(f"/newsroom/lampiran/{attachment['id']}/Siaran-Lengkap.pdf")
    download = attachment["url"].replace("https://diskominfo.example.go.id", "")
    assert client.get(download).status_code == 404, "not public before the item is"
    assert client.get(download, headers=editor).status_code == 200, "staff may check it"

    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    (event,) = outbox_events(app, "newsroom.article.published.v1")
    assert event["data"]["attachments"] == [
        {
            "label": "Siaran pers lengkap (PDF)",
            "url": attachment["url"],
            "file_name": "Siaran-Lengkap.pdf",
            "file_type": "application/pdf",
            "file_size": len(PDF),
        }
    ]
    page = client.get(f"/newsroom/berita/{article['slug']}").text
    assert f'href="{download}"' in page and "Siaran pers lengkap (PDF)" in page
    got = client.get(download)
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert (
        got.headers["Content-Disposition"].startswith("attachment;")
        and "Siaran-Lengkap.pdf" in got.headers["Content-Disposition"]
    )
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(download.replace("Siaran-Lengkap.pdf", "lain.pdf")).status_code == 404

    removed = client.delete(f"/api/newsroom/articles/{article['id']}/attachments/{attachment['id']}", headers=editor)
    assert removed.status_code == 200 and removed.json["attachments"] == []
    assert client.get(download).status_code == 404


def test_an_office_document_is_attached_and_downloaded_as_itself(app, client, editor, release, docx):
    article = create(client, editor, release).json
    added = attach(client, editor, article["id"], data=docx, name="Siaran Pers Bupati.docx", label="Siaran pers (DOCX)")
    assert added.status_code == 201, added.json
    (attachment,) = added.json["attachments"]
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert attachment["file_type"] == word and attachment["file_name"] == "Siaran-Pers-Bupati.docx"
    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    assert "Siaran pers (DOCX)</a> (DOCX, " in client.get(f"/newsroom/berita/{article['slug']}").text
    got = client.get(attachment["url"].replace("https://diskominfo.example.go.id", ""))
    assert got.status_code == 200 and got.data == docx and got.mimetype == word
    assert got.headers["Content-Disposition"] == 'attachment; filename="Siaran-Pers-Bupati.docx"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"


def test_macro_documents_plain_zips_and_renamed_programs_are_refused_naming_the_file(client, editor, release, docx):
    article = create(client, editor, release).json
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    macro = io.BytesIO()
    with zipfile.ZipFile(macro, "w") as archive:
        for name, content in parts.items():
            archive.writestr(
                name, content.replace(b"wordprocessingml.document.main", b"ms-word.document.macroEnabled.main")
            )
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("siaran.txt", "Siaran pers")
    for data, name, says in (
        (macro.getvalue(), "siaran.docm", "makro"),
        (plain.getvalue(), "siaran.docx", "Hanya PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS."),
        (b"MZ\x90\x00\x03\x00\x00\x00", "siaran.docx", "Hanya PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS."),
    ):
        refused = attach(client, editor, article["id"], data=data, name=name, label="Siaran")
        assert refused.status_code == 415 and says in refused.json["detail"], name
        assert refused.json["errors"][0]["field"] == "file"
    assert client.get(f"/api/newsroom/articles/{article['id']}", headers=editor).json["attachments"] == []


def test_attachments_larger_than_the_setting_are_refused(app_with, tokens, release):
    client = app_with(attachment_max_bytes=1000).test_client()
    editor = tokens.headers("newsroom:editor", username="redaktur")
    article = create(client, editor, release).json
    big = attach(client, editor, article["id"], data=PDF + b"0" * 1000, label="Terlalu besar")
    assert big.status_code == 413 and big.json["errors"][0]["field"] == "file"


def test_contributors_lock_only_their_own_drafts(client, editor, humas_dinkes, tokens, release):
    article = create(client, humas_dinkes, release).json
    url = f"/api/newsroom/articles/{article['id']}"
    other_opd = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    assert client.post(f"{url}/lock", headers=other_opd).status_code == 404
    assert client.post(f"{url}/lock", headers=humas_dinkes).json["lock"]["by"] == "humas.dinkes"
    submitted = client.post(f"{url}/submit", headers=humas_dinkes).json
    assert submitted["lock"] is None, "a workflow move ends the mover's editing"
    refused = client.post(f"{url}/lock", headers=humas_dinkes)
    assert refused.status_code == 409 and refused.json["current_state"] == "submitted"
    assert client.post(f"{url}/lock", headers=editor).status_code == 200
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    assert client.post(f"{url}/withdraw", json={"reason": "Salah data"}, headers=editor).status_code == 200
    assert client.post(f"{url}/lock", headers=editor).json["current_state"] == "withdrawn"


def test_the_figures_page_shows_the_year_and_offers_xlsx(client, editor, humas_dinkes, release):
    import openpyxl

    for n in range(2):
        article = create(client, humas_dinkes, release, title=f"Siaran dinkes ke-{n + 1}").json
        client.post(f"/api/newsroom/articles/{article['id']}/submit", headers=humas_dinkes)
        client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
    refused = client.get("/newsroom/redaksi/angka", headers=humas_dinkes)
    assert refused.status_code == 403, "editors only"
    page = client.get("/newsroom/redaksi/angka", headers=editor)
    assert page.status_code == 200
    assert '<th scope="row">dinkes</th>' in page.text and 'id="median">0.0<' in page.text
    assert 'id="p90">0.0<' in page.text and 'id="count">2<' in page.text
    year = page.text.split("Angka redaksi ")[1][:4]
    book = client.get("/newsroom/redaksi/angka", query_string={"tahun": year, "format": "xlsx"}, headers=editor)
    sheet = openpyxl.load_workbook(io.BytesIO(book.data))["Siaran per OPD"]
    assert [c.value for c in sheet[2]][0] == "dinkes" and [c.value for c in sheet[2]][-1] == 2


def test_the_console_form_reads_agenda_times_in_the_office_time(client, editor):
    form = {
        "type": "agenda",
        "opd": "dinkes",
        "title": "Rapat dengar pendapat posyandu",
        "tags": "",
        "body_html": "<p>Terbuka untuk warga.</p>",
        "agenda_starts_at": "2026-12-01T08:00",
        "agenda_ends_at": "",
        "agenda_place": "Balai Kelurahan Gogagoman",
    }
    created = client.post("/newsroom/redaksi/naskah/baru", data=form, headers=editor)
    assert created.status_code == 303, created.text
    article_id = int(created.headers["Location"].split("?")[0].rsplit("/", 1)[1])
    stored = client.get(f"/api/newsroom/articles/{article_id}", headers=editor).json["agenda"]
    assert stored == {"starts_at": "2026-12-01T01:00:00+00:00", "ends_at": None, "place": "Balai Kelurahan Gogagoman"}
    page = client.get(f"/newsroom/redaksi/naskah/{article_id}", headers=editor).text
    assert 'value="2026-12-01T08:00"' in page
    no_place = client.post("/newsroom/redaksi/naskah/baru", data={**form, "agenda_place": ""}, headers=editor)
    assert no_place.status_code == 422 and "agenda.place" in no_place.text


def test_the_desk_shows_who_is_editing_each_item(client, editor, other_editor, release):
    article = create(client, editor, release).json
    assert client.post(f"/api/newsroom/articles/{article['id']}/lock", headers=editor).status_code == 200
    desk = client.get("/newsroom/redaksi", headers=other_editor).text
    assert "Sedang disunting oleh redaktur" in desk

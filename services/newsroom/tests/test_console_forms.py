"""How the newsroom console shows a refused form: the status of the refusal and one line saying why."""

from __future__ import annotations

import datetime as dt
import html
import re


def alert(page) -> str:
    return html.unescape(page.text.split('class="error" role="alert">', 1)[1].split("</p>", 1)[0])


def test_a_contributor_writing_for_another_opd_is_refused_with_the_use_case_status(client, humas_dinkes, release):
    refused = client.post("/newsroom/redaksi/naskah/baru", data={**release, "opd": "bpbd"}, headers=humas_dinkes)
    assert refused.status_code == 403
    assert alert(refused) == "Humas OPD hanya menulis untuk OPD-nya sendiri."


def test_a_schema_refusal_names_each_field_and_a_field_problem_says_it_once(client, editor, release):
    missing = client.post("/newsroom/redaksi/naskah/baru", data={**release, "title": "   "}, headers=editor)
    assert missing.status_code == 422 and alert(missing).startswith("title: ")
    empty = client.post("/newsroom/redaksi/naskah/baru", data={**release, "body_html": "<p> </p>"}, headers=editor)
    assert empty.status_code == 422
    assert alert(empty) == "body_html: Isi kosong setelah dibersihkan."


def test_an_upload_without_a_file_is_422_with_the_problem_text(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    refused = client.post(f"/newsroom/redaksi/naskah/{created['id']}/gambar", data={"alt": "Posko"}, headers=editor)
    assert refused.status_code == 422 and alert(refused) == "Pilih berkas gambar."


def offered(page) -> list[str]:
    """The workflow actions a console page offers: the path each of its action forms posts to."""
    moves = "submit|return|approve|publish|schedule|correct|withdraw"
    return re.findall(rf'action="/newsroom/redaksi/naskah/\d+/({moves})"', page.text)


def test_the_item_page_offers_exactly_the_moves_the_api_would_allow_this_caller(client, editor, humas_dinkes, release):
    from newsroom.domain.workflow import TRANSITIONS

    created = client.post("/api/newsroom/articles", json=release, headers=humas_dinkes)
    assert created.json["allowed_actions"] == ["submit"], "the API's list is the caller's, not all staff's"
    page = f"/newsroom/redaksi/naskah/{created.json['id']}"
    assert offered(client.get(page, headers=humas_dinkes)) == ["submit"]
    assert offered(client.get(page, headers=editor)) == ["submit", "publish", "schedule"]
    assert TRANSITIONS["submit"].label in client.get(page, headers=humas_dinkes).text
    assert client.post(f"{page}/submit", headers=humas_dinkes).status_code == 303
    assert offered(client.get(page, headers=humas_dinkes)) == [], "a submitted item is the editors' now"
    refused = client.post(f"{page}/approve", headers=humas_dinkes)
    assert refused.status_code == 403 and alert(refused) == "Memerlukan salah satu peran: newsroom:editor."
    assert offered(client.get(page, headers=editor)) == ["return", "approve", "publish", "schedule"]


def test_the_desk_shows_when_an_item_changed_in_office_time_with_its_zone(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    changed = dt.datetime.fromisoformat(created["updated_at"].replace("Z", "+00:00"))
    office = changed.astimezone(dt.timezone(dt.timedelta(hours=7)))
    page = client.get("/newsroom/redaksi", headers=editor)
    assert page.status_code == 200
    assert f"{office:%d-%m-%Y %H.%M} WIB" in page.text


def test_a_refusal_names_the_state_in_words(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    url = f"/api/newsroom/articles/{created['id']}"
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    assert client.post(f"{url}/withdraw", json={"reason": "Data belum diverifikasi"}, headers=editor).status_code == 200
    refused = client.post(f"{url}/lock", headers=editor)
    assert refused.status_code == 409
    assert "berstatus ditarik;" in refused.json["detail"]


def test_a_returned_item_says_dikembalikan_with_the_editors_reason_until_it_is_submitted_again(
    client, editor, humas_dinkes, release
):
    created = client.post("/api/newsroom/articles", json=release, headers=humas_dinkes).json
    url = f"/api/newsroom/articles/{created['id']}"
    assert client.post(f"{url}/submit", json={}, headers=humas_dinkes).status_code == 200
    assert client.post(f"{url}/return", json={"note": "Lengkapi sumber data."}, headers=editor).status_code == 200
    page = client.get(f"/newsroom/redaksi/naskah/{created['id']}", headers=humas_dinkes)
    assert re.search(r'id="status">Dikembalikan<', page.text)
    assert "Alasan redaktur: Lengkapi sumber data." in page.text
    assert re.search(r"oleh redaktur pada \d{2}-\d{2}-\d{4} \d{2}\.\d{2} WIB", page.text)

    assert client.post(f"{url}/submit", json={}, headers=humas_dinkes).status_code == 200
    again = client.get(f"/newsroom/redaksi/naskah/{created['id']}", headers=humas_dinkes)
    assert "Dikembalikan" not in again.text
    assert 'id="status">Diajukan ke redaktur<' in again.text


def test_scheduling_from_the_item_page_reads_the_browsers_local_time_as_the_offices(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    page = client.get(f"/newsroom/redaksi/naskah/{created['id']}", headers=editor)
    assert 'type="datetime-local" id="at" name="at"' in page.text
    assert "Waktu terbit (WIB)" in page.text
    later = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))) + dt.timedelta(days=3)
    typed = f"{later:%Y-%m-%dT%H:%M}"
    done = client.post(f"/newsroom/redaksi/naskah/{created['id']}/schedule", data={"at": typed}, headers=editor)
    assert done.status_code == 303
    item = client.get(f"/api/newsroom/articles/{created['id']}", headers=editor).json
    assert item["status"] == "scheduled"
    stored = dt.datetime.fromisoformat(item["publish_at"].replace("Z", "+00:00"))
    assert stored == dt.datetime.fromisoformat(f"{typed}:00+07:00")
    again = client.get(f"/newsroom/redaksi/naskah/{created['id']}", headers=editor)
    assert f'value="{typed}"' in again.text


def test_every_form_that_creates_answers_with_a_redirect_to_a_page_that_says_what_happened(client, editor, release):
    created = client.post("/newsroom/redaksi/naskah/baru", data=release, headers=editor)
    assert created.status_code == 303
    target = created.headers["Location"]
    assert re.search(r"/newsroom/redaksi/naskah/\d+\?pesan=", target)
    after = client.get(target, headers=editor)
    assert after.status_code == 200
    assert "Draf tersimpan." in after.text
    assert 'id="status">Draf<' in after.text

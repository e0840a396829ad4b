"""How the PPID's pages show a refused form: the status to answer with and the message the page carries."""

from __future__ import annotations

import html


def submit(client, valid_request) -> tuple[str, str]:
    created = client.post("/api/ppid/requests", json=valid_request)
    assert created.status_code == 201, created.json
    return created.json["registration_number"], created.json["tracking_code"]


def alert(page) -> str:
    return html.unescape(page.text.split('role="alert">', 1)[1].split("</p>", 1)[0])


def test_a_staff_form_refused_by_its_schema_is_422_naming_the_field(client, officer, valid_request):
    number, _ = submit(client, valid_request)
    refused = client.post(f"/ppid/petugas/permohonan/{number}/examine", data={"fee": "-5"}, headers=officer)
    assert refused.status_code == 422
    assert alert(refused) == "fee: Biaya tidak boleh negatif."
    assert refused.headers["Cache-Control"] == "private, no-store"


def test_a_staff_action_refused_by_the_use_case_keeps_its_status_and_says_why(client, officer, valid_request):
    number, _ = submit(client, valid_request)
    refused = client.post(f"/ppid/petugas/permohonan/{number}/deliver", data={"method": "email"}, headers=officer)
    assert refused.status_code == 409
    assert alert(refused).startswith("Permohonan berstatus received") and "deliver" in alert(refused)


def test_a_dip_entry_refused_by_its_schema_names_each_field_in_one_line(client, officer):
    refused = client.post("/ppid/petugas/dip", data={"title": "  ", "exemption_grounds": ["", "zz"]}, headers=officer)
    assert refused.status_code == 422
    named = [part.split(":")[0] for part in alert(refused).split("; ")]
    assert "title" in named, "a blank title is a missing one"
    assert "exemption_grounds.0" in named and "exemption_grounds.1" not in named, "a blank ground is dropped"


def test_the_requester_sees_the_status_page_again_with_the_problem_and_its_status(client, valid_request):
    number, code = submit(client, valid_request)
    posted = {"registration_number": number, "tracking_code": code, "information": "Tahun 2026 saja."}
    refused = client.post("/ppid/lacak/lengkapi", data=posted)
    assert refused.status_code == 409, "nothing was asked to be completed"
    assert alert(refused).startswith("Permohonan berstatus received")
    assert 'id="status"' in refused.text

    wrong = client.post("/ppid/lacak/pesan", data={**posted, "tracking_code": "SALAH12345", "body": "Halo"})
    assert wrong.status_code == 404 and alert(wrong) == "Nomor pendaftaran atau kode pelacakan tidak cocok."
    sent = client.post("/ppid/lacak/pesan", data={**posted, "body": "Tahun anggaran 2026."})
    assert sent.status_code == 303 and sent.location.endswith("/ppid/lacak/status"), "Post/Redirect/Get"
    assert code not in sent.location
    shown = client.get("/ppid/lacak/status")
    assert shown.status_code == 200 and "Pesan terkirim." in shown.text and "Tahun anggaran 2026." in shown.text
    again = client.get("/ppid/lacak/status")
    assert "Pesan terkirim." not in again.text and again.text.count("Tahun anggaran 2026.") == 1, "sent once"


def test_filing_on_the_page_answers_303_to_a_receipt_that_reloads_without_filing_again(client, valid_request):
    from ppid.domain.requests import TRACKING_ALPHABET

    form = {**valid_request, "website": ""}
    filed = client.post("/ppid/permohonan", data=form)
    assert filed.status_code == 303 and filed.location.endswith("/ppid/permohonan/tanda-terima")
    cookie = filed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Path=/ppid/permohonan" in cookie
    first, second = client.get("/ppid/permohonan/tanda-terima"), client.get("/ppid/permohonan/tanda-terima")
    assert first.status_code == second.status_code == 200 and first.headers["Cache-Control"].startswith("no-store")
    number = first.text.split('id="registration-number">', 1)[1].split("<", 1)[0]
    code = first.text.split('id="tracking-code">', 1)[1].split("<", 1)[0]
    assert len(code) == 10 and set(code) <= set(TRACKING_ALPHABET) and code in second.text
    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code})
    assert tracked.status_code == 200

    client.set_cookie("ppid_tanda_terima", "palsu", path="/ppid/permohonan")
    forged = client.get("/ppid/permohonan/tanda-terima")
    assert forged.status_code == 404 and "tidak tersedia lagi" in forged.text


def test_an_objection_filed_on_the_page_answers_303_to_its_receipt(client, officer, valid_request):
    number, code = submit(client, valid_request)
    for action, body in (("examine", {}), ("draft_notice", {"decision": "not_held"}), ("sign_notice", {})):
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200
    form = {"registration_number": number, "tracking_code": code, "grounds": ["e"], "reason": "Dokumennya ada."}
    filed = client.post("/ppid/keberatan", data=form)
    assert filed.status_code == 303 and filed.location.endswith("/ppid/keberatan/diterima")
    for _ in range(2):
        shown = client.get("/ppid/keberatan/diterima")
        assert shown.status_code == 200 and number in shown.text and 'id="objection-number"' in shown.text
    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code}).json
    assert len(tracked["objections"]) == 1


def test_the_objection_form_opened_from_tracking_needs_the_right_number_and_code(client, valid_request):
    number, code = submit(client, valid_request)
    wrong = client.post(
        "/ppid/keberatan/dari-lacak", data={"registration_number": number, "tracking_code": "SALAH12345"}
    )
    assert wrong.status_code == 404 and code not in wrong.text
    opened = client.post("/ppid/keberatan/dari-lacak", data={"registration_number": number, "tracking_code": code})
    assert opened.status_code == 200 and opened.headers["Cache-Control"].startswith("no-store")
    assert f'value="{number}" readonly' in opened.text and f'value="{code}" readonly' in opened.text

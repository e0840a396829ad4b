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
    assert sent.status_code == 201 and "Pesan terkirim." in sent.text

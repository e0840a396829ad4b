"""The officer's pages say what a request is in words: its channel, how the requester wants the information, each
history entry and its states, never the codes the API carries (``web``, ``soft_copy``, ``submit``,
``received -> disposed``)."""

from __future__ import annotations

import html
import re


def test_the_request_page_and_the_inbox_say_codes_in_words(client, officer, valid_request):
    number = client.post("/api/ppid/requests", json=valid_request).json["registration_number"]
    routed = client.post(f"/api/ppid/requests/{number}/dispose", json={"opds": ["dinkes"], "note": "Cek DPA"},
                         headers=officer)  # fmt: skip
    assert routed.status_code == 200, routed.json
    client.post(f"/api/ppid/requests/{number}/note", json={"note": "Telepon pemohon besok."}, headers=officer)

    page = html.unescape(client.get(f"/ppid/petugas/permohonan/{number}", headers=officer).text)
    for words in ("Situs web", "Salinan elektronik (softcopy)", "Permohonan diajukan", "Diterima"):
        assert words in page, words
    assert "<h2>Jejak audit</h2>" in page
    shown = page.split("<main", 1)[1]
    history = shown.split("<h2>Jejak audit</h2>", 1)[1]
    for code in (">web<", ">soft_copy<", ">email<", ">submit<", ">dispose<", "received", "disposed", "(internal)"):
        assert code not in shown, code
    assert re.search(r"<td>Diterima → [^<]+</td>", history), "the move between two states, by their names"
    assert "Permohonan diajukan" in history and "catatan internal" in history

    inbox = client.get("/ppid/petugas", headers=officer).text
    assert "<small>Situs web</small>" in inbox and "<small>web</small>" not in inbox

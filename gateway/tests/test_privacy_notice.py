"""The privacy notice at /privasi: public, cacheable, and naming the controller, the data, the rights and the DPO."""

from __future__ import annotations

import requests


def test_the_privacy_notice_names_the_controller_the_data_the_rights_and_the_breach_promise(start_gateway):
    base = start_gateway()
    notice = requests.get(f"{base}/privasi")
    assert notice.status_code == 200 and "public" in notice.headers["Cache-Control"]
    for words in (
        "Pengendali data pribadi",
        "NIK",
        "UU 14/2008",
        "5 tahun",
        "3 x 24 jam",
        "Pasal 17 huruf h",
        'href="/ppid/privasi/permintaan"',
    ):
        assert words in notice.text, words
    assert 'href="/privasi"' in requests.get(f"{base}/").text, "the front door's footer links it"

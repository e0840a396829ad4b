"""The public pages: the office's header with the suite's navigation and stylesheet, and a way back from an item."""

from __future__ import annotations

import datetime as dt
import re

from chassis import formats


def test_the_list_and_an_item_carry_the_office_header_navigation_and_a_way_back(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    assert client.post(f"/api/newsroom/articles/{created['id']}/publish", headers=editor).status_code == 200
    listing = client.get("/newsroom/")
    item = client.get(f"/newsroom/berita/{created['slug']}")
    for page in (listing, item):
        assert page.status_code == 200
        assert 'class="suite-header"' in page.text
        assert '<a href="/">Beranda</a>' in page.text
        assert '<a href="/ppid/">Layanan informasi (PPID)</a>' in page.text and 'href="/registry/"' in page.text
        assert 'href="/newsroom/_suite/suite.css"' in page.text
        assert page.text.count("<header") == 1, "one header: the suite's, the newsroom's navigation under it"
    assert '<a href="/newsroom/" aria-current="page"><strong>Berita</strong></a>' in listing.text
    assert f'<a href="/newsroom/jenis/{created["type"]}" aria-current="page">' in item.text, "its kind's list marked"
    assert 'href="/newsroom/">&larr; Kembali ke semua berita</a>' in item.text
    assert client.get("/newsroom/_suite/suite.css").status_code == 200


def test_the_list_and_the_item_show_the_publication_time_in_office_time_never_utc(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    published = client.post(f"/api/newsroom/articles/{created['id']}/publish", headers=editor).json
    moment = dt.datetime.fromisoformat(published["published_at"].replace("Z", "+00:00"))
    expected = formats.datetime_id(moment, "Asia/Jakarta")
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB", expected)
    for page in (client.get("/newsroom/"), client.get(f"/newsroom/berita/{created['slug']}")):
        assert expected in page.text
        assert " UTC<" not in page.text


def test_staff_preview_a_draft_as_the_public_will_see_it_and_no_one_else_can(
    client, editor, humas_dinkes, tokens, release
):
    created = client.post("/api/newsroom/articles", json=release, headers=humas_dinkes).json
    form = client.get(f"/newsroom/redaksi/naskah/{created['id']}", headers=humas_dinkes)
    assert f'href="/newsroom/redaksi/naskah/{created["id"]}/pratinjau"' in form.text
    preview = client.get(f"/newsroom/redaksi/naskah/{created['id']}/pratinjau", headers=humas_dinkes)
    assert preview.status_code == 200
    assert 'id="preview"' in preview.text and f"<h1>{release['title']}</h1>" in preview.text
    assert "private" in preview.headers["Cache-Control"]
    assert client.get(f"/newsroom/berita/{created['slug']}").status_code == 404
    other = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    assert client.get(f"/newsroom/redaksi/naskah/{created['id']}/pratinjau", headers=other).status_code == 404

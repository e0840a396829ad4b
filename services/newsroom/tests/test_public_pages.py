"""The public pages: the office's header with the suite's navigation and stylesheet, and a way back from an item."""

from __future__ import annotations


def test_the_list_and_an_item_carry_the_office_header_navigation_and_a_way_back(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    assert client.post(f"/api/newsroom/articles/{created['id']}/publish", headers=editor).status_code == 200
    listing = client.get("/newsroom/")
    item = client.get(f"/newsroom/berita/{created['slug']}")
    for page in (listing, item):
        assert page.status_code == 200
        assert 'class="suite-header"' in page.text
        assert '<a href="/">Beranda</a>' in page.text
        assert 'href="/newsroom/" aria-current="page">Berita</a>' in page.text
        assert '<a href="/ppid/">Layanan informasi</a>' in page.text
        assert 'href="/newsroom/_suite/suite.css"' in page.text
    assert 'href="/newsroom/">&larr; Kembali ke semua berita</a>' in item.text
    assert client.get("/newsroom/_suite/suite.css").status_code == 200

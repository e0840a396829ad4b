"""The newsroom API on SQLite and PostgreSQL: drafts, the workflow table, the public list, the outbox."""

from __future__ import annotations

from chassis.testing import assert_migrations_match_models, outbox_events
from newsroom import MIGRATIONS
from newsroom.models import Base


def create(client, headers, release, **changes):
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_migrations_match_models(newsroom_database):
    assert_migrations_match_models(MIGRATIONS, newsroom_database, Base.metadata)


def test_an_editor_writes_a_draft_with_sanitised_html(client, editor, release):
    dirty = '<p onclick="steal()">Isi <a href="javascript:alert(1)">tautan</a></p><script>alert(1)</script>'
    response = client.post("/api/newsroom/articles", json={**release, "body_html": dirty}, headers=editor)
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "draft"
    assert body["id"] > 0
    assert response.headers["Location"].endswith(f"/api/newsroom/articles/{body['id']}")
    assert "<script" not in body["body_html"] and "onclick" not in body["body_html"]
    assert "javascript:" not in body["body_html"]
    assert body["body_html"].startswith("<p>Isi")
    assert body["summary"] == "Isi tautan"
    assert body["slug"] == "dinas-kesehatan-membuka-layanan-vaksinasi-keliling"
    assert body["allowed_actions"] == ["submit", "publish", "schedule"]
    assert [h["action"] for h in body["history"]] == ["create"]


def test_same_title_gets_a_distinct_slug(client, editor, release):
    assert create(client, editor, release)["slug"] != create(client, editor, release)["slug"]


def test_contributors_write_only_for_their_own_opd(client, humas_dinkes, release):
    assert create(client, humas_dinkes, release)["opd"] == "dinkes"
    other = client.post("/api/newsroom/articles", json={**release, "opd": "dishub"}, headers=humas_dinkes)
    assert other.status_code == 403
    assert other.json["errors"][0]["field"] == "opd"


def test_tokens_roles_and_fields_are_checked(client, tokens, release):
    assert client.post("/api/newsroom/articles", json=release).status_code == 401
    wrong_role = client.post("/api/newsroom/articles", json=release, headers=tokens.headers("registry:verifier"))
    assert wrong_role.status_code == 403
    assert wrong_role.mimetype == "application/problem+json"
    bad = client.post(
        "/api/newsroom/articles",
        json={"type": "gosip", "title": "", "opd": "DINKES!"},
        headers=tokens.headers("newsroom:editor"),
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"type", "title", "body_html", "opd"}
    empty = client.post(
        "/api/newsroom/articles",
        json={**release, "body_html": "<script>x</script>"},
        headers=tokens.headers("newsroom:editor"),
    )
    assert empty.status_code == 422 and empty.json["errors"][0]["field"] == "body_html"


def test_publishing_a_draft_emits_what_partner_media_need(app, client, editor, release):
    article = create(client, editor, release)
    response = client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "published"
    assert response.json["published_at"].endswith("+00:00"), "timestamps carry their offset on every database"
    (event,) = outbox_events(app)
    assert event["type"] == "newsroom.article.published.v1"
    assert event["source"] == "/71.74/newsroom"
    assert event["subject"] == str(article["id"])
    data = event["data"]
    assert data["id"] == article["id"] and data["title"] == release["title"] and data["opd"] == "dinkes"
    assert data["url"] == f"https://diskominfo.example.go.id/newsroom/berita/{article['slug']}"
    assert data["summary"] and data["published_at"] and data["images"] == []

    again = client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
    assert again.status_code == 409
    assert again.mimetype == "application/problem+json"
    assert again.json["current_state"] == "published"
    assert len(outbox_events(app)) == 1, "a refused move must not emit anything"


def test_contributors_submit_and_editors_return_approve_and_publish(app, client, editor, humas_dinkes, release):
    article = create(client, humas_dinkes, release)
    url = f"/api/newsroom/articles/{article['id']}"
    assert client.post(f"{url}/publish", headers=humas_dinkes).status_code == 403
    assert client.post(f"{url}/submit", headers=humas_dinkes).json["status"] == "submitted"
    no_note = client.post(f"{url}/return", json={}, headers=editor)
    assert no_note.status_code == 422 and no_note.json["errors"][0]["field"] == "note"
    returned = client.post(f"{url}/return", json={"note": "Lengkapi kutipan kepala dinas"}, headers=editor)
    assert returned.json["status"] == "draft"
    assert client.post(f"{url}/approve", headers=editor).json["current_state"] == "draft"
    assert client.post(f"{url}/submit", headers=humas_dinkes).status_code == 200
    assert client.post(f"{url}/approve", headers=editor).json["status"] == "approved"
    final = client.post(f"{url}/publish", headers=editor).json
    assert [(h["action"], h["to_status"]) for h in final["history"]] == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("return", "draft"),
        ("submit", "submitted"),
        ("approve", "approved"),
        ("publish", "published"),
    ]
    assert [e["type"].split(".")[2] for e in outbox_events(app)] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
        "published",
    ]


def test_the_public_sees_only_published_items_page_by_page(client, editor, release):
    draft = create(client, editor, release, title="Draf yang belum terbit")
    published = []
    for n in range(5):
        article = create(
            client, editor, release, title=f"Siaran pers nomor {n}", type="release" if n % 2 else "announcement"
        )
        client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
        published.append(article["id"])
    seen, after = [], None
    while True:
        query = {"limit": 2, **({"after": after} if after else {})}
        page = client.get("/api/newsroom/articles", query_string=query).json
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == list(reversed(published))
    assert "body_html" not in client.get("/api/newsroom/articles").json["items"][0]
    only = client.get("/api/newsroom/articles", query_string={"type": "release"}).json["items"]
    assert {i["type"] for i in only} == {"release"} and len(only) == 2
    assert client.get(f"/api/newsroom/articles/{draft['id']}").status_code == 404
    assert client.get(f"/api/newsroom/articles/{draft['id']}", headers=editor).status_code == 200
    assert client.get(f"/api/newsroom/articles/{published[0]}").json["status"] == "published"
    bad = client.get("/api/newsroom/articles", query_string={"after": "bukan-kursor"})
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "after"


def test_openapi_and_docs_are_served(client):
    spec = client.get("/api/newsroom/openapi.json").json
    assert "/api/newsroom/articles/{article_id}/publish" in spec["paths"]
    assert client.get("/api/newsroom/docs").status_code == 200


def test_the_public_searches_published_items_by_words(client, editor, release):
    items = [
        ("Dinas Kesehatan membuka vaksinasi keliling", "<p>Layanan di dua belas kelurahan.</p>"),
        ("Pasar rakyat Gogagoman diresmikan", "<p>Pedagang menempati los baru.</p>"),
        ("Jadwal vaksinasi anak sekolah", "<p>Vaksinasi di SD dan SMP.</p>"),
    ]
    ids = []
    for title, body in items:
        article = create(client, editor, release, title=title, body_html=body)
        client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
        ids.append(article["id"])
    draft = create(client, editor, release, title="Vaksinasi draf rahasia", body_html="<p>belum</p>")

    def search(q):
        return [i["id"] for i in client.get("/api/newsroom/articles", query_string={"q": q}).json["items"]]

    assert search("vaksinasi") == [ids[2], ids[0]], "newest first; drafts never"
    assert search("VAKSIN") == [ids[2], ids[0]], "case and word prefixes"
    assert search("pedagang los") == [ids[1]], "every word, in the body too"
    assert search("kelurahan pasar") == []
    assert search('" OR 1=1 --') == [], "user input is never query syntax"
    assert (
        client.post(
            f"/api/newsroom/articles/{ids[0]}/withdraw", json={"reason": "Salah data"}, headers=editor
        ).status_code
        == 200
    )
    assert search("vaksinasi") == [ids[2]], "withdrawn items vanish from search"
    assert draft["id"] not in search("rahasia")

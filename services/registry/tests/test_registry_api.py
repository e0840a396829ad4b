"""The registry slice on SQLite and PostgreSQL: outlets, and releases kept from newsroom events."""

from __future__ import annotations

import json

from sqlalchemy import select

from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.testing import assert_migrations_match_models
from registry import MIGRATIONS
from registry.events import handlers
from registry.models import Base, messaging


def outbox(app):
    with app.extensions["suite"].db.session() as session:
        rows = session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq)).all()
    return [json.loads(r.payload) for r in rows]


def consumer(app) -> Consumer:
    suite = app.extensions["suite"]
    return Consumer(suite.settings, suite.db, suite.tables, handlers)


def published(article_id: int, title: str, at: str = "2026-11-20T02:00:00+00:00") -> CloudEvent:
    return CloudEvent.new(
        source="/71.74/newsroom",
        type="newsroom.article.published.v1",
        subject=str(article_id),
        data={
            "id": article_id,
            "type": "release",
            "title": title,
            "slug": f"berita-{article_id}",
            "summary": "Ringkasan",
            "url": f"https://diskominfo.example.go.id/newsroom/berita/berita-{article_id}",
            "opd": "dinkes",
            "published_at": at,
            "images": [],
            "field_from_the_future": {"ignored": True},
        },
    )


def test_migrations_match_models(registry_database):
    assert_migrations_match_models(MIGRATIONS, registry_database, Base.metadata)


def test_a_verifier_registers_an_outlet_and_the_event_carries_no_identifiers(app, client, verifier, outlet):
    response = client.post("/api/registry/outlets", json=outlet, headers=verifier)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["npwp"] == "012345678901000"
    assert body["registered_by"] == "verifikator"
    (event,) = outbox(app)
    assert event["type"] == "registry.outlet.registered.v1"
    assert event["data"]["name"] == "Totabuan News" and event["data"]["id"] == body["id"]
    text = json.dumps(event)
    for secret in ("012345678901000", "9120001234567", outlet["email"], outlet["phone"]):
        assert secret not in text
    listed = client.get("/api/registry/outlets", headers=verifier).json
    assert [o["name"] for o in listed["items"]] == ["Totabuan News"]


def test_outlet_identifiers_are_validated_by_field(client, verifier, outlet):
    bad = {**outlet, "npwp": "12345", "nib": "12-34", "media_type": "koran", "email": "bukan-email"}
    response = client.post("/api/registry/outlets", json=bad, headers=verifier)
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"npwp", "nib", "media_type", "email"}
    sixteen = {**outlet, "npwp": "3174012345678901"}
    assert client.post("/api/registry/outlets", json=sixteen, headers=verifier).status_code == 201


def test_the_same_npwp_cannot_register_twice(app, client, verifier, outlet):
    assert client.post("/api/registry/outlets", json=outlet, headers=verifier).status_code == 201
    again = client.post("/api/registry/outlets", json={**outlet, "npwp": "012345678901000"}, headers=verifier)
    assert again.status_code == 409
    assert again.json["errors"][0]["field"] == "npwp"
    assert len(outbox(app)) == 1


def test_outlets_are_registered_by_verifiers_or_by_the_partner_for_itself(client, tokens, outlet):
    assert client.post("/api/registry/outlets", json=outlet).status_code == 401
    partner = tokens.headers("media:partner", username="totabuan")
    own = client.post("/api/registry/outlets", json=outlet, headers=partner)
    assert own.status_code == 201
    second = client.post("/api/registry/outlets", json={**outlet, "npwp": "3174012345678901"}, headers=partner)
    assert second.status_code == 409, "one outlet per partner account"
    assert (
        client.post("/api/registry/outlets", json=outlet, headers=tokens.headers("newsroom:editor")).status_code == 403
    )
    admin = client.post("/api/registry/outlets", json=outlet, headers=tokens.headers("admin"))
    assert admin.status_code == 403, "admin is not implicitly a verifier"


def test_published_articles_become_releases_once(app, client, verifier, tokens):
    worker = consumer(app)
    first = published(11, "Pasar rakyat diresmikan")
    assert worker.handle(first) == "handled"
    assert worker.handle(first) == "duplicate"
    worker.handle(published(12, "Jadwal vaksinasi", at="2026-11-21T02:00:00+00:00"))
    ignored = CloudEvent.new(source="/x", type="newsroom.article.unknown.v9", data={"id": 1})
    assert worker.handle(ignored) == "ignored"
    page = client.get("/api/registry/releases", headers=verifier).json
    assert [(r["article_id"], r["title"]) for r in page["items"]] == [
        (12, "Jadwal vaksinasi"),
        (11, "Pasar rakyat diresmikan"),
    ]
    assert page["items"][0]["url"].endswith("/berita-12")
    assert client.get("/api/registry/releases", headers=tokens.headers("admin")).status_code == 200
    assert client.get("/api/registry/releases", headers=tokens.headers("media:partner")).status_code == 200
    assert client.get("/api/registry/releases", headers=tokens.headers("newsroom:editor")).status_code == 403
    assert client.get("/api/registry/releases").status_code == 401
    one = client.get("/api/registry/releases", query_string={"limit": 1}, headers=verifier).json
    rest = client.get("/api/registry/releases", query_string={"limit": 1, "after": one["next"]}, headers=verifier).json
    assert [r["article_id"] for r in one["items"] + rest["items"]] == [12, 11] and rest["next"] is None


def test_corrections_and_withdrawals_update_the_release(app, client, verifier):
    worker = consumer(app)
    worker.handle(published(21, "Judul awal"))
    worker.handle(
        CloudEvent.new(
            source="/71.74/newsroom",
            type="newsroom.article.corrected.v1",
            data={"id": 21, "title": "Judul diperbaiki", "correction_note": "Angka anggaran diperbaiki"},
        )
    )
    (release,) = client.get("/api/registry/releases", headers=verifier).json["items"]
    assert (release["title"], release["state"], release["correction_note"]) == (
        "Judul diperbaiki",
        "corrected",
        "Angka anggaran diperbaiki",
    )
    worker.handle(CloudEvent.new(source="/71.74/newsroom", type="newsroom.article.withdrawn.v1", data={"id": 21}))
    assert client.get("/api/registry/releases", headers=verifier).json["items"][0]["state"] == "withdrawn"

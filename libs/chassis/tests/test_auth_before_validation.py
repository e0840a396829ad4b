"""Staff endpoints refuse a stranger (401) or the wrong role (403) before they read the body or the query."""

from __future__ import annotations

import probe
import pytest
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from chassis.auth import require_roles
from chassis.settings import ServiceSettings
from chassis.web import create_service_app


class Body(Schema):
    title = fields.String(required=True)
    count = fields.Integer(required=True)


class Query(Schema):
    page = fields.Integer(required=True)


@pytest.fixture
def client(tmp_path, tokens):
    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", jwt_public_key=tokens.public_pem
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    blp = Blueprint("guarded", __name__, url_prefix="/api/probe")

    @blp.post("/things")
    @blp.arguments(Body)
    @blp.response(201)
    @require_roles("probe:writer")
    def create(body):
        return body

    @blp.get("/things")
    @blp.arguments(Query, location="query")
    @require_roles()
    def listing(query):
        return query

    @blp.route("/items/<int:item_id>")
    class Item(MethodView):
        @blp.arguments(Query, location="query")
        def get(self, query, item_id):
            return {"id": item_id, **query}

        @blp.arguments(Body)
        @require_roles("probe:editor")
        def put(self, body, item_id):
            return {"id": item_id, **body}

    @blp.post("/open")
    @blp.arguments(Body)
    def open_form(body):
        return body

    app.extensions["suite"].api.register_blueprint(blp)
    return app.test_client()


INVALID = {"title": 5, "extra": "x"}


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", "/api/probe/things"), ("get", "/api/probe/things?page=zz"), ("put", "/api/probe/items/1")],
    ids=["function-view", "query", "method-view"],
)
def test_an_anonymous_invalid_request_is_401_without_listing_fields(client, method, url):
    response = getattr(client, method)(url, json=INVALID)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert "errors" not in response.json and "title" not in response.json["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_anonymous_body_that_is_not_even_json_is_401(client):
    response = client.post("/api/probe/things", data=b"{not json", content_type="application/json")
    assert response.status_code == 401


def test_a_forged_token_with_an_invalid_body_is_401(client):
    response = client.post("/api/probe/things", json=INVALID, headers={"Authorization": "Bearer a.b.c"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "url"), [("post", "/api/probe/things"), ("put", "/api/probe/items/1")], ids=["function", "method"]
)
def test_the_wrong_role_with_an_invalid_body_is_403(client, tokens, method, url):
    response = getattr(client, method)(url, json=INVALID, headers=tokens.headers("probe:reader"))
    assert response.status_code == 403
    assert "errors" not in response.json and response.json["required_roles"]


def test_the_right_role_still_gets_each_field_named(client, tokens):
    response = client.post("/api/probe/things", json=INVALID, headers=tokens.headers("probe:writer"))
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"title", "count", "extra"}
    ok = client.put("/api/probe/items/7", json={"title": "a", "count": 1}, headers=tokens.headers("probe:editor"))
    assert ok.status_code == 200 and ok.json == {"id": 7, "title": "a", "count": 1}


def test_require_roles_without_roles_lets_any_verified_caller_in(client, tokens):
    assert client.get("/api/probe/things?page=2", headers=tokens.headers("anything")).json == {"page": 2}
    assert client.get("/api/probe/things?page=zz", headers=tokens.headers("anything")).status_code == 422


def test_views_without_require_roles_are_untouched(client):
    assert client.get("/api/probe/items/3?page=1").json == {"id": 3, "page": 1}
    assert client.head("/api/probe/items/3?page=1").status_code == 200
    assert client.get("/api/probe/items/3?page=x").status_code == 422
    assert client.post("/api/probe/open", json=INVALID).status_code == 422
    assert client.options("/api/probe/things").status_code == 200

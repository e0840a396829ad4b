"""Every service documents its error answers as what it sends: application/problem+json with the problem's shape."""

from __future__ import annotations

import probe
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from openapi_spec_validator import validate

from chassis.schemas import Schema as SuiteSchema
from chassis.settings import ServiceSettings
from chassis.web import create_service_app

blp = Blueprint("things", __name__, url_prefix="/api/probe/things")


class Thing(Schema):
    name = fields.String(required=True)


@blp.post("")
@blp.arguments(Thing)
@blp.response(201, Thing)
def create(data):
    return data


def test_error_responses_are_documented_as_problem_json(tmp_path):
    settings = ServiceSettings(service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}")
    client = create_service_app(settings, probe.metadata, probe.tables, title="Probe", blueprints=(blp,)).test_client()
    spec = client.get("/api/probe/openapi.json").json
    validate(spec)
    responses = spec["components"]["responses"]
    for name in ("UNPROCESSABLE_ENTITY", "DEFAULT_ERROR"):
        assert list(responses[name]["content"]) == ["application/problem+json"], name
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["properties"])
    answer = client.post("/api/probe/things", json={})
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    operation = spec["paths"]["/api/probe/things"]["post"]["responses"]
    assert operation["422"] == {"$ref": "#/components/responses/UNPROCESSABLE_ENTITY"}


class Filter(SuiteSchema):
    status = fields.String()


@blp.get("")
@blp.arguments(Filter, location="query")
def listing(query):
    return {"status": query.get("status")}


def test_an_unknown_query_parameter_is_refused_naming_it(tmp_path):
    settings = ServiceSettings(service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}")
    client = create_service_app(settings, probe.metadata, probe.tables, title="Probe", blueprints=(blp,)).test_client()
    assert client.get("/api/probe/things?status=open").json == {"status": "open"}
    misspelt = client.get("/api/probe/things?statu=open")
    assert misspelt.status_code == 422
    assert misspelt.json["errors"] == [{"field": "statu", "message": "Isian tidak dikenal.", "location": "query"}]


def test_a_json_body_is_parsed_once_per_request(tmp_path, monkeypatch):
    """The chassis reads and bounds the body; webargs takes that value instead of parsing the bytes again."""
    import webargs.core

    settings = ServiceSettings(service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}")
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe", blueprints=(blp,))
    calls = []
    loads, parse = app.json.loads, webargs.core.parse_json
    app.json.loads = lambda s, **kw: calls.append("flask") or loads(s, **kw)
    monkeypatch.setattr(webargs.core, "parse_json", lambda s, **kw: calls.append("webargs") or parse(s, **kw))
    assert app.test_client().post("/api/probe/things", json={"name": "satu"}).status_code == 201
    assert calls == ["flask"]

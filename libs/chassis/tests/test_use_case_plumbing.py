"""The pieces every use case stands on: permissions checked inside the use case, a context with the office's clock,
domain errors turned into problem+json by the chassis alone, and Table refusals that say what is allowed."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from zoneinfo import ZoneInfo

import probe
import pytest
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from chassis.auth import Principal
from chassis.context import Context
from chassis.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from chassis.forms import FormErrors
from chassis.permissions import authorized, calls, permission
from chassis.settings import ServiceSettings
from chassis.transitions import InvalidTransition, Table, move
from chassis.web import create_service_app

WRITE = permission("thing.write", {"probe:writer", "admin"}, "Menulis")
WRITER = Principal("tini", frozenset({"probe:writer"}))
READER = Principal("rudi", frozenset({"probe:reader"}))


@authorized(WRITE)
def write(uow, ctx, title):
    return f"{ctx.principal.username}:{title}"


def test_an_authorized_use_case_runs_for_a_role_that_holds_the_permission():
    assert write(None, Context(WRITER), "a") == "tini:a"
    assert write(None, ctx=Context(WRITER), title="b") == "tini:b"


def test_an_authorized_use_case_refuses_nobody_with_401_and_the_wrong_role_with_403():
    with pytest.raises(NotAuthenticated):
        write(None, Context(None), "a")
    with pytest.raises(Forbidden) as refused:
        write(None, Context(READER), "a")
    assert refused.value.extra["required_roles"] == ["admin", "probe:writer"]


def test_a_use_case_without_a_context_cannot_be_authorized():
    with pytest.raises(TypeError):
        authorized(WRITE)(lambda uow, who: None)


def test_calls_refuses_a_use_case_that_declares_no_permission():
    with pytest.raises(TypeError):
        calls(lambda uow, ctx: None)


def test_the_context_dates_in_the_office_zone_not_utc():
    late_evening_utc = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # 2 December 00:30 WIB, 01:30 WITA
    for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        ctx = Context(None, ZoneInfo(zone), clock=lambda: late_evening_utc)
        assert ctx.today() == dt.date(2026, 12, 2)
        assert ctx.now() == late_evening_utc
    assert Context(WRITER).with_principal(None).roles == frozenset()


class State(StrEnum):
    DRAFT = "draft"
    DONE = "done"


TABLE = Table(
    [move("finish", {State.DRAFT}, State.DONE, {"probe:writer"}, "Selesaikan")],
    noun="Naskah",
    state_labels={State.DRAFT: "Draf", State.DONE: "Selesai"},
)


def test_a_table_refusal_names_the_state_and_what_the_caller_may_do():
    with pytest.raises(InvalidTransition) as refused:
        TABLE.check("finish", State.DONE, WRITER.roles)
    assert refused.value.status == 409
    assert refused.value.detail == "Naskah berstatus done (Selesai); tindakan finish tidak dapat dilakukan."
    assert refused.value.extra == {"current_state": "done", "allowed_actions": []}
    with pytest.raises(Forbidden):
        TABLE.check("finish", State.DRAFT, READER.roles)
    assert [m.label for m in TABLE.offered(State.DRAFT, WRITER.roles)] == ["Selesaikan"]
    assert TABLE.offered(State.DRAFT, READER.roles) == []
    assert TABLE.label("finish") == "Selesaikan"


def test_a_page_reads_a_domain_error_like_a_schema_refusal():
    errors = FormErrors.of(Invalid("nik", "NIK harus 16 angka."))
    assert (errors.status, errors.fields, errors.general) == (422, {"nik": ["NIK harus 16 angka."]}, None)
    conflict = FormErrors.of(Conflict("Sudah diputus."))
    assert (conflict.status, conflict.general) == (409, "Sudah diputus.")


class Body(Schema):
    title = fields.String(required=True)


@pytest.fixture
def client(tmp_path, tokens):
    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", jwt_public_key=tokens.public_pem
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    blp = Blueprint("cases", __name__, url_prefix="/api/probe")

    @blp.post("/things")
    @blp.arguments(Body)
    @blp.response(201)
    @calls(write)
    def create(body):
        from chassis.auth import current_principal

        return {"made": write(None, Context(current_principal(optional=True)), body["title"])}

    @blp.get("/missing")
    def missing():
        raise NotFound("Permohonan tidak ditemukan.", registration_number="X/1")

    @blp.get("/conflict")
    def conflict():
        TABLE.check("finish", State.DONE, WRITER.roles)

    app.extensions["suite"].api.register_blueprint(blp)
    return app.test_client()


def test_a_view_that_calls_a_use_case_refuses_a_stranger_before_reading_the_body(client, tokens):
    anonymous = client.post("/api/probe/things", json={"title": 5})
    assert anonymous.status_code == 401
    assert "errors" not in anonymous.get_json()
    wrong_role = client.post(
        "/api/probe/things", json={"title": 5}, headers=tokens.headers("probe:reader", username="rudi")
    )
    assert wrong_role.status_code == 403
    made = client.post(
        "/api/probe/things", json={"title": "a"}, headers=tokens.headers("probe:writer", username="tini")
    )
    assert (made.status_code, made.get_json()) == (201, {"made": "tini:a"})


def test_domain_errors_become_problem_json_with_their_members(client):
    missing = client.get("/api/probe/missing")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    body = missing.get_json()
    assert (body["title"], body["detail"], body["registration_number"]) == (
        "Not Found",
        "Permohonan tidak ditemukan.",
        "X/1",
    )
    refused = client.get("/api/probe/conflict").get_json()
    assert (refused["status"], refused["current_state"], refused["allowed_actions"]) == (409, "done", [])

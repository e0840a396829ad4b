"""The Flask side of the chassis: one factory that gives every service the same skeleton.

``create_service_app`` wires settings, database, unit of work, problem+json
errors, request ids, JSON logs, metrics, health checks and the OpenAPI
document (``/api/<service>/openapi.json``, docs page ``/api/<service>/docs``
with ReDoc served by the service). It also holds the answers to hostile
traffic in one place: roles are checked before a body is parsed, JSON bodies
are read with a bounded depth, ``<int:...>`` ids fit 64 bits, a value the
database cannot hold is a 422, and every answer carries the suite's header
policy. The service adds its own blueprints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import secrets
import time
import unicodedata
from urllib.parse import quote

from flask import Flask, Request, Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from sqlalchemy import MetaData
from werkzeug.routing import IntegerConverter, ValidationError

from chassis import filestore, logs, metrics, security, tracing
from chassis.auth import TokenVerifier, check_roles_first
from chassis.db import Database
from chassis.messaging import MessagingTables, UnitOfWork
from chassis.openapi import ServiceApi
from chassis.pages import install_suite_static
from chassis.problems import Problem, problem_body
from chassis.schemas import INT64_MAX, INT64_MIN
from chassis.settings import ServiceSettings
from chassis.web_docs import DOCS_ENDPOINT, REDOC_SCRIPT, install_redoc_script
from chassis.web_errors import install_error_handlers, problem_response

log = logging.getLogger("chassis.web")


@dataclasses.dataclass
class Suite:
    """What the chassis keeps on ``app.extensions['suite']``."""

    settings: ServiceSettings
    db: Database
    tables: MessagingTables
    metadata: MetaData
    verifier: TokenVerifier
    api: Api


def suite() -> Suite:
    return current_app.extensions["suite"]


def unit_of_work() -> UnitOfWork:
    """A unit of work on this app's database; its events go to this service's outbox."""
    s = suite()
    return UnitOfWork(s.db, s.tables, s.settings.source)


# No form of the suite nests deeper than a few levels; far deeper bodies only exhaust the parser's stack.
MAX_JSON_DEPTH = 64


class BodyTooDeep(ValueError):
    """A JSON document nested deeper than ``MAX_JSON_DEPTH``."""


def _too_deep(value) -> bool:
    """Whether a parsed document nests deeper than ``MAX_JSON_DEPTH`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


# Only a \\uD800-\\uDFFF escape can put half a surrogate pair into parsed text; raw UTF-8 cannot.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_unpaired_surrogate(value) -> bool:
    """Whether a string of the document is not Unicode text (``"\\ud800"`` alone): no database driver can store
    it, SQLite's and psycopg's encoders raise ``UnicodeEncodeError``, a 500 for whoever sent it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


class IsoJSONProvider(DefaultJSONProvider):
    """Dates and times as ISO 8601 in every JSON answer (Flask's default writes HTTP dates); bodies read with a
    bounded depth, so a document nested 50 000 deep is a ``ValueError`` like any other bad JSON, not a
    ``RecursionError``, and text that is not Unicode (half a surrogate pair) is bad JSON too."""

    @staticmethod
    def default(o):
        if isinstance(o, dt.date):
            return o.isoformat()
        return DefaultJSONProvider.default(o)

    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise BodyTooDeep(MAX_JSON_DEPTH) from None
        if _too_deep(value):
            raise BodyTooDeep(MAX_JSON_DEPTH)
        raw = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else s
        if SURROGATE_ESCAPE.search(raw) and _has_unpaired_surrogate(value):
            raise ValueError("unpaired surrogate")
        return value


def body_problem(error: ValueError) -> Problem:
    """The 400 for a body that is not JSON the service can read, naming the body (``_body``)."""
    if isinstance(error, BodyTooDeep):
        detail = f"Isi permintaan bersarang terlalu dalam (paling banyak {MAX_JSON_DEPTH} tingkat)."
        message = "Terlalu dalam."
    else:
        detail, message = "Isi permintaan bukan JSON yang sah.", "Bukan JSON yang sah."
    return Problem(400, detail, title="Bad Request", errors=[{"field": "_body", "message": message}])


class ServiceRequest(Request):
    """``request.get_json()`` answers a bad body with the chassis's problem instead of Flask's English 400."""

    def on_json_loading_failed(self, e: ValueError | None):
        if e is None:
            return super().on_json_loading_failed(e)  # not sent as JSON: Flask's 415
        raise body_problem(e) from e


def check_json_body() -> None:
    """A ``before_request`` hook: a JSON body is read once, bounded, before webargs parses it again with the
    standard library (which would raise ``RecursionError`` or a bare ``ValueError`` for a hostile body)."""
    if request.routing_exception is not None or not request.is_json or not request.get_data(cache=True):
        return
    request.get_json()


class Int64Converter(IntegerConverter):
    """``<int:...>`` limited to what an id column holds (a signed 64-bit integer): beyond it the route does not
    match (404) instead of the database raising ``OverflowError`` or ``NumericValueOutOfRange``."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:  # fmt: skip
        super().__init__(map, fixed_digits, INT64_MIN if signed and min is None else min,
                         INT64_MAX if max is None else max, signed)  # fmt: skip

    def to_python(self, value: str) -> int:
        if len(value.lstrip("-")) > len(str(INT64_MAX)):
            raise ValidationError()  # thousands of digits: int() itself would refuse them with a ValueError
        return super().to_python(value)


def create_service_app(
    settings: ServiceSettings,
    metadata: MetaData,
    tables: MessagingTables,
    *,
    title: str,
    version: str = "1.0",
    description: str = "",
    blueprints: tuple = (),
    handlers=None,
    migrations=None,
    periodic: tuple = (),
) -> Flask:
    """The service's Flask app: chassis skeleton, its blueprints, and its commands (``db upgrade``, ``worker``)."""
    name = settings.service_name
    logs.configure(name, settings.log_level, settings.log_json)
    app = Flask(name)
    app.request_class = ServiceRequest
    app.json = IsoJSONProvider(app)
    app.url_map.converters["int"] = Int64Converter  # before any rule is added: rules bind converters then
    app.config.update(
        API_TITLE=title,
        API_VERSION=version,
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=f"/api/{name}",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_REDOC_PATH="docs",
        OPENAPI_REDOC_URL=f"/api/{name}/docs/{REDOC_SCRIPT}",
        API_SPEC_OPTIONS={
            "info": {"description": description},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        },
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=25 * 1024 * 1024,
    )
    api = ServiceApi(app)
    install_redoc_script(app, name)
    install_suite_static(app, name)
    db = Database(settings.resolved_database_url())
    app.extensions["suite"] = Suite(settings, db, tables, metadata, TokenVerifier(settings), api)
    _install_request_hooks(app, name)
    _install_security_headers(app, settings.https)
    install_error_handlers(app)
    _install_health(app, settings, db)
    tracing.instrument_flask(app, db.engine)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    if migrations is not None:
        from chassis import cli
        from chassis.consumer import Handlers

        cli.register(app, handlers or Handlers(), migrations, periodic)
    return app


def _install_request_hooks(app: Flask, name: str) -> None:
    @app.before_request
    def _start():
        rid = request.headers.get("X-Request-ID") or secrets.token_hex(8)
        g.request_id = rid[:100]
        g.started = time.perf_counter()
        g.token = logs.request_id_var.set(g.request_id)

    # Registered after the request id so a refusal is logged and answered with it.
    app.before_request(check_roles_first)
    # After the roles: a stranger is refused before the body is even read.
    app.before_request(check_json_body)

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        rule = request.url_rule.rule if request.url_rule else "unmatched"
        if "started" in g:
            took = time.perf_counter() - g.started
            metrics.REQUESTS.labels(name, request.method, rule, response.status_code).observe(took)
            if request.path not in logs.PROBES:
                principal = g.get("principal")
                logs.access(request.method, request.path, response.status_code, took, principal and principal.username)
        return response

    @app.teardown_request
    def _reset(_exc):
        token = g.pop("token", None)
        if token is not None:
            logs.request_id_var.reset(token)


def _install_security_headers(app: Flask, https: bool) -> None:
    """The suite's header policy on every answer of the service, errors included, as the gateway does on its own;
    the docs page gets the looser policy ReDoc needs (inline styles, a blob worker), never another host."""

    @app.after_request
    def _secure(response):
        if request.endpoint == DOCS_ENDPOINT:
            response.headers.setdefault("Content-Security-Policy", security.DOCS_CONTENT_SECURITY_POLICY)
        security.apply(response.headers, https)
        return response


DOWNLOAD_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download(
    content: bytes, filename: str, mimetype: str | None = None, *, inline: bool = False, headers: dict | None = None
) -> Response:
    """A file made on the fly (a report, a letter) as the answer: saved as ``filename`` (opened in the browser when
    ``inline``); the type follows the name's extension (csv, xlsx, pdf) unless given. Never sniffed: a browser
    takes the type as given, so a CSV that looks like HTML is not run as a page."""
    kind = mimetype or DOWNLOAD_TYPES[filename.rsplit(".", 1)[-1].lower()]
    disposition = f"{'inline' if inline else 'attachment'}; {_filename_parameters(filename)}"
    fixed = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(content, mimetype=kind, headers={**fixed, **(headers or {})})


def _filename_parameters(filename: str) -> str:
    """``filename=`` in plain ASCII (quotes, backslashes and control characters dropped) and, for a name in other
    letters, ``filename*=`` in UTF-8 (RFC 6266), so no name can break the header."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r'[\x00-\x1f\x7f"\\]', "", ascii_name).strip() or "unduhan"
    if ascii_name == filename:
        return f'filename="{ascii_name}"'
    return f"filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _install_health(app: Flask, settings: ServiceSettings, db: Database) -> None:
    @app.get("/healthz")
    def healthz():
        return {"status": "ok", "service": settings.service_name}

    @app.get("/readyz")
    def readyz():
        # What a web request needs: its database and the file store. The broker is the worker's concern (the
        # outbox keeps events while it is away), so a broker outage never takes a web replica out of rotation.
        checks = {}
        for check, probe in (("database", db.ping), ("file_store", lambda: filestore.of(settings).ping())):
            try:
                probe()
                checks[check] = "ok"
            except Exception as exc:  # any failure means not ready
                checks[check] = f"error: {exc.__class__.__name__}"
        ready = all(v == "ok" for v in checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        if not ready:
            return problem_response(problem_body(503, "Belum siap melayani.", checks=checks))
        return body

    @app.get("/metrics")
    def prometheus():
        payload, content_type = metrics.render()
        return payload, 200, {"Content-Type": content_type}

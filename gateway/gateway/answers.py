"""The gateway's own answers: problem+json for API clients, the same refusal as a page for browsers, and request
bodies read against a schema."""

from __future__ import annotations

import json

from aiohttp import web
from marshmallow import ValidationError

from chassis import caching
from chassis.problems import PROBLEM_JSON, Problem, flatten_errors, problem_body
from gateway.context import CREDENTIAL, SETTINGS, page

JSON_TYPES = ("application/json",)


def problem(status: int, detail: str, *, headers: dict | None = None, **extra) -> web.Response:
    body = problem_body(status, detail, **extra)
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type=PROBLEM_JSON,
        headers=headers,
    )


async def read_json(request: web.Request, schema) -> dict:
    kind = request.content_type.lower()
    if kind not in JSON_TYPES and not kind.endswith("+json"):
        raise Problem(
            415,
            "Badan permintaan harus JSON dengan Content-Type application/json.",
            title="Unsupported Media Type",
        )
    try:
        payload = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Problem(400, "Badan permintaan harus JSON yang sah.", title="Bad Request") from None
    if not isinstance(payload, dict):
        raise Problem(422, "Badan permintaan harus objek JSON.", errors=[{"field": "_schema", "message": "objek"}])
    try:
        return schema.load(payload)
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        raise Problem(
            422,
            "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            errors=errors,
            title="Unprocessable Content",
        ) from None


def _quality(accept: str, kind: str) -> tuple[float, int]:
    """How much ``Accept`` wants ``kind``: (q, specificity) of its most specific matching entry; (0, -1) if none."""
    major = kind.split("/", 1)[0]
    best, rank = 0.0, -1
    for entry in accept.split(","):
        media, *params = (part.strip() for part in entry.split(";"))
        media = media.lower()
        specific = 2 if media == kind else 1 if media == f"{major}/*" else 0 if media == "*/*" else -1
        if specific <= rank:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        best, rank = q, specific
    return best, rank


def prefers_html(request: web.Request) -> bool:
    """A browser: ``Accept`` ranks text/html above JSON, by quality and then by how specifically it names it
    (``*/*`` alone, or no Accept, is an API client), as chassis.pages.wants_html decides for the services."""
    accept = request.headers.get("Accept", "")
    if not accept:
        return False
    html = _quality(accept, "text/html")
    json_ = max(_quality(accept, "application/problem+json"), _quality(accept, "application/json"))
    return html[0] > 0 and html > json_


def error_page(status: int, detail: str, *, headers: dict | None = None, office: str = "", who=None) -> web.Response:
    """The gateway's own error as a page in the suite's layout, with the same words the services' pages use."""
    from chassis.pages import HEADINGS

    return page(
        "galat.html",
        status,
        headers={**(headers or {}), **caching.NO_STORE},
        heading=HEADINGS.get(status, "Terjadi kesalahan"),
        detail=detail,
        status_code=status,
        office=office,
        who=who,
        signed_in=who is not None,
    )


def refusal(
    request: web.Request,
    status: int,
    detail: str,
    *,
    headers: dict | None = None,
    page_detail: str | None = None,
    **extra,
) -> web.Response:
    """The gateway's own refusal: a page for a browser (``page_detail`` where ``detail`` is aiohttp's English),
    problem+json, unchanged, for everyone else."""
    if prefers_html(request):
        shown = detail if page_detail is None else page_detail
        who = request.get(CREDENTIAL, (None,))[0]
        return error_page(status, shown, headers=headers, office=request.app[SETTINGS].org_name, who=who)
    return problem(status, detail, headers=headers, **extra)

"""The gateway's own JSON: problem+json answers and request bodies read against a schema."""

from __future__ import annotations

import json

from aiohttp import web
from marshmallow import ValidationError

from chassis.problems import PROBLEM_JSON, Problem, flatten_errors, problem_body

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

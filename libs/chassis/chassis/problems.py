"""RFC 9457 problem details: the one error format of every API in the suite."""

from __future__ import annotations

import http
from typing import Any

PROBLEM_JSON = "application/problem+json"


def problem_body(
    status: int, detail: str | None = None, *, title: str | None = None, type: str = "about:blank", **extra: Any
) -> dict[str, Any]:
    try:
        default_title = http.HTTPStatus(status).phrase
    except ValueError:
        default_title = "Error"
    body: dict[str, Any] = {"type": type, "title": title or default_title, "status": status}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


class Problem(Exception):
    """Raise from anywhere in a request to answer with a problem+json of ``status``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        type: str = "about:blank",
        headers: dict | None = None,
        **extra: Any,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.type = type
        self.headers = headers or {}
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return problem_body(self.status, self.detail, title=self.title, type=self.type, **self.extra)


def flatten_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn marshmallow's nested messages into ``[{"field": "a.b", "message": ...}]``."""
    out: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "_schema"
            out.extend(flatten_errors(value, name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out.extend({"field": prefix, "message": m} for m in messages)
    elif isinstance(messages, list):
        for item in messages:
            out.extend(flatten_errors(item, prefix))
    else:
        out.append({"field": prefix, "message": str(messages)})
    return out


def field_problem(field: str, message: str, status: int = 422) -> Problem:
    """A problem about one input field (the client can show ``message`` next to ``field``)."""
    return Problem(status, f"{field}: {message}", errors=[{"field": field, "message": message}])

"""Domain errors: what a use case raises when it refuses, mapped to problem+json once, by the chassis.

A use case never builds an HTTP answer. It raises one of these; ``chassis.web`` turns it into a problem+json (an
API client) and ``chassis.forms.FormErrors.of`` into what a page shows. Each carries the status it stands for, a
message in Bahasa Indonesia, optional field errors (``[{"field", "message"}]``) and optional extra members of the
problem (``current_state``, ``allowed_actions``, ``required_roles``...).
"""

from __future__ import annotations

import http
from typing import Any


class DomainError(Exception):
    status = 400

    def __init__(self, detail: str, *, errors: list[dict] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.extra = {k: v for k, v in extra.items() if v is not None}

    @property
    def title(self) -> str:
        return http.HTTPStatus(self.status).phrase

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


class NotAuthenticated(DomainError):
    """Nobody (or an expired session) asked for what needs a signed-in caller."""

    status = 401

    def __init__(self, detail: str = "Permintaan ini memerlukan token (Authorization: Bearer ...).", **extra: Any):
        super().__init__(detail, **extra)


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """The record's present state does not allow this."""

    status = 409


class Gone(DomainError):
    status = 410


class PreconditionFailed(DomainError):
    status = 412


class Invalid(DomainError):
    """Input the schema accepted but the rules refuse, about one field (or several, via ``errors``)."""

    status = 422

    def __init__(self, field: str | None, message: str, *, errors: list[dict] | None = None, **extra: Any):
        if errors is None and field:
            errors = [{"field": field, "message": message}]
        super().__init__(f"{field}: {message}" if field else message, errors=errors, **extra)
        self.field = field
        self.message = message

"""What several use case modules share: a refusal about one field with a status other than 422."""

from __future__ import annotations

from chassis.errors import DomainError


def field_error(kind: type[DomainError], field: str, message: str, **extra) -> DomainError:
    """``kind`` (NotFound, Conflict, Forbidden...) about ``field``, shown next to it on a page."""
    return kind(f"{field}: {message}", errors=[{"field": field, "message": message}], **extra)

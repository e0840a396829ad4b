"""Server-rendered forms: what was posted, and a failed use case turned into what the page shows.

The pages of every service post to the same schemas and use cases as their JSON API. When those refuse, the
page is shown again with the typed values, a message next to each field, a message for the whole form, and the
status the use case chose (422 for a schema's refusal). ``FormErrors.of`` gives all of that from a marshmallow
``ValidationError``, a ``chassis.problems.Problem`` or a use case's ``DomainError``, so no page reads either by hand;
``attempt`` runs a form's work and hands back either its result or those errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from marshmallow import ValidationError

from chassis.errors import DomainError
from chassis.problems import Problem, flatten_errors


def form_values(*keep_empty: str, lists: Collection[str] = (), form=None) -> dict:
    """The posted fields, trimmed; blank ones left out (so optional fields stay unset and required ones say so),
    except those named in ``keep_empty``. A field named in ``lists`` is always there, as the list of its non-blank
    values (checkboxes, multiple selects). ``form`` is the request's form unless given (a werkzeug ``MultiDict``)."""
    if form is None:
        from flask import request

        form = request.form
    values = {k: v.strip() for k, v in form.items() if k not in lists and (v.strip() or k in keep_empty)}
    for name in lists:
        values[name] = [v.strip() for v in form.getlist(name) if v.strip()]
    return values


@dataclasses.dataclass(frozen=True)
class FormErrors:
    """What a page shows when a form is refused.

    ``status``: the answer's status (422 for a schema's refusal, else the problem's own);
    ``fields``: messages per field name (dotted for nested fields: ``agenda.place``, ``grounds.0``);
    ``general``: a message for the whole form when the fields do not say it all (a problem that names no field, or
    one that is not about input, such as 409), else None;
    ``message``: everything in one line, for a page that shows its errors in one place;
    ``extra``: the problem's other members (``failing``, ``current_state``...), empty for a schema's refusal.
    """

    status: int
    fields: dict[str, list[str]]
    general: str | None
    message: str
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, exc: ValidationError | Problem | DomainError) -> FormErrors:
        if isinstance(exc, ValidationError):
            found = flatten_errors(exc.messages)
            text = "; ".join(f"{e['field']}: {e['message']}" for e in found)
            return cls(422, _by_field(found), None, text)
        found = exc.errors if isinstance(exc, DomainError) else exc.extra.get("errors") or []
        general = exc.detail if not found or exc.status != 422 else None
        extra = {k: v for k, v in exc.extra.items() if k != "errors"}
        return cls(exc.status, _by_field(found), general, exc.detail, extra)

    def top_level(self) -> FormErrors:
        """The same errors with nested ones under their top field (``grounds.0`` -> ``grounds``), for a form whose
        inputs are only the top fields."""
        fields: dict[str, list[str]] = {}
        for name, messages in self.fields.items():
            fields.setdefault(name.split(".")[0], []).extend(messages)
        return dataclasses.replace(self, fields=fields)


T = TypeVar("T")


def attempt(action: Callable[[], T], *, reraise: Collection[int] = ()) -> tuple[T | None, FormErrors | None]:
    """Run a form's work (load the schema, call the use case): ``(result, None)``, or ``(None, errors)`` when the
    schema or the use case refused. A refusal whose status is in ``reraise`` is raised instead (a 404 for someone
    else's record stays a 404 page rather than a form with a message)."""
    try:
        return action(), None
    except (ValidationError, Problem, DomainError) as exc:
        if not isinstance(exc, ValidationError) and exc.status in reraise:
            raise
        return None, FormErrors.of(exc)


def _by_field(found: list[dict]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in found:
        errors.setdefault(error["field"], []).append(error["message"])
    return errors

"""The context of every registry use case: the caller, the clock, the office's zone (WIB, WITA or WIT) and the
settings (the public address links in mail point to, the upload limit, the letterhead).

Tests build a ``Context`` directly with a fixed clock; the API and the pages call ``context()`` once per request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from chassis import context as chassis_context
from chassis.auth import Principal
from registry.settings import RegistrySettings

_CALLER = object()


@dataclasses.dataclass(frozen=True)
class Context(chassis_context.Context):
    settings: RegistrySettings = dataclasses.field(kw_only=True)

    @classmethod
    def of(
        cls,
        settings: RegistrySettings,
        principal: Principal | None = None,
        clock: Callable[[], dt.datetime] = chassis_context.utcnow,
    ) -> Context:
        """A context in the office's zone, so that ``today()`` is the office's date, not UTC's."""
        return cls(principal, ZoneInfo(settings.office_timezone), clock, settings=settings)


def context(principal: Principal | None | object = _CALLER) -> Context:
    """This request's context. The caller is the verified token's (none when there is no token; a bad one is
    refused with 401); a page passes the principal its login check already read."""
    from flask import has_request_context

    from chassis.auth import current_principal
    from chassis.web import suite

    if principal is _CALLER:
        principal = current_principal(optional=True) if has_request_context() else None
    return Context.of(suite().settings, principal)

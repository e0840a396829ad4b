"""The context every use case takes besides the unit of work: who is asking, the clock and the office's zone.

A service extends it with what its own rules need (the PPID's working-day calendar, settings); the entrypoints
build it once per request (``principal`` from the verified token) and tests build it directly with a fixed clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from chassis.auth import Principal


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclasses.dataclass(frozen=True)
class Context:
    principal: Principal | None
    timezone: ZoneInfo = ZoneInfo("Asia/Jakarta")
    clock: Callable[[], dt.datetime] = utcnow

    def now(self) -> dt.datetime:
        """Now, aware, in UTC (what is stored)."""
        return self.clock()

    def local_now(self) -> dt.datetime:
        return self.clock().astimezone(self.timezone)

    def today(self) -> dt.date:
        """The office's calendar date (WIB, WITA or WIT from settings), not UTC's."""
        return self.local_now().date()

    @property
    def roles(self) -> frozenset[str]:
        return self.principal.roles if self.principal is not None else frozenset()

    def with_principal(self, principal: Principal | None):
        return dataclasses.replace(self, principal=principal)

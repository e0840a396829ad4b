"""The context of every newsroom use case: who asks, the clock, the office's zone and the service's settings."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from chassis.auth import Principal, current_principal
from chassis.context import Context, utcnow
from newsroom.domain.permissions import SCHEDULER
from newsroom.settings import NewsroomSettings


@dataclasses.dataclass(frozen=True)
class NewsroomContext(Context):
    settings: NewsroomSettings = dataclasses.field(default_factory=NewsroomSettings)

    @classmethod
    def of(cls, settings: NewsroomSettings, principal: Principal | None, clock=None) -> NewsroomContext:
        return cls(principal, ZoneInfo(settings.office_timezone), clock or utcnow, settings)


def context() -> NewsroomContext:
    """This request's context: the caller from its token (None for the public)."""
    from chassis.web import suite

    return NewsroomContext.of(suite().settings, current_principal(optional=True))


def public_context() -> NewsroomContext:
    """A public read's context: the caller is not asked for, so a stale token does not refuse what anyone reads."""
    from chassis.web import suite

    return NewsroomContext.of(suite().settings, None)


def scheduler_context() -> NewsroomContext:
    """The worker's context: it acts as the scheduler, publishing what is due."""
    from chassis.web import suite

    return NewsroomContext.of(suite().settings, SCHEDULER)

"""The yearly figures offices are judged on (``newsroom.figures`` counts them): for editors only."""

from __future__ import annotations

from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from newsroom import figures
from newsroom.context import NewsroomContext
from newsroom.domain.permissions import FIGURES


@authorized(FIGURES)
def yearly(uow: UnitOfWork, ctx: NewsroomContext, year: int | None = None) -> tuple[int, dict]:
    """The year asked (the office's current year by default, in its own zone) and its figures."""
    year = year or ctx.today().year
    return year, figures.yearly(uow.session, year, ctx.settings.office_timezone)

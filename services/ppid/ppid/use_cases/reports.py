"""The yearly report (per OPD, or the whole office's with the survey and the obstacles) and its obstacles."""

from __future__ import annotations

from sqlalchemy import select

from chassis.errors import Forbidden, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid import reporting
from ppid.context import Context
from ppid.domain.permissions import MANAGE_OBSTACLES, READ_OBSTACLES, READ_REPORT, sees_whole_office
from ppid.domain.report import PPID, PPID_LABEL
from ppid.models import ReportObstacle
from ppid.use_cases import opds
from ppid.use_cases.common import MAX_ID
from ppid.use_cases.surveys import year_figures


def report_scope(ctx: Context, opd: str | None) -> str | None:
    """The OPD whose figures the caller gets: any (or the whole office) for the PPID and its superior; an OPD
    officer only their own, whatever they ask."""
    if sees_whole_office(ctx.principal):
        return opd
    if opd and opd != ctx.principal.opd:
        raise Forbidden("Hanya laporan OPD Anda sendiri.")
    return ctx.principal.opd


@authorized(READ_REPORT)
def yearly_report(uow: UnitOfWork, ctx: Context, year: int, opd: str | None = None) -> tuple[dict, str | None]:
    """The year's figures in the caller's scope, and that scope; the whole office's carry the survey and the
    obstacles too. Each OPD's figures carry its name from the office's list (``opd_name``, the code without one)."""
    opd = report_scope(ctx, opd)
    figures = reporting.yearly_report(uow.session, year, ctx.calendar, opd)
    named = {PPID: PPID_LABEL, **opds.office_list(uow, ctx).names}
    figures["opd_name"] = named.get(opd, opd) if opd else None
    figures["per_opd"] = [{**row, "opd_name": named.get(row["opd"], row["opd"])} for row in figures["per_opd"]]
    if opd is None:
        figures["survey"] = year_figures(uow.session, year)
        figures["obstacles"] = [{"obstacle": o.obstacle, "cause": o.cause} for o in _obstacles(uow, year)]
    return figures, opd


def _obstacles(uow: UnitOfWork, year: int) -> list[ReportObstacle]:
    statement = select(ReportObstacle).where(ReportObstacle.year == year).order_by(ReportObstacle.id)
    return list(uow.session.scalars(statement))


@authorized(READ_OBSTACLES)
def obstacles(uow: UnitOfWork, ctx: Context, year: int) -> list[ReportObstacle]:
    return _obstacles(uow, year)


@authorized(MANAGE_OBSTACLES)
def record_obstacle(uow: UnitOfWork, ctx: Context, data: dict) -> ReportObstacle:
    """An obstacle of the year's service and its cause, written by the PPID for the yearly report."""
    obstacle = ReportObstacle(
        year=data["year"],
        obstacle=data["obstacle"].strip(),
        cause=data["cause"].strip(),
        created_by=ctx.principal.username,
    )
    uow.session.add(obstacle)
    uow.commit()
    return obstacle


@authorized(MANAGE_OBSTACLES)
def remove_obstacle(uow: UnitOfWork, ctx: Context, obstacle_id: int) -> None:
    obstacle = uow.session.get(ReportObstacle, obstacle_id) if 0 < obstacle_id <= MAX_ID else None
    if obstacle is None:
        raise NotFound(f"Hambatan {obstacle_id} tidak ditemukan.")
    uow.session.delete(obstacle)
    uow.commit()

"""The start page's counts: what waits for the caller, per role, each with the page that lists it.

The gateway's start page asks every service ``GET /api/<service>/work`` with the person's identity and shows
``{"items": [{"label", "count", "href"}]}`` beside their workplaces; the counts are the inbox's own filters, so a
click lands on exactly the list that was counted.
"""

from __future__ import annotations

from sqlalchemy import func, select

from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid.context import Context
from ppid.domain.permissions import HANDLE_REQUESTS, sees_whole_office
from ppid.domain.workflow import CLOCK_RUNS, OFFICER, SUPERIOR, Status
from ppid.models import Disposition, Objection, Request

SOON = 2  # working days: what the officer must answer before the day after tomorrow


@authorized(HANDLE_REQUESTS)
def waiting(uow: UnitOfWork, ctx: Context) -> list[dict]:
    session, who, today = uow.session, ctx.principal, ctx.today()
    running = [s.value for s in CLOCK_RUNS]
    requests = select(func.count()).select_from(Request)
    if not sees_whole_office(who):
        requests = requests.where(Request.id.in_(select(Disposition.request_id).where(Disposition.opd == who.opd)))

    def count(statement) -> int:
        return int(session.scalar(statement) or 0)

    items = []
    if OFFICER in who.roles:
        items.append(
            {
                "label": "Permohonan baru yang belum diperiksa",
                "count": count(requests.where(Request.status == Status.RECEIVED.value)),
                "href": "/ppid/petugas?status=received",
            }
        )
    horizon = ctx.calendar.add_working_days(today, SOON)
    items.append(
        {
            "label": f"Permohonan yang jatuh tempo dalam {SOON} hari kerja",
            "count": count(requests.where(Request.status.in_(running), Request.due_date <= horizon)),
            "href": f"/ppid/petugas?due_within={SOON}",
        }
    )
    items.append(
        {
            "label": "Permohonan yang melewati tenggat",
            "count": count(requests.where(Request.status.in_(running), Request.due_date < today)),
            "href": "/ppid/petugas?overdue=true",
        }
    )
    if who.roles & {OFFICER, SUPERIOR}:
        filed = select(func.count()).select_from(Objection).where(Objection.status == "filed")
        items.append(
            {
                "label": "Keberatan yang menunggu tanggapan atasan",
                "count": count(filed),
                "href": "/ppid/petugas/keberatan",
            }
        )
    return items

"""What the PPID worker does on its own, every few minutes: deadline alarms and lapsed completions (the mail
job is the chassis's, ``chassis.mail.periodic``)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from chassis.web import unit_of_work
from ppid.context import context
from ppid.domain.workflow import Status
from ppid.models import Request
from ppid.use_cases import actions, objections, requests

log = logging.getLogger("ppid.jobs")


def sweep() -> dict[str, int]:
    """Flag lapsed deadlines once (events ``ppid.request.overdue.v1``, ``ppid.objection.overdue.v1``) and close
    requests not completed in time."""
    with unit_of_work() as uow:
        overdue = requests.flag_overdue(uow, context(uow.session, anonymous=True))
    with unit_of_work() as uow:
        lapsed_objections = objections.flag_lapsed_objections(uow, context(uow.session, anonymous=True))
    closed = 0
    with unit_of_work() as uow:
        ctx = context(uow.session, anonymous=True)
        lapsed = uow.session.scalars(
            select(Request.registration_number).where(
                Request.status == Status.INCOMPLETE, Request.completion_due < ctx.today()
            )
        ).all()
    for number in lapsed:
        with unit_of_work() as uow:
            request = uow.session.scalars(
                requests.with_everything(select(Request)).where(Request.registration_number == number).with_for_update()
            ).first()
            if request is not None and request.status == Status.INCOMPLETE:
                actions.close_lapsed(uow, context(uow.session, anonymous=True), request)
                closed += 1
    if overdue or closed or lapsed_objections:
        extra = {"overdue": overdue, "closed": closed, "objections_overdue": lapsed_objections}
        log.info("deadline sweep", extra=extra)
    return {"overdue": overdue, "closed": closed, "objections_overdue": lapsed_objections}

"""What the PPID worker does on its own, every few minutes: deadline alarms and lapsed completions (the mail
job is the chassis's, ``chassis.mail.periodic``)."""

from __future__ import annotations

import logging

from chassis.web import unit_of_work
from ppid.context import context
from ppid.use_cases import actions, objections, requests

log = logging.getLogger("ppid.jobs")


def sweep() -> dict[str, int]:
    """Flag lapsed deadlines once (events ``ppid.request.overdue.v1``, ``ppid.objection.overdue.v1``) and close
    requests not completed in time."""
    with unit_of_work() as uow:
        overdue = requests.flag_overdue(uow, context(uow.session, anonymous=True))
    with unit_of_work() as uow:
        lapsed_objections = objections.flag_lapsed_objections(uow, context(uow.session, anonymous=True))
    with unit_of_work() as uow:
        lapsed = actions.lapsed_completions(uow, context(uow.session, anonymous=True))
    closed = 0
    for number in lapsed:
        with unit_of_work() as uow:
            closed += actions.close_lapsed(uow, context(uow.session, anonymous=True), number)
    if overdue or closed or lapsed_objections:
        extra = {"overdue": overdue, "closed": closed, "objections_overdue": lapsed_objections}
        log.info("deadline sweep", extra=extra)
    return {"overdue": overdue, "closed": closed, "objections_overdue": lapsed_objections}

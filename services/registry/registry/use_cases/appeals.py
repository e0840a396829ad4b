"""Use cases of appeals: a rejected outlet appeals once, within the period's days; the approver decides."""

from __future__ import annotations

from sqlalchemy.orm import Session

from chassis.errors import Conflict, Invalid
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import applications as rules
from registry.domain import permissions as can
from registry.domain.applications import Status
from registry.models import Appeal, Application, Period
from registry.use_cases.applications import act_in, appeal_of, load


@authorized(can.PARTNER_WORK)
def appeal(uow: UnitOfWork, ctx: Context, application_id: int, reason: str) -> Appeal:
    """The rejected outlet appeals, once, within the period's appeal days after the rejection (office's local date).
    New documents may be uploaded while the appeal waits for the approver."""
    session = uow.session
    application = load(session, ctx, application_id, lock=True)
    current = Status(application.status)
    rules.TRANSITIONS.check("appeal", current, ctx.roles)
    period = session.get(Period, application.period_id)
    rejected_on = application.decided_at.astimezone(ctx.timezone).date() if application.decided_at else None
    filed_before = 1 if appeal_of(session, application.id) else 0
    problem = rules.appeal_problem(rejected_on, period.appeal_days, ctx.today(), filed_before)
    if problem:
        deadline = rules.appeal_deadline(rejected_on, period.appeal_days) if rejected_on else None
        raise Conflict(
            problem,
            current_state=current.value,
            appeal_until=deadline.isoformat() if deadline and period.appeal_days > 0 else None,
        )
    if not (reason or "").strip():
        raise Invalid("reason", "Tuliskan alasan banding.")
    filed = Appeal(application_id=application.id, reason=reason.strip(), filed_by=ctx.principal.username)
    session.add(filed)
    act_in(uow, ctx, application, "appeal", reason.strip())
    uow.commit()
    return application


@authorized(can.APPROVE)
def decide_appeal(uow: UnitOfWork, ctx: Context, application_id: int, granted: bool, reason: str | None) -> Application:
    """The approver's decision: granted, the application goes back to the verifier; dismissed (with a reason the
    outlet sees), it stays rejected."""
    session = uow.session
    application = load(session, ctx, application_id, lock=True)
    action = "grant_appeal" if granted else "dismiss_appeal"
    rules.TRANSITIONS.check(action, Status(application.status), ctx.roles)
    filed = appeal_of(session, application.id)
    if filed is None:
        raise Conflict("Tidak ada banding yang menunggu keputusan.", current_state=application.status)
    if not granted and not (reason or "").strip():
        raise Invalid("reason", "Sebutkan alasan banding ditolak; perusahaan pers melihatnya.")
    filed.decision = "granted" if granted else "dismissed"
    filed.decision_reason = (reason or "").strip() or None
    filed.decided_by, filed.decided_at = ctx.principal.username, ctx.now()
    act_in(uow, ctx, application, action, filed.decision_reason)
    uow.commit()
    return application


def appeal_view(session: Session, application: Application, timezone) -> dict | None:
    """What the outlet sees of its appeal: filed, pending or decided (with the reason), or until when it may file."""
    filed = appeal_of(session, application.id)
    if filed is not None:
        return {
            "reason": filed.reason,
            "filed_at": filed.filed_at.isoformat(),
            "decision": filed.decision,
            "decision_reason": filed.decision_reason,
            "decided_at": filed.decided_at.isoformat() if filed.decided_at else None,
            "can_appeal": False,
            "appeal_until": None,
        }
    if application.status != Status.REJECTED or application.decided_at is None:
        return None
    period = session.get(Period, application.period_id)
    if period.appeal_days <= 0:
        return {"can_appeal": False, "appeal_until": None}
    rejected_on = application.decided_at.astimezone(timezone).date()
    until = rules.appeal_deadline(rejected_on, period.appeal_days)
    return {"can_appeal": True, "appeal_until": until.isoformat()}

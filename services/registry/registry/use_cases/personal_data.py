"""Opening one journalist's NIK or one KIM member's phone with a reason, and every export or change of them by
staff, written to the access log in the same transaction (UU 27/2022)."""

from __future__ import annotations

from chassis import logs
from chassis import personal_data as pd
from chassis.errors import Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import permissions as can
from registry.domain.personal_data import KINDS, REASONS
from registry.models import ACCESS_LOG, Journalist, KimMember

MODELS = {"journalist": Journalist, "kim_member": KimMember}
NOT_FOUND = {"journalist": "Wartawan tidak ada.", "kim_member": "Anggota KIM tidak ada."}


def record(uow: UnitOfWork, ctx: Context, action: str, kind: str, record_id, fields, reason: str, detail="") -> None:
    """One access-log row by the caller, in the caller's transaction (``action``: reveal, export, change, ...)."""
    pd.record_access(
        uow.session,
        ACCESS_LOG,
        at=ctx.now(),
        principal=ctx.principal,
        action=action,
        record_kind=kind,
        record_id=str(record_id),
        fields=list(fields),
        reason=reason,
        detail=detail,
        request_id=logs.request_id_var.get() or "",
    )


def changed(uow: UnitOfWork, ctx: Context, kind: str, record_id, fields) -> None:
    """A member of staff (not the outlet's own account) set or changed personal fields: logged as a change."""
    personal = [f for f in fields if f in KINDS[kind]]
    if personal and can.STAFF_WORK.allows(ctx.principal):
        record(uow, ctx, "change", kind, record_id, personal, "verify")


@authorized(can.REVEAL_PERSONAL_DATA)
def reveal(uow: UnitOfWork, ctx: Context, kind: str, record_id: int, reason: str, detail: str = "") -> dict:
    """The clear personal fields of one journalist or KIM member, for a reason from ``REASONS`` (``other`` needs the
    free text); the log row and the answer go together."""
    detail = (detail or "").strip()
    if reason not in REASONS:
        raise Invalid("reason", "Pilih alasan membuka data pribadi.")
    if reason == "other" and not detail:
        raise Invalid("detail", "Jelaskan alasan membuka data pribadi.")
    found = uow.session.get(MODELS[kind], record_id)
    if found is None:
        raise NotFound(NOT_FOUND[kind])
    if kind == "journalist":
        from registry.use_cases.privacy import refuse_if_restricted

        refuse_if_restricted(uow.session, ctx, found.outlet_id)
    values = {field: getattr(found, field) for field in KINDS[kind]}
    record(uow, ctx, "reveal", kind, found.id, [f for f, v in values.items() if v], reason, detail)
    uow.commit()
    return {"kind": kind, "id": found.id, "name": found.name, **values}


@authorized(can.READ_ACCESS_LOG)
def access_log(uow: UnitOfWork, ctx: Context, start=None, end=None) -> list[dict]:
    """The access log between two office-zone days (this month so far by default), for the DPO's page."""
    from chassis.privacy import read_access_log

    return read_access_log(uow.session, ACCESS_LOG, ctx, start, end)


@authorized(can.READ_ACCESS_LOG)
def access_summary(uow: UnitOfWork, ctx: Context, year: int) -> dict:
    """Per month of ``year``: how many reveals, exports, changes and erasures, for the DPO's page."""
    from chassis.privacy import monthly_counts

    return monthly_counts(uow.session, ACCESS_LOG, ctx, year)

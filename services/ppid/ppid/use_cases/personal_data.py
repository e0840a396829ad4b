"""Revealing one request's personal data with a reason, and exporting it in a letter, each written to the access log
in the same transaction."""

from __future__ import annotations

from chassis import logs
from chassis import personal_data as pd
from chassis.errors import Forbidden, Invalid
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from chassis.privacy import PRIVACY_OFFICER
from ppid.context import Context
from ppid.domain.permissions import EXPORT_PERSONAL_DATA, READ_ACCESS_LOG, REVEAL_PERSONAL_DATA
from ppid.domain.personal_data import PERSONAL, REASONS
from ppid.models import ACCESS_LOG, Request
from ppid.use_cases.requests import find_for_staff


@authorized(REVEAL_PERSONAL_DATA)
def reveal(uow: UnitOfWork, ctx: Context, number: str, reason: str, detail: str = "") -> dict:
    """The clear NIK, address, phone and email of one request, for a reason from ``REASONS`` (``other`` needs the
    free text); a request under a data-subject restriction opens to the data protection officer only."""
    from ppid.use_cases.privacy import is_restricted

    detail = (detail or "").strip()
    if reason not in REASONS:
        raise Invalid("reason", "Pilih alasan membuka data pribadi.")
    if reason == "other" and not detail:
        raise Invalid("detail", "Jelaskan alasan membuka data pribadi.")
    request = find_for_staff(uow.session, ctx, number)
    if is_restricted(uow.session, request.id) and PRIVACY_OFFICER not in ctx.principal.roles:
        raise Forbidden(
            "Pemrosesan data pribadi pemohon ini dibatasi atas permintaannya; hanya pejabat pelindungan data pribadi "
            "yang dapat membukanya."
        )
    values = {field: getattr(request, field) for field in PERSONAL}
    pd.record_access(
        uow.session,
        ACCESS_LOG,
        at=ctx.now(),
        principal=ctx.principal,
        action="reveal",
        record_kind="request",
        record_id=request.registration_number,
        fields=[field for field in PERSONAL if values[field]],
        reason=reason,
        detail=detail,
        request_id=logs.request_id_var.get() or "",
    )
    uow.commit()  # a reveal that is not logged does not happen: the row and the answer go together
    return {"registration_number": request.registration_number, "name": request.name, **values}


@authorized(READ_ACCESS_LOG)
def access_log(uow: UnitOfWork, ctx: Context, start=None, end=None) -> list[dict]:
    """The access log between two office-zone days (this month so far by default), for the DPO's page."""
    from chassis.privacy import read_access_log

    return read_access_log(uow.session, ACCESS_LOG, ctx, start, end)


# What a letter prints of the requester (never the NIK, nor the tracking code).
LETTER_FIELDS = ("name", "address", "phone", "email")
EXPORT_REASON = "ekspor"


@authorized(EXPORT_PERSONAL_DATA)
def export_letter(uow: UnitOfWork, ctx: Context, number: str, letter: str) -> Request:
    """A request for one of its letters (``letter``: receipt, notice, ...), which print the requester's name, address
    and contacts: the download is an export, logged with the fields it carries before the letter is made."""
    request = find_for_staff(uow.session, ctx, number)
    log_export(uow, ctx, request, letter)
    return request


def log_export(uow: UnitOfWork, ctx: Context, request: Request, letter: str) -> None:
    """Write the export of ``request``'s letter to the access log and commit it (a restricted record exports to
    nobody: its data-subject restriction stops processing)."""
    from ppid.use_cases.privacy import is_restricted

    if is_restricted(uow.session, request.id):
        raise Forbidden("Pemrosesan data pribadi pemohon ini dibatasi atas permintaannya; suratnya tidak diunduh.")
    pd.record_access(
        uow.session,
        ACCESS_LOG,
        at=ctx.now(),
        principal=ctx.principal,
        action="export",
        record_kind="request",
        record_id=request.registration_number,
        fields=[field for field in LETTER_FIELDS if getattr(request, field)],
        reason=EXPORT_REASON,
        detail=letter,
        request_id=logs.request_id_var.get() or "",
    )
    uow.commit()

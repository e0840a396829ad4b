"""A requester who lost a tracking code asks for new ones by the email or phone given on the request."""

from __future__ import annotations

import time

from sqlalchemy import or_, select

from chassis import personal_data
from chassis.messaging import UnitOfWork
from ppid import notifications
from ppid.context import Context
from ppid.domain import recovery as rules
from ppid.domain import workflow
from ppid.domain.requests import EMAIL_INDEX, PHONE_INDEX, new_tracking_code, phone_key
from ppid.models import Request
from ppid.use_cases.common import REQUESTER, hash_code, log


def recover_codes(uow: UnitOfWork, ctx: Context, contact: str) -> str:
    """Give each open or recent request with this contact a new tracking code (the old one's hash is replaced, so it
    stops working) and mail the numbers with their new codes to the email on record; returns the one answer given
    whatever was found. Anyone may ask: no account, no permission; the gateway limits public writes per client."""
    started = time.monotonic()
    seal, now = personal_data.active(), ctx.now()
    if rules.is_email(contact):
        match = Request.email_index == seal.index(contact.strip(), EMAIL_INDEX)
    else:
        match = Request.phone_index == seal.index(phone_key(contact), PHONE_INDEX)
    recent = or_(Request.status.in_([s.value for s in workflow.OPEN]), Request.received_at >= now - rules.RECENT)
    found = uow.session.scalars(
        select(Request).where(match, recent, Request.email.is_not(None)).order_by(Request.id).with_for_update()
    ).all()
    renewed: dict[str, list[tuple[Request, str]]] = {}
    for request in found:
        if not rules.renewable(request.code_renewed_at, now):
            continue
        code = new_tracking_code()
        request.tracking_code_hash = hash_code(code)
        request.code_renewed_at = now
        note = "Kode pelacakan baru dikirim ke email pemohon atas permintaannya; kode lama tidak berlaku."
        log(request, REQUESTER, request.status, note, action="renew_code", public=True)
        renewed.setdefault(request.email, []).append((request, code))
    for email, codes in renewed.items():
        notifications.codes_renewed(uow.session, email, codes, ctx.settings)
    uow.commit()
    time.sleep(max(0.0, rules.FLOOR_SECONDS - (time.monotonic() - started)))
    return rules.ANSWER

"""Reminders: documents that expire and contracts that end within N days, on the verifier's list and by email."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from chassis import mail
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import permissions as can
from registry.models import Application, ApplicationDocument, Contract, Outlet, mail_outbox


def due(session, today: dt.date, days: int) -> dict:
    horizon = today + dt.timedelta(days=days)
    documents = session.execute(
        select(ApplicationDocument, Outlet)
        .join(Application, Application.id == ApplicationDocument.application_id)
        .join(Outlet, Outlet.id == Application.outlet_id)
        .where(
            ApplicationDocument.expires_on.is_not(None),
            ApplicationDocument.expires_on <= horizon,
            ApplicationDocument.expires_on >= today,
        )
        .order_by(ApplicationDocument.expires_on)
    ).all()
    contracts = session.execute(
        select(Contract, Outlet)
        .join(Application, Application.id == Contract.application_id)
        .join(Outlet, Outlet.id == Application.outlet_id)
        .where(Contract.status == "active", Contract.ends_on <= horizon, Contract.ends_on >= today)
        .order_by(Contract.ends_on)
    ).all()
    return {
        "documents": [
            {
                "outlet_id": o.id,
                "outlet": o.name,
                "email": o.email,
                "document": d.type_code,
                "application_id": d.application_id,
                "expires_on": d.expires_on,
            }
            for d, o in documents
        ],
        "contracts": [
            {
                "outlet_id": o.id,
                "outlet": o.name,
                "email": o.email,
                "contract": c.number,
                "contract_id": c.id,
                "ends_on": c.ends_on,
            }
            for c, o in contracts
        ],
    }


@authorized(can.VERIFY)
def upcoming(uow: UnitOfWork, ctx: Context, days: int) -> dict:
    """What expires or ends within ``days`` days of the office's today, for the verifier's list."""
    return due(uow.session, ctx.today(), days)


def send(uow: UnitOfWork, ctx: Context) -> int:
    """Mail each outlet once per reminder day (the worker runs daily, with no caller); returns the messages queued."""
    today, days = ctx.today(), ctx.settings.reminder_days
    found = due(uow.session, today, days)
    sent = 0
    marker = f"[{today.isoformat()}]"
    already = set(uow.session.scalars(select(mail_outbox.c.subject).where(mail_outbox.c.subject.like(f"{marker}%"))))
    for item in found["documents"]:
        subject = f"{marker} Dokumen {item['document']} kedaluwarsa {item['expires_on'].isoformat()}"
        if item["email"] and subject not in already:
            mail.queue(
                uow.session,
                mail_outbox,
                item["email"],
                subject,
                f"Dokumen {item['document']} perusahaan pers {item['outlet']} berlaku sampai "
                f"{item['expires_on'].isoformat()}. Unggah yang baru sebelum itu.",
            )
            sent += 1
    for item in found["contracts"]:
        subject = f"{marker} Kontrak {item['contract']} berakhir {item['ends_on'].isoformat()}"
        if item["email"] and subject not in already:
            body = f"Kontrak {item['contract']} dengan {item['outlet']} berakhir pada {item['ends_on'].isoformat()}."
            mail.queue(uow.session, mail_outbox, item["email"], subject, body)
            sent += 1
    uow.commit()
    return sent

"""Who works for an outlet: the account that registered it, and the staff it invited by email.

An owner invites a colleague's email; the colleague signs up at the gateway like any partner (or logs in) and
opens the mailed link, which binds that account to the outlet. Every check "is this the partner's own outlet"
goes through :func:`managed_by` / :func:`manages`, so members see and do what the owner does, except inviting
and removing staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis import mail
from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from registry.models import Outlet, OutletMember, mail_outbox

INVITATION_DAYS = 7


def managed_by(username: str) -> ColumnElement[bool]:
    """SQL condition on ``Outlet``: the account owns the outlet or is its accepted staff."""
    members = select(OutletMember.outlet_id).where(OutletMember.account == username)
    return or_(Outlet.account == username, Outlet.id.in_(members))


def outlet_of_account(session: Session, username: str) -> Outlet | None:
    return session.scalars(select(Outlet).where(managed_by(username))).first()


def manages(session: Session, outlet: Outlet, username: str) -> bool:
    if outlet.account == username:
        return True
    found = select(OutletMember.id).where(OutletMember.outlet_id == outlet.id, OutletMember.account == username)
    return session.scalar(found) is not None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owned(session: Session, outlet_id: int, who: Principal) -> Outlet:
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not manages(session, outlet, who.username):
        raise Problem(404, f"Perusahaan pers {outlet_id} tidak ada.", title="Not Found")
    if outlet.account != who.username:
        raise Problem(403, "Hanya akun pengelola perusahaan pers yang mengundang atau mengeluarkan staf.",
                      title="Forbidden")  # fmt: skip
    return outlet


def status(member: OutletMember, now: dt.datetime) -> str:
    if member.accepted_at is not None:
        return "active"
    return "expired" if member.expires_at <= now else "invited"


def view(member: OutletMember, now: dt.datetime) -> dict:
    return {"id": member.id, "outlet_id": member.outlet_id, "email": member.email, "account": member.account,
            "status": status(member, now), "invited_by": member.invited_by, "invited_at": member.invited_at,
            "expires_at": member.expires_at, "accepted_at": member.accepted_at}  # fmt: skip


def invite(uow: UnitOfWork, outlet_id: int, email: str, who: Principal, base_url: str) -> tuple[OutletMember, str]:
    """Invite ``email`` to work for the outlet; the link is mailed (and returned once, for the owner's page)."""
    session = uow.session
    outlet = _owned(session, outlet_id, who)
    email = email.strip().lower()
    pending = session.scalars(select(OutletMember).where(
        OutletMember.outlet_id == outlet.id, OutletMember.email == email, OutletMember.accepted_at.is_(None)
    )).all()  # fmt: skip
    for old in pending:  # a fresh invitation replaces an unanswered one
        session.delete(old)
    token = secrets.token_urlsafe(24)
    member = OutletMember(outlet_id=outlet.id, email=email, token_sha256=_digest(token), invited_by=who.username,
                          expires_at=utcnow() + dt.timedelta(days=INVITATION_DAYS))  # fmt: skip
    session.add(member)
    session.flush()
    link = f"{base_url.rstrip('/')}/registry/mitra/undangan/{token}"
    mail.queue(session, mail_outbox, email, f"[Kemitraan media] Undangan staf {outlet.name}",
               f"{who.username} mengundang Anda mengelola kemitraan media {outlet.name}.\n\n"
               f"Buat akun mitra (atau masuk) lalu buka tautan ini dalam {INVITATION_DAYS} hari:\n{link}\n\n"
               "Abaikan surel ini bila Anda tidak mengenal undangan ini.")  # fmt: skip
    uow.commit()
    return member, link


def accept(uow: UnitOfWork, token: str, who: Principal) -> OutletMember:
    """Bind the logged-in partner account to the outlet of the invitation (once; never a second outlet)."""
    session = uow.session
    member = session.scalars(
        select(OutletMember).where(OutletMember.token_sha256 == _digest(token)).with_for_update()
    ).first()
    now = utcnow()
    if member is None or member.accepted_at is not None:
        raise Problem(404, "Undangan tidak ada atau sudah dipakai.", title="Not Found")
    if member.expires_at <= now:
        raise Problem(410, "Undangan sudah kedaluwarsa; minta pengelola mengundang lagi.", title="Gone")
    if outlet_of_account(session, who.username) is not None:
        raise Problem(409, "Akun ini sudah mengelola satu perusahaan pers.", title="Conflict")
    member.account, member.accepted_at, member.token_sha256 = who.username, now, None
    try:
        session.flush()
    except IntegrityError:
        raise Problem(409, "Akun ini sudah mengelola satu perusahaan pers.", title="Conflict") from None
    uow.commit()
    return member


def members(session: Session, outlet_id: int, who: Principal, staff: bool) -> list[dict]:
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (staff or manages(session, outlet, who.username)):
        raise Problem(404, f"Perusahaan pers {outlet_id} tidak ada.", title="Not Found")
    now = utcnow()
    rows = session.scalars(select(OutletMember).where(OutletMember.outlet_id == outlet_id).order_by(OutletMember.id))
    return [view(m, now) for m in rows]


def remove(uow: UnitOfWork, outlet_id: int, member_id: int, who: Principal) -> None:
    session = uow.session
    _owned(session, outlet_id, who)
    member = session.get(OutletMember, member_id)
    if member is None or member.outlet_id != outlet_id:
        raise field_problem("member_id", "Staf tidak ada.", 404)
    session.delete(member)
    uow.commit()

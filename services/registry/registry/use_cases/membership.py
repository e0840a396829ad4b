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
from chassis.errors import Conflict, Forbidden, Gone, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import permissions as can
from registry.models import Outlet, OutletMember, mail_outbox
from registry.use_cases.common import field_error

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


def _own_outlet_id(session: Session, who: Principal) -> int:
    outlet = outlet_of_account(session, who.username)
    if outlet is None:
        raise Conflict("Akun ini belum terhubung dengan perusahaan pers; daftarkan dulu.")
    return outlet.id


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owned(session: Session, outlet_id: int, who: Principal) -> Outlet:
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not manages(session, outlet, who.username):
        raise NotFound(f"Perusahaan pers {outlet_id} tidak ada.")
    if outlet.account != who.username:
        raise Forbidden("Hanya akun pengelola perusahaan pers yang mengundang atau mengeluarkan staf.")
    return outlet


def status(member: OutletMember, now: dt.datetime) -> str:
    if member.accepted_at is not None:
        return "active"
    return "expired" if member.expires_at <= now else "invited"


def view(member: OutletMember, now: dt.datetime) -> dict:
    return {
        "id": member.id,
        "outlet_id": member.outlet_id,
        "email": member.email,
        "account": member.account,
        "status": status(member, now),
        "invited_by": member.invited_by,
        "invited_at": member.invited_at,
        "expires_at": member.expires_at,
        "accepted_at": member.accepted_at,
    }


@authorized(can.PARTNER_WORK)
def invite(uow: UnitOfWork, ctx: Context, outlet_id: int | None, email: str) -> tuple[OutletMember, str]:
    """Invite ``email`` to work for the outlet (``None``: the caller's own); the link is mailed (and returned once,
    for the owner's page)."""
    session = uow.session
    who = ctx.principal
    outlet = _owned(session, _own_outlet_id(session, who) if outlet_id is None else outlet_id, who)
    email = email.strip().lower()
    pending = session.scalars(
        select(OutletMember).where(
            OutletMember.outlet_id == outlet.id, OutletMember.email == email, OutletMember.accepted_at.is_(None)
        )
    ).all()
    for old in pending:  # a fresh invitation replaces an unanswered one
        session.delete(old)
    token = secrets.token_urlsafe(24)
    member = OutletMember(
        outlet_id=outlet.id,
        email=email,
        token_sha256=_digest(token),
        invited_by=who.username,
        expires_at=ctx.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    session.add(member)
    session.flush()
    link = f"{ctx.settings.public_base_url.rstrip('/')}/registry/mitra/undangan/{token}"
    mail.queue(
        session,
        mail_outbox,
        email,
        f"[Kemitraan media] Undangan staf {outlet.name}",
        f"{who.username} mengundang Anda mengelola kemitraan media {outlet.name}.\n\n"
        f"Buat akun mitra (atau masuk) lalu buka tautan ini dalam {INVITATION_DAYS} hari:\n{link}\n\n"
        "Abaikan surel ini bila Anda tidak mengenal undangan ini.",
    )
    uow.commit()
    return member, link


@authorized(can.PARTNER_WORK)
def accept(uow: UnitOfWork, ctx: Context, token: str) -> OutletMember:
    """Bind the logged-in partner account to the outlet of the invitation (once; never a second outlet)."""
    session = uow.session
    who = ctx.principal
    member = session.scalars(
        select(OutletMember).where(OutletMember.token_sha256 == _digest(token)).with_for_update()
    ).first()
    now = ctx.now()
    if member is None or member.accepted_at is not None:
        raise NotFound("Undangan tidak ada atau sudah dipakai.")
    if member.expires_at <= now:
        raise Gone("Undangan sudah kedaluwarsa; minta pengelola mengundang lagi.")
    if outlet_of_account(session, who.username) is not None:
        raise Conflict("Akun ini sudah mengelola satu perusahaan pers.")
    member.account, member.accepted_at, member.token_sha256 = who.username, now, None
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Akun ini sudah mengelola satu perusahaan pers.") from None
    uow.commit()
    return member


@authorized(can.READ_PARTNERSHIP)
def members(uow: UnitOfWork, ctx: Context, outlet_id: int) -> list[dict]:
    """Pending invitations and joined accounts: for the outlet's own accounts and the office."""
    session = uow.session
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (can.sees_every_outlet(ctx.principal) or manages(session, outlet, ctx.principal.username)):
        raise NotFound(f"Perusahaan pers {outlet_id} tidak ada.")
    now = ctx.now()
    rows = session.scalars(select(OutletMember).where(OutletMember.outlet_id == outlet_id).order_by(OutletMember.id))
    return [view(m, now) for m in rows]


@authorized(can.PARTNER_WORK)
def remove(uow: UnitOfWork, ctx: Context, outlet_id: int | None, member_id: int) -> None:
    session = uow.session
    who = ctx.principal
    outlet_id = _own_outlet_id(session, who) if outlet_id is None else outlet_id
    _owned(session, outlet_id, who)
    member = session.get(OutletMember, member_id)
    if member is None or member.outlet_id != outlet_id:
        raise field_error(NotFound, "member_id", "Staf tidak ada.")
    session.delete(member)
    uow.commit()

"""What the office publishes without a request: the public information list (DIP) and each OPD's guidance.

The PPID officer manages the list and sees unpublished entries; everyone else reads what is published, an exempt
entry only as exempt. The PPID writes every OPD's guidance, an OPD officer only their own OPD's.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from chassis import files, pagination
from chassis.db import values as db_values
from chassis.errors import Conflict, Forbidden, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid.context import Context
from ppid.domain import dip as dip_rules
from ppid.domain.permissions import EDIT_GUIDANCE, MANAGE_DIP
from ppid.domain.workflow import OFFICER, OPD_OFFICER
from ppid.models import DipEntry, Guidance
from ppid.use_cases.common import MAX_ID
from ppid.use_cases.files import keep


def sees_unpublished(ctx: Context) -> bool:
    """Whether the caller reads the list as its manager: unpublished entries and every field."""
    return MANAGE_DIP.allows(ctx.principal)


def _check(entry: dict) -> None:
    problem = dip_rules.entry_problem(entry)
    if problem:
        raise Invalid(*problem)


def find_dip_entry(session, entry_id: int, *, lock=False) -> DipEntry:
    entry = session.get(DipEntry, entry_id, with_for_update=lock) if 0 < entry_id <= MAX_ID else None
    if entry is None:
        raise NotFound(f"Entri DIP {entry_id} tidak ditemukan.")
    return entry


def dip_entries(uow: UnitOfWork, ctx: Context, query: dict) -> tuple[list[DipEntry], str | None, bool]:
    """Entries for the list, title order, a page at a time; and whether the caller sees them as manager."""
    staff = sees_unpublished(ctx)
    statement = select(DipEntry)
    if not staff:
        statement = statement.where(DipEntry.published.is_(True))
    if query.get("category"):
        statement = statement.where(DipEntry.category == query["category"])
    if query.get("opd"):
        statement = statement.where(DipEntry.opd == query["opd"].strip().lower())
    if query.get("q"):
        term = query["q"].strip().lower()
        in_title = func.lower(DipEntry.title).contains(term, autoescape=True)
        in_summary = func.lower(DipEntry.summary).contains(term, autoescape=True)
        if not staff:  # the summary of an exempt entry is not public, so it must not be searchable either
            in_summary = and_(DipEntry.category != dip_rules.Category.EXEMPT, in_summary)
        statement = statement.where(or_(in_title, in_summary))
    limit = query["limit"]
    ordered = pagination.keyset(statement, [(DipEntry.title, False), (DipEntry.id, False)], query.get("after"), limit)
    rows, cursor = pagination.page(list(uow.session.scalars(ordered)), limit, lambda e: (e.title, e.id))
    return rows, cursor, staff


def published_dip(uow: UnitOfWork, ctx: Context) -> list[DipEntry]:
    """The published list in the order of the printed DIP: category, then title."""
    return list(
        uow.session.scalars(
            select(DipEntry)
            .where(DipEntry.published.is_(True))
            .order_by(DipEntry.category, DipEntry.title, DipEntry.id)
        )
    )


def dip_entry(uow: UnitOfWork, ctx: Context, entry_id: int) -> tuple[DipEntry, bool]:
    """One entry (an unpublished one only for its manager), and whether the caller sees it as manager."""
    staff = sees_unpublished(ctx)
    entry = find_dip_entry(uow.session, entry_id)
    if not staff and not entry.published:
        raise NotFound(f"Entri DIP {entry_id} tidak ditemukan.")
    return entry, staff


def dip_document(uow: UnitOfWork, ctx: Context, entry_id: int) -> tuple[DipEntry, bool]:
    """An entry's document: public once published and not exempt; its manager always."""
    staff = sees_unpublished(ctx)
    entry = find_dip_entry(uow.session, entry_id)
    hidden = not entry.published or entry.category == dip_rules.Category.EXEMPT
    if (hidden and not staff) or not entry.file_sha256:
        raise NotFound("Dokumen tidak ada.")
    return entry, staff


@authorized(MANAGE_DIP)
def create_dip_entry(uow: UnitOfWork, ctx: Context, data: dict) -> DipEntry:
    _check(data)
    entry = DipEntry(**{**data, "exemption_grounds": sorted(set(data.get("exemption_grounds") or []))})
    entry.created_by = ctx.principal.username
    uow.session.add(entry)
    uow.commit()
    return entry


@authorized(MANAGE_DIP)
def attach_dip_file(uow: UnitOfWork, ctx: Context, entry_id: int, upload: files.Upload | None) -> DipEntry:
    """Attach a document to a DIP entry; the file is written only when the entry's change commits."""
    if upload is None:
        raise Invalid(None, "Pilih berkas.", errors=[{"field": "file", "message": "Wajib diisi."}])
    entry = find_dip_entry(uow.session, entry_id, lock=True)
    for key, value in keep(uow, ctx, upload).items():
        setattr(entry, key, value)
    uow.commit()
    return entry


@authorized(MANAGE_DIP)
def update_dip_entry(uow: UnitOfWork, ctx: Context, entry_id: int, changes: dict) -> DipEntry:
    """Change some fields; the entry as a whole must still follow the rules (an exempt one keeps its grounds)."""
    entry = find_dip_entry(uow.session, entry_id, lock=True)
    if "exemption_grounds" in changes:
        changes = {**changes, "exemption_grounds": sorted(set(changes["exemption_grounds"] or []))}
    _check({**db_values(entry), **changes})
    for key, value in changes.items():
        setattr(entry, key, value)
    uow.commit()
    return entry


def guidance_list(uow: UnitOfWork, ctx: Context, *, by_name: bool = False) -> list[Guidance]:
    order = Guidance.opd_name if by_name else Guidance.opd
    return list(uow.session.scalars(select(Guidance).order_by(order)))


def guidance_of(uow: UnitOfWork, ctx: Context, opd: str) -> Guidance:
    guidance = uow.session.get(Guidance, opd)
    if guidance is None:
        raise NotFound(f"Panduan OPD {opd} belum ada.")
    return guidance


def may_edit_guidance(ctx: Context, opd: str) -> bool:
    """The PPID edits every OPD's guidance; an OPD officer only their own."""
    who = ctx.principal
    return OFFICER in ctx.roles or (OPD_OFFICER in ctx.roles and who.opd == opd)


@authorized(EDIT_GUIDANCE)
def save_guidance(uow: UnitOfWork, ctx: Context, opd: str, data: dict) -> tuple[Guidance, bool]:
    """Write what an OPD holds and cannot give; returns it and whether it is new."""
    if not may_edit_guidance(ctx, opd):
        raise Forbidden(f"Hanya PPID atau petugas OPD {opd} yang dapat mengubah panduan ini.")
    guidance = uow.session.get(Guidance, opd, with_for_update=True)
    created = guidance is None
    if created:
        guidance = Guidance(opd=opd)
        uow.session.add(guidance)
    for key, value in data.items():
        setattr(guidance, key, value)
    guidance.updated_by = ctx.principal.username
    try:
        uow.commit()
    except IntegrityError:
        raise Conflict("Panduan OPD ini baru saja dibuat orang lain; muat ulang.") from None
    return guidance, created

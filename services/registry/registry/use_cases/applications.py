"""Use cases of partnership applications: applying, uploading, reviewing, deciding and appealing; what the API and
the pages show of one application."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis import files, formats
from chassis.errors import Conflict, Forbidden, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import events, notices, uploads
from registry.context import Context
from registry.domain import applications as rules
from registry.domain import permissions as can
from registry.domain.applications import DocumentStatus, Status
from registry.models import (
    Appeal,
    Application,
    ApplicationDocument,
    ApplicationLog,
    DocumentType,
    Journalist,
    Outlet,
    Period,
)
from registry.use_cases import membership, scoring
from registry.use_cases.common import field_error
from registry.use_cases.outlets import my_outlet, outlet_for
from registry.use_cases.periods import requirements_of


@authorized(can.PARTNER_WORK)
def apply(uow: UnitOfWork, ctx: Context, data: dict) -> Application:
    session = uow.session
    who = ctx.principal
    period = session.get(Period, data["period_id"])
    if period is None:
        raise field_error(NotFound, "period_id", "Masa pendaftaran tidak ada.")
    outlet = outlet_for(session, data["outlet_id"], who) if data.get("outlet_id") else my_outlet(session, who)
    if not membership.manages(session, outlet, who.username):
        raise field_error(Forbidden, "outlet_id", "Hanya akun pengelola perusahaan pers ini yang mendaftarkannya.")
    tiers = {t["code"] for t in period.tiers or []}
    # When the period scores, the tier follows from the confirmed score: claiming one is optional.
    if tiers and data.get("tier") not in tiers and not (period.criteria and data.get("tier") is None):
        raise Invalid("tier", f"Pilih salah satu: {', '.join(sorted(tiers))}.")
    problem = rules.window_problem(period.opens_at, period.closes_at, ctx.now())
    if problem == "opens":
        opens = formats.datetime_numeric(period.opens_at, ctx.timezone)
        raise Conflict(f"Pendaftaran belum dibuka; dibuka {opens}.", opens_at=period.opens_at.isoformat())
    if problem == "closed":
        closed = formats.datetime_numeric(period.closes_at, ctx.timezone)
        raise Conflict(f"Pendaftaran sudah ditutup pada {closed}.", closes_at=period.closes_at.isoformat())
    application = Application(
        period_id=period.id, outlet_id=outlet.id, status=Status.DRAFT, created_by=who.username, tier=data.get("tier")
    )
    application.log.append(ApplicationLog(actor=who.username, action="create", to_status=Status.DRAFT))
    session.add(application)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Perusahaan pers ini sudah mendaftar pada masa ini.") from None
    carry_over(session, application, period, outlet, ctx.timezone)
    uow.commit()
    return application


def carry_over(session: Session, application: Application, period: Period, outlet: Outlet, timezone) -> None:
    """Re-registration: the outlet's profile and journalists are its own already; from its latest earlier
    application, every accepted document this period asks for that is still valid on the period's opening day
    (office's local date) is carried over: same stored file, still accepted, marked with where it came from."""
    earlier = session.scalars(
        select(Application)
        .join(Period, Period.id == Application.period_id)
        .options(selectinload(Application.documents))
        .where(Application.outlet_id == outlet.id, Application.id != application.id, Period.opens_at < period.opens_at)
        .order_by(Period.opens_at.desc(), Application.id.desc())
    ).first()
    if earlier is None:
        return
    opening = period.opens_at.astimezone(timezone).date()
    wanted = {r.code for r in requirements_of(session, period, outlet.media_type)}
    for doc in earlier.documents:
        if doc.type_code not in wanted or doc.status != DocumentStatus.ACCEPTED:
            continue
        if doc.expires_on is not None and doc.expires_on < opening:
            continue
        application.documents.append(
            ApplicationDocument(
                type_code=doc.type_code,
                file_name=doc.file_name,
                file_type=doc.file_type,
                file_size=doc.file_size,
                file_sha256=doc.file_sha256,
                expires_on=doc.expires_on,
                uploaded_at=doc.uploaded_at,
                status=DocumentStatus.ACCEPTED,
                reviewed_by=doc.reviewed_by,
                reviewed_at=doc.reviewed_at,
                carried_over_from=earlier.id,
            )
        )
    session.flush()


def load(session: Session, ctx: Context, application_id: int, *, lock=False) -> Application:
    """The application if the caller is staff or works for its outlet; otherwise not found (another outlet's
    application is not theirs to know)."""
    who = ctx.principal
    query = (
        select(Application)
        .options(selectinload(Application.documents), selectinload(Application.log))
        .where(Application.id == application_id)
    )
    if lock:
        query = query.with_for_update()
    application = session.scalars(query).first()
    if application is not None and not can.sees_every_outlet(who):
        outlet = session.get(Outlet, application.outlet_id)
        if outlet is None or not membership.manages(session, outlet, who.username):
            application = None
    if application is None:
        raise NotFound(f"Pendaftaran {application_id} tidak ada.")
    return application


@authorized(can.PARTNER_WORK)
def upload(uow: UnitOfWork, ctx: Context, application_id: int, code: str, upload: files.Upload, expires_on):
    """A requirement's document, kept only when the application takes it (its state, the period's list, the date)."""
    session = uow.session
    application = load(session, ctx, application_id, lock=True)
    if Status(application.status) not in rules.EDITABLE:
        raise Conflict(
            f"Dokumen hanya dapat diunggah saat draf, perbaikan atau banding; status sekarang {application.status}.",
            current_state=application.status,
        )
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    wanted = {r.code for r in requirements_of(session, period, outlet.media_type)}
    if code not in wanted:
        raise NotFound(f"Masa ini tidak meminta dokumen {code}.")
    doc_type = session.get(DocumentType, code)
    if doc_type.expires and expires_on is None:
        raise Invalid("expires_on", "Dokumen ini berlaku sampai tanggal tertentu; isi tanggalnya.")
    stored = uploads.keep(uow, upload)
    existing = next((d for d in application.documents if d.type_code == code), None)
    if existing is None:
        existing = ApplicationDocument(type_code=code, **stored)
        application.documents.append(existing)
    else:
        for key, value in stored.items():
            setattr(existing, key, value)
        existing.uploaded_at = ctx.now()
    existing.expires_on = expires_on
    existing.carried_over_from = None
    existing.status = DocumentStatus.PENDING
    existing.note = existing.reviewed_by = existing.reviewed_at = None
    uow.commit()
    return application


@authorized(can.VERIFY)
def review(uow: UnitOfWork, ctx: Context, application_id: int, data: dict) -> Application:
    """The verifier's review: a verdict per document, then revise, verify (only if every rule holds) or reject."""
    application = load(uow.session, ctx, application_id, lock=True)
    if Status(application.status) != Status.SUBMITTED:
        raise Conflict("Hanya pendaftaran yang diajukan yang diperiksa.", current_state=application.status)
    by_code = {d.type_code: d for d in application.documents}
    for code, verdict in (data.get("documents") or {}).items():
        doc = by_code.get(code)
        if doc is None:
            raise Invalid(f"documents.{code}", "Dokumen ini belum diunggah.")
        if not verdict["accepted"] and not (verdict.get("note") or "").strip():
            raise Invalid(f"documents.{code}.note", "Sebutkan alasan penolakan dokumen.")
        doc.status = DocumentStatus.ACCEPTED if verdict["accepted"] else DocumentStatus.REJECTED
        doc.note = (verdict.get("note") or "").strip() or None
        doc.reviewed_by = ctx.principal.username
        doc.reviewed_at = ctx.now()
    uow.session.flush()
    act_in(uow, ctx, application, data["decision"], data.get("reason"))
    uow.commit()
    return application


def failing(session: Session, application: Application, today: dt.date) -> list[dict]:
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    docs = {
        d.type_code: rules.Uploaded(d.type_code, DocumentStatus(d.status), d.expires_on, d.note)
        for d in application.documents
    }
    chiefs = list(
        session.scalars(
            select(Journalist.ukw_level).where(
                Journalist.outlet_id == outlet.id, Journalist.role == "editor_in_chief", Journalist.on_staff(today)
            )
        )
    )
    return (
        rules.failing_rules(requirements_of(session, period, outlet.media_type), docs, today)
        + rules.outlet_rules(period.requires_ukw_utama, period.requires_dewan_pers, outlet.dewan_pers_status, chiefs)
        + scoring.failures(session, application)
    )


# The moves a caller asks for by name (POST /applications/<id>/<action>); the others have their own use case.
ASKED = frozenset({"submit", "reject"})


@authorized(can.MOVE)
def act(uow: UnitOfWork, ctx: Context, application_id: int, action: str, note: str | None = None) -> Application:
    if action not in ASKED:
        raise NotFound(f"Tindakan {action} tidak dikenal.")
    application = load(uow.session, ctx, application_id, lock=True)
    act_in(uow, ctx, application, action, note)
    uow.commit()
    return application


def _lapsed(session: Session, application: Application, today: dt.date) -> list[dict]:
    return [f for f in failing(session, application, today) if f["rule"] in ("missing", "expired")]


def _submit(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    missing = _lapsed(uow.session, application, ctx.today())
    if missing:
        raise Conflict("Lengkapi dokumen wajib sebelum mengajukan.", current_state=application.status, failing=missing)
    application.submitted_at = ctx.now()


def _revise(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    rejected = [d for d in application.documents if d.status == DocumentStatus.REJECTED]
    if not rejected and not (note or "").strip():
        raise Invalid("reason", "Tolak dokumen yang harus diperbaiki, atau tulis alasannya.")


def _verify(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    failures = failing(uow.session, application, ctx.today())
    if failures:
        raise Conflict(
            f"Belum dapat diverifikasi: {len(failures)} aturan belum terpenuhi.",
            current_state=application.status,
            failing=failures,
        )
    scoring.settle(uow.session, application)


def _reject(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    if not (note or "").strip():
        raise Invalid("reason", "Sebutkan alasan penolakan; perusahaan pers melihatnya.")
    application.decided_at, application.note = ctx.now(), note


def _approve(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    # A document may lapse between verification and the decree: the decree's day is checked again.
    lapsed = _lapsed(uow.session, application, ctx.today())
    if lapsed:
        raise Conflict(
            f"Pendaftaran #{application.id} belum dapat disetujui: " + " ".join(f["message"] for f in lapsed),
            current_state=application.status,
            application_id=application.id,
            failing=lapsed,
        )
    application.decided_at, application.note = ctx.now(), note


def _grant_appeal(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    application.decided_at = application.note = None


def _dismiss_appeal(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    application.decided_at = ctx.now()


def _nothing(uow: UnitOfWork, ctx: Context, application: Application, note: str | None) -> None:
    return None


# What each move of the table checks and sets before the status changes (its guard and its effects).
STEPS = {
    "submit": _submit,
    "revise": _revise,
    "verify": _verify,
    "reject": _reject,
    "approve": _approve,
    "appeal": _nothing,  # guarded by ``appeal`` (once, within the period's days), which files the Appeal
    "grant_appeal": _grant_appeal,
    "dismiss_appeal": _dismiss_appeal,
}


def _submitted(session: Session, application: Application, ctx: Context) -> dict:
    outlet = session.get(Outlet, application.outlet_id)
    return {"media_type": outlet.media_type, "tier": application.tier}


def _revision(session: Session, application: Application, ctx: Context) -> dict:
    return {"documents": sorted(d.type_code for d in application.documents if d.status == DocumentStatus.REJECTED)}


def _verified(session: Session, application: Application, ctx: Context) -> dict:
    return {"tier": application.scored_tier or application.tier, "score": application.score}


def _rejected(session: Session, application: Application, ctx: Context) -> dict:
    period = session.get(Period, application.period_id)
    may_appeal = period.appeal_days > 0 and not appeal_of(session, application.id)
    return {"appeal_until": rules.appeal_deadline(ctx.today(), period.appeal_days).isoformat() if may_appeal else None}


def _decided(session: Session, application: Application, ctx: Context) -> dict:
    granted = application.status == Status.SUBMITTED
    return {"decision": "granted" if granted else "dismissed", "status": application.status}


def _no_more(session: Session, application: Application, ctx: Context) -> dict:
    return {}


# What the step's own event (registry.application.<step>.v1) adds to the ids: codes, dates and numbers, never
# notes or personal data. ``approve`` has none: the decree's event tells it.
STEP_EVENTS = {
    "submit": _submitted,
    "revise": _revision,
    "verify": _verified,
    "reject": _rejected,
    "appeal": _no_more,
    "grant_appeal": _decided,
    "dismiss_appeal": _decided,
}
if set(STEPS) != set(rules.TRANSITIONS) or set(STEP_EVENTS) != set(events.APPLICATION_STEPS):
    raise RuntimeError("every move of the application table needs its step, and every step event its data")


def act_in(uow: UnitOfWork, ctx: Context, application: Application, action: str, note: str | None) -> Application:
    """One move of the table, its log entry and its event, inside the caller's transaction."""
    current = Status(application.status)
    move = rules.TRANSITIONS.check(action, current, ctx.roles)
    session = uow.session
    STEPS[action](uow, ctx, application, note)
    application.status = move.target
    application.log.append(
        ApplicationLog(
            actor=ctx.principal.username, action=action, from_status=current, to_status=move.target, note=note
        )
    )
    session.flush()
    notices.application_step(session, application, action, note, ctx.settings.public_base_url)
    at = ctx.now().isoformat()
    ids = {"id": application.id, "period_id": application.period_id, "outlet_id": application.outlet_id}
    uow.emit(
        events.APPLICATION_CHANGED,
        {**ids, "action": action, "status": application.status, "at": at},
        subject=str(application.id),
    )
    if action in STEP_EVENTS:
        data = {**ids, "at": at, **STEP_EVENTS[action](session, application, ctx)}
        uow.emit(events.APPLICATION_STEPS[action], data, subject=str(application.id))
    return application


def appeal_of(session: Session, application_id: int) -> Appeal | None:
    return session.scalars(select(Appeal).where(Appeal.application_id == application_id)).first()

"""Use cases of partnership applications: periods, the document catalogue, applying, uploading, reviewing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis import files
from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from chassis.web import suite
from registry import events, notices, uploads
from registry.domain import applications as rules
from registry.domain import scoring as score_rules
from registry.domain.applications import APPROVER, VERIFIER, DocumentStatus, Status
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

STAFF = (VERIFIER, APPROVER)


def add_document_type(uow: UnitOfWork, data: dict) -> DocumentType:
    if uow.session.get(DocumentType, data["code"]) is not None:
        raise field_problem("code", "Kode sudah dipakai.", 409)
    doc = DocumentType(**data)
    uow.session.add(doc)
    uow.commit()
    return doc


def create_period(uow: UnitOfWork, data: dict, who: Principal) -> Period:
    session = uow.session
    if data["closes_at"] <= data["opens_at"]:
        raise field_problem("closes_at", "Harus setelah waktu dibuka.")
    known = {t.code: t for t in session.scalars(select(DocumentType))}
    for item in data["requirements"]:
        if item["code"] not in known:
            if not item.get("label"):
                raise field_problem(
                    "requirements", f"Jenis dokumen {item['code']} belum ada di katalog: sertakan label."
                )
            known[item["code"]] = DocumentType(code=item["code"], label=item["label"], expires=item["expires"])
            session.add(known[item["code"]])
    data["criteria"] = [
        {**c, "bands": [{**b, "min": str(b["min"])} for b in c.get("bands") or []]} for c in data.get("criteria") or []
    ]
    problems = score_rules.criteria_problems(data["criteria"])
    if problems:
        raise Problem(422, problems[0]["message"], title="Unprocessable Content", errors=problems)
    rules_ = data.pop("rules") or {}
    data["requires_dewan_pers"] = rules_.get("require_dewan_pers", False)
    data["requires_ukw_utama"] = rules_.get("require_ukw_utama_for_chief", False)
    data["requirements"] = [{"code": r["code"], "required": r["required"]} for r in data["requirements"]]
    overlap = session.scalars(
        select(Period).where(
            Period.kind == data["kind"], Period.opens_at < data["closes_at"], Period.closes_at > data["opens_at"]
        )
    ).first()
    if overlap is not None:
        raise Problem(409, f"Masa pendaftaran '{overlap.title}' sudah terbuka pada waktu itu; hanya satu sekaligus.",
                      title="Conflict", period_id=overlap.id)  # fmt: skip
    period = Period(**data, created_by=who.username)
    session.add(period)
    uow.commit()
    return period


def requirements_of(session: Session, period: Period, media_type: str) -> list[rules.Requirement]:
    types = {t.code: t for t in session.scalars(select(DocumentType))}
    found = []
    for item in period.requirements:
        doc = types.get(item["code"])
        if doc is not None and (not doc.media_types or media_type in doc.media_types):
            found.append(rules.Requirement(doc.code, doc.label, item.get("required", True)))
    return found


def my_outlet(session: Session, who: Principal) -> Outlet:
    outlet = membership.outlet_of_account(session, who.username)
    if outlet is None:
        raise Problem(409, "Akun ini belum terhubung dengan perusahaan pers; daftarkan dulu.", title="Conflict")
    return outlet


def when(moment: dt.datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    zone = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(timezone, timezone)
    return f"{local:%d-%m-%Y %H.%M} {zone}"


def apply(uow: UnitOfWork, data: dict, who: Principal, timezone: str) -> Application:
    session = uow.session
    period = session.get(Period, data["period_id"])
    if period is None:
        raise field_problem("period_id", "Masa pendaftaran tidak ada.", 404)
    outlet = outlet_for(session, data["outlet_id"], who) if data.get("outlet_id") else my_outlet(session, who)
    if not membership.manages(session, outlet, who.username):
        raise field_problem("outlet_id", "Hanya akun pengelola perusahaan pers ini yang mendaftarkannya.", 403)
    tiers = {t["code"] for t in period.tiers or []}
    # When the period scores, the tier follows from the confirmed score: claiming one is optional.
    if tiers and data.get("tier") not in tiers and not (period.criteria and data.get("tier") is None):
        raise field_problem("tier", f"Pilih salah satu: {', '.join(sorted(tiers))}.")
    problem = rules.window_problem(period.opens_at, period.closes_at, utcnow())
    if problem == "opens":
        raise Problem(409, f"Pendaftaran belum dibuka; dibuka {when(period.opens_at, timezone)}.", title="Conflict",
                      opens_at=period.opens_at.isoformat())  # fmt: skip
    if problem == "closed":
        raise Problem(409, f"Pendaftaran sudah ditutup pada {when(period.closes_at, timezone)}.", title="Conflict",
                      closes_at=period.closes_at.isoformat())  # fmt: skip
    application = Application(period_id=period.id, outlet_id=outlet.id, status=Status.DRAFT, created_by=who.username,
                              tier=data.get("tier"))  # fmt: skip
    application.log.append(ApplicationLog(actor=who.username, action="create", to_status=Status.DRAFT))
    session.add(application)
    try:
        session.flush()
    except IntegrityError:
        raise Problem(409, "Perusahaan pers ini sudah mendaftar pada masa ini.", title="Conflict") from None
    carry_over(session, application, period, outlet, timezone)
    uow.commit()
    return application


def carry_over(session: Session, application: Application, period: Period, outlet: Outlet, timezone: str) -> None:
    """Re-registration: the outlet's profile and journalists are its own already; from its latest earlier
    application, every accepted document this period asks for that is still valid on the period's opening day
    (office's local date) is carried over: same stored file, still accepted, marked with where it came from."""
    earlier = session.scalars(
        select(Application)
        .join(Period, Period.id == Application.period_id)
        .options(selectinload(Application.documents))
        .where(Application.outlet_id == outlet.id, Application.id != application.id,
               Period.opens_at < period.opens_at)
        .order_by(Period.opens_at.desc(), Application.id.desc())
    ).first()  # fmt: skip
    if earlier is None:
        return
    opening = period.opens_at.astimezone(ZoneInfo(timezone)).date()
    wanted = {r.code for r in requirements_of(session, period, outlet.media_type)}
    for doc in earlier.documents:
        if doc.type_code not in wanted or doc.status != DocumentStatus.ACCEPTED:
            continue
        if doc.expires_on is not None and doc.expires_on < opening:
            continue
        application.documents.append(ApplicationDocument(
            type_code=doc.type_code, file_name=doc.file_name, file_type=doc.file_type, file_size=doc.file_size,
            file_sha256=doc.file_sha256, expires_on=doc.expires_on, uploaded_at=doc.uploaded_at,
            status=DocumentStatus.ACCEPTED, reviewed_by=doc.reviewed_by, reviewed_at=doc.reviewed_at,
            carried_over_from=earlier.id,
        ))  # fmt: skip
    session.flush()


def load(session: Session, application_id: int, who: Principal, *, lock=False) -> Application:
    query = (
        select(Application)
        .options(selectinload(Application.documents), selectinload(Application.log))
        .where(Application.id == application_id)
    )
    if lock:
        query = query.with_for_update()
    application = session.scalars(query).first()
    if application is not None and not who.has_any(*STAFF):
        outlet = session.get(Outlet, application.outlet_id)
        if outlet is None or not membership.manages(session, outlet, who.username):
            application = None  # another outlet's application is not theirs to know
    if application is None:
        raise Problem(404, f"Pendaftaran {application_id} tidak ada.", title="Not Found")
    return application


def upload(uow: UnitOfWork, application: Application, code: str, upload: files.Upload, expires_on, who: Principal):
    """A requirement's document, kept only when the application takes it (its state, the period's list, the date)."""
    session = uow.session
    if Status(application.status) not in rules.EDITABLE:
        raise Problem(409, f"Dokumen hanya dapat diunggah saat draf, perbaikan atau banding; status sekarang "
                      f"{application.status}.", title="Conflict",
                      current_state=application.status)  # fmt: skip
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    wanted = {r.code for r in requirements_of(session, period, outlet.media_type)}
    if code not in wanted:
        raise Problem(404, f"Masa ini tidak meminta dokumen {code}.", title="Not Found")
    doc_type = session.get(DocumentType, code)
    if doc_type.expires and expires_on is None:
        raise field_problem("expires_on", "Dokumen ini berlaku sampai tanggal tertentu; isi tanggalnya.")
    stored = uploads.keep(uow, upload)
    existing = next((d for d in application.documents if d.type_code == code), None)
    if existing is None:
        existing = ApplicationDocument(type_code=code, **stored)
        application.documents.append(existing)
    else:
        for key, value in stored.items():
            setattr(existing, key, value)
        existing.uploaded_at = utcnow()
    existing.expires_on = expires_on
    existing.carried_over_from = None
    existing.status = DocumentStatus.PENDING
    existing.note = existing.reviewed_by = existing.reviewed_at = None
    uow.commit()
    return existing


def review(uow: UnitOfWork, application: Application, data: dict, who: Principal, today: dt.date) -> Application:
    """The verifier's review: a verdict per document, then revise, verify (only if every rule holds) or reject."""
    if Status(application.status) != Status.SUBMITTED:
        raise Problem(409, "Hanya pendaftaran yang diajukan yang diperiksa.", title="Conflict",
                      current_state=application.status)  # fmt: skip
    by_code = {d.type_code: d for d in application.documents}
    for code, verdict in (data.get("documents") or {}).items():
        doc = by_code.get(code)
        if doc is None:
            raise field_problem(f"documents.{code}", "Dokumen ini belum diunggah.")
        if not verdict["accepted"] and not (verdict.get("note") or "").strip():
            raise field_problem(f"documents.{code}.note", "Sebutkan alasan penolakan dokumen.")
        doc.status = DocumentStatus.ACCEPTED if verdict["accepted"] else DocumentStatus.REJECTED
        doc.note = (verdict.get("note") or "").strip() or None
        doc.reviewed_by = who.username
        doc.reviewed_at = utcnow()
    uow.session.flush()
    decision = data["decision"]
    action = {"revise": "revise", "verify": "verify", "reject": "reject"}[decision]
    act_in(uow, application, action, who, data.get("reason"), today)
    uow.commit()
    return application


def failing(session: Session, application: Application, today: dt.date) -> list[dict]:
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    docs = {d.type_code: rules.Uploaded(d.type_code, DocumentStatus(d.status), d.expires_on, d.note)
            for d in application.documents}  # fmt: skip
    chiefs = list(session.scalars(
        select(Journalist.ukw_level).where(Journalist.outlet_id == outlet.id, Journalist.role == "editor_in_chief",
                                           Journalist.on_staff(today))
    ))  # fmt: skip
    return (
        rules.failing_rules(requirements_of(session, period, outlet.media_type), docs, today)
        + rules.outlet_rules(period.requires_ukw_utama, period.requires_dewan_pers, outlet.dewan_pers_status, chiefs)
        + scoring.failures(session, application)
    )


def add_journalist(uow: UnitOfWork, outlet_id: int, data: dict, who: Principal) -> Journalist:
    outlet = outlet_for(uow.session, outlet_id, who)
    journalist = Journalist(outlet_id=outlet.id, **data)
    uow.session.add(journalist)
    uow.session.flush()
    events.journalist_changed(uow, journalist)
    uow.commit()
    return journalist


def outlet_for(session: Session, outlet_id: int, who: Principal) -> Outlet:
    """The outlet if the caller is staff or manages it; otherwise not found."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (who.has_any(*STAFF) or membership.manages(session, outlet, who.username)):
        raise Problem(404, f"Perusahaan pers {outlet_id} tidak ada.", title="Not Found")
    return outlet


def act(uow: UnitOfWork, application: Application, action: str, who: Principal, note: str | None, today: dt.date):
    act_in(uow, application, action, who, note, today)
    uow.commit()
    return application


def checked_move(action: str, current: Status, who: Principal) -> rules.Move:
    """The table's move, or 403 (wrong role) / 409 naming the current state and what is allowed in it."""
    try:
        return rules.check(action, current, who.roles)
    except rules.Forbidden as exc:
        raise Problem(403, str(exc), title="Forbidden") from None
    except rules.InvalidTransition:
        raise Problem(409, f"Pendaftaran berstatus {current.value}; tindakan {action} tidak dapat dilakukan.",
                      title="Conflict", current_state=current.value,
                      allowed_actions=rules.allowed_actions(current, who.roles)) from None  # fmt: skip


def act_in(uow: UnitOfWork, application: Application, action: str, who: Principal, note: str | None, today: dt.date):
    """One move of the table, its log entry and its event, inside the caller's transaction."""
    current = Status(application.status)
    move = checked_move(action, current, who)
    session = uow.session
    if action == "submit":
        missing = [f for f in failing(session, application, today) if f["rule"] in ("missing", "expired")]
        if missing:
            raise Problem(409, "Lengkapi dokumen wajib sebelum mengajukan.", title="Conflict",
                          current_state=current.value, failing=missing)  # fmt: skip
        application.submitted_at = utcnow()
    if action == "verify":
        failures = failing(session, application, today)
        if failures:
            raise Problem(409, f"Belum dapat diverifikasi: {len(failures)} aturan belum terpenuhi.", title="Conflict",
                          current_state=current.value, failing=failures)  # fmt: skip
        scoring.settle(session, application)
    if action == "approve":
        # A document may lapse between verification and the decree: the decree's day is checked again.
        lapsed = [f for f in failing(session, application, today) if f["rule"] in ("missing", "expired")]
        if lapsed:
            raise Problem(409, f"Pendaftaran #{application.id} belum dapat disetujui: "
                          + " ".join(f["message"] for f in lapsed), title="Conflict", current_state=current.value,
                          application_id=application.id, failing=lapsed)  # fmt: skip
    if action == "revise":
        rejected = [d for d in application.documents if d.status == DocumentStatus.REJECTED]
        if not rejected and not (note or "").strip():
            raise field_problem("reason", "Tolak dokumen yang harus diperbaiki, atau tulis alasannya.")
    if action == "reject" and not (note or "").strip():
        raise field_problem("reason", "Sebutkan alasan penolakan; perusahaan pers melihatnya.")
    if action in ("approve", "reject", "dismiss_appeal"):
        application.decided_at = utcnow()
        application.note = note if action != "dismiss_appeal" else application.note
    if action == "grant_appeal":
        application.decided_at = application.note = None
    application.status = move.target
    application.log.append(ApplicationLog(actor=who.username, action=action, from_status=current,
                                          to_status=move.target, note=note))  # fmt: skip
    session.flush()
    notices.application_step(session, application, action, note, suite().settings.public_base_url)
    uow.emit(
        events.APPLICATION_CHANGED,
        {"id": application.id, "period_id": application.period_id, "outlet_id": application.outlet_id,
         "action": action, "status": application.status, "at": utcnow().isoformat()},
        subject=str(application.id),
    )  # fmt: skip
    emit_step(uow, application, action, today)
    return application


def emit_step(uow: UnitOfWork, application: Application, action: str, today: dt.date) -> None:
    """The event of this step (registry.application.<step>.v1): ids, codes, dates and numbers, never notes or
    personal data."""
    event_type = events.APPLICATION_STEPS.get(action)
    if event_type is None:
        return
    session = uow.session
    data = {"id": application.id, "period_id": application.period_id, "outlet_id": application.outlet_id,
            "at": utcnow().isoformat()}  # fmt: skip
    if action == "submit":
        outlet = session.get(Outlet, application.outlet_id)
        data |= {"media_type": outlet.media_type, "tier": application.tier}
    elif action == "revise":
        data["documents"] = sorted(d.type_code for d in application.documents if d.status == DocumentStatus.REJECTED)
    elif action == "verify":
        data |= {"tier": application.scored_tier or application.tier, "score": application.score}
    elif action == "reject":
        period = session.get(Period, application.period_id)
        data["appeal_until"] = rules.appeal_deadline(today, period.appeal_days).isoformat() if (
            period.appeal_days > 0 and not _appeal_of(session, application.id)) else None  # fmt: skip
    elif action in ("grant_appeal", "dismiss_appeal"):
        data |= {"decision": "granted" if action == "grant_appeal" else "dismissed", "status": application.status}
    uow.emit(event_type, data, subject=str(application.id))


def _appeal_of(session: Session, application_id: int) -> Appeal | None:
    return session.scalars(select(Appeal).where(Appeal.application_id == application_id)).first()


def appeal(uow: UnitOfWork, application: Application, reason: str, who: Principal, today: dt.date,
           timezone: str) -> Appeal:  # fmt: skip
    """The rejected outlet appeals, once, within the period's appeal days after the rejection (office's local date).
    New documents may be uploaded while the appeal waits for the approver."""
    session = uow.session
    current = Status(application.status)
    checked_move("appeal", current, who)
    period = session.get(Period, application.period_id)
    rejected_on = application.decided_at.astimezone(ZoneInfo(timezone)).date() if application.decided_at else None
    problem = rules.appeal_problem(rejected_on, period.appeal_days, today, 1 if _appeal_of(session, application.id)
                                   else 0)  # fmt: skip
    if problem:
        deadline = rules.appeal_deadline(rejected_on, period.appeal_days) if rejected_on else None
        raise Problem(409, problem, title="Conflict", current_state=current.value,
                      appeal_until=deadline.isoformat() if deadline and period.appeal_days > 0 else None)  # fmt: skip
    if not (reason or "").strip():
        raise field_problem("reason", "Tuliskan alasan banding.")
    filed = Appeal(application_id=application.id, reason=reason.strip(), filed_by=who.username)
    session.add(filed)
    act_in(uow, application, "appeal", who, reason.strip(), today)
    uow.commit()
    return filed


def decide_appeal(uow: UnitOfWork, application: Application, granted: bool, reason: str | None, who: Principal,
                  today: dt.date) -> Appeal:  # fmt: skip
    """The approver's decision: granted, the application goes back to the verifier; dismissed (with a reason the
    outlet sees), it stays rejected."""
    session = uow.session
    action = "grant_appeal" if granted else "dismiss_appeal"
    checked_move(action, Status(application.status), who)
    filed = _appeal_of(session, application.id)
    if filed is None:
        raise Problem(409, "Tidak ada banding yang menunggu keputusan.", title="Conflict",
                      current_state=application.status)  # fmt: skip
    if not granted and not (reason or "").strip():
        raise field_problem("reason", "Sebutkan alasan banding ditolak; perusahaan pers melihatnya.")
    filed.decision = "granted" if granted else "dismissed"
    filed.decision_reason = (reason or "").strip() or None
    filed.decided_by, filed.decided_at = who.username, utcnow()
    act_in(uow, application, action, who, filed.decision_reason, today)
    uow.commit()
    return filed


def appeal_view(session: Session, application: Application, timezone: str) -> dict | None:
    """What the outlet sees of its appeal: filed, pending or decided (with the reason), or until when it may file."""
    filed = _appeal_of(session, application.id)
    if filed is not None:
        return {"reason": filed.reason, "filed_at": filed.filed_at.isoformat(), "decision": filed.decision,
                "decision_reason": filed.decision_reason,
                "decided_at": filed.decided_at.isoformat() if filed.decided_at else None, "can_appeal": False,
                "appeal_until": None}  # fmt: skip
    if application.status != Status.REJECTED or application.decided_at is None:
        return None
    period = session.get(Period, application.period_id)
    if period.appeal_days <= 0:
        return {"can_appeal": False, "appeal_until": None}
    rejected_on = application.decided_at.astimezone(ZoneInfo(timezone)).date()
    until = rules.appeal_deadline(rejected_on, period.appeal_days)
    return {"can_appeal": True, "appeal_until": until.isoformat()}

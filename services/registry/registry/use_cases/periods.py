"""Use cases of application periods and the document catalogue, and what the public's front page shows of them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.errors import Conflict, Invalid
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import applications as rules
from registry.domain import permissions as can
from registry.domain import scoring as score_rules
from registry.models import DocumentType, Period
from registry.use_cases.common import field_error


@authorized(can.VERIFY)
def add_document_type(uow: UnitOfWork, ctx: Context, data: dict) -> DocumentType:
    if uow.session.get(DocumentType, data["code"]) is not None:
        raise field_error(Conflict, "code", "Kode sudah dipakai.")
    doc = DocumentType(**data)
    uow.session.add(doc)
    uow.commit()
    return doc


@authorized(can.VERIFY)
def create_period(uow: UnitOfWork, ctx: Context, data: dict) -> Period:
    session = uow.session
    if data["closes_at"] <= data["opens_at"]:
        raise Invalid("closes_at", "Harus setelah waktu dibuka.")
    known = {t.code: t for t in session.scalars(select(DocumentType))}
    for item in data["requirements"]:
        if item["code"] not in known:
            if not item.get("label"):
                raise Invalid("requirements", f"Jenis dokumen {item['code']} belum ada di katalog: sertakan label.")
            known[item["code"]] = DocumentType(code=item["code"], label=item["label"], expires=item["expires"])
            session.add(known[item["code"]])
    data["criteria"] = [
        {**c, "bands": [{**b, "min": str(b["min"])} for b in c.get("bands") or []]} for c in data.get("criteria") or []
    ]
    problems = score_rules.criteria_problems(data["criteria"])
    if problems:
        raise Invalid(None, problems[0]["message"], errors=problems)
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
        raise Conflict(
            f"Masa pendaftaran '{overlap.title}' sudah terbuka pada waktu itu; hanya satu sekaligus.",
            period_id=overlap.id,
        )
    period = Period(**data, created_by=ctx.principal.username)
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


def requirement_rows(session: Session, period: Period) -> list[dict]:
    """The period's requirements as a page lists them (label, required, whether it expires, for which media)."""
    types = {t.code: t for t in session.scalars(select(DocumentType))}
    rows = []
    for item in period.requirements:
        doc = types.get(item["code"])
        if doc is not None:
            rows.append(
                {
                    "code": doc.code,
                    "label": doc.label,
                    "required": item.get("required", True),
                    "expires": doc.expires,
                    "media_types": doc.media_types,
                }
            )
    return rows


def period_state(session: Session, now) -> tuple[list[Period], Period | None]:
    """(the periods open now, one per kind at most; when none is, the next one to open)."""
    current = list(
        session.scalars(
            select(Period).where(Period.opens_at <= now, Period.closes_at > now).order_by(Period.closes_at, Period.id)
        )
    )
    upcoming = None
    if not current:
        upcoming = session.scalars(select(Period).where(Period.opens_at > now).order_by(Period.opens_at)).first()
    return current, upcoming


def front_page(uow: UnitOfWork, ctx: Context) -> dict:
    """The public's page: the open periods (requirements, tiers, seconds left) or the next one, and the partners
    whose contract runs today (office's date)."""
    from registry import queries

    session, now = uow.session, ctx.now()
    current, upcoming = period_state(session, now)
    periods = [
        {
            "period": p,
            "requirements": requirement_rows(session, p),
            "seconds_left": int((p.closes_at - now).total_seconds()),
        }
        for p in current
    ]
    partners = queries.active_partners(session, ctx.today())
    return {"periods": periods, "upcoming": upcoming, "partners": partners}


def all_periods(session: Session) -> list[Period]:
    return list(session.scalars(select(Period).order_by(Period.opens_at.desc(), Period.id.desc())))


def chosen(periods: list[Period], wanted: int | None) -> Period | None:
    """The period asked for, else the newest."""
    return next((p for p in periods if p.id == wanted), periods[0] if periods else None)


@authorized(can.STAFF_WORK)
def console(uow: UnitOfWork, ctx: Context) -> dict:
    """The console's periods page: every period, newest first, and the requirement catalogue."""
    catalogue = list(uow.session.scalars(select(DocumentType).order_by(DocumentType.code)))
    return {"periods": all_periods(uow.session), "catalogue": catalogue}

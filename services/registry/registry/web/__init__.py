"""Pages of the media registry in Bahasa Indonesia, server-rendered and usable without JavaScript.

Three audiences: the public (the open period and the partner list), the press outlet's own account
(``media:partner``: profile, journalists, application with uploads, contract, proofs, payments) and the
office's staff console (verifier and approver). Forms post to the same use cases as the JSON API, through
the same schemas; only the way errors are shown differs (next to each field). The gateway's login cookie is
SameSite=Strict, so no other site can post these forms with it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from marshmallow import ValidationError
from sqlalchemy import select

from chassis.forms import FormErrors
from chassis.forms import form_values as form_values  # re-exported: the pages import it from here
from chassis.messaging import utcnow
from chassis.problems import Problem
from chassis.web import suite
from registry import documents, queries
from registry.domain import applications as rules
from registry.domain import payments as payment_rules
from registry.domain.applications import DocumentStatus, Status
from registry.models import Application, Outlet, Period
from registry.use_cases import applications

pages = Blueprint("registry_pages", __name__, url_prefix="/registry", template_folder="templates",
                  static_folder="static")  # fmt: skip

STATUS_LABELS = {s.value: label for s, label in rules.STATUS_LABELS.items()}
DOCUMENT_LABELS = {DocumentStatus.PENDING.value: "Menunggu pemeriksaan", DocumentStatus.ACCEPTED.value: "Diterima",
                   DocumentStatus.REJECTED.value: "Ditolak, perlu diperbaiki"}  # fmt: skip
MEDIA_LABELS = {"print": "Cetak", "online": "Daring (online)", "television": "Televisi", "radio": "Radio"}
ENTITY_LABELS = {"pt": "Perseroan terbatas (PT)", "koperasi": "Koperasi", "yayasan": "Yayasan",
                 "perkumpulan": "Perkumpulan", "perseroan_perorangan": "Perseroan perorangan"}  # fmt: skip
ACTION_LABELS = {"create": "Dibuat", "submit": "Diajukan", "revise": "Dikembalikan untuk perbaikan",
                 "verify": "Diverifikasi", "reject": "Ditolak", "approve": "Disetujui dengan SK", "appeal": "Banding",
                 "grant_appeal": "Banding dikabulkan", "dismiss_appeal": "Banding ditolak"}  # fmt: skip
CONTRACT_LABELS = {"active": "Berjalan", "suspended": "Ditangguhkan", "ended": "Berakhir"}
PROOF_LABELS = {"pending": "Menunggu pemeriksaan", "accepted": "Diterima", "rejected": "Ditolak"}


@pages.app_template_filter("waktu")
def waktu(moment: dt.datetime | None) -> str:
    """A stored UTC moment as the office reads it (its own time zone: WIB, WITA or WIT)."""
    return applications.when(moment, suite().settings.office_timezone) if moment else ""


@pages.app_template_filter("tanggal")
def tanggal(day: dt.date | str | None) -> str:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return documents.tanggal(day) if day else ""


@pages.app_template_filter("rupiah")
def rupiah(value: int | None) -> str:
    return documents.rupiah(value or 0)


@pages.context_processor
def common():
    return {
        "office": suite().settings.org_name,
        "status_labels": STATUS_LABELS,
        "document_labels": DOCUMENT_LABELS,
        "media_labels": MEDIA_LABELS,
        "entity_labels": ENTITY_LABELS,
        "contract_labels": CONTRACT_LABELS,
        "proof_labels": PROOF_LABELS,
        "action_labels": ACTION_LABELS,
        "dewan_pers_labels": rules.DEWAN_PERS,
        "role_labels": rules.ROLES,
        "ukw_labels": rules.UKW_LEVELS,
        "payment_labels": {str(s): label for s, label in payment_rules.STATUS_LABELS.items()},
    }


def page(template: str, status: int = 200, private: bool = True, **context):
    html = render_template(template, **context)
    return html, status, {"Cache-Control": "private, no-store" if private else "public, max-age=30"}


def field_errors(exc: ValidationError | Problem) -> tuple[dict[str, list[str]], str | None]:
    """(messages per field, a message for the whole form) from a schema error or a use case's problem; the rules an
    application fails (a problem's ``failing``) are listed under ``failing``."""
    found = FormErrors.of(exc)
    errors = {name: list(messages) for name, messages in found.fields.items()}
    for failure in exc.extra.get("failing") or [] if isinstance(exc, Problem) else []:
        errors.setdefault("failing", []).append(failure.get("message") or str(failure))
    return errors, found.general


def status_of(exc: ValidationError | Problem) -> int:
    """The answer's status when a form is shown again with its errors: 422 for input, else the use case's."""
    return FormErrors.of(exc).status


def period_state(session) -> tuple[list[Period], Period | None]:
    """(the periods open now, one per kind at most; when none is, the next one to open)."""
    now = utcnow()
    current = list(session.scalars(
        select(Period).where(Period.opens_at <= now, Period.closes_at > now).order_by(Period.closes_at, Period.id)
    ))  # fmt: skip
    upcoming = None
    if not current:
        upcoming = session.scalars(select(Period).where(Period.opens_at > now).order_by(Period.opens_at)).first()
    return current, upcoming


def requirement_rows(session, period: Period) -> list[dict]:
    from registry.models import DocumentType

    types = {t.code: t for t in session.scalars(select(DocumentType))}
    rows = []
    for item in period.requirements:
        doc = types.get(item["code"])
        if doc is not None:
            rows.append({"code": doc.code, "label": doc.label, "required": item.get("required", True),
                         "expires": doc.expires, "media_types": doc.media_types})  # fmt: skip
    return rows


@pages.get("/")
def home():
    """The open periods (requirements, tiers and closing time, counting down) and the active partners."""
    with suite().db.session() as session:
        current, upcoming = period_state(session)
        now = utcnow()
        periods = [{"period": p, "requirements": requirement_rows(session, p),
                    "seconds_left": int((p.closes_at - now).total_seconds())} for p in current]  # fmt: skip
        partners = queries.active_partners(session, suite().settings.local_date())
        return page("registry/home.html", private=False, periods=periods, upcoming=upcoming, partners=partners)


@pages.get("/kim")
def kim_list():
    """Community information groups (KIM), by Kemendagri region code, optionally under one region."""
    from registry import schemas
    from registry.use_cases import kim

    try:
        query = schemas.KimListQuery().load({k: v for k, v in request.args.items() if v})
    except ValidationError as exc:
        errors, _ = field_errors(exc)
        query, problem = {"limit": 50}, "; ".join(m for found in errors.values() for m in found)
    else:
        problem = None
    with suite().db.session() as session:
        found = kim.listing(session, query)
    more = urlencode({**({"region": query["region"]} if query.get("region") else {}), "after": found["next"]})
    return page("registry/kim.html", private=False, groups=found["items"], region=request.args.get("region", ""),
                next_query=more if found["next"] else None, problem=problem)  # fmt: skip


@pages.get("/kim/<int:group_id>")
def kim_group(group_id: int):
    """One KIM as the public sees it: its region, founding decree and activities (no one's contacts)."""
    from registry.use_cases import kim

    with suite().db.session() as session:
        shown = kim.view(kim.group(session, group_id), False)
    return page("registry/kim_group.html", private=False, group=shown)


def application_summary(session, application: Application, who) -> dict:
    """What both the outlet and the staff see of one application: per requirement its document and verdict, every
    point of its score explained, its appeal, and what the viewer may do now."""
    from registry.use_cases import scoring

    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    uploaded = {d.type_code: d for d in application.documents}
    wanted = {r.code for r in applications.requirements_of(session, period, outlet.media_type)}
    requirements = [{**row, "document": uploaded.get(row["code"])} for row in requirement_rows(session, period)
                    if row["code"] in wanted]  # fmt: skip
    status = Status(application.status)
    return {
        "application": application,
        "period": period,
        "outlet": outlet,
        "requirements": requirements,
        "tier": next(
            (t for t in period.tiers or [] if t["code"] == (application.scored_tier or application.tier)), None
        ),  # fmt: skip
        "failing": applications.failing(session, application, suite().settings.local_date()),
        "editable": status in rules.EDITABLE,
        "allowed": rules.allowed_actions(status, who.roles),
        "score": scoring.explain(session, application) if scoring.criteria_for(session, application) else None,
        "appeal": applications.appeal_view(session, application, suite().settings.office_timezone),
        "log": list(application.log),
    }


from registry.web import console, partner  # noqa: E402, F401 - register their pages on the same blueprint

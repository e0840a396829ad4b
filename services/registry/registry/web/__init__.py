"""Pages of the media registry in Bahasa Indonesia, server-rendered and usable without JavaScript.

Three audiences: the public (the open period and the partner list), the press outlet's own account
(``media:partner``: profile, journalists, application with uploads, contract, proofs, payments) and the
office's staff console (verifier and approver). Forms post to the same use cases as the JSON API, through
the same schemas; only the way errors are shown differs (next to each field). The gateway's login cookie is
SameSite=Strict, so no other site can post these forms with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from marshmallow import ValidationError

from chassis import caching, formats
from chassis.forms import FormErrors
from chassis.personal_data import REASONS
from chassis.web import suite, unit_of_work
from registry.context import context
from registry.domain import applications as rules
from registry.domain import contracts as contract_rules
from registry.domain import payments as payment_rules
from registry.domain import personal_data as personal_rules
from registry.domain import proofs as proof_rules
from registry.domain.applications import DocumentStatus
from registry.use_cases import kim, periods

pages = Blueprint(
    "registry_pages", __name__, url_prefix="/registry", template_folder="templates", static_folder="static"
)

STATUS_LABELS = {s.value: label for s, label in rules.STATUS_LABELS.items()}
DOCUMENT_LABELS = {
    DocumentStatus.PENDING.value: "Menunggu pemeriksaan",
    DocumentStatus.ACCEPTED.value: "Diterima",
    DocumentStatus.REJECTED.value: "Ditolak, perlu diperbaiki",
}
MEDIA_LABELS = {"print": "Cetak", "online": "Daring (online)", "television": "Televisi", "radio": "Radio"}
ENTITY_LABELS = {
    "pt": "Perseroan terbatas (PT)",
    "koperasi": "Koperasi",
    "yayasan": "Yayasan",
    "perkumpulan": "Perkumpulan",
    "perseroan_perorangan": "Perseroan perorangan",
}


@pages.app_template_filter("waktu")
def waktu(moment: dt.datetime | None) -> str:
    """A stored UTC moment as the office reads it (its own time zone: WIB, WITA or WIT)."""
    return formats.datetime_numeric(moment, suite().settings.office_timezone) if moment else ""


@pages.app_template_filter("tanggal")
def tanggal(day: dt.date | str | None) -> str:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return formats.date_id(day) if day else ""


@pages.app_template_filter("rupiah")
def rupiah(value: int | None) -> str:
    return formats.rupiah(value or 0)


@pages.context_processor
def common():
    return {
        "office": suite().settings.org_name,
        "status_labels": STATUS_LABELS,
        "document_labels": DOCUMENT_LABELS,
        "media_labels": MEDIA_LABELS,
        "entity_labels": ENTITY_LABELS,
        "contract_labels": {str(s): label for s, label in contract_rules.STATUS_LABELS.items()},
        "proof_labels": {str(s): label for s, label in proof_rules.STATUS_LABELS.items()},
        "action_labels": rules.LOG_LABELS,
        "dewan_pers_labels": rules.DEWAN_PERS,
        "role_labels": rules.JOURNALIST_ROLES,
        "ukw_labels": rules.UKW_LEVELS,
        "payment_labels": {str(s): label for s, label in payment_rules.STATUS_LABELS.items()},
        "reveal_reasons": [(code, REASONS[code]) for code in personal_rules.REASONS],
        "privacy_contact": suite().settings.privacy_officer_contact,
        "retention_journalist_years": suite().settings.retention_journalist_years,
        "retention_kim_months": suite().settings.retention_kim_months,
    }


def page(template: str, status: int = 200, private: bool = True, **context):
    html = render_template(template, **context)
    return html, status, caching.PRIVATE if private else caching.public(30)


def shown(found: FormErrors) -> dict[str, list[str]]:
    """The messages per field of a refused form; the rules an application fails (a refusal's ``failing``) are
    listed under ``failing``."""
    errors = {name: list(messages) for name, messages in found.fields.items()}
    for failure in found.extra.get("failing") or []:
        errors.setdefault("failing", []).append(failure.get("message") or str(failure))
    return errors


def perform(who, use_case, *args, **kwargs):
    """Run ``use_case`` as ``who`` in a unit of work of its own, as the API does (a form's work)."""
    with unit_of_work() as uow:
        return use_case(uow, context(who), *args, **kwargs)


@contextlib.contextmanager
def working(who):
    """A unit of work and the context of ``who`` (None: the public) for a page that renders what it reads: the
    page is rendered inside, while the records it shows are still attached."""
    with unit_of_work() as uow:
        yield uow, context(who)


def refuse_unless_allowed(use_case, who) -> None:
    """Refuse (403) a caller the use case will not serve, before the form is read: the page's ``@calls``."""
    use_case.permission.check(who)


@pages.get("/")
def home():
    """The open periods (requirements, tiers and closing time, counting down) and the active partners."""
    with working(None) as (uow, ctx):
        return page("registry/home.html", private=False, **periods.front_page(uow, ctx))


@pages.get("/kim")
def kim_list():
    """Community information groups (KIM), by Kemendagri region code, optionally under one region."""
    from registry import schemas

    try:
        query = schemas.KimListQuery().load({k: v for k, v in request.args.items() if v})
    except ValidationError as exc:
        errors = shown(FormErrors.of(exc))
        query, problem = {"limit": 50}, "; ".join(m for found in errors.values() for m in found)
    else:
        problem = None
    with unit_of_work() as uow:
        found = kim.listing(uow.session, query)
    more = urlencode({**({"region": query["region"]} if query.get("region") else {}), "after": found["next"]})
    return page(
        "registry/kim.html",
        private=False,
        groups=found["items"],
        region=request.args.get("region", ""),
        next_query=more if found["next"] else None,
        problem=problem,
    )


@pages.get("/kim/<int:group_id>")
def kim_group(group_id: int):
    """One KIM as the public sees it: its region, founding decree and activities (no one's contacts)."""
    with working(None) as (uow, ctx):
        return page("registry/kim_group.html", private=False, group=kim.show(uow, ctx, group_id))


from registry.web import console, partner, partner_contract, privacy  # noqa: E402, F401 - register their pages on the same blueprint

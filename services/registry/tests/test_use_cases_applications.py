"""The application's rules, asked of the use cases directly: a fixed clock, the real test database, no HTTP."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from chassis.auth import Principal
from chassis.errors import Conflict, Forbidden, NotAuthenticated, NotFound
from chassis.transitions import InvalidTransition
from chassis.web import unit_of_work
from registry.context import Context
from registry.domain.applications import DocumentStatus, Status
from registry.models import Application, ApplicationDocument, DocumentType, Outlet, Period
from registry.use_cases import appeals, application_views, applications

NOON = dt.datetime(2027, 3, 1, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB, 13.00 WITA
SERIAL = itertools.count(1)
VERIFIER = Principal("verifikator", frozenset({"registry:verifier"}))
APPROVER = Principal("kadis", frozenset({"registry:approver"}))


def as_(app, who: Principal | None, at: dt.datetime = NOON) -> Context:
    return Context.of(app.extensions["suite"].settings, who, clock=lambda: at)


def partner_with_outlet(session) -> Principal:
    n = next(SERIAL)
    who = Principal(f"mitra-{n}", frozenset({"media:partner"}))
    session.add(
        Outlet(
            name=f"Media {n}",
            legal_name=f"PT Media {n}",
            media_type="online",
            npwp=f"{n:015d}"[-15:],
            nib=f"{n:013d}",
            address="-",
            registered_by=who.username,
            account=who.username,
        )
    )
    return who


@pytest.fixture
def world(app):
    """A period open around NOON asking for one document, two partners with an outlet each, in the test database."""
    with app.app_context(), unit_of_work() as uow:
        session = uow.session
        if session.get(DocumentType, "akta") is None:
            session.add(DocumentType(code="akta", label="Akta pendirian", expires=False))
        period = Period(
            year=2027,
            title=f"Kemitraan {next(SERIAL)}",
            opens_at=NOON - dt.timedelta(days=1),
            closes_at=NOON + dt.timedelta(days=10),
            budget=10**8,
            requirements=[{"code": "akta"}],
            appeal_days=7,
            created_by="verifikator",
            kind=f"uji-{next(SERIAL)}",
        )
        session.add(period)
        mine, other = partner_with_outlet(session), partner_with_outlet(session)
        uow.commit()
        return {"period_id": period.id, "mine": mine, "other": other}


def apply(app, who, period_id, at=NOON) -> int:
    with app.app_context(), unit_of_work() as uow:
        return applications.apply(uow, as_(app, who, at), {"period_id": period_id}).id


def accept_documents(app, application_id: int) -> None:
    with app.app_context(), unit_of_work() as uow:
        uow.session.add(
            ApplicationDocument(
                application_id=application_id,
                type_code="akta",
                file_name="akta.pdf",
                file_type="application/pdf",
                file_size=10,
                file_sha256="0" * 64,
                status=DocumentStatus.ACCEPTED,
            )
        )
        uow.commit()


def run(app, use_case, who, *args, at=NOON):
    with app.app_context(), unit_of_work() as uow:
        return use_case(uow, as_(app, who, at), *args)


def status_of(app, application_id: int) -> str:
    with app.app_context(), unit_of_work() as uow:
        return uow.session.get(Application, application_id).status


def test_no_application_before_the_period_opens_and_the_refusal_names_the_office_time(app, world):
    early = NOON - dt.timedelta(days=2)
    with pytest.raises(Conflict) as refused:
        apply(app, world["mine"], world["period_id"], at=early)
    assert "belum dibuka; dibuka 28-02-2027" in refused.value.detail and refused.value.detail.endswith(" WIB.")
    assert refused.value.extra["opens_at"].startswith("2027-02-28")


def test_a_partner_never_sees_another_outlets_application(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    with pytest.raises(NotFound):
        run(app, application_views.show, world["other"], application_id)
    assert run(app, application_views.show, world["mine"], application_id)["status"] == "draft"
    assert run(app, application_views.show, VERIFIER, application_id)["allowed_actions"] == []


def test_nobody_unknown_and_no_partner_may_review(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    with pytest.raises(NotAuthenticated):
        run(app, applications.review, None, application_id, {"decision": "verify"})
    with pytest.raises(Forbidden):
        run(app, applications.review, world["mine"], application_id, {"decision": "verify"})


def test_submitting_needs_every_required_document_and_leaves_the_draft_as_it_was(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    with pytest.raises(Conflict) as refused:
        run(app, applications.act, world["mine"], application_id, "submit")
    assert [f["rule"] for f in refused.value.extra["failing"]] == ["missing"]
    assert status_of(app, application_id) == Status.DRAFT


def test_a_move_the_state_does_not_allow_names_the_state_and_what_the_caller_may_do(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    with pytest.raises(InvalidTransition) as refused:
        run(app, applications.act, VERIFIER, application_id, "reject", "tidak lengkap")
    assert refused.value.status == 409
    assert refused.value.detail == "Pendaftaran berstatus draft (Draf); tindakan reject tidak dapat dilakukan."
    assert refused.value.extra == {"current_state": "draft", "allowed_actions": []}


def test_only_the_verifier_verifies_and_the_approver_rejects_with_a_reason(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    accept_documents(app, application_id)
    run(app, applications.act, world["mine"], application_id, "submit")
    with pytest.raises(Forbidden):
        run(app, applications.review, APPROVER, application_id, {"decision": "verify"})
    run(app, applications.review, VERIFIER, application_id, {"decision": "verify"})
    assert status_of(app, application_id) == Status.VERIFIED
    with pytest.raises(applications.Invalid):
        run(app, applications.act, APPROVER, application_id, "reject", " ")
    run(app, applications.act, APPROVER, application_id, "reject", "Anggaran tidak cukup.")
    assert status_of(app, application_id) == Status.REJECTED


def test_an_appeal_is_filed_once_within_the_periods_days_counted_in_office_time(app, world):
    application_id = apply(app, world["mine"], world["period_id"])
    accept_documents(app, application_id)
    run(app, applications.act, world["mine"], application_id, "submit")
    run(app, applications.act, VERIFIER, application_id, "reject", "Tidak memenuhi syarat.")
    late = NOON + dt.timedelta(days=8)
    with pytest.raises(Conflict) as refused:
        run(app, appeals.appeal, world["mine"], application_id, "Mohon ditinjau.", at=late)
    assert refused.value.extra["appeal_until"] == "2027-03-08"
    run(app, appeals.appeal, world["mine"], application_id, "Mohon ditinjau.", at=NOON + dt.timedelta(days=7))
    assert status_of(app, application_id) == Status.APPEALED
    with pytest.raises(Forbidden):
        run(app, appeals.decide_appeal, VERIFIER, application_id, True, None)
    run(app, appeals.decide_appeal, APPROVER, application_id, False, "Tetap tidak memenuhi.")
    with pytest.raises(Conflict, match="sekali"):
        run(app, appeals.appeal, world["mine"], application_id, "Sekali lagi.", at=NOON + dt.timedelta(days=8))

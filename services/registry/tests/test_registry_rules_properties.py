"""The registry's own rules (DOMAIN.md, the brief of issue 19), stated here without reading the state tables and
checked against what the use cases and tables actually do: who may decide an application, that a partner never
touches another outlet's contract, that a paid month never goes back, that an approved application is final."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chassis.auth import Principal
from chassis.errors import DomainError, NotFound
from chassis.web import unit_of_work
from registry.context import Context
from registry.domain import applications, payments
from registry.models import Application, Contract, Outlet, PaymentDocument, PaymentRecord, Period
from registry.use_cases import payments as payment_cases
from registry.use_cases import proofs

PARTNER, VERIFIER, APPROVER = "media:partner", "registry:verifier", "registry:approver"
ROLES = st.frozensets(st.sampled_from([PARTNER, VERIFIER, APPROVER, "admin", "ppid:officer"]), max_size=3)
# The decisions about an application belong to the office: a partner's own account never makes one.
DECISIONS = {"revise", "verify", "reject", "approve", "grant_appeal", "dismiss_appeal"}
# What the outlet itself does with its application.
OWN_STEPS = {"submit", "appeal"}
# The office's moves of a payment month; the partner only submits its SPJ.
OFFICE_PAYMENT_MOVES = {"check", "return", "pay", "hold", "release"}


def allows(table, action, state, roles) -> bool:
    try:
        table.check(action, state, roles)
    except DomainError:
        return False
    return True


@given(roles=ROLES, state=st.sampled_from(list(applications.Status)), action=st.sampled_from(sorted(DECISIONS)))
def test_only_the_office_decides_an_application(roles, state, action):
    if allows(applications.TRANSITIONS, action, state, roles):
        assert roles & {VERIFIER, APPROVER}, (action, state, roles)
    if action == "approve" and allows(applications.TRANSITIONS, action, state, roles):
        assert APPROVER in roles and state == applications.Status.VERIFIED, "a decree approves only the verified"


@given(roles=ROLES, state=st.sampled_from(list(applications.Status)), action=st.sampled_from(sorted(OWN_STEPS)))
def test_only_the_outlet_submits_and_appeals_its_application(roles, state, action):
    if allows(applications.TRANSITIONS, action, state, roles):
        assert PARTNER in roles


@given(roles=ROLES, action=st.sampled_from(sorted(DECISIONS | OWN_STEPS)))
def test_an_approved_application_is_final(roles, action):
    assert not allows(applications.TRANSITIONS, action, applications.Status.APPROVED, roles)


@given(moves=st.lists(st.tuples(ROLES, st.sampled_from(sorted(OFFICE_PAYMENT_MOVES | {"submit"}))), max_size=30))
def test_a_paid_month_never_goes_back_and_a_partner_never_makes_an_office_move(moves):
    state = payments.PaymentStatus.OPEN
    for roles, action in moves:
        before = state
        if not allows(payments.PAYMENT_MOVES, action, state, roles):
            continue
        state = payments.PAYMENT_MOVES[action].target
        assert before != payments.PaymentStatus.PAID, "nothing moves a paid month"
        if action in OFFICE_PAYMENT_MOVES:
            assert roles & {VERIFIER, APPROVER}
        if action == "pay":
            assert before == payments.PaymentStatus.CHECKED, "only a checked SPJ is paid"


TODAY = dt.date(2027, 3, 15)
NOON = dt.datetime(2027, 3, 15, 5, 0, tzinfo=dt.UTC)
SERIAL = itertools.count(1)


def _contract_of(session, username: str) -> int:
    n = next(SERIAL)
    outlet = Outlet(
        name=f"Media {n}",
        legal_name=f"PT Media {n}",
        media_type="online",
        npwp=f"{n + 10**14:015d}",
        nib=f"{n:013d}",
        address="-",
        registered_by=username,
        account=username,
    )
    period = Period(year=2027, title=f"Masa {n}", opens_at=NOON, closes_at=NOON, created_by="v", kind=f"p{n}")
    session.add_all([outlet, period])
    session.flush()
    application = Application(period_id=period.id, outlet_id=outlet.id, status="approved", created_by=username)
    session.add(application)
    session.flush()
    contract = Contract(
        application_id=application.id,
        period_id=period.id,
        number=f"K-{n}",
        value=10**7,
        quota=10,
        rate=10**6,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        created_by="v",
    )
    session.add(contract)
    session.flush()
    record = PaymentRecord(contract_id=contract.id, month="2027-02", status="open")
    record.documents.append(
        PaymentDocument(
            file_name="spj.pdf", file_type="application/pdf", file_size=1, file_sha256="0" * 64, uploaded_by=username
        )
    )
    session.add(record)
    return contract.id


@pytest.fixture
def two_partners(app):
    """Two partners, each with its own outlet and a running contract (one month with its SPJ uploaded)."""
    with app.app_context(), unit_of_work() as uow:
        mine, theirs = _contract_of(uow.session, "mitra-satu"), _contract_of(uow.session, "mitra-dua")
        uow.commit()
    return {"mitra-satu": mine, "mitra-dua": theirs}


READS = [
    lambda uow, ctx, contract_id: payment_cases.show_month(uow, ctx, contract_id, "2027-02"),
    lambda uow, ctx, contract_id: payment_cases.months(uow, ctx, contract_id),
    lambda uow, ctx, contract_id: proofs.contract_page(uow, ctx, contract_id),
    lambda uow, ctx, contract_id: payment_cases.move(uow, ctx, contract_id, "2027-02", "submit", {}),
    lambda uow, ctx, contract_id: payment_cases.remove_document(uow, ctx, contract_id, "2027-02", 1),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    who=st.sampled_from(["mitra-satu", "mitra-dua"]),
    whose=st.sampled_from(["mitra-satu", "mitra-dua"]),
    use=st.sampled_from(range(len(READS))),
)
def test_a_partner_never_touches_another_outlets_contract(app, two_partners, who, whose, use):
    ctx = Context.of(app.extensions["suite"].settings, Principal(who, frozenset({PARTNER})), clock=lambda: NOON)
    with app.app_context(), unit_of_work() as uow:
        if who != whose:
            with pytest.raises(NotFound):
                READS[use](uow, ctx, two_partners[whose])
        else:
            try:
                READS[use](uow, ctx, two_partners[whose])
            except NotFound as exc:
                assert "contract_id" not in str(exc.errors), "its own contract is found"
            except DomainError:
                pass  # its own contract, refused for another reason (a state, a missing document)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(
        st.tuples(
            st.sampled_from([PARTNER, VERIFIER, APPROVER]), st.sampled_from(sorted(OFFICE_PAYMENT_MOVES | {"submit"}))
        ),
        min_size=1,
        max_size=8,
    )
)
def test_through_the_use_cases_a_paid_month_stays_paid(app, two_partners, moves):
    contract_id = two_partners["mitra-satu"]
    data = {"note": "alasan", "paid_on": TODAY, "amount": 0, "tax_withheld": 0}
    paid = False
    for role, action in moves:
        username = "mitra-satu" if role == PARTNER else "petugas"
        ctx = Context.of(app.extensions["suite"].settings, Principal(username, frozenset({role})), clock=lambda: NOON)
        with app.app_context(), unit_of_work() as uow:
            try:
                payment_cases.move(uow, ctx, contract_id, "2027-02", action, data)
            except DomainError:
                pass
            status = uow.session.query(PaymentRecord).filter_by(contract_id=contract_id, month="2027-02").one().status
        assert not (paid and status != "paid"), "a paid month went back"
        paid = paid or status == "paid"

"""Objections, disputes, closed days and reports through their use cases (no HTTP)."""

from __future__ import annotations

import datetime as dt

import pytest

from chassis.errors import Forbidden, NotAuthenticated
from chassis.transitions import InvalidTransition
from ppid.use_cases import actions, calendar, objections, reports, requests

# Two days after the decision (made on the fixed Monday): within every window.
LATER = dt.datetime(2026, 3, 4, 2, 0, tzinfo=dt.UTC)


def decided_request(uc, valid_request) -> tuple[str, str]:
    with uc.uow() as uow:
        request, code = requests.submit_request(uow, uc.ctx(), dict(valid_request))
        number = request.registration_number
    for action, data in (("examine", {}), ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):
        with uc.uow() as uow:
            actions.act_as_staff(uow, uc.ctx(uc.officer), number, action, data)
    return number, code


def filed_objection(uc, valid_request) -> str:
    number, code = decided_request(uc, valid_request)
    with uc.uow() as uow:
        data = {"registration_number": number, "tracking_code": code, "grounds": ["e"], "reason": "Belum diberikan."}
        return objections.file_objection(uow, uc.ctx(at=LATER), data).number


def test_only_the_superior_decides_an_objection_and_only_once(uc, valid_request):
    number = filed_objection(uc, valid_request)
    answer = {"outcome": "rejected", "answer": "Informasi sudah diberikan."}
    for who in (None, uc.officer, uc.opd("dinkes")):
        with uc.uow() as uow, pytest.raises((Forbidden, NotAuthenticated)):
            objections.decide_objection(uow, uc.ctx(who, LATER), number, answer)
    with uc.uow() as uow:
        assert objections.decide_objection(uow, uc.ctx(uc.superior, LATER), number, answer).status == "answered"
    with uc.uow() as uow, pytest.raises(InvalidTransition) as refused:
        objections.decide_objection(uow, uc.ctx(uc.superior, LATER), number, answer)
    assert refused.value.extra["current_state"] == "answered"


def test_a_dispute_outcome_follows_mediation_then_adjudication_and_a_final_one_stays(uc, valid_request):
    number = filed_objection(uc, valid_request)
    with uc.uow() as uow:
        objections.decide_objection(uow, uc.ctx(uc.superior, LATER), number, {"outcome": "rejected", "answer": "x"})
    outcome = {"decided_on": LATER.date(), "decision_number": "1/KI"}
    with uc.uow() as uow, pytest.raises(InvalidTransition):  # no dispute recorded yet
        objections.record_dispute_outcome(uow, uc.ctx(uc.officer, LATER), number, {**outcome, "outcome": "granted"})
    with uc.uow() as uow:
        objections.record_dispute(uow, uc.ctx(uc.officer, LATER), number, {"filed_on": LATER.date()})
    with uc.uow() as uow, pytest.raises(InvalidTransition):
        objections.record_dispute(uow, uc.ctx(uc.officer, LATER), number, {"filed_on": LATER.date()})
    for step in ("mediation_failed", "partly_granted"):
        with uc.uow() as uow:
            objections.record_dispute_outcome(uow, uc.ctx(uc.superior, LATER), number, {**outcome, "outcome": step})
    with uc.uow() as uow, pytest.raises(InvalidTransition) as refused:
        objections.record_dispute_outcome(uow, uc.ctx(uc.officer, LATER), number, {**outcome, "outcome": "refused"})
    assert "Perki 1/2013" in refused.value.extra["rule"]


def test_the_objections_page_offers_what_the_tables_allow_the_caller(uc, valid_request):
    number = filed_objection(uc, valid_request)

    def offered(who):
        with uc.uow() as uow:
            return objections.offered(uc.ctx(who, LATER), objections.find_objection(uow.session, number))

    assert offered(uc.superior)["decide"] and not offered(uc.officer)["decide"]
    with uc.uow() as uow:
        objections.decide_objection(uow, uc.ctx(uc.superior, LATER), number, {"outcome": "rejected", "answer": "x"})
    assert offered(uc.officer) == {"decide": False, "dispute": True, "outcomes": []}
    with uc.uow() as uow:
        objections.record_dispute(uow, uc.ctx(uc.officer, LATER), number, {"filed_on": LATER.date()})
    assert len(offered(uc.officer)["outcomes"]) == 5 and not offered(uc.officer)["dispute"]
    with uc.uow() as uow:
        data = {"outcome": "mediation_failed", "decided_on": LATER.date(), "decision_number": "2/KI"}
        objections.record_dispute_outcome(uow, uc.ctx(uc.officer, LATER), number, data)
    assert [v for v, _label in offered(uc.superior)["outcomes"]] == ["granted", "partly_granted", "refused"]


def test_an_opd_officer_reads_only_their_own_opds_report(uc):
    dinkes = uc.opd("dinkes")
    with uc.uow() as uow:
        with pytest.raises(Forbidden):
            reports.yearly_report(uow, uc.ctx(dinkes), 2026, "dishub")
        figures, scope = reports.yearly_report(uow, uc.ctx(dinkes), 2026)
        assert scope == "dinkes" and "survey" not in figures
        figures, scope = reports.yearly_report(uow, uc.ctx(uc.superior), 2026)
        assert scope is None and "survey" in figures and "obstacles" in figures
        with pytest.raises(Forbidden):
            reports.record_obstacle(uow, uc.ctx(uc.superior), {"year": 2026, "obstacle": "x", "cause": "y"})


def test_only_the_ppid_officer_closes_an_office_day(uc):
    day = dt.date(2026, 3, 20)
    for who in (uc.superior, uc.opd("dinkes")):
        with uc.uow() as uow, pytest.raises(Forbidden):
            calendar.close_office_day(uow, uc.ctx(who), day, "Banjir", False)
    with uc.uow() as uow:
        assert isinstance(calendar.close_office_day(uow, uc.ctx(uc.officer), day, "Banjir", False), list)
        with pytest.raises(Forbidden):
            calendar.closed_days(uow, uc.ctx(uc.opd("dinkes")))

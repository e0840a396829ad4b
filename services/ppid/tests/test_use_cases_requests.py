"""The request use cases called directly (no HTTP): who may register, see and move a request, and from where."""

from __future__ import annotations

import datetime as dt

import pytest

from chassis.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from chassis.transitions import InvalidTransition
from ppid.domain.workflow import Status
from ppid.use_cases import actions, requests


def submit(uc, valid_request, principal=None, **kwargs):
    with uc.uow() as uow:
        request, _code = requests.submit_request(uow, uc.ctx(principal), dict(valid_request), **kwargs)
        return request.registration_number


def move(uc, principal, number, action, at=None, **data):
    with uc.uow() as uow:
        return actions.act_as_staff(uow, uc.ctx(principal, at or uc.monday), number, action, data).status


def test_a_submission_is_received_on_the_office_day_of_the_clock_with_ten_working_days(uc, valid_request):
    with uc.uow() as uow:
        request, code = requests.submit_request(uow, uc.ctx(), dict(valid_request))
    assert request.status == Status.RECEIVED and len(code) == 10
    assert request.received_on == dt.date(2026, 3, 2)
    # Ten working days counted from the next working day: Tue 3 .. Mon 16 March.
    assert request.due_date == dt.date(2026, 3, 16)


def test_only_the_ppid_officer_registers_on_behalf_of_a_requester(uc, valid_request):
    with pytest.raises(Forbidden):
        submit(uc, valid_request, uc.opd("dinkes"))
    with pytest.raises(Forbidden):
        submit(uc, valid_request, uc.superior)
    with pytest.raises(Invalid) as refused:
        submit(uc, valid_request, channel="letter")
    assert refused.value.errors == [{"field": "channel", "message": "Hanya untuk petugas PPID."}]
    with pytest.raises(Invalid):
        submit(uc, valid_request, uc.officer, received_at=uc.monday + dt.timedelta(hours=1))
    assert submit(uc, valid_request, uc.officer, channel="letter", received_at=uc.monday - dt.timedelta(days=3))


def test_staff_see_a_request_only_when_the_rules_say_so(uc, valid_request):
    number = submit(uc, valid_request)
    with uc.uow() as uow:
        with pytest.raises(NotAuthenticated):
            requests.staff_request(uow, uc.ctx(), number)
        assert requests.staff_request(uow, uc.ctx(uc.superior), number).registration_number == number
        with pytest.raises(NotFound):
            requests.staff_request(uow, uc.ctx(uc.opd("dinkes")), number)
    move(uc, uc.officer, number, "dispose", opds=["dinkes"])
    with uc.uow() as uow:
        assert requests.staff_request(uow, uc.ctx(uc.opd("dinkes")), number)
        with pytest.raises(NotFound):  # another OPD's request: its existence is not theirs to know
            requests.staff_request(uow, uc.ctx(uc.opd("dishub")), number)


def test_moves_follow_the_office_roles_and_the_request_state(uc, valid_request):
    number = submit(uc, valid_request)
    with pytest.raises(NotFound):  # not yet disposed to the OPD: not theirs to see, let alone move
        move(uc, uc.opd("dinkes"), number, "dispose", opds=["dinkes"])
    with pytest.raises(InvalidTransition) as refused:
        move(uc, uc.officer, number, "deliver")
    assert str(refused.value) == "Permohonan berstatus received (Diterima); tindakan deliver tidak dapat dilakukan."
    assert refused.value.extra["current_state"] == "received" and "dispose" in refused.value.extra["allowed_actions"]
    with pytest.raises(NotFound):  # the requester's move is not a staff action
        move(uc, uc.officer, number, "complete")
    assert move(uc, uc.officer, number, "dispose", opds=["dinkes"]) == Status.DISPOSED
    with pytest.raises(Forbidden):  # an OPD officer answers; only the PPID routes
        move(uc, uc.opd("dinkes"), number, "dispose", opds=["dishub"])
    with pytest.raises(NotFound):
        move(uc, uc.opd("dishub"), number, "answer", answer="Ada.")
    assert move(uc, uc.opd("dinkes"), number, "answer", answer="Data terlampir.") == Status.EXAMINING
    assert move(uc, uc.officer, number, "extend", reason="Data di dua OPD.") == Status.EXAMINING
    with pytest.raises(Conflict):
        move(uc, uc.officer, number, "extend", reason="Lagi.")


def test_the_signer_named_in_the_settings_signs_the_notice(uc, valid_request):
    number = submit(uc, valid_request)
    move(uc, uc.officer, number, "examine")
    move(uc, uc.officer, number, "draft_notice", decision="granted")
    with pytest.raises(Forbidden):  # NOTICE_SIGNER is "officer": the superior may return the draft, not sign it
        move(uc, uc.superior, number, "sign_notice")
    assert move(uc, uc.officer, number, "sign_notice") == Status.DECIDED
    with uc.uow() as uow:
        assert requests.staff_request(uow, uc.ctx(uc.officer), number).decided_on == dt.date(2026, 3, 2)


def test_the_pages_offer_exactly_what_the_caller_may_do(uc, valid_request):
    number = submit(uc, valid_request)
    with uc.uow() as uow:
        request = requests.staff_request(uow, uc.ctx(uc.officer), number)
        offered = {m.action for m in actions.offered(uc.ctx(uc.officer), request)}
        assert offered == {
            "mark_incomplete",
            "close_incomplete",
            "dispose",
            "examine",
            "extend",
            "mark_duplicate",
            "note",
        } - {"close_incomplete"}
        assert {m.action for m in actions.offered(uc.ctx(uc.superior), request)} == {"note"}

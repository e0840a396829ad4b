"""The workflow use cases called directly: moves, their notes, scheduling and the worker's release at a fixed
clock, the events they emit; and a Hypothesis walk of random callers and moves on real items, asserting the
newsroom's own rules (DOMAIN.md), not the table's rows."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chassis.auth import Principal
from chassis.errors import DomainError, Forbidden, Invalid, NotFound
from chassis.testing import outbox_events
from chassis.transitions import InvalidTransition
from chassis.web import unit_of_work
from newsroom.domain.permissions import CONTRIBUTOR, EDITOR, SCHEDULER
from newsroom.use_cases import articles, reading
from newsroom.use_cases import workflow as moves

EDITOR_ANY = Principal("redaktur", frozenset({EDITOR}))
HUMAS_DINKES = Principal("humas.dinkes", frozenset({CONTRIBUTOR}), opd="dinkes")
HUMAS_DISHUB = Principal("humas.dishub", frozenset({CONTRIBUTOR}), opd="dishub")


def draft(ctx, release) -> int:
    with unit_of_work() as uow:
        return articles.create(uow, ctx, release).id


def move(ctx, article_id, action, **data):
    with unit_of_work() as uow:
        return moves.act(uow, ctx, article_id, action, data).status


def events_of(article_id: int) -> list[str]:
    found = outbox_events(current_app)
    return [e["type"].split(".")[-2] for e in found if e.get("subject") == str(article_id)]


def test_a_contributor_submits_and_an_editor_returns_approves_and_publishes(as_, release):
    article_id = draft(as_(HUMAS_DINKES), release)
    assert move(as_(HUMAS_DINKES), article_id, "submit") == "submitted"
    with pytest.raises(Forbidden) as refused:
        move(as_(HUMAS_DINKES), article_id, "approve")
    assert refused.value.extra["required_roles"] == [EDITOR]
    with pytest.raises(Invalid) as no_note:
        move(as_(EDITOR_ANY), article_id, "return")
    assert no_note.value.field == "note"
    assert move(as_(EDITOR_ANY), article_id, "return", note="Lengkapi kutipan kepala dinas.") == "draft"
    assert move(as_(HUMAS_DINKES), article_id, "submit") == "submitted"
    assert move(as_(EDITOR_ANY), article_id, "approve") == "approved"
    assert move(as_(EDITOR_ANY), article_id, "publish") == "published"
    assert events_of(article_id) == ["submitted", "returned", "submitted", "approved", "published"]


def test_publishing_at_a_later_time_schedules_and_the_worker_releases_it_then_once(as_, clock, release):
    article_id = draft(as_(EDITOR_ANY), release)
    assert move(as_(EDITOR_ANY), article_id, "publish", at=clock.at + dt.timedelta(hours=2)) == "scheduled"
    with pytest.raises(NotFound), unit_of_work() as uow:
        articles.read(uow, as_(None), article_id)
    assert moves.release_due(unit_of_work, as_(SCHEDULER)) == 0, "never early"
    clock.advance(hours=2)
    assert moves.release_due(unit_of_work, as_(SCHEDULER)) == 1
    assert moves.release_due(unit_of_work, as_(SCHEDULER)) == 0, "never twice"
    with unit_of_work() as uow:
        article, staff = articles.read(uow, as_(None), article_id)
        assert (article.status, article.published_at, staff) == ("published", clock.at, False)
    assert events_of(article_id) == ["scheduled", "published"]
    with pytest.raises(Invalid) as past:
        move(as_(EDITOR_ANY), draft(as_(EDITOR_ANY), release), "schedule", at=clock.at - dt.timedelta(minutes=1))
    assert past.value.field == "at"


def test_a_withdrawn_item_says_why_to_the_public_and_never_moves_again(as_, release):
    article_id = draft(as_(EDITOR_ANY), release)
    move(as_(EDITOR_ANY), article_id, "publish")
    with pytest.raises(Invalid) as no_reason:
        move(as_(EDITOR_ANY), article_id, "withdraw")
    assert no_reason.value.field == "reason"
    assert move(as_(EDITOR_ANY), article_id, "withdraw", reason="Data anggaran keliru") == "withdrawn"
    with pytest.raises(articles.Withdrawn) as gone, unit_of_work() as uow:
        articles.read(uow, as_(None), article_id)
    assert gone.value.status == 410 and "Data anggaran keliru" in gone.value.detail
    for action in moves.MOVES:
        with pytest.raises(InvalidTransition) as refused:
            move(as_(EDITOR_ANY), article_id, action, note="x", reason="x")
        assert refused.value.extra == {"current_state": "withdrawn", "allowed_actions": []}
        assert str(refused.value).startswith("Naskah berstatus withdrawn (Ditarik); tindakan ")


def test_a_clarification_goes_out_only_with_the_authoritys_statement(as_, release):
    claim = {
        "claim": "Pesan berantai: vaksin keliling berbayar",
        "where": "WhatsApp",
        "first_seen": dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC),
        "verdict": "HOAKS",
        "facts": "Layanan vaksinasi keliling gratis.",
        "sources": [{"kind": "press", "name": "Harian Kotamobagu", "url": "https://example.org/berita"}],
    }
    article_id = draft(as_(EDITOR_ANY), {**release, "type": "clarification", "clarification": claim})
    with pytest.raises(Invalid) as refused:
        move(as_(EDITOR_ANY), article_id, "publish")
    assert refused.value.field == "clarification.sources"


CALLERS = [EDITOR_ANY, HUMAS_DINKES, HUMAS_DISHUB]
PUBLIC = {"published", "corrected"}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(moves.MOVES)), st.sampled_from(range(len(CALLERS)))),
        min_size=1,
        max_size=8,
    )
)
def test_the_newsrooms_rules_hold_whatever_callers_try(as_, release, steps):
    """A contributor never publishes, approves or schedules; another OPD's item is never theirs to move or edit;
    what is withdrawn never comes back public; whatever is refused leaves the item as it was."""
    article_id = draft(as_(HUMAS_DINKES), release)
    withdrawn = False
    for action, caller in steps:
        who = CALLERS[caller]
        with unit_of_work() as uow:
            before = articles.load(uow.session, article_id).status
        data = {"note": "Catatan", "reason": "Alasan"}
        try:
            after = move(as_(who), article_id, action, **data)
        except DomainError:
            with unit_of_work() as uow:
                assert articles.load(uow.session, article_id).status == before, "a refusal changes nothing"
            continue
        assert not withdrawn, "a withdrawn item never moves again"
        if EDITOR not in who.roles:
            assert who.opd == "dinkes", "a contributor never moves another OPD's item"
            assert (before, after) == ("draft", "submitted"), "a contributor only submits their draft"
        withdrawn = after == "withdrawn"
        with unit_of_work() as uow:
            if withdrawn:
                with pytest.raises(articles.Withdrawn):
                    articles.read(uow, as_(None), article_id)
            listed = {a.id for a in reading.feed_items(uow, {"opd": "dinkes"}, 1000)}
            assert (article_id in listed) == (after in PUBLIC), "the public lists exactly what is published"
    with unit_of_work() as uow:
        status = articles.load(uow.session, article_id).status
    with pytest.raises(NotFound), unit_of_work() as uow:
        articles.take_lock(uow, as_(HUMAS_DISHUB), article_id)
    if status != "draft":
        with pytest.raises(DomainError), unit_of_work() as uow:
            articles.take_lock(uow, as_(HUMAS_DINKES), article_id)

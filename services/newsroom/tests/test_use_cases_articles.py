"""The article use cases called directly (no HTTP): who writes for which OPD, who sees and edits what, locks,
versions and revisions, on the real test database with a fixed clock."""

from __future__ import annotations

import pytest

from chassis.auth import Principal
from chassis.errors import Conflict, Forbidden, NotAuthenticated, NotFound, PreconditionFailed
from chassis.web import unit_of_work
from newsroom.domain.locks import Locked, PreconditionRequired
from newsroom.domain.permissions import CONTRIBUTOR, EDITOR
from newsroom.use_cases import articles, revisions
from newsroom.use_cases import workflow as moves

EDITOR_ANY = Principal("redaktur", frozenset({EDITOR}))
HUMAS_DINKES = Principal("humas.dinkes", frozenset({CONTRIBUTOR}), opd="dinkes")
HUMAS_DINKES_2 = Principal("humas2.dinkes", frozenset({CONTRIBUTOR}), opd="dinkes")
HUMAS_DISHUB = Principal("humas.dishub", frozenset({CONTRIBUTOR}), opd="dishub")


def draft(ctx, release) -> tuple[int, str]:
    with unit_of_work() as uow:
        article = articles.create(uow, ctx, release)
        return article.id, articles.etag(article)


def test_a_contributor_writes_only_for_their_own_opd_and_an_editor_for_any(as_, release):
    with pytest.raises(Forbidden) as refused, unit_of_work() as uow:
        articles.create(uow, as_(HUMAS_DISHUB), release)
    assert refused.value.errors == [{"field": "opd", "message": "Akun Anda terikat pada OPD dishub."}]
    assert draft(as_(HUMAS_DINKES), release)[0] > 0
    assert draft(as_(EDITOR_ANY), {**release, "opd": "dishub"})[0] > 0
    with pytest.raises(NotAuthenticated), unit_of_work() as uow:
        articles.create(uow, as_(None), release)


def test_another_opds_draft_does_not_exist_for_a_contributor_nor_the_public(as_, release):
    article_id, _ = draft(as_(HUMAS_DINKES), release)
    for who in (HUMAS_DISHUB, None):
        with pytest.raises(NotFound), unit_of_work() as uow:
            articles.read(uow, as_(who), article_id)
    with unit_of_work() as uow:
        assert articles.read(uow, as_(HUMAS_DINKES_2), article_id)[1] is True, "the same OPD's humas works on it"
    with pytest.raises(NotFound), unit_of_work() as uow:
        articles.take_lock(uow, as_(HUMAS_DISHUB), article_id)


def test_a_contributor_edits_only_while_it_is_a_draft_and_an_editor_until_withdrawn(as_, release):
    article_id, etag = draft(as_(HUMAS_DINKES), release)
    with unit_of_work() as uow:
        etag = articles.etag(moves.act(uow, as_(HUMAS_DINKES), article_id, "submit", {}))
    with pytest.raises(Conflict, match="Humas OPD mengubah naskah hanya saat draf."), unit_of_work() as uow:
        articles.edit(uow, as_(HUMAS_DINKES), article_id, {"title": "Judul yang diubah humas"}, etag)
    with unit_of_work() as uow:
        etag = articles.etag(articles.edit(uow, as_(EDITOR_ANY), article_id, {"title": "Judul redaktur"}, etag))
    with unit_of_work() as uow:
        etag = articles.etag(moves.act(uow, as_(EDITOR_ANY), article_id, "publish", {}))
    with unit_of_work() as uow:
        etag = articles.etag(moves.act(uow, as_(EDITOR_ANY), article_id, "withdraw", {"reason": "Data keliru"}))
    with pytest.raises(Conflict, match="Naskah yang ditarik tidak dapat diubah."), unit_of_work() as uow:
        articles.edit(uow, as_(EDITOR_ANY), article_id, {"title": "Judul sesudah ditarik"}, etag)


def test_a_save_over_an_old_version_or_under_another_persons_lock_is_refused(as_, clock, release):
    article_id, first = draft(as_(HUMAS_DINKES), release)
    with unit_of_work() as uow:
        articles.take_lock(uow, as_(HUMAS_DINKES), article_id)
    with pytest.raises(Locked) as locked, unit_of_work() as uow:
        articles.edit(uow, as_(EDITOR_ANY), article_id, {"title": "Judul redaktur"}, first)
    assert locked.value.status == 423 and locked.value.extra["locked_by"] == "humas.dinkes"
    assert "sejak 01-12-2026 12.00" in locked.value.detail, "the lock's time in the office's zone (WIB)"
    with unit_of_work() as uow:
        second = articles.etag(articles.edit(uow, as_(HUMAS_DINKES), article_id, {"title": "Judul kedua"}, first))
    with pytest.raises(PreconditionFailed) as stale, unit_of_work() as uow:
        articles.edit(uow, as_(HUMAS_DINKES), article_id, {"title": "Judul ketiga"}, first)
    assert stale.value.extra["current_version"] == 2 and stale.value.extra["etag"] == second
    clock.advance(minutes=11)  # the lock (10 minutes from the last save) has run out
    with unit_of_work() as uow:
        assert articles.edit(uow, as_(EDITOR_ANY), article_id, {"title": "Judul redaktur"}, second).version == 3


def test_only_an_editor_restores_a_revision_and_it_becomes_a_new_one(as_, release):
    article_id, etag = draft(as_(HUMAS_DINKES), release)
    with unit_of_work() as uow:
        etag = articles.etag(articles.edit(uow, as_(HUMAS_DINKES), article_id, {"title": "Judul kedua"}, etag))
    with pytest.raises(Forbidden), unit_of_work() as uow:
        revisions.restore(uow, as_(HUMAS_DINKES), article_id, 1, etag)
    with unit_of_work() as uow:
        restored = revisions.restore(uow, as_(EDITOR_ANY), article_id, 1, etag)
        assert (restored.title, restored.version) == (release["title"], 3)
    with unit_of_work() as uow:
        _, found = revisions.listing(uow, as_(HUMAS_DINKES), article_id)
        assert [(r.number, r.by) for r in found] == [(1, "humas.dinkes"), (2, "humas.dinkes"), (3, "redaktur")]
    with pytest.raises(NotFound) as missing, unit_of_work() as uow:
        revisions.compare(uow, as_(EDITOR_ANY), article_id, 1, 9)
    assert missing.value.errors == [{"field": "to", "message": "Revisi 9 tidak ada."}]


def test_the_desk_shows_a_contributor_only_their_opds_items(as_, release):
    mine, _ = draft(as_(HUMAS_DINKES), release)
    theirs, _ = draft(as_(EDITOR_ANY), {**release, "opd": "dishub"})
    with unit_of_work() as uow:
        seen = {a.id for _, rows in articles.desk(uow, as_(HUMAS_DINKES)) for a in rows}
        assert mine in seen and theirs not in seen
        everything = {a.id for _, rows in articles.desk(uow, as_(EDITOR_ANY)) for a in rows}
        assert {mine, theirs} <= everything


def test_a_save_naming_no_version_is_refused_after_the_item_is_found(as_, release):
    article_id, _ = draft(as_(HUMAS_DINKES), release)
    with pytest.raises(NotFound), unit_of_work() as uow:
        articles.edit(uow, as_(HUMAS_DISHUB), article_id, {"title": "Judul OPD lain"}, None)
    with pytest.raises(PreconditionRequired) as unnamed, unit_of_work() as uow:
        articles.edit(uow, as_(HUMAS_DINKES), article_id, {"title": "Judul tanpa versi"}, None)
    assert unnamed.value.status == 428 and unnamed.value.detail == "Sertakan If-Match dengan ETag yang Anda baca."

"""The Cache-Control header dicts say what the services have always said, and each call is the caller's own."""

from __future__ import annotations

from chassis import caching


def test_public_reads_say_how_long_a_shared_cache_may_keep_them():
    assert caching.PUBLIC == {"Cache-Control": "public, max-age=60"}
    assert caching.public(300) == {"Cache-Control": "public, max-age=300"}
    assert caching.public(60, vary="Authorization") == {"Cache-Control": "public, max-age=60", "Vary": "Authorization"}
    assert caching.IMMUTABLE == {"Cache-Control": "public, max-age=31536000, immutable"}


def test_personal_answers_are_never_kept():
    assert caching.PRIVATE == {"Cache-Control": "private, no-store"}
    assert caching.private(vary="Authorization") == {"Cache-Control": "private, no-store", "Vary": "Authorization"}
    assert caching.NO_STORE == {"Cache-Control": "no-store"}


def test_each_call_returns_a_new_dict():
    mine = caching.public(60)
    mine["Content-Disposition"] = "attachment"
    assert caching.public(60) == caching.PUBLIC == {"Cache-Control": "public, max-age=60"}
    assert caching.private() is not caching.private()

"""Rotating the signing key signs nobody out: the key set carries the previous key until it is dropped."""

from __future__ import annotations

import jwt
import pytest

from chassis.auth import TokenVerifier
from chassis.problems import Problem
from chassis.settings import ServiceSettings
from gateway import cli, keys


def signer(private, ttl=900):
    return keys.Signer(private, issuer="suite-gateway", audience="suite", ttl_seconds=ttl)


def verifier_from_key_set(key_set: dict) -> TokenVerifier:
    """A service that verifies through JWKS_URL: it picks the key by the token's kid from the published set."""
    by_kid = {k["kid"]: jwt.PyJWK(k).key for k in key_set["keys"]}
    return TokenVerifier(ServiceSettings(service_name="ppid"), keys=by_kid)


def test_a_token_signed_before_the_rotation_still_verifies_and_new_ones_use_the_new_key(tmp_path, monkeypatch):
    private, public = tmp_path / "jwt-private.pem", tmp_path / "jwt-public.pem"
    keys.ensure_key_pair(private, public)
    before = signer(private)
    old_token = before.issue("petugas", ["ppid:officer"], None)

    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(private))
    assert cli.main(["rotate-key"]) == 0
    after = signer(private)
    assert after.kid != before.kid
    published = after.jwks()
    assert [k["kid"] for k in published["keys"]] == [after.kid, before.kid]
    new_token = after.issue("petugas", ["ppid:officer"], None)
    assert jwt.get_unverified_header(new_token)["kid"] == after.kid
    service = verifier_from_key_set(published)
    gateway = TokenVerifier(ServiceSettings(service_name="gateway"), keys=after.verification_keys)
    for verifier in (service, gateway):
        assert verifier.verify(old_token).username == "petugas"
        assert verifier.verify(new_token).username == "petugas"
    assert public.read_bytes() != b"" and "PRIVATE" not in public.read_text()


def test_after_the_previous_key_is_dropped_its_tokens_stop_verifying(tmp_path, monkeypatch):
    private, public = tmp_path / "jwt-private.pem", tmp_path / "jwt-public.pem"
    keys.ensure_key_pair(private, public)
    old_token = signer(private).issue("petugas", ["ppid:officer"], None)
    monkeypatch.setenv("JWT_PRIVATE_KEY_FILE", str(private))
    cli.main(["rotate-key"])
    assert cli.main(["drop-previous-key"]) == 0
    current = signer(private)
    assert len(current.jwks()["keys"]) == 1
    with pytest.raises(Problem) as refused:
        verifier_from_key_set(current.jwks()).verify(old_token)
    assert refused.value.status == 401
    assert not keys.drop_previous_key(private)

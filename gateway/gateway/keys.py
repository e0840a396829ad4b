"""The gateway's signing key: RS256, created on first start, public half served as a JWK set."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def previous_key_path(private_path: Path) -> Path:
    """Where the key signed with before the last rotation waits until its tokens have expired."""
    return private_path.with_name(private_path.stem + ".previous.pem")


def _new_private_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def ensure_key_pair(private_path: Path, public_path: Path) -> None:
    """Create the key pair if missing (private 0600); always (re)write the public PEM beside it."""
    private_path.parent.mkdir(parents=True, exist_ok=True)
    if not private_path.exists():
        _new_private_key(private_path)
    key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    if not public_path.exists() or public_path.read_bytes() != public:
        tmp = public_path.with_suffix(".tmp")
        tmp.write_bytes(public)
        tmp.replace(public_path)


def rotate_key(private_path: Path, public_path: Path) -> None:
    """A new signing key; the current one becomes the previous key (an older previous key is dropped)."""
    if private_path.exists():
        private_path.replace(previous_key_path(private_path))
    ensure_key_pair(private_path, public_path)


def drop_previous_key(private_path: Path) -> bool:
    """Forget the previous key once its tokens have expired; True when there was one."""
    previous = previous_key_path(private_path)
    if not previous.exists():
        return False
    previous.unlink()
    return True


def public_jwk(public_key) -> dict:
    jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
    # RFC 7638 thumbprint as the key id, so a rotated key gets a new kid by itself.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"), sort_keys=True)
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    return {**jwk, "kid": kid, "use": "sig", "alg": "RS256"}


class Signer:
    """Issues the suite's access tokens with the newest key and publishes it, with the previous key while tokens
    signed before the last rotation may still be alive, so a rotation signs nobody out."""

    def __init__(self, private_path: Path, *, issuer: str, audience: str, ttl_seconds: int):
        self._key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
        self.issuer = issuer
        self.audience = audience
        self.ttl_seconds = ttl_seconds
        self.jwk = public_jwk(self._key.public_key())
        self.kid = self.jwk["kid"]
        self.verification_keys = {self.kid: self._key.public_key()}
        self.previous_jwk = None
        previous = previous_key_path(private_path)
        if previous.exists():
            old = serialization.load_pem_private_key(previous.read_bytes(), password=None).public_key()
            self.previous_jwk = public_jwk(old)
            self.verification_keys.setdefault(self.previous_jwk["kid"], old)

    def issue(self, username: str, roles: list[str], opd: str | None) -> str:
        now = dt.datetime.now(dt.UTC)
        claims = {
            "sub": username,
            "roles": list(roles),
            "iss": self.issuer,
            "aud": self.audience,
            # To the microsecond, so a token issued just after a password reset is not taken for an older one.
            "iat": now.timestamp(),
            "nbf": now,
            "exp": now + dt.timedelta(seconds=self.ttl_seconds),
            "jti": secrets.token_hex(16),
        }
        if opd:
            claims["opd"] = opd
        return self.sign(claims)

    def sign(self, claims: dict) -> str:
        """Any claims signed with the newest key (the sign-up's confirmation links carry their own audience)."""
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        keys = [self.jwk]
        if self.previous_jwk is not None and self.previous_jwk["kid"] != self.kid:
            keys.append(self.previous_jwk)
        return {"keys": keys}

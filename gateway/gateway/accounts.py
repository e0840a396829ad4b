"""Accounts: argon2 password hashes, the known roles, the first admin. Synchronous; the app calls it in threads."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chassis.db import Database
from chassis.permissions import permission
from gateway.models import Account

ADMIN = "admin"  # the gateway's own role: it manages the accounts here
# Every role an account may hold, with the words the services' ``domain/permissions.py`` give them (the gateway
# labels its own). The gateway only hands them out; what they allow is each service's rule.
# tests/test_roles_declared.py keeps this list and the services' ROLES the same.
ROLES = {
    ADMIN: "Administrator suite",
    "ppid:officer": "Petugas PPID",
    "ppid:opd_officer": "PPID pelaksana (satu OPD)",
    "ppid:superior": "Atasan PPID",
    "newsroom:contributor": "Humas OPD (satu OPD)",
    "newsroom:editor": "Redaktur",
    "registry:verifier": "Verifikator kemitraan media",
    "registry:approver": "Pimpinan yang menetapkan SK kemitraan",
    "media:partner": "Mitra media (akun perusahaan pers)",
}
MANAGE_ACCOUNTS = permission("accounts.manage", {ADMIN}, "Hanya administrator suite yang mengelola akun.")
# Roles bound to one department: the account must name its OPD.
OPD_ROLES = {"ppid:opd_officer", "newsroom:contributor"}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10

hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs as much time as a wrong password.
_DUMMY_HASH = hasher.hash(secrets.token_hex(16))


class Conflict(Exception):
    pass


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class NewCredentials(Schema):
    """A new account's username and password, as the admin's API and the partners' sign-up both take them."""

    username = fields.String(
        required=True,
        validate=validate.Regexp(USERNAME, error="3-64 huruf kecil, angka, titik, garis bawah atau tanda minus."),
    )
    password = fields.String(
        required=True,
        validate=validate.Length(min=MIN_PASSWORD, max=1024, error=f"Kata sandi minimal {MIN_PASSWORD} karakter."),
    )


class NewAccountSchema(NewCredentials):
    roles = fields.List(
        fields.String(validate=validate.OneOf(sorted(ROLES), error="Peran tidak dikenal: {input}.")),
        required=True,
        validate=validate.Length(min=1, error="Minimal satu peran."),
    )
    opd = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$"))

    @validates_schema
    def _opd_for_department_roles(self, data, **_):
        bound = OPD_ROLES.intersection(data.get("roles") or [])
        if bound and not data.get("opd"):
            raise ValidationError(f"Wajib diisi untuk peran {', '.join(sorted(bound))}.", "opd")


def public_view(account: Account) -> dict:
    return {
        "id": account.id,
        "username": account.username,
        "roles": list(account.roles),
        "opd": account.opd,
        "active": account.active,
        "created_at": account.created_at.isoformat(),
    }


class AccountStore:
    def __init__(self, db: Database):
        self.db = db

    def count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count(Account.id))) or 0

    def create(self, username: str, password: str, roles: list[str], opd: str | None = None, created_by=None) -> dict:
        account = Account(
            username=username,
            password_hash=hasher.hash(password),
            roles=sorted(set(roles)),
            opd=opd,
            created_by=created_by,
        )
        with self.db.session() as session:
            session.add(account)
            try:
                session.commit()
            except IntegrityError as exc:
                raise Conflict(username) from exc
            return public_view(account)

    def authenticate(self, username: str, password: str) -> dict | None:
        with self.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username.strip().lower()))
            try:
                hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return None
            if account is None or not account.active:
                return None
            if hasher.check_needs_rehash(account.password_hash):
                account.password_hash = hasher.hash(password)
                session.commit()
            return public_view(account)

    def tokens_valid_after(self, username: str) -> float | None:
        """The moment (epoch seconds) before which this account's tokens no longer count, if a reset set one."""
        with self.db.session() as session:
            moment = session.scalar(select(Account.tokens_valid_after).where(Account.username == username))
            return moment.timestamp() if moment else None

    def get(self, username: str) -> dict | None:
        with self.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username))
            return public_view(account) if account else None

    def list(self) -> list[dict]:
        with self.db.session() as session:
            return [public_view(a) for a in session.scalars(select(Account).order_by(Account.username))]

    def bootstrap_admin(self, password: str | None) -> tuple[bool, str | None]:
        """Create ``admin`` when there is no account at all. Returns (created, generated password or None)."""
        if self.count() > 0:
            return False, None
        generated = None
        if not password:
            password = generated = secrets.token_urlsafe(12)
        try:
            self.create("admin", password, [ADMIN], created_by="bootstrap")
        except Conflict:
            return False, None  # another process bootstrapped at the same moment
        return True, generated

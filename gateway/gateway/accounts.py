"""Accounts, the gateway's own domain: argon2 password hashes, the known roles and where each works, the admin's
changes (roles, deactivation, a one-time password) and the first admin. Synchronous; the app calls it in threads."""

from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chassis.db import Database
from chassis.messaging import utcnow
from chassis.opds import unusable
from chassis.permissions import permission
from chassis.privacy import PRIVACY_OFFICER, PRIVACY_OFFICER_LABEL
from gateway.models import Account, AdminAudit, Opd

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
    PRIVACY_OFFICER: PRIVACY_OFFICER_LABEL,
}
MANAGE_ACCOUNTS = permission("accounts.manage", {ADMIN}, "Hanya administrator suite yang mengelola akun.")
# Roles bound to one department: the account must name its OPD.
OPD_ROLES = {"ppid:opd_officer", "newsroom:contributor"}
# Where each role's work is: the staff pages the services answer at, in the order the start page lists them.
WORKPLACES = {
    ADMIN: (("Kelola akun", "/admin"),),
    "ppid:officer": (
        ("Meja petugas PPID", "/ppid/petugas"),
        ("Keberatan", "/ppid/petugas/keberatan"),
        ("Daftar Informasi Publik", "/ppid/petugas/dip"),
        ("Laporan tahunan", "/ppid/petugas/laporan"),
        ("Hari tutup layanan", "/ppid/petugas/hari-tutup"),
    ),
    "ppid:opd_officer": (("Permohonan yang diteruskan ke OPD Anda", "/ppid/petugas"),),
    "ppid:superior": (("Keberatan yang menunggu tanggapan atasan", "/ppid/petugas/keberatan"),),
    "newsroom:contributor": (("Ruang redaksi: naskah OPD Anda", "/newsroom/redaksi"),),
    "newsroom:editor": (("Ruang redaksi", "/newsroom/redaksi"), ("Angka pemberitaan", "/newsroom/redaksi/angka")),
    "registry:verifier": (("Konsol kemitraan media", "/registry/konsol"), ("Bukti tayang", "/registry/konsol/bukti")),
    "registry:approver": (("Konsol kemitraan media", "/registry/konsol"), ("Surat keputusan", "/registry/konsol/sk")),
    "media:partner": (("Ruang mitra media", "/registry/mitra"),),
    PRIVACY_OFFICER: (
        ("Log akses data pribadi PPID", "/ppid/petugas/log-akses"),
        ("Permintaan data pribadi PPID", "/ppid/petugas/privasi"),
        ("Log akses data pribadi kemitraan media", "/registry/konsol/log-akses"),
        ("Permintaan data pribadi mitra media", "/registry/konsol/privasi"),
    ),
}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10

hasher = PasswordHasher()
# Verified against when the username is unknown, so a miss costs as much time as a wrong password.
_DUMMY_HASH = hasher.hash(secrets.token_hex(16))


class Conflict(Exception):
    pass


class Unconfirmed(Exception):
    """The right password of a partner account whose email was never confirmed: said only after the password."""

    def __init__(self, username: str):
        super().__init__(username)
        self.username = username


class Refused(Exception):
    """A change the rules refuse, with the field it concerns and the words shown beside it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def one_time_password() -> str:
    """Twelve characters to read out or copy once; the account's holder replaces it."""
    return secrets.token_urlsafe(9)


def workplaces(roles) -> list[tuple[str, list[tuple[str, str]]]]:
    """(role label, [(place, path), ...]) for each role someone holds: what their start page offers."""
    return [(ROLES[role], list(WORKPLACES[role])) for role in sorted(roles) if role in WORKPLACES]


def _opd_required(roles, opd) -> None:
    bound = OPD_ROLES.intersection(roles or [])
    if bound and not opd:
        raise ValidationError(f"Wajib diisi untuk peran {', '.join(ROLES[r] for r in sorted(bound))}.", "opd")


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


REQUIRED = {"required": "Wajib diisi."}


class StaffAccountSchema(Schema):
    """A staff account as the admin's page creates it: the password is generated and shown once to the admin."""

    username = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Regexp(USERNAME, error="3-64 huruf kecil, angka, titik, garis bawah atau tanda minus."),
    )
    email = fields.Email(load_default=None, allow_none=True, error_messages={"invalid": "Alamat email tidak sah."})
    roles = fields.List(
        fields.String(validate=validate.OneOf(sorted(ROLES), error="Peran tidak dikenal: {input}.")),
        required=True,
        error_messages={"required": "Pilih minimal satu peran."},
        validate=validate.Length(min=1, error="Pilih minimal satu peran."),
    )
    opd = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$", error="Kode OPD: huruf kecil, angka dan tanda minus."),
    )

    @validates_schema(skip_on_field_errors=False)
    def _opd_for_department_roles(self, data, **_):
        _opd_required(data.get("roles"), data.get("opd"))


def new_password_problems(current: str, password: str, again: str) -> dict[str, list[str]]:
    """What is wrong with a chosen password, by field, all at once."""
    errors: dict[str, list[str]] = {}
    if len(password) < MIN_PASSWORD:
        errors.setdefault("password", []).append(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    elif password == current:
        errors.setdefault("password", []).append("Pilih kata sandi yang berbeda dari kata sandi sekali pakai.")
    if password != again:
        errors.setdefault("again", []).append("Tidak sama dengan kata sandi baru.")
    return errors


class AccountChangeSchema(Schema):
    """What the admin may change of an account: its roles (and OPD), and whether it may sign in."""

    roles = fields.List(
        fields.String(validate=validate.OneOf(sorted(ROLES), error="Peran tidak dikenal: {input}.")),
        validate=validate.Length(min=1, error="Minimal satu peran."),
    )
    opd = fields.String(allow_none=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$"))
    active = fields.Boolean()

    @validates_schema
    def _something(self, data, **_):
        if not data:
            raise ValidationError("Sebutkan roles, opd atau active.", "_schema")


def public_view(account: Account) -> dict:
    return {
        "id": account.id,
        "username": account.username,
        "roles": list(account.roles),
        "opd": account.opd,
        "active": account.active,
        "created_at": account.created_at.isoformat(),
        "last_login_at": account.last_login_at.isoformat() if account.last_login_at else None,
        "email": account.email,
    }


def role_words(roles) -> str:
    """The roles as the audit log says them: their labels, not their codes."""
    return ", ".join(ROLES.get(role, role) for role in sorted(set(roles)))


def audit(session, by: str, action: str, target: str, detail: str = "") -> None:
    """A line of the admin's audit log (``/admin``), in the change's own transaction."""
    session.add(AdminAudit(actor=by or "-", action=action, target=target, detail=detail, at=utcnow()))


def _opd_known(session, opd: str | None) -> None:
    """Once the office has its OPD list (``/admin/opd``), an account's OPD is one of its active ones."""
    if opd and unusable([opd], dict(session.execute(select(Opd.code, Opd.active)).all())):
        raise Refused("opd", "OPD tidak dikenal atau tidak aktif. Pilih dari daftar OPD kantor.")


class AccountStore:
    def __init__(self, db: Database):
        self.db = db

    def count(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(func.count(Account.id))) or 0

    def create(
        self,
        username: str,
        password: str,
        roles: list[str],
        opd: str | None = None,
        created_by=None,
        email: str | None = None,
        handed_over: bool = False,
    ) -> dict:
        account = Account(
            username=username,
            password_hash=hasher.hash(password),
            roles=sorted(set(roles)),
            opd=opd,
            created_by=created_by,
            email=email.lower() if email else None,
            password_change_required=handed_over,
        )
        with self.db.session() as session:
            if created_by not in (None, "signup", "cli", "bootstrap"):
                _opd_known(session, opd)
                audit(session, created_by, "account_created", username, role_words(roles))
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
            if account is None:
                return None
            if not account.active:
                if account.created_by == "signup" and account.email_confirmed_at is None:
                    raise Unconfirmed(account.username)
                return None
            if hasher.check_needs_rehash(account.password_hash):
                account.password_hash = hasher.hash(password)
            account.last_login_at = utcnow()
            session.commit()
            # ``handed_over``: the admin gave this password; the holder must choose their own before any token.
            return {**public_view(account), "handed_over": account.password_change_required}

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

    def audit_log(self, limit: int = 50) -> list[dict]:
        """The admin's latest changes, newest first."""
        with self.db.session() as session:
            rows = session.scalars(select(AdminAudit).order_by(AdminAudit.id.desc()).limit(limit)).all()
            return [{"at": r.at, "actor": r.actor, "action": r.action, "target": r.target, "detail": r.detail}
                    for r in rows]  # fmt: skip

    def change(self, username: str, changes: dict, by: str) -> dict | None:
        """Apply the admin's ``changes`` (AccountChangeSchema's); None for an unknown account. Tokens issued before
        a change of roles or a deactivation stop counting, so nobody keeps a role or a session they lost."""
        with self.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username).with_for_update())
            if account is None:
                return None
            roles = sorted(set(changes.get("roles", account.roles)))
            opd = changes.get("opd", account.opd)
            _opd_required(roles, opd)
            if username == by and (ADMIN not in roles or changes.get("active") is False):
                raise Refused(
                    "active" if changes.get("active") is False else "roles",
                    "Anda tidak dapat mencabut peran administrator atau menonaktifkan akun Anda sendiri.",
                )
            if opd != account.opd:
                _opd_known(session, opd)
            retire = roles != sorted(account.roles) or (account.active and changes.get("active") is False)
            said = []
            if roles != sorted(account.roles):
                said.append("peran: " + role_words(roles))
            if opd != account.opd:
                said.append(f"OPD: {opd or '-'}")
            if "active" in changes and changes["active"] != account.active:
                said.append("diaktifkan" if changes["active"] else "dinonaktifkan")
            if said:
                audit(session, by, "account_changed", username, "; ".join(said))
            account.roles, account.opd = roles, opd
            if "active" in changes:
                account.active = changes["active"]
            if retire:
                account.tokens_valid_after = utcnow()
            session.commit()
            return public_view(account)

    def create_staff(self, data: dict, by: str) -> tuple[dict, str]:
        """A staff account (StaffAccountSchema's ``data``) with a generated one-time password, returned once."""
        password = one_time_password()
        created = self.create(
            data["username"], password, data["roles"], data["opd"], by, data["email"], handed_over=True
        )
        return created, password

    def reset_password(self, username: str, by: str = "") -> tuple[dict, str] | None:
        """A new one-time password for a staff account, to be handed over in person; the old one and every token
        issued before stop working. None for an unknown account."""
        password = one_time_password()
        with self.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username).with_for_update())
            if account is None:
                return None
            audit(session, by, "password_issued", username)
            account.password_hash = hasher.hash(password)
            account.tokens_valid_after = utcnow()
            account.password_change_required = True
            session.commit()
            return public_view(account), password

    def replace_password(self, username: str, password: str) -> dict:
        """The holder's own password in place of the one handed over; tokens issued before no longer count."""
        with self.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username).with_for_update())
            account.password_hash = hasher.hash(password)
            account.password_change_required = False
            account.tokens_valid_after = utcnow()
            session.commit()
            return public_view(account)

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

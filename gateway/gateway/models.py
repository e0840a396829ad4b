"""The gateway's own tables: accounts, their password resets, queued mail, forms kept across a sign-in, the office's
list of departments (OPD) with the outbox that tells the services of it, and the admin's audit log (it reads no
service's database)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import UtcDateTime, service_metadata
from chassis.mail import define_mail_table
from chassis.messaging import define_tables, utcnow


class Base(DeclarativeBase):
    metadata = service_metadata()


mail_outbox = define_mail_table(Base.metadata)
# The outbox of the events the gateway publishes (the OPD list); the inbox is the chassis' pair, unused here.
messaging = define_tables(Base.metadata)


class Account(Base):
    """A staff, department or media partner account; the password is kept only as an argon2 hash."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    roles: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    opd: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64))
    # Media partners sign up themselves: their email is confirmed by a link before the account works.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    email_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # Access tokens issued before this moment no longer count (set by a password reset): the gateway compares it
    # with a token's ``iat`` wherever it verifies one.
    tokens_valid_after: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The last successful sign-in, for the admin's list of accounts.
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # A password the admin handed over (a new staff account's, a reset's): replaced by its holder before any token.
    password_change_required: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )


class PasswordReset(Base):
    """A one-time secret mailed for a password reset, kept only as its SHA-256: the database alone cannot reset."""

    __tablename__ = "password_resets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class KeptForm(Base):
    """A staff page's form that arrived after its session expired, kept for about half an hour to be sent on after
    its author signs in again (``gateway.kept_forms``). ``secret_sha256`` is the digest of the key the login page
    carries, so only the browser that posted it, signed in as ``username``, gets it replayed."""

    __tablename__ = "kept_forms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    username: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    path: Mapped[str] = mapped_column(String(2000), nullable=False)
    content_type: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, index=True)


class Opd(Base):
    """One department (OPD) of the office: its code (what accounts, dispositions and articles store) and its name
    (what people read). Never deleted: past records name it; a department that is gone is inactive."""

    __tablename__ = "opds"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class OpdList(Base):
    """One row: the list's version, raised by every change under the row's lock, so the services keep the newest
    list whatever order its events arrive in."""

    __tablename__ = "opd_list"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class AdminAudit(Base):
    """What the admin changed: who, when, which account or OPD, what (append-only; shown on /admin)."""

    __tablename__ = "admin_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    target: Mapped[str] = mapped_column(String(100), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")

"""Personal data at rest and in view (UU 27/2022 Pelindungan Data Pribadi): sealed, indexed, masked, logged.

- ``Sealer`` encrypts a value (a NIK, a phone number) with AES-GCM under the office's current key and names the key
  in what it stores (``pd1:<key id>:<nonce+ciphertext>``), so a key can be replaced: ``open`` reads any value under
  any key still listed, ``reseal`` moves a value to the current key. The purpose (``ppid.request.nik``) is bound to
  the ciphertext as associated data: a NIK sealed for one column does not open as another's.
- ``Sealer.index`` is a keyed hash (HMAC-SHA256) for the lookups that need equality (a duplicate NIK, a search by
  NIK) without the value in clear; it is computed on the normalised value, under a key of its own.
- ``mask_*`` give what a person without the need sees: enough to tell two records apart, never the value.
- ``define_access_log_table`` and ``record_access``: the append-only log of every reveal, export and change of
  personal data by staff (who, when, which record, which fields, why), the data protection officer's to read.

Keys come from settings: ``PERSONAL_DATA_KEYS`` (``<id>:<base64 of 32 bytes>`` separated by commas, the current key
first) and ``PERSONAL_DATA_INDEX_KEY`` (base64 of 32 bytes). Where neither is set (``make run``, tests), a key file
under ``var/`` is made once and reused, which is fine on one machine and wrong for replicas: the operations guide
says to set both.

Over 400 lines: sealing, masking and the access log are one subject a service adopts together; the access log is
the part to move out first if it grows.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, MetaData, String, Table, Text, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from chassis.db import UtcDateTime

PREFIX = "pd1"
KEY_BYTES = 32
NONCE_BYTES = 12


class SealError(ValueError):
    """The keys in settings cannot be used (malformed, wrong length, or a value sealed under a key no longer
    listed)."""


@dataclasses.dataclass(frozen=True)
class Sealer:
    keys: dict[str, bytes]  # key id -> key; insertion order: the current key first
    index_key: bytes

    @property
    def current(self) -> str:
        return next(iter(self.keys))

    def seal(self, value: str | None, purpose: str) -> str | None:
        if value is None:
            return None
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, value.encode(), purpose.encode())
        return f"{PREFIX}:{self.current}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, stored: str | None, purpose: str) -> str | None:
        if stored is None:
            return None
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        prefix, key_id, payload = _parts(stored)
        if prefix != PREFIX:
            raise SealError("not a sealed value")
        key = self.keys.get(key_id)
        if key is None:
            raise SealError(f"sealed under key {key_id!r}, which is no longer in PERSONAL_DATA_KEYS")
        raw = base64.urlsafe_b64decode(payload)
        try:
            return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
        except InvalidTag as exc:
            raise SealError("the value does not open under its key and purpose") from exc

    def is_current(self, stored: str | None) -> bool:
        return stored is None or _parts(stored)[1] == self.current

    def reseal(self, stored: str | None, purpose: str) -> str | None:
        """The value under the current key (unchanged when it already is)."""
        if self.is_current(stored):
            return stored
        return self.seal(self.open(stored, purpose), purpose)

    def index(self, value: str | None, purpose: str) -> str | None:
        """A keyed hash of the normalised value (spaces, dashes and dots dropped, case folded), equal for equal
        values under one index key and meaningless without it."""
        if value is None:
            return None
        normal = re.sub(r"[\s.\-]", "", value).casefold()
        return hmac.new(self.index_key, f"{purpose}\x00{normal}".encode(), hashlib.sha256).hexdigest()


def _parts(stored: str) -> tuple[str, str, str]:
    parts = stored.split(":", 2)
    if len(parts) != 3:
        raise SealError("not a sealed value")
    return parts[0], parts[1], parts[2]


def _key(text: str, what: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise SealError(f"{what} is not base64") from exc
    if len(key) != KEY_BYTES:
        raise SealError(f"{what} must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def parse_keys(text: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, sep, encoded = item.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", key_id):
            raise SealError("PERSONAL_DATA_KEYS: each key is <id>:<base64>, the id letters, digits, - or _")
        if key_id in keys:
            raise SealError(f"PERSONAL_DATA_KEYS: key id {key_id!r} twice")
        keys[key_id] = _key(encoded, f"PERSONAL_DATA_KEYS key {key_id!r}")
    return keys


def new_key_text(key_id: str) -> str:
    """A fresh ``<id>:<base64>`` entry for PERSONAL_DATA_KEYS (``flask personal-data new-key``)."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def sealer_from(keys_text: str, index_key_text: str, dev_file: Path | None = None) -> Sealer:
    """The sealer of settings; with neither set, the development key file ``dev_file`` (made once, mode 0600)."""
    if not keys_text and not index_key_text and dev_file is not None:
        keys_text, index_key_text = _dev_keys(dev_file)
    if not keys_text or not index_key_text:
        raise SealError("set both PERSONAL_DATA_KEYS and PERSONAL_DATA_INDEX_KEY")
    keys = parse_keys(keys_text)
    if not keys:
        raise SealError("PERSONAL_DATA_KEYS names no key")
    return Sealer(keys, _key(index_key_text, "PERSONAL_DATA_INDEX_KEY"))


_SEALERS: dict[tuple, Sealer] = {}


def sealer(settings) -> Sealer:
    """The sealer of a service's settings (``PERSONAL_DATA_KEYS``, ``PERSONAL_DATA_INDEX_KEY``), made once."""
    from chassis.settings import var_dir

    key = (settings.personal_data_keys, settings.personal_data_index_key)
    if key not in _SEALERS:
        _SEALERS[key] = sealer_from(*key, var_dir() / "personal-data.keys")
    return _SEALERS[key]


_ACTIVE: list[Sealer] = []


def use(settings) -> Sealer:
    """Make the sealer of ``settings`` the one ``Sealed`` columns use in this process (the app factory calls it)."""
    active = sealer(settings)
    _ACTIVE[:] = [active]
    return active


def active() -> Sealer:
    """The sealer ``use`` chose; before any app was made (a migration, a script), the one of the environment."""
    if not _ACTIVE:
        from chassis.settings import ServiceSettings, load

        _ACTIVE.append(sealer(load(ServiceSettings)))
    return _ACTIVE[0]


class Sealed(TypeDecorator):
    """A text column stored sealed (AES-GCM, ``purpose`` bound), read in clear: the database holds ``pd1:...``
    only. No SQL equality on it (use a ``Sealer.index`` column); a value not sealed yet reads as it is."""

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str):
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value, dialect):
        return None if value is None else active().seal(value, self.purpose)

    def process_result_value(self, value, dialect):
        if value is None or not value.startswith(f"{PREFIX}:"):
            return value
        return active().open(value, self.purpose)


def reseal_column(session: Session, column, purpose: str, seal: Sealer, batch: int = 500) -> int:
    """Move every value of ``column`` (a table column of sealed text) to the current key, in batches; returns how
    many moved. For ``flask personal-data reseal`` after a new key is put first in PERSONAL_DATA_KEYS."""
    from sqlalchemy import type_coerce, update

    table = column.table
    key = next(iter(table.primary_key.columns))
    moved, after = 0, None
    prefix = f"{PREFIX}:{seal.current}:"
    raw = type_coerce(column, Text)  # the stored text, not what a ``Sealed`` column reads as
    while True:
        query = select(key, raw).where(raw.is_not(None), ~raw.startswith(prefix)).order_by(key).limit(batch)
        if after is not None:
            query = query.where(key > after)
        rows = session.execute(query).all()
        if not rows:
            return moved
        for row_key, stored in rows:
            resealed = seal.reseal(stored, purpose) if stored.startswith(f"{PREFIX}:") else seal.seal(stored, purpose)
            session.execute(update(table).where(key == row_key).values({column.key: type_coerce(resealed, Text)}))
        moved += len(rows)
        after = rows[-1][0]


def command_group(app):
    """``flask personal-data ...``: the one group of the personal-data commands (retention, breach, reseal)."""
    from flask.cli import AppGroup

    group = app.cli.commands.get("personal-data")
    if group is None:
        group = AppGroup("personal-data", help="Personal data: retention, breach response, keys.")
        app.cli.add_command(group)
    return group


def register_reseal(app, columns, reindex=None) -> None:
    """``flask personal-data reseal``: every sealed column (``(column, purpose)`` pairs) under the current key, and,
    where the service keeps keyed hashes for lookups, ``reindex(session, sealer) -> int`` recomputes them under the
    current PERSONAL_DATA_INDEX_KEY (how many changed), so a new index key does not leave lookups finding nothing."""

    @command_group(app).command("reseal")
    def reseal() -> None:
        """Re-encrypt personal data under the first key of PERSONAL_DATA_KEYS (after adding a new one) and recompute
        the lookup hashes under PERSONAL_DATA_INDEX_KEY (after replacing it)."""
        import click

        from chassis.web import suite

        seal = sealer(suite().settings)
        with suite().db.session() as session, session.begin():
            for column, purpose in columns:
                click.echo(f"{column.table.name}.{column.key}: {reseal_column(session, column, purpose, seal)}")
            if reindex is not None:
                click.echo(f"lookup hashes recomputed: {reindex(session, seal)}")


def _dev_keys(path: Path) -> tuple[str, str]:
    if not path.exists():  # written whole, then linked in: processes starting together all read the same keys
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"keys": new_key_text("dev"), "index_key": base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            json.dump(data, out)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    data = json.loads(path.read_text())
    return data["keys"], data["index_key"]


def mask_nik(nik: str | None) -> str:
    """``7174014507900002`` -> ``7174 **** **** 0002``: the region code and the last digits, never the birth date."""
    if not nik:
        return ""
    digits = re.sub(r"\D", "", nik)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]} {'*' * 4} {'*' * 4} {digits[-4:]}"


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    return f"{digits[:4]}{'*' * max(len(digits) - 7, 0)}{digits[-3:]}" if len(digits) > 7 else "*" * len(digits)


def mask_email(email: str | None) -> str:
    if not email or "@" not in email:
        return "" if not email else "***"
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def mask_text(text: str | None) -> str:
    """An address or a name shown to whom need not read it: its first word only."""
    if not text:
        return ""
    first = text.split()[0]
    return f"{first} ***" if len(text.split()) > 1 else "***"


# Why staff open a masked record: the one-click choices of a reveal form (the code is what the log keeps; "other"
# asks for the free text). A service may offer a subset; a reason outside this list is refused.
REASONS = {
    "answer": "Menjawab permohonan atau keberatan",
    "verify": "Memeriksa identitas atau kelengkapan",
    "deliver": "Mengirim jawaban atau dokumen",
    "contact": "Menghubungi orang yang bersangkutan",
    "dispute": "Sengketa informasi atau perkara hukum",
    "data_subject": "Permintaan orang itu atas datanya sendiri",
    "other": "Lainnya (jelaskan)",
}

ACTIONS = ("reveal", "export", "change", "erase", "restrict", "copy")


def define_access_log_table(metadata: MetaData) -> Table:
    """``personal_data_access``: one row per look at, export of or change to personal data by staff. Rows are only
    ever inserted; a service's migration adds, on PostgreSQL, a trigger refusing UPDATE and DELETE."""
    return Table(
        "personal_data_access",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("at", UtcDateTime(), nullable=False),
        Column("actor", String(100), nullable=False),
        Column("roles", JSON, nullable=False),
        Column("action", String(20), nullable=False),
        Column("record_kind", String(40), nullable=False),
        Column("record_id", String(80), nullable=False),
        Column("fields", JSON, nullable=False),
        Column("reason", String(40), nullable=False),
        Column("detail", Text, nullable=False, default=""),
        Column("request_id", String(100), nullable=False, default=""),
        Index("ix_personal_data_access_at", "at"),
        Index("ix_personal_data_access_record", "record_kind", "record_id"),
    )


def record_access(
    session: Session,
    table: Table,
    *,
    at: dt.datetime,
    principal,
    action: str,
    record_kind: str,
    record_id: str,
    fields: list[str],
    reason: str,
    detail: str = "",
    request_id: str = "",
) -> None:
    """Add one row to the access log in the caller's transaction: a reveal that is not logged does not happen."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access action {action!r}")
    session.execute(
        insert(table).values(
            at=at,
            actor=principal.username,
            roles=sorted(principal.roles),
            action=action,
            record_kind=record_kind,
            record_id=str(record_id),
            fields=list(fields),
            reason=reason,
            detail=detail,
            request_id=request_id,
        )
    )


def access_rows(session: Session, table: Table, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """The log between ``start`` (inclusive) and ``end`` (exclusive), oldest first."""
    query = select(table).where(table.c.at >= start, table.c.at < end).order_by(table.c.at, table.c.id)
    return [dict(row._mapping) for row in session.execute(query)]


POSTGRES_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION personal_data_access_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'personal_data_access is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access
  FOR EACH ROW EXECUTE FUNCTION personal_data_access_append_only();
"""


def create_access_log(bind) -> None:
    """The migration step that makes ``personal_data_access`` exactly as ``define_access_log_table`` declares it
    (indexes included) and, on PostgreSQL, the trigger that refuses UPDATE and DELETE: called from each service's
    Alembic migration with ``op.get_bind()``."""
    from sqlalchemy import text

    from chassis.db import service_metadata

    define_access_log_table(service_metadata()).create(bind)
    if bind.dialect.name == "postgresql":
        bind.execute(text(POSTGRES_APPEND_ONLY))


def drop_access_log(bind) -> None:
    from sqlalchemy import text

    if bind.dialect.name == "postgresql":
        bind.execute(text("DROP TRIGGER IF EXISTS personal_data_access_append_only ON personal_data_access"))
        bind.execute(text("DROP FUNCTION IF EXISTS personal_data_access_append_only()"))
    bind.execute(text("DROP TABLE personal_data_access"))

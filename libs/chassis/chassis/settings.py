"""Typed settings read from the environment, one loader for every process.

A settings class is a dataclass; each field is read from the environment
variable of the same name in upper case, converted to the field's type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing
from pathlib import Path
from zoneinfo import ZoneInfo


class SettingsError(ValueError):
    pass


def _convert(name: str, raw: str, kind: typing.Any):
    origin = typing.get_origin(kind)
    if origin is typing.Union or str(origin) == "types.UnionType":
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return _convert(name, raw, inner[0]) if raw != "" else None
    if kind is bool:
        value = raw.strip().lower()
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off", ""}:
            return False
        raise SettingsError(f"{name}: expected a boolean, got {raw!r}")
    if kind is int or kind is float:
        try:
            return kind(raw)
        except ValueError as exc:
            raise SettingsError(f"{name}: expected {kind.__name__}, got {raw!r}") from exc
    if origin is tuple:
        (inner,) = typing.get_args(kind)[:1]
        return tuple(_convert(name, part.strip(), inner) for part in raw.split(",") if part.strip())
    if kind is Path:
        return Path(raw)
    return raw


def load(cls, environ: typing.Mapping[str, str] | None = None, **overrides):
    """Build settings ``cls`` from ``environ`` (default ``os.environ``) and overrides."""
    environ = os.environ if environ is None else environ
    hints = typing.get_type_hints(cls)
    values = {}
    for field in dataclasses.fields(cls):
        if field.name in overrides:
            values[field.name] = overrides[field.name]
            continue
        env_name = field.name.upper()
        if env_name in environ:
            values[field.name] = _convert(env_name, environ[env_name], hints[field.name])
    return cls(**values)


def var_dir() -> Path:
    """Where local state lives (SQLite files, keys, uploads): ``SUITE_VAR_DIR`` or ``./var``."""
    return Path(os.environ.get("SUITE_VAR_DIR", "var")).resolve()


@dataclasses.dataclass(frozen=True)
class ServiceSettings:
    """Settings every service shares; a service subclasses this to add its own."""

    service_name: str = "service"
    database_url: str = ""
    # Where files are kept (chassis.filestore): "local", a folder under var/, or "s3://bucket/prefix", a bucket
    # reached with boto3's own settings (AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...).
    file_store: str = "local"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Prefix for the exchange and queue names, so tests and tenants can isolate themselves.
    events_prefix: str = ""
    events_exchange: str = "suite.events"
    events_dead_letter_exchange: str = "suite.dlx"
    # Back-off before each retry of a failed event, in milliseconds; its length bounds the retries.
    events_retry_delays_ms: tuple[int, ...] = (1000, 10000, 60000)
    # How the quorum queues dead-letter: "at-least-once" (a failed event is never lost on its way to a retry or the
    # dead letters) or RabbitMQ's default "at-most-once". The tests choose the latter for their short-lived queues:
    # RabbitMQ 3.10's dead-letter worker crashes when a queue is deleted right after it was declared, and enough
    # such crashes stop dead-lettering on the whole node (541 INTERNAL_ERROR on every later declare).
    events_dead_letter_strategy: str = "at-least-once"
    events_prefetch: int = 20
    # SQLite: how often the relay looks for new outbox rows. PostgreSQL wakes it on commit (NOTIFY) and it
    # looks anyway every RELAY_IDLE_SECONDS, a safety net that costs one query.
    relay_poll_seconds: float = 0.2
    relay_idle_seconds: float = 30.0
    relay_batch_size: int = 100
    # The worker's own probes (/livez, /readyz, /metrics) on <host>:<port>; port 0 serves none. In a pod every
    # address (the kubelet probes the pod's IP); ``make run`` keeps them on the loopback like its web processes.
    worker_health_port: int = 0
    worker_health_host: str = "0.0.0.0"  # noqa: S104 - a pod's own network namespace
    org_code: str = "71.74"
    org_name: str = "Dinas Komunikasi dan Informatika"
    office_timezone: str = "Asia/Jakarta"
    public_base_url: str = "http://127.0.0.1:8080"
    jwt_public_key_file: str = ""
    jwt_public_key: str = ""
    jwks_url: str = ""
    jwt_issuer: str = "suite-gateway"
    jwt_audience: str = "suite"
    # Outgoing mail (empty SMTP_HOST: messages wait in the service's mail_outbox).
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    # Implicit TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.
    smtp_ssl: bool = False
    # A PEM bundle of the CAs that sign the mail server's certificate, when it is not a public one (an office CA).
    smtp_ca_file: str = ""
    mail_from: str = "Diskominfo <noreply@localhost>"
    mail_max_attempts: int = 5
    log_level: str = "INFO"
    log_json: bool = True
    # The province: the exchange its broker federates the regencies' ``suite.events`` into (PROVINCE_EXCHANGE,
    # e.g. "province.events"; empty: this suite is a regency's, not a province's), and its regencies as
    # code=name pairs (PROVINCE_REGIONS="35.78=Kota Surabaya,35.15=Kabupaten Sidoarjo"), listed even before
    # their first event. See chassis.province.
    province_exchange: str = ""
    province_regions: tuple[str, ...] = ()
    # Personal data (UU 27/2022, chassis.personal_data): the sealing keys, current first ("<id>:<base64 of 32
    # bytes>,..."), the key of the equality index, and how people reach the office's data protection officer.
    # Empty keys: a development key file under var/ (one machine only; set both for replicas).
    personal_data_keys: str = ""
    personal_data_index_key: str = ""
    privacy_officer_contact: str = ""

    @property
    def https(self) -> bool:
        """Whether people reach the suite over HTTPS (then every answer asks browsers to stay on it: HSTS)."""
        return self.public_base_url.lower().startswith("https://")

    @property
    def exchange(self) -> str:
        return self.events_prefix + self.events_exchange

    @property
    def dead_letter_exchange(self) -> str:
        return self.events_prefix + self.events_dead_letter_exchange

    @property
    def queue(self) -> str:
        return f"{self.events_prefix}{self.service_name}.events"

    @property
    def source(self) -> str:
        return f"/{self.org_code}/{self.service_name}"

    def local_date(self, moment: dt.datetime | None = None) -> dt.date:
        """The office's calendar date of ``moment`` (default now), in OFFICE_TIMEZONE (WIB, WITA or WIT)."""
        return (moment or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(self.office_timezone)).date()

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        path = var_dir() / f"{self.service_name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"

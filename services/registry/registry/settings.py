"""Registry settings: the chassis's, plus what only this service needs."""

from __future__ import annotations

import dataclasses

from chassis.settings import ServiceSettings, load


@dataclasses.dataclass(frozen=True)
class RegistrySettings(ServiceSettings):
    service_name: str = "registry"
    # Uploaded documents: where they are kept (default var/registry-files) and the largest accepted.
    storage_dir: str = ""
    document_max_bytes: int = 10 * 1024 * 1024
    # How often the worker sends queued mail (releases to partners), in seconds.
    mail_poll_seconds: float = 5.0
    # Reminders of expiring documents and ending contracts: how far ahead (days) and how often to look.
    reminder_days: int = 30
    reminder_check_seconds: float = 3600.0


def from_env(**overrides) -> RegistrySettings:
    return load(RegistrySettings, **overrides)

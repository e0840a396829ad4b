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
    # The office as printed on letters, the same letterhead as the PPID's (ORG_NAME is the office's name).
    office_region: str = ""
    office_city: str = "Kotamobagu"
    office_address: str = ""
    # Who signs decrees (SK), printed in full under the attachment: name, NIP (18 digits) and position. Empty
    # name: the signer recorded on the decree.
    decree_signer_name: str = ""
    decree_signer_nip: str = ""
    decree_signer_position: str = ""
    # How long personal data is kept (UU 27/2022, registry.retention): a journalist's NIK, years after the outlet's
    # last contract ended (or, without a contract, after the application period closed or the journalist left); a
    # KIM member's phone, months after the group's last activity (or its registration, when it never had one).
    retention_journalist_years: int = 5
    retention_kim_months: int = 24


def from_env(**overrides) -> RegistrySettings:
    return load(RegistrySettings, **overrides)

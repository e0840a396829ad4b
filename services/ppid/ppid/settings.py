"""PPID settings: the chassis's, plus what only this service needs."""

from __future__ import annotations

import dataclasses

from chassis.settings import ServiceSettings, load


@dataclasses.dataclass(frozen=True)
class PpidSettings(ServiceSettings):
    service_name: str = "ppid"
    # The office as printed on letters (ORG_NAME is the office's name).
    office_city: str = "Kotamobagu"
    office_address: str = ""
    # Working days a requester has to complete an incomplete request (offices commonly give 3).
    completion_working_days: int = 3
    # Working days an OPD gets to answer a disposition (never beyond the legal due date).
    opd_answer_working_days: int = 5
    # Who signs the written notice: "officer" (the PPID) or "superior" (atasan PPID).
    notice_signer: str = "officer"
    # The PPID's own mailbox, told when a deadline lapses (empty: no alarm mail).
    ppid_officer_email: str = ""
    # Where attached files are kept (default: var/ppid-files) and the largest accepted.
    storage_dir: str = ""
    attachment_max_bytes: int = 10 * 1024 * 1024
    # How often the worker looks for lapsed deadlines, in seconds.
    overdue_check_seconds: float = 300.0
    mail_poll_seconds: float = 5.0
    # The letterhead's line above the office, e.g. "Pemerintah Kota Kotamobagu" (empty: left out).
    office_region: str = ""
    # Who signs letters, printed in full (never a login name): name, NIP (18 digits) and position. The officer
    # signs notices when NOTICE_SIGNER is "officer"; the superior signs them otherwise, and objection answers.
    ppid_officer_name: str = ""
    ppid_officer_nip: str = ""
    ppid_officer_position: str = ""
    ppid_superior_name: str = ""
    ppid_superior_nip: str = ""
    ppid_superior_position: str = ""
    # Requesters' identity is kept this many years after their request closed (UU 27/2022; said on every form
    # and on the gateway's /privasi, whose RETENTION_REQUESTER_YEARS should be the same).
    retention_requester_years: int = 5


def from_env(**overrides) -> PpidSettings:
    return load(PpidSettings, **overrides)

"""Applications for a media partnership in a period: one transition table, and the rules verification checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from chassis.transitions import Table, move
from registry.domain.permissions import APPROVER, PARTNER, VERIFIER  # noqa: F401 - re-exported


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVISION = "revision"
    VERIFIED = "verified"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"


STATUS_LABELS = {
    Status.DRAFT: "Draf",
    Status.SUBMITTED: "Diajukan",
    Status.REVISION: "Perlu diperbaiki",
    Status.VERIFIED: "Terverifikasi",
    Status.APPROVED: "Disetujui",
    Status.REJECTED: "Ditolak",
    Status.APPEALED: "Banding diajukan",
}


class DocumentStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


TRANSITIONS = Table(
    (
        move("submit", {Status.DRAFT, Status.REVISION}, Status.SUBMITTED, {PARTNER}, "Diajukan"),
        # The verifier's review ends in one of three decisions (POST /applications/<id>/review).
        move("revise", {Status.SUBMITTED}, Status.REVISION, {VERIFIER}, "Dikembalikan untuk perbaikan"),
        move("verify", {Status.SUBMITTED}, Status.VERIFIED, {VERIFIER}, "Diverifikasi"),
        move("reject", {Status.SUBMITTED, Status.VERIFIED}, Status.REJECTED, {VERIFIER, APPROVER}, "Ditolak"),
        # A decree (SK) approves what was verified.
        move("approve", {Status.VERIFIED}, Status.APPROVED, {APPROVER}, "Disetujui dengan SK"),
        # A rejected outlet may appeal once, within the period's appeal days (guarded in ``appeal_problem``); the
        # approver decides. Granted: the application goes back to the verifier (submitted), since the appeal may
        # bring new documents that nobody has reviewed yet and only the verifier verifies. Dismissed: rejected again.
        move("appeal", {Status.REJECTED}, Status.APPEALED, {PARTNER}, "Banding"),
        move("grant_appeal", {Status.APPEALED}, Status.SUBMITTED, {APPROVER}, "Banding dikabulkan"),
        move("dismiss_appeal", {Status.APPEALED}, Status.REJECTED, {APPROVER}, "Banding ditolak"),
    ),
    noun="Pendaftaran",
    state_labels=STATUS_LABELS,
)
# The log's first entry is no move of the table; every other entry is labelled by its move.
LOG_LABELS = {"create": "Dibuat", **{action: m.label for action, m in TRANSITIONS.items()}}
# While these hold, the outlet may still upload or replace documents (and its score claims); during an appeal the
# outlet may bring new documents until the approver decides.
EDITABLE = frozenset({Status.DRAFT, Status.REVISION, Status.APPEALED})


@dataclasses.dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    required: bool


@dataclasses.dataclass(frozen=True)
class Uploaded:
    code: str
    status: DocumentStatus
    expires_on: dt.date | None
    note: str | None = None


def failing_rules(requirements: list[Requirement], documents: dict[str, Uploaded], today: dt.date) -> list[dict]:
    """Every reason the application cannot be verified yet; empty when it can."""
    failures = []
    for requirement in requirements:
        doc = documents.get(requirement.code)
        if doc is None:
            if requirement.required:
                failures.append(
                    {"rule": "missing", "document": requirement.code, "message": f"{requirement.label} belum diunggah."}
                )
            continue
        if doc.status == DocumentStatus.REJECTED:
            failures.append(
                {
                    "rule": "rejected",
                    "document": requirement.code,
                    "message": f"{requirement.label} ditolak: {doc.note or '-'}",
                }
            )
        elif doc.status == DocumentStatus.PENDING:
            failures.append(
                {"rule": "unreviewed", "document": requirement.code, "message": f"{requirement.label} belum diperiksa."}
            )
        if doc.expires_on is not None and doc.expires_on < today:
            message = f"{requirement.label} kedaluwarsa sejak {doc.expires_on.isoformat()}."
            failures.append({"rule": "expired", "document": requirement.code, "message": message})
    return failures


def window_problem(opens_at: dt.datetime, closes_at: dt.datetime, now: dt.datetime) -> str | None:
    """Why an application cannot be made now, or None while the period is open."""
    if now < opens_at:
        return "opens"
    if now >= closes_at:
        return "closed"
    return None


DEWAN_PERS = {
    "none": "Belum terdata",
    "administrative": "Terverifikasi administratif",
    "factual": "Terverifikasi faktual",
}
JOURNALIST_ROLES = {
    "editor_in_chief": "Pemimpin redaksi",
    "editor": "Redaktur",
    "reporter": "Wartawan",
    "photographer": "Fotografer",
}
UKW_LEVELS = {"none": "Belum UKW", "muda": "Wartawan muda", "madya": "Wartawan madya", "utama": "Wartawan utama"}


def outlet_rules(
    requires_ukw_utama: bool, requires_dewan_pers: bool, dewan_pers_status: str, chiefs_ukw: list[str]
) -> list[dict]:
    """The period's rules about the outlet itself: its Dewan Pers status and its editor-in-chief's UKW level."""
    failures = []
    if requires_dewan_pers and dewan_pers_status != "factual":
        failures.append(
            {
                "rule": "dewan_pers",
                "document": None,
                "message": "Masa ini mensyaratkan terverifikasi faktual oleh Dewan Pers.",
            }
        )
    if requires_ukw_utama and "utama" not in chiefs_ukw:
        failures.append(
            {
                "rule": "ukw_utama",
                "document": None,
                "message": "Pemimpin redaksi harus berkompetensi wartawan utama (UKW).",
            }
        )
    return failures


def appeal_deadline(rejected_on: dt.date, appeal_days: int) -> dt.date:
    """The last day (office's local calendar) an appeal may be filed: ``appeal_days`` days after the rejection."""
    return rejected_on + dt.timedelta(days=appeal_days)


def appeal_problem(rejected_on: dt.date | None, appeal_days: int, today: dt.date, appeals_filed: int) -> str | None:
    """Why an appeal cannot be filed now, or None. Once per application, and not after the deadline."""
    if appeals_filed:
        return "Banding hanya dapat diajukan sekali untuk satu pendaftaran."
    if rejected_on is None or appeal_days <= 0:
        return "Masa ini tidak membuka banding."
    deadline = appeal_deadline(rejected_on, appeal_days)
    if today > deadline:
        return f"Batas waktu banding sudah lewat (paling lambat {deadline.isoformat()})."
    return None

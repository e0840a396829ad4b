"""An item's states and kinds, with their words, and which states the public reads (a leaf: the rules import it)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"


class Kind(StrEnum):
    RELEASE = "release"
    CLARIFICATION = "clarification"
    ANNOUNCEMENT = "announcement"
    AGENDA = "agenda"


STATUS_LABELS = {
    Status.DRAFT: "Draf",
    Status.SUBMITTED: "Diajukan ke redaktur",
    Status.APPROVED: "Disetujui",
    Status.SCHEDULED: "Terjadwal",
    Status.PUBLISHED: "Terbit",
    Status.CORRECTED: "Terbit dengan ralat",
    Status.WITHDRAWN: "Ditarik",
}
KIND_LABELS = {
    Kind.RELEASE: "Siaran pers",
    Kind.CLARIFICATION: "Klarifikasi hoaks",
    Kind.ANNOUNCEMENT: "Pengumuman",
    Kind.AGENDA: "Agenda",
}
# What the public may read.
PUBLIC = frozenset({Status.PUBLISHED, Status.CORRECTED})

"""A publication proof's one decision: the verifier accepts or rejects it, once (a rejected proof may be filed
again as a new proof)."""

from __future__ import annotations

import enum

from chassis.transitions import Table, move
from registry.domain.permissions import VERIFIER


class ProofStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


STATUS_LABELS = {
    ProofStatus.PENDING: "Menunggu pemeriksaan",
    ProofStatus.ACCEPTED: "Diterima",
    ProofStatus.REJECTED: "Ditolak",
}

TRANSITIONS = Table(
    (
        move("accept", {ProofStatus.PENDING}, ProofStatus.ACCEPTED, {VERIFIER}, "Terima"),
        move("reject", {ProofStatus.PENDING}, ProofStatus.REJECTED, {VERIFIER}, "Tolak"),
    ),
    noun="Bukti tayang",
    state_labels=STATUS_LABELS,
)

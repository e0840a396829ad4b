"""Data-subject requests (UU 27/2022 Pelindungan Data Pribadi): a requester asks for a copy of, a correction to,
the erasure or the restriction of the personal data a PPID request holds about them.

The privacy officer (DPO) answers within 3 x 24 hours of filing, for every kind (Pasal 32-34, 40-41); a
restriction is applied at once on filing and answered within the same clock.
"""

from __future__ import annotations

import datetime as dt
import enum

from chassis.permissions import permission
from chassis.privacy import PRIVACY_OFFICER, RIGHTS_CLOCK, RIGHTS_CLOCK_RULE, RightKind
from chassis.transitions import Table, move
from ppid.domain.workflow import OFFICER

NOUN = "Permintaan data pribadi"
CLOCK, CLOCK_RULE, Kind = RIGHTS_CLOCK, RIGHTS_CLOCK_RULE, RightKind  # the same law in every service


KIND_LABELS = {
    Kind.COPY: "Minta salinan data pribadi saya",
    Kind.CORRECT: "Perbaiki data pribadi saya yang salah",
    Kind.ERASE: "Hapus data pribadi saya",
    Kind.RESTRICT: "Batasi pemrosesan data pribadi saya",
}


class Status(enum.StrEnum):
    RECEIVED = "received"
    ANSWERED = "answered"
    REFUSED = "refused"


STATUS_LABELS = {
    Status.RECEIVED: "Diterima, menunggu jawaban",
    Status.ANSWERED: "Dijawab",
    Status.REFUSED: "Ditolak",
}

# The fields of a PPID request a correction may name (the NIK is proven by document, not corrected here).
CORRECTABLE = ("name", "address", "phone", "email", "occupation")

READ_PRIVACY_REQUESTS = permission(
    "read_privacy_requests", {PRIVACY_OFFICER, OFFICER}, "Hanya pejabat pelindungan data pribadi atau petugas PPID."
)
ANSWER_PRIVACY_REQUESTS = permission(
    "answer_privacy_requests", {PRIVACY_OFFICER}, "Hanya pejabat pelindungan data pribadi."
)

PRIVACY_REQUESTS = Table(
    (
        move("answer", {Status.RECEIVED}, Status.ANSWERED, {PRIVACY_OFFICER}, "Jawab dan laksanakan"),
        move("refuse", {Status.RECEIVED}, Status.REFUSED, {PRIVACY_OFFICER}, "Tolak dengan alasan"),
    ),
    noun=NOUN,
    state_labels=STATUS_LABELS,
)


def due_at(filed_at: dt.datetime) -> dt.datetime:
    """3 x 24 hours after filing, whatever the kind."""
    return filed_at + CLOCK


def number(year: int, sequence: int) -> str:
    """``PDP/2026/000001``: gap-free per year, taken in the filing's transaction like the request numbers."""
    return f"PDP/{year}/{sequence:06d}"


def restricted_at_filing(kind: str) -> bool:
    return kind == Kind.RESTRICT

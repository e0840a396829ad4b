"""Partners' data-subject requests (UU 27/2022): an outlet's account asks for a copy of, a correction to, the
erasure or the restriction of the personal data the registry holds about its people (its journalists' names and
NIKs, its contacts).

The data protection officer answers within 3 x 24 hours of filing, every kind alike (as the PPID's); a restriction
applies at once on filing. An erasure is refused while a contract of the outlet is running or a month of it is still
being paid (the NIK backs the contract's accountability, UU 27/2022 Pasal 43 ayat (2)); the outlet's data is then
restricted instead, and the answer says why.
"""

from __future__ import annotations

import datetime as dt
import enum

from chassis.privacy import RIGHTS_CLOCK, RIGHTS_CLOCK_RULE, RightKind

CLOCK, CLOCK_RULE, Kind = RIGHTS_CLOCK, RIGHTS_CLOCK_RULE, RightKind  # the same law in every service


KIND_LABELS = {
    Kind.COPY: "Salinan data pribadi yang disimpan tentang perusahaan dan wartawan kami",
    Kind.CORRECT: "Perbaikan data pribadi yang salah",
    Kind.ERASE: "Penghapusan data pribadi",
    Kind.RESTRICT: "Pembatasan pemrosesan data pribadi",
}


class Status(enum.StrEnum):
    RECEIVED = "received"
    ANSWERED = "answered"


STATUS_LABELS = {Status.RECEIVED: "Diterima, menunggu jawaban", Status.ANSWERED: "Dijawab"}

ERASE_REFUSED = (
    "Penghapusan belum dapat dilakukan: kontrak kemitraan perusahaan ini masih berjalan atau pembayarannya belum "
    "selesai, dan NIK wartawan menjadi bagian dari pertanggungjawabannya. Pemrosesan data dibatasi sampai kewajiban "
    "itu selesai; penghapusan dilakukan sesudahnya."
)
# Contract states and payment-month states in which the outlet's data must still be kept.
CONTRACT_RUNNING = ("active", "suspended")
PAYMENT_OPEN = ("open", "spj_submitted", "checked", "held")


def due_at(filed_at: dt.datetime) -> dt.datetime:
    return filed_at + CLOCK


def number(year: int, sequence: int) -> str:
    return f"PDP-{year}-{sequence:04d}"


def restricted_at_filing(kind: str) -> bool:
    return kind == Kind.RESTRICT

"""Objections (keberatan, Pasal 35-37 UU 14/2008) and disputes with the Komisi Informasi."""

from __future__ import annotations

import datetime as dt
import enum

from chassis.transitions import Table, move
from ppid.domain.calendar import Deadline, WorkingCalendar
from ppid.domain.workflow import OFFICER, SUPERIOR

FILING_WORKING_DAYS = 30  # Pasal 36 ayat 1
ANSWER_WORKING_DAYS = 30  # Pasal 36 ayat 2
DISPUTE_WORKING_DAYS = 14  # Pasal 37 ayat 2

FILING_RULE = "Pasal 36 ayat 1 UU 14/2008: keberatan diajukan paling lambat 30 hari kerja setelah alasannya timbul"
ANSWER_RULE = "Pasal 36 ayat 2 UU 14/2008: atasan PPID menanggapi paling lambat 30 hari kerja sejak keberatan dicatat"
DISPUTE_RULE = (
    "Pasal 37 ayat 2 UU 14/2008: sengketa ke Komisi Informasi paling lambat 14 hari kerja "
    "setelah tanggapan atasan PPID diterima atau batas waktunya lewat"
)

GROUNDS = {
    "a": "permintaan informasi ditolak berdasarkan alasan pengecualian Pasal 17",
    "b": "informasi berkala (Pasal 9) tidak disediakan",
    "c": "permintaan informasi tidak ditanggapi",
    "d": "permintaan informasi ditanggapi tidak sebagaimana yang diminta",
    "e": "permintaan informasi tidak dipenuhi",
    "f": "pengenaan biaya yang tidak wajar",
    "g": "penyampaian informasi melebihi waktu yang diatur",
}


class Status(enum.StrEnum):
    FILED = "filed"
    ANSWERED = "answered"


class Outcome(enum.StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OUTCOME_LABELS = {
    Outcome.UPHELD: "Keberatan diterima",
    Outcome.PARTLY_UPHELD: "Keberatan diterima sebagian",
    Outcome.REJECTED: "Keberatan ditolak",
    Outcome.WITHDRAWN: "Keberatan dicabut",
}


class DisputeOutcome(enum.StrEnum):
    """What the Komisi Informasi decided on a dispute (Perki 1/2013): mediation first, adjudication if it fails."""

    MEDIATION_REACHED = "mediation_reached"
    MEDIATION_FAILED = "mediation_failed"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"


DISPUTE_OUTCOME_LABELS = {
    DisputeOutcome.MEDIATION_REACHED: "Mediasi berhasil (kesepakatan)",
    DisputeOutcome.MEDIATION_FAILED: "Mediasi gagal, lanjut ajudikasi",
    DisputeOutcome.GRANTED: "Putusan ajudikasi: permohonan dikabulkan",
    DisputeOutcome.PARTLY_GRANTED: "Putusan ajudikasi: dikabulkan sebagian",
    DisputeOutcome.REFUSED: "Putusan ajudikasi: permohonan ditolak",
}
DISPUTE_OUTCOME_RULE = "Perki 1/2013: sengketa diselesaikan lewat mediasi; bila mediasi gagal, lewat ajudikasi"

STATUS_LABELS = {Status.FILED: "Menunggu tanggapan atasan PPID", Status.ANSWERED: "Ditanggapi"}
# The superior answers an objection once (Pasal 36 ayat 2).
OBJECTIONS = Table(
    (move("decide", {Status.FILED}, Status.ANSWERED, {SUPERIOR}, "Kirim tanggapan"),),
    noun="Keberatan",
    state_labels=STATUS_LABELS,
)


class DisputeStage(enum.StrEnum):
    """Where a dispute stands before the Komisi Informasi has decided it (afterwards: its ``DisputeOutcome``)."""

    NONE = "none"
    PENDING = "pending"


ADJUDICATION = {DisputeOutcome.GRANTED, DisputeOutcome.PARTLY_GRANTED, DisputeOutcome.REFUSED}
# The office records a dispute once, then what the Komisi decided: mediation first, or adjudication at once; only a
# failed mediation goes on to adjudication.
DISPUTES = Table(
    (
        move("dispute", {DisputeStage.NONE}, DisputeStage.PENDING, {OFFICER, SUPERIOR}, "Catat sengketa"),
        *(
            move(o.value, {DisputeStage.PENDING}, o, {OFFICER, SUPERIOR}, DISPUTE_OUTCOME_LABELS[o])
            for o in (DisputeOutcome.MEDIATION_REACHED, DisputeOutcome.MEDIATION_FAILED)
        ),
        *(
            move(
                o.value,
                {DisputeStage.PENDING, DisputeOutcome.MEDIATION_FAILED},
                o,
                {OFFICER, SUPERIOR},
                DISPUTE_OUTCOME_LABELS[o],
            )
            for o in DisputeOutcome
            if o in ADJUDICATION
        ),
    ),
    noun="Sengketa",
    state_labels={
        DisputeStage.NONE: "Belum diajukan",
        DisputeStage.PENDING: "Menunggu putusan Komisi Informasi",
        **DISPUTE_OUTCOME_LABELS,
    },
)


def dispute_stage(filed_on: dt.date | None, outcome: str | None):
    """The objection's dispute as a state of ``DISPUTES``."""
    if filed_on is None:
        return DisputeStage.NONE
    return DisputeOutcome(outcome) if outcome else DisputeStage.PENDING


def ground_arose(decided_on: dt.date | None, due_date: dt.date, today: dt.date) -> dt.date | None:
    """When the requester's reason to object arose: the decision, or the lapse of the deadline; None if not yet."""
    if decided_on is not None:
        return decided_on
    if today > due_date:
        return due_date
    return None


def filing_deadline(calendar: WorkingCalendar, arose: dt.date) -> Deadline:
    return calendar.deadline(arose, FILING_WORKING_DAYS, FILING_RULE)


def answer_deadline(calendar: WorkingCalendar, filed_on: dt.date) -> Deadline:
    return calendar.deadline(filed_on, ANSWER_WORKING_DAYS, ANSWER_RULE)


def dispute_deadline(calendar: WorkingCalendar, answered_or_lapsed: dt.date) -> Deadline:
    return calendar.deadline(answered_or_lapsed, DISPUTE_WORKING_DAYS, DISPUTE_RULE)


def dispute_window_opened(answered_on: dt.date | None, answer_due: dt.date, today: dt.date) -> dt.date | None:
    """When the 14 working days of Pasal 37 ayat 2 start: the answer, or the lapse of the answer deadline; None if
    the superior may still answer in time."""
    if answered_on is not None:
        return answered_on
    if today > answer_due:
        return answer_due
    return None


def dispute_due(calendar: WorkingCalendar, answered_on: dt.date | None, answer_due: dt.date) -> dt.date | None:
    """The last day to go to the Komisi Informasi: 14 working days after the answer or, without one, after the
    lapse of the answer deadline (a late answer opens the window again from the day it came)."""
    return dispute_deadline(calendar, answered_on if answered_on is not None else answer_due).due


def dispute_filing_problem(opened: dt.date | None, due: dt.date | None, filed_on: dt.date) -> str | None:
    """Why a dispute filed on ``filed_on`` is outside the window of Pasal 37 ayat 2, or None."""
    if opened is None or due is None:
        return "Sengketa baru dapat diajukan setelah tanggapan atasan PPID atau lewatnya batas waktu tanggapan."
    if filed_on < opened:
        return (
            f"Tanggal pengajuan sengketa sebelum tanggapan atasan PPID atau lewatnya batasnya ({opened.isoformat()})."
        )
    if filed_on > due:
        return f"Sengketa diajukan setelah batas {due.isoformat()} (14 hari kerja)."
    return None

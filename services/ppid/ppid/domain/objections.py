"""Objections (keberatan, Pasal 35-37 UU 14/2008) and disputes with the Komisi Informasi."""

from __future__ import annotations

import datetime as dt
import enum

from ppid.domain.calendar import Deadline, WorkingCalendar

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

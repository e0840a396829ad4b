"""Information requests (permohonan informasi publik): fields, states and deadlines.

PPID (Pejabat Pengelola Informasi dan Dokumentasi) is the officer who serves
public information requests under UU 14/2008 (keterbukaan informasi publik).
"""

from __future__ import annotations

import enum
import re
import secrets

from ppid.domain.calendar import Deadline, WorkingCalendar

NOTICE_WORKING_DAYS = 10
NOTICE_RULE = "Pasal 22 ayat 7 UU 14/2008: pemberitahuan tertulis paling lambat 10 hari kerja sejak permohonan diterima"


EXTENSION_WORKING_DAYS = 7
EXTENSION_RULE = "Pasal 22 ayat 8 UU 14/2008: perpanjangan paling lama 7 hari kerja, dengan alasan tertulis"
COMPLETION_RULE = "Permohonan yang belum lengkap dilengkapi pemohon dalam {days} hari kerja; tenggat dihitung ulang"


class Channel(enum.StrEnum):
    WEB = "web"
    LETTER = "letter"
    EMAIL = "email"
    IN_PERSON = "in_person"


CHANNEL_LABELS = {
    Channel.WEB: "Situs web",
    Channel.LETTER: "Surat",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "Datang langsung",
}


class ObtainMethod(enum.StrEnum):
    """How the requester wants to get the information (Perki 1/2021 request form)."""

    VIEW = "view"
    READ = "read"
    LISTEN = "listen"
    NOTE = "note"
    SOFT_COPY = "soft_copy"
    HARD_COPY = "hard_copy"


class DeliveryMethod(enum.StrEnum):
    """How a copy reaches the requester."""

    COLLECT = "collect"
    COURIER = "courier"
    POST = "post"
    FAX = "fax"
    EMAIL = "email"


NIK_PATTERN = re.compile(r"^\d{16}$")


def nik_problem(nik: str) -> str | None:
    """Why ``nik`` is not a plausible NIK (16 digits: region, birth date, serial), or None."""
    if not NIK_PATTERN.match(nik):
        return "NIK harus 16 digit angka."
    province = int(nik[:2])
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:  # women's NIK add 40 to the day of birth
        day -= 40
    if not (11 <= province <= 96) or not (1 <= day <= 31) or not (1 <= month <= 12):
        return "NIK tidak valid: kode wilayah atau tanggal lahir di dalamnya tidak masuk akal."
    return None


class RequesterType(enum.StrEnum):
    INDIVIDUAL = "individual"
    ORGANISATION = "organisation"


def identity_problem(requester_type: str, identity: str) -> str | None:
    """Why ``identity`` does not identify a requester of this type, or None: a person gives the NIK of the KTP;
    a legal entity gives its legal basis (akta, SK), which has no fixed form (Perki 1/2021 request form)."""
    if requester_type == RequesterType.ORGANISATION:
        return None if identity.strip() else "Sebutkan dasar hukum badan hukum (mis. nomor akta pendirian)."
    return nik_problem(identity)


# The purposes of the keyed hashes of a requester's contacts (chassis ``Sealer.index``), found by equality only.
EMAIL_INDEX = "ppid.request.email"
PHONE_INDEX = "ppid.request.phone"
NIK_INDEX = "ppid.request.nik"


def nik_key(text: str | None) -> str | None:
    """A NIK as it is compared (spaces, dots and dashes dropped), or None where the text is no NIK (an
    organisation's legal basis, an erased identity): only a person's 16 digits are looked up."""
    digits = re.sub(r"[\s.\-]", "", text or "")
    return digits if len(digits) == 16 and digits.isdigit() else None


def phone_key(phone: str) -> str:
    """A phone number as it is compared: digits only, ``+62``/``62`` written as the national ``0``."""
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("62") else digits


def duplicate_problem(number: str, original_number: str, original_received_at, received_at, original_of) -> str | None:
    """Why a request cannot be closed as a duplicate of ``original_number``, or None. The original is an earlier
    request that is not itself a duplicate (so every duplicate points at the one request that is answered); whether
    it is the same requester or the same information is the officer's judgement, written in the note."""
    if original_number == number:
        return "Permohonan tidak dapat menjadi duplikat dirinya sendiri."
    if original_of:
        return f"Permohonan {original_number} sendiri duplikat dari {original_of}; sebutkan {original_of}."
    if original_received_at > received_at:
        return f"Permohonan {original_number} diterima lebih akhir; yang duplikat adalah yang lebih akhir."
    return None


# Unambiguous letters and digits, so a code read over the phone is not misheard.
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code(length: int = 10) -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(length))


def registration_number(org_code: str, year: int, sequence: int) -> str:
    """Human-readable, per office and year: ``PPID-7174-2026-00042``."""
    return f"PPID-{org_code.replace('.', '')}-{year}-{sequence:05d}"


def notice_deadline(calendar: WorkingCalendar, received_on) -> Deadline:
    return calendar.deadline(received_on, NOTICE_WORKING_DAYS, NOTICE_RULE)


def extended_deadline(calendar: WorkingCalendar, due) -> Deadline:
    """One extension of 7 working days, counted from the original due date."""
    return calendar.deadline(due, EXTENSION_WORKING_DAYS, EXTENSION_RULE)


def completion_deadline(calendar: WorkingCalendar, returned_on, days: int) -> Deadline:
    return calendar.deadline(returned_on, days, COMPLETION_RULE.format(days=days))

"""Recovering a lost tracking code by the contact the requester gave, without telling anyone whether a request
exists: the same answer, status and (near enough) time for every contact; codes go only to the email on record."""

from __future__ import annotations

import datetime as dt

# Which requests get a new code: every open one, and the others received this recently (an objection or a copy of
# the notice may still be wanted).
RECENT = dt.timedelta(days=365)
# A second recovery within this time renews nothing and sends nothing: a stranger who knows the contact cannot keep
# replacing the requester's codes or fill their mailbox.
COOLDOWN = dt.timedelta(minutes=15)
# The answer takes at least this long, found or not, so its timing does not tell either.
FLOOR_SECONDS = 0.3

ANSWER = (
    "Bila ada permohonan dengan kontak ini, kami mengirim nomor pendaftaran dan kode pelacakan baru ke alamat email "
    "yang tercatat pada permohonan itu; kode lama tidak berlaku lagi. Pemohon yang hanya memberikan nomor telepon "
    "dilayani di meja layanan PPID dengan membawa KTP."
)


def is_email(contact: str) -> bool:
    return "@" in contact


def renewable(renewed_at: dt.datetime | None, now: dt.datetime) -> bool:
    return renewed_at is None or now - renewed_at >= COOLDOWN

"""PDF letters of the public information service (UU 14/2008, Perki 1/2021).

Every letter is a :class:`chassis.letters.Letter` under the one letterhead of :meth:`Office.from_settings`, so the
receipt a citizen downloads from the tracking page and the one an officer gets from the API are the same letter:

* :func:`receipt_pdf`: *Tanda Bukti Penerimaan Permintaan Informasi Publik*, handed to the requester when a
  request is registered;
* :func:`notice_pdf`: *Pemberitahuan Tertulis* (Pasal 22 ayat 7 UU 14/2008), the written answer to a request;
* :func:`extension_pdf`: *Pemberitahuan Perpanjangan Jangka Waktu* (Pasal 22 ayat 8), sent when the PPID takes the
  seven extra working days before deciding;
* :func:`objection_answer_pdf`: *Tanggapan atas Keberatan* (Pasal 36), the superior's answer to an objection.

A letter is signed by a person, printed with full name, NIP and position from the settings (``PPID_OFFICER_*``,
``PPID_SUPERIOR_*``; ``NOTICE_SIGNER`` picks who signs the notice), never by the login name of whoever clicked.
The module is pure: no Flask, no database. The NIK of the requester is personal data and is never printed, even
when present in the request dict; neither is the tracking code, which is a secret.
"""

from __future__ import annotations

from ppid.letters.layout import CHANNEL_LABELS, DECISION_LABELS, DELIVERY_LABELS, OBTAIN_LABELS, REFUSAL_GROUNDS
from ppid.letters.objections import objection_answer_pdf
from ppid.letters.office import Office
from ppid.letters.requests import extension_pdf, notice_pdf, receipt_pdf

__all__ = [
    "CHANNEL_LABELS",
    "DECISION_LABELS",
    "DELIVERY_LABELS",
    "OBTAIN_LABELS",
    "REFUSAL_GROUNDS",
    "Office",
    "extension_pdf",
    "notice_pdf",
    "objection_answer_pdf",
    "receipt_pdf",
]

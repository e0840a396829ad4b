"""Codes a PPID page would otherwise print (the channel, how the requester wants the information, a state, an
entry of the request's history), as the words people read; a page falls back to the code only for one unknown."""

from __future__ import annotations

import functools

# What an entry of a request's history says it was, where it is not a move of the workflow's table.
HISTORY_WORDS = {
    "submit": "Permohonan diajukan",
    "calendar": "Tenggat disesuaikan dengan hari kerja",
    "collect": "Informasi diambil",
    "dispute": "Sengketa diajukan ke Komisi Informasi",
    "dispute_outcome": "Putusan sengketa dicatat",
    "export": "Data pemohon diekspor",
    "object": "Keberatan diajukan",
    "objection_answer": "Tanggapan atas keberatan",
    "objection_lapsed": "Tanggapan keberatan lewat waktu",
    "renew_code": "Kode pelacakan diperbarui",
    "reveal": "Data pribadi dibuka",
}


@functools.cache
def of_codes() -> dict[str, dict[str, str]]:
    """Each kind of code, by its value."""
    from ppid.domain import requests as rules
    from ppid.domain import workflow
    from ppid.web import DELIVERY_OPTIONS, OBTAIN_OPTIONS

    return {
        "channel": {c.value: label for c, label in rules.CHANNEL_LABELS.items()},
        "obtain": dict(OBTAIN_OPTIONS),
        "delivery": dict(DELIVERY_OPTIONS),
        "status": {s.value: label for s, label in workflow.STATUS_LABELS.items()},
        "action": {**HISTORY_WORDS, **{a: workflow.TRANSITIONS.label(a) for a in workflow.TRANSITIONS}},
    }

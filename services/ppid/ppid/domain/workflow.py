"""How a request moves, as offices work (Perki 1/2021; E-PPID's named role per step): one table.

Every move names the roles that may make it, the states it may start from,
and the state it leads to (``None`` keeps the state: an extension or a note).
Services consult ``check``; nothing else decides whether a move is allowed.
"""

from __future__ import annotations

import enum

from chassis.transitions import Forbidden, InvalidTransition, Move, Table, move  # noqa: F401 - re-exported

OFFICER = "ppid:officer"
OPD_OFFICER = "ppid:opd_officer"
SUPERIOR = "ppid:superior"
REQUESTER = "requester"  # no account: proves itself with the tracking code
SYSTEM = "system"  # the worker


class Status(enum.StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    DISPOSED = "disposed"
    EXAMINING = "examining"
    NOTICE_DRAFTED = "notice_drafted"
    DECIDED = "decided"
    DELIVERED = "delivered"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.RECEIVED: "Diterima",
    Status.INCOMPLETE: "Perlu dilengkapi pemohon",
    Status.DISPOSED: "Diteruskan ke OPD",
    Status.EXAMINING: "Diperiksa PPID",
    Status.NOTICE_DRAFTED: "Pemberitahuan tertulis menunggu tanda tangan",
    Status.DECIDED: "Diputuskan",
    Status.DELIVERED: "Informasi telah diserahkan",
    Status.CLOSED: "Ditutup",
}
OPEN = frozenset({Status.RECEIVED, Status.INCOMPLETE, Status.DISPOSED, Status.EXAMINING, Status.NOTICE_DRAFTED})
# States in which the legal clock for the written notice runs.
CLOCK_RUNS = frozenset({Status.RECEIVED, Status.DISPOSED, Status.EXAMINING, Status.NOTICE_DRAFTED})


def status_label(status: str, duplicate_of: str | None = None) -> str:
    """What a person reads for a request's state: a duplicate is closed with its own words and the original's number."""
    if duplicate_of and status == Status.CLOSED:
        return f"Duplikat dari {duplicate_of}"
    return STATUS_LABELS[Status(status)]


class Decision(enum.StrEnum):
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    NOT_HELD = "not_held"
    NOT_DOCUMENTED = "not_documented"


DECISION_LABELS = {
    Decision.GRANTED: "Diterima seluruhnya",
    Decision.PARTLY_GRANTED: "Diterima sebagian",
    Decision.REFUSED: "Ditolak",
    Decision.NOT_HELD: "Informasi tidak dikuasai",
    Decision.NOT_DOCUMENTED: "Informasi belum didokumentasikan",
}
# Decisions that need a Pasal 17 ground and the consequence test (Pasal 19).
NEEDS_EXEMPTION = frozenset({Decision.REFUSED, Decision.PARTLY_GRANTED})
# Decisions after which something is handed over.
DELIVERABLE = frozenset({Decision.GRANTED, Decision.PARTLY_GRANTED})

EXEMPTIONS = {
    "a": "menghambat proses penegakan hukum",
    "b": "mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha yang sehat",
    "c": "membahayakan pertahanan dan keamanan negara",
    "d": "mengungkapkan kekayaan alam Indonesia",
    "e": "merugikan ketahanan ekonomi nasional",
    "f": "merugikan kepentingan hubungan luar negeri",
    "g": "mengungkapkan isi akta otentik yang bersifat pribadi dan wasiat seseorang",
    "h": "mengungkap rahasia pribadi",
    "i": "memorandum atau surat antar/intra Badan Publik yang menurut sifatnya dirahasiakan",
    "j": "informasi yang tidak boleh diungkapkan berdasarkan undang-undang",
}


def _m(action: str, sources, target: Status | None, roles, label: str) -> Move:
    return move(action, sources, target, roles, label)


TRANSITIONS = Table(
    (
        _m("mark_incomplete", {Status.RECEIVED}, Status.INCOMPLETE, {OFFICER}, "Kembalikan untuk dilengkapi"),
        _m("complete", {Status.INCOMPLETE}, Status.RECEIVED, {REQUESTER}, "Dilengkapi pemohon"),
        _m("close_incomplete", {Status.INCOMPLETE}, Status.CLOSED, {OFFICER, SYSTEM}, "Tutup: tidak dilengkapi"),
        _m("dispose", {Status.RECEIVED, Status.EXAMINING}, Status.DISPOSED, {OFFICER}, "Disposisi ke OPD"),
        _m("answer", {Status.DISPOSED}, None, {OPD_OFFICER}, "Jawaban OPD"),
        _m("collect", {Status.DISPOSED}, Status.EXAMINING, {SYSTEM, OFFICER}, "Semua jawaban OPD masuk"),
        _m("examine", {Status.RECEIVED}, Status.EXAMINING, {OFFICER}, "Diperiksa langsung oleh PPID"),
        _m("extend", CLOCK_RUNS, None, {OFFICER}, "Perpanjangan 7 hari kerja"),
        _m("draft_notice", {Status.EXAMINING}, Status.NOTICE_DRAFTED, {OFFICER}, "Susun pemberitahuan tertulis"),
        _m("return_notice", {Status.NOTICE_DRAFTED}, Status.EXAMINING, {OFFICER, SUPERIOR}, "Kembalikan draf"),
        _m("sign_notice", {Status.NOTICE_DRAFTED}, Status.DECIDED, {OFFICER, SUPERIOR}, "Setujui dan tanda tangani"),
        _m("deliver", {Status.DECIDED}, Status.DELIVERED, {OFFICER}, "Serahkan informasi"),
        _m("mark_duplicate", OPEN, Status.CLOSED, {OFFICER}, "Tutup: duplikat permohonan lain"),
        _m("note", OPEN | {Status.DECIDED}, None, {OFFICER, SUPERIOR, OPD_OFFICER}, "Catatan petugas"),
    ),
    noun="Permohonan",
    state_labels=STATUS_LABELS,
)

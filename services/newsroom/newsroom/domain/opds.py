"""Which OPD a new item may name, by the office's list its admin keeps at the gateway (kept here from its event by
``chassis.opds``): any code while the office has no list yet (as before the list), else only an active OPD of it."""

from __future__ import annotations

from chassis.opds import unusable

UNKNOWN = "OPD tidak dikenal atau tidak aktif. Pilih dari daftar OPD kantor."


def writable(opd: str, known: dict[str, bool]) -> bool:
    """``known``: every OPD of the list by code, whether it is active (``chassis.opds.unusable``)."""
    return not unusable([opd], known)

"""Which OPDs (organisasi perangkat daerah: the office's departments) a request may be disposed to, by the office's
list its admin keeps at the gateway (read from its event by ``chassis.opds``)."""

from __future__ import annotations

from collections.abc import Iterable


def not_disposable(codes: Iterable[str], active: set[str], listed: bool) -> list[str]:
    """The codes a request may not be disposed to: with a list, every code outside its active OPDs; with none yet
    (a new office before its admin enters it), none, as the officer types the codes."""
    return [code for code in codes if code not in active] if listed else []

"""The office's list of OPDs, as the gateway publishes it: which codes the newsroom's items may name, and their names.

The office's admin keeps the list once, at the gateway, which sends the whole list (inactive OPDs included) with a
version that grows at every change (``gateway.opds.changed.v1``). The newsroom's copy takes a list only when its
version is newer than the one it holds, so a repeated, replayed or late event changes nothing. An OPD missing from a
newer list is kept, marked inactive: published items still name it, and their pages still show its name.
"""

from __future__ import annotations

import dataclasses
import re

from chassis.events import InvalidEvent

CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,63}\Z")
NAME_LENGTH = 200
UNKNOWN = "OPD tidak dikenal atau tidak aktif. Pilih dari daftar OPD kantor."


@dataclasses.dataclass(frozen=True)
class OpdEntry:
    code: str
    name: str
    active: bool


@dataclasses.dataclass(frozen=True)
class OpdList:
    version: int
    opds: tuple[OpdEntry, ...]


def parse(data: object) -> OpdList:
    """The list an event carries; a malformed one raises InvalidEvent (it ends in the dead-letter queue, where an
    operator sees it, rather than half a list being taken)."""
    if not isinstance(data, dict):
        raise InvalidEvent("opd list: data is not an object")
    version, opds = data.get("version"), data.get("opds")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidEvent(f"opd list: version is not a positive integer: {version!r}")
    if not isinstance(opds, list):
        raise InvalidEvent("opd list: opds is not a list")
    entries: dict[str, OpdEntry] = {}
    for item in opds:
        code = item.get("code") if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        active = item.get("active") if isinstance(item, dict) else None
        if not isinstance(code, str) or not CODE.match(code):
            raise InvalidEvent(f"opd list: not an OPD code: {code!r}")
        if not isinstance(name, str) or not isinstance(active, bool):
            raise InvalidEvent(f"opd list: {code}: name or active missing")
        if code in entries:
            raise InvalidEvent(f"opd list: {code} listed twice")
        entries[code] = OpdEntry(code, name.strip()[:NAME_LENGTH] or code, active)  # a blank name: the code
    return OpdList(version, tuple(entries.values()))


def newer(incoming: OpdList, held_version: int) -> bool:
    return incoming.version > held_version


def merged(known: list[OpdEntry], incoming: OpdList) -> list[OpdEntry]:
    """What the copy holds after ``incoming``: its OPDs as listed, and every known OPD it no longer lists, inactive."""
    listed = {entry.code for entry in incoming.opds}
    dropped = [dataclasses.replace(entry, active=False) for entry in known if entry.code not in listed]
    return [*incoming.opds, *dropped]


def writable(opd: str, known: dict[str, OpdEntry]) -> bool:
    """Whether a new item may name ``opd``: any code while the office has no list yet (as before the list), else
    only an active OPD of the list."""
    return not known or (opd in known and known[opd].active)


def by_name(entries: list[OpdEntry]) -> list[OpdEntry]:
    return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.code))

"""The office's list of OPDs (organisasi perangkat daerah: its departments), which its admin keeps at the gateway:
reading the list the gateway publishes, and which OPDs a request may be disposed to."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
NAME_LENGTH = 200


@dataclasses.dataclass(frozen=True)
class Listed:
    code: str
    name: str
    active: bool


def parse_list(data: object) -> tuple[int, list[Listed]]:
    """The version and the OPDs of a published list; ``ValueError`` when any part of it is malformed, as a list
    applied in part would mark the OPDs left out inactive."""
    if not isinstance(data, dict):
        raise ValueError("data is not an object")
    version, entries = data.get("version"), data.get("opds")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(f"version {version!r} is not a whole number")
    if not isinstance(entries, list):
        raise ValueError("opds is not a list")
    listed: dict[str, Listed] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError("an OPD is not an object")
        code, name, active = entry.get("code"), entry.get("name"), entry.get("active", True)
        if not isinstance(code, str) or not CODE.match(code):
            raise ValueError(f"OPD code {code!r} is malformed")
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_LENGTH:
            raise ValueError(f"OPD {code} has no usable name")
        if not isinstance(active, bool):
            raise ValueError(f"OPD {code}: active is not true or false")
        listed[code] = Listed(code, name.strip(), active)
    return version, list(listed.values())


def not_disposable(codes: Iterable[str], active: set[str], listed: bool) -> list[str]:
    """The codes a request may not be disposed to: with a list, every code outside its active OPDs; with none yet
    (a new office before its admin enters it), none, as the officer types the codes."""
    return [code for code in codes if code not in active] if listed else []

"""PPID settings: the chassis's, plus what only this service needs."""

from __future__ import annotations

import dataclasses

from chassis.settings import ServiceSettings, load


@dataclasses.dataclass(frozen=True)
class PpidSettings(ServiceSettings):
    service_name: str = "ppid"


def from_env(**overrides) -> PpidSettings:
    return load(PpidSettings, **overrides)

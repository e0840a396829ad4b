"""Registry settings: the chassis's, plus what only this service needs."""

from __future__ import annotations

import dataclasses

from chassis.settings import ServiceSettings, load


@dataclasses.dataclass(frozen=True)
class RegistrySettings(ServiceSettings):
    service_name: str = "registry"


def from_env(**overrides) -> RegistrySettings:
    return load(RegistrySettings, **overrides)

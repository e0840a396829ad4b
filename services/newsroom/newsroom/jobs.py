"""What the newsroom worker does on its own: publish scheduled items when their time comes."""

from __future__ import annotations

from chassis.web import suite, unit_of_work
from newsroom import services


def release_scheduled() -> int:
    return services.release_due(unit_of_work, suite().settings.public_base_url)

"""What the newsroom worker does on its own: publish scheduled items when their time comes."""

from __future__ import annotations

from chassis.web import unit_of_work
from newsroom.context import scheduler_context
from newsroom.use_cases import workflow


def release_scheduled() -> int:
    return workflow.release_due(unit_of_work, scheduler_context())

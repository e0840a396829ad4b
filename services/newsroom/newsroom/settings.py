"""Newsroom settings: the chassis's, plus what only this service needs."""

from __future__ import annotations

import dataclasses

from chassis.settings import ServiceSettings, load


@dataclasses.dataclass(frozen=True)
class NewsroomSettings(ServiceSettings):
    service_name: str = "newsroom"
    # Largest page of the public list.
    page_size_max: int = 100
    # How often the worker publishes scheduled items whose time has come, in seconds.
    schedule_check_seconds: float = 15.0
    # Items per feed.
    feed_size: int = 30
    # Images: where they are kept (default var/newsroom-files) and the largest upload accepted.
    storage_dir: str = ""
    image_max_bytes: int = 15 * 1024 * 1024
    # Attached files (PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS, checked by content; no macros): the largest accepted.
    attachment_max_bytes: int = 20 * 1024 * 1024
    # Soft lock of an item being edited in the console: how long it holds without a refresh, in minutes.
    lock_minutes: int = 10


def from_env(**overrides) -> NewsroomSettings:
    return load(NewsroomSettings, **overrides)

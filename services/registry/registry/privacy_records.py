"""The ORM record of a partner's data-subject request (see registry.domain.privacy), on the service's metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chassis.db import UtcDateTime
from registry.models import Base


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # ``PDP-2026-0001``: per year, readable on the phone and in a URL.
    number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), nullable=False, index=True)
    filed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    # Set at once for a restriction (and when an erasure must wait for a contract): reveals then serve the DPO only.
    restricted: Mapped[bool] = mapped_column(default=False, nullable=False)
    answer: Mapped[str | None] = mapped_column(Text)
    # What the answer did: {"erased": [journalist ids]}, {"refused_erasure": reason}, {"copy": true}...
    outcome: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

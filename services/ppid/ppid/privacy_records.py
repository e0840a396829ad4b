"""The ORM record of a data-subject request (see ppid.domain.privacy), on the service's metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chassis.db import UtcDateTime
from ppid.models import Base, Request


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    # Set at once for a restriction (and when an erasure must wait): the reveal then serves only the DPO.
    restricted: Mapped[bool] = mapped_column(default=False, nullable=False)
    confirmed_to: Mapped[str | None] = mapped_column(String(40))
    answer: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    request: Mapped[Request] = relationship(lazy="joined")

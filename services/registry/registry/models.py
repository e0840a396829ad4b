"""Registry tables (this service's database only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chassis.db import UtcDateTime, service_metadata
from chassis.messaging import define_tables, utcnow


class Base(DeclarativeBase):
    metadata = service_metadata()


messaging = define_tables(Base.metadata)


class Outlet(Base):
    """A press company (perusahaan pers) and its medium."""

    __tablename__ = "outlets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    legal_name: Mapped[str] = mapped_column(String(200), nullable=False)
    media_type: Mapped[str] = mapped_column(String(20), nullable=False)
    npwp: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    nib: Mapped[str] = mapped_column(String(13), nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(300))
    registered_by: Mapped[str] = mapped_column(String(64), nullable=False)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class Release(Base):
    """Read model of the newsroom's published items: what partners may carry and prove."""

    __tablename__ = "releases"
    __table_args__ = (Index("ix_releases_recent", "published_at", "article_id"),)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    slug: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    opd: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    # published, corrected or withdrawn; a withdrawn release cannot back a publication proof.
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="published")
    correction_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

"""Newsroom tables (this service's database only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis import opds
from chassis.db import UtcDateTime, service_metadata
from chassis.messaging import define_tables, utcnow


class Base(DeclarativeBase):
    metadata = service_metadata()
    # Made by migrations in plain SQL: the FTS5 table and its shadows (SQLite, 0004); the stored search vector, its
    # index and the index of public items in publication order (PostgreSQL, 0007).
    metadata.info["unmanaged"] = ("articles_fts", "ix_articles_search", "search_vector", "ix_articles_published")


messaging = define_tables(Base.metadata)


class Article(Base):
    """A news release, hoax clarification, announcement or agenda item."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_public", "status", "published_at", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    opd: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # Optimistic locking: every write needs the version it read (If-Match) and bumps it.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    tags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    # Who the public reads as the author (e.g. "Humas Dinas Kesehatan"); the office's name when empty.
    byline: Mapped[str | None] = mapped_column(String(200))
    # A hoax clarification: the claim as it circulates, the verdict, the facts and the sources.
    clarification: Mapped[dict | None] = mapped_column(JSON)
    # An agenda item: when it starts (and ends) and where, {"starts_at", "ends_at", "place"} with ISO times.
    agenda: Mapped[dict | None] = mapped_column(JSON)
    publish_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), index=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    correction_note: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # Soft lock: who is editing now, since when, until when (refreshed while they work; If-Match stays the guard).
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    history: Mapped[list[ArticleLog]] = relationship(
        back_populates="article", order_by="ArticleLog.id", cascade="all, delete-orphan"
    )
    images: Mapped[list[ArticleImage]] = relationship(order_by="ArticleImage.id", cascade="all, delete-orphan")
    attachments: Mapped[list[ArticleAttachment]] = relationship(
        order_by="ArticleAttachment.id", cascade="all, delete-orphan"
    )


class Revision(Base):
    """Every save of an item: who, when, and what it said then."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    by: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    tags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)


class ArticleLog(Base):
    """Every workflow move: who, when, from, to, and the note."""

    __tablename__ = "article_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    article: Mapped[Article] = relationship(back_populates="history")


class ArticleImage(Base):
    """An image of an item, resized to web sizes; alt text is required (screen readers, slow connections)."""

    __tablename__ = "article_images"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    alt: Mapped[str] = mapped_column(String(300), nullable=False)
    caption: Mapped[str | None] = mapped_column(Text)
    credit: Mapped[str | None] = mapped_column(String(200))
    # width -> SHA-256 of the stored JPEG of that width
    renditions: Mapped[dict] = mapped_column(JSON, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class ArticleAttachment(Base):
    """A file attached to an item (a PDF of the full release, a scanned letter), with a label the public reads."""

    __tablename__ = "article_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True)
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    file_name: Mapped[str] = mapped_column(String(120), nullable=False)
    file_type: Mapped[str] = mapped_column(String(100), nullable=False)
    file_size: Mapped[int] = mapped_column(Integer, nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


# The office's OPD list from its gateway (chassis.opds): names for codes, the item form's choices.
opd_tables = opds.define_tables(Base.metadata)


class Opd(Base):
    """An OPD of the office's list: kept, inactive, when the list drops it, since published items still name it."""

    __table__ = opd_tables.opds


from newsroom import province as _province  # noqa: E402, F401 - its read model's table is in this metadata too

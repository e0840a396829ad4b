"""The province's read model of its regencies' news: one fact row per (region, article), from their events.

A province's newsroom receives its regencies' ``newsroom.article.published/corrected/withdrawn.v1`` events through
federation into ``province.events`` (never its own ``suite.events``), and a ``newsroom.article.snapshot.v1`` per
public article from a regency that joined late. Each one upserts the row keyed by the region code of the event's
``source`` and the regency's own article id, so two regencies' article 7 stay apart. A row keeps the article's
revision and the time of the event that wrote it; an event that is not newer changes nothing, so a duplicate, a
replay or a snapshot after live events never counts twice, and a correction or withdrawal follows its source.
Only what a reader of the regency's page sees is kept: region, type, title, summary, link, verdict, dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import Index, Integer, String, Text, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column, selectinload

from chassis import pagination
from chassis import province as chassis_province
from chassis.consumer import Handlers
from chassis.db import UtcDateTime
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork, utcnow
from newsroom import distribution, events
from newsroom.domain.states import Status
from newsroom.models import Article, Base

# What the province shows of its regencies: releases, announcements and hoax clarifications (agenda items are
# the regency's own affair).
TYPES = ("release", "announcement", "clarification")
TYPE_LABELS = {"release": "Siaran pers", "announcement": "Pengumuman", "clarification": "Klarifikasi hoaks"}
# A Kemendagri region code: province 35, regency or city 35.78, district 35.78.01, village 35.78.01.1001.
REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?\Z")
REGION_CODE_MESSAGE = "Kode wilayah Kemendagri, mis. 35.78."
PUBLISHED, CORRECTED, WITHDRAWN = "published", "corrected", "withdrawn"
STATE_LABELS = {PUBLISHED: "Terbit", CORRECTED: "Diralat", WITHDRAWN: "Ditarik"}
STATE_OF_EVENT = {events.PUBLISHED: PUBLISHED, events.CORRECTED: CORRECTED, events.WITHDRAWN: WITHDRAWN}
STATE_OF_STATUS = {Status.PUBLISHED: PUBLISHED, Status.CORRECTED: CORRECTED, Status.WITHDRAWN: WITHDRAWN}
# Counted as out in the month figures, as the regency's own figures count them (figures.yearly).
OUT = (PUBLISHED, CORRECTED)
SNAPSHOT_BATCH = 500


class RegionArticle(Base):
    """A regency's public item as the province knows it (the regency's page stays the original)."""

    __tablename__ = "province_articles"
    __table_args__ = (Index("ix_province_articles_newest", "published_at", "region_code", "article_id"),)
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    url: Mapped[str] = mapped_column(String(1000), nullable=False)
    verdict: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    corrected_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    correction_note: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # The article's version in its regency when the event was written, then the event's time: the newer wins.
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    event_time: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)


province_handlers = Handlers()


def _moment(value, name: str = "time") -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidEvent(f"{name}: not a moment: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _facts(data: dict, state: str) -> dict:
    """The columns an event sets; a withdrawal carries no summary, so the one already known stays. A malformed
    event raises InvalidEvent (it ends in the dead-letter queue, where an operator sees it)."""
    missing = [name for name in ("id", "title", "url") if not data.get(name)]
    if missing or not isinstance(data["id"], int) or not isinstance(data.get("revision") or 0, int):
        raise InvalidEvent(f"newsroom article: missing or wrong {', '.join(missing) or 'id or revision'}")
    facts = {
        "type": data["type"],
        "title": str(data["title"])[:300],
        "url": str(data["url"])[:1000],
        "state": state,
        "published_at": _moment(data.get("published_at"), "published_at"),
        "revision": int(data.get("revision") or 0),
    }
    if "summary" in data:
        facts["summary"] = data["summary"] or ""
    if data.get("verdict"):
        facts["verdict"] = data["verdict"]
    if state == CORRECTED or data.get("corrected_at"):
        facts["corrected_at"] = _moment(data.get("corrected_at"), "corrected_at")
        facts["correction_note"] = data.get("correction_note")
    if state == WITHDRAWN:
        facts["withdrawn_at"] = _moment(data.get("withdrawn_at"), "withdrawn_at")
        facts["withdrawal_reason"] = data.get("reason") or data.get("withdrawal_reason")
    return facts


def upsert(uow: UnitOfWork, event: CloudEvent, state: str) -> None:
    """Write what ``event`` says of its article, unless the row already holds a newer (or the same) revision."""
    data = event.data
    if data.get("type") not in TYPES:
        return
    facts = {**_facts(data, state), "event_time": _moment(event.time) or utcnow()}
    key = {"region_code": chassis_province.region_of(event), "article_id": data["id"]}
    session = uow.session
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = RegionArticle.__table__
    statement = insert(table).values({"summary": "", **key, **facts}).on_conflict_do_nothing(index_elements=list(key))
    if session.execute(statement.returning(table.c.region_code)).first() is not None:
        return  # the first word of this item
    row = session.scalars(select(RegionArticle).filter_by(**key).with_for_update()).one()
    if (facts["revision"], facts["event_time"]) <= (row.revision, row.event_time):
        return  # a duplicate, or older than what the row says: the source has moved on since
    for name, value in facts.items():
        setattr(row, name, value)


def _on(event_type: str, state: str | None):
    def handle(uow: UnitOfWork, event: CloudEvent) -> None:
        given = event.data.get("state")
        upsert(uow, event, state or (given if given in STATE_LABELS else PUBLISHED))

    handle.__name__ = f"province_{event_type.split('.')[2]}"
    province_handlers.on(event_type)(handle)


for _type, _state in (*STATE_OF_EVENT.items(), (events.SNAPSHOT, None)):
    _on(_type, _state)


def snapshot_data(article: Article, base_url: str) -> dict:
    """An article's current state as the province needs it, in one event (late join)."""
    return {
        **distribution.event_data(article, base_url),
        "state": STATE_OF_STATUS[Status(article.status)],
        "corrected_at": article.corrected_at.isoformat() if article.corrected_at else None,
        "correction_note": article.correction_note,
        "withdrawn_at": article.withdrawn_at.isoformat() if article.withdrawn_at else None,
        "reason": article.withdrawal_reason,
    }


def snapshot(uow: UnitOfWork, settings=None) -> int:
    """Emit one ``newsroom.article.snapshot.v1`` per article the public has seen (published, corrected, or
    withdrawn after it went out), with its current state; returns how many. Read in batches, so a big office's
    items are not all held in memory; the caller commits."""
    if settings is None:
        from chassis.web import suite

        settings = suite().settings
    seen = (
        select(Article)
        .options(selectinload(Article.images), selectinload(Article.attachments))
        .where(Article.type.in_(TYPES), Article.status.in_(list(STATE_OF_STATUS)), Article.published_at.is_not(None))
        .order_by(Article.id)
        .limit(SNAPSHOT_BATCH)
    )
    count, last = 0, 0
    while batch := list(uow.session.scalars(seen.where(Article.id > last))):
        for article in batch:
            uow.emit(events.SNAPSHOT, snapshot_data(article, settings.public_base_url), subject=str(article.id))
        count, last = count + len(batch), batch[-1].id
        uow.session.expunge_all()
    return count


def region_names(settings) -> dict[str, str]:
    """The province's regencies (``PROVINCE_REGIONS``), code -> name."""
    return dict(chassis_province.regions(settings))


def view(row: RegionArticle, names: dict[str, str]) -> dict:
    """A row as the API gives it; a withdrawn item shows only that it was withdrawn and why, as its page does."""
    withdrawn = row.state == WITHDRAWN
    return {
        "region_code": row.region_code,
        "region_name": names.get(row.region_code, row.region_code),
        "article_id": row.article_id,
        "type": row.type,
        "type_label": TYPE_LABELS[row.type],
        "title": row.title,
        "summary": "" if withdrawn else row.summary,
        "url": row.url,
        "published_at": row.published_at,
        "state": row.state,
        "state_label": STATE_LABELS[row.state],
        "verdict": row.verdict,
        "corrected_at": row.corrected_at,
        "correction_note": row.correction_note,
        "withdrawn_at": row.withdrawn_at,
        "withdrawal_reason": row.withdrawal_reason if withdrawn else None,
    }


def _listed(region: str | None, kind: str | None):
    statement = select(RegionArticle).where(RegionArticle.published_at.is_not(None))
    if region:
        statement = statement.where(RegionArticle.region_code == region)
    if kind:
        statement = statement.where(RegionArticle.type == kind)
    return statement


def newest(
    session: Session, region: str | None, kind: str | None, after: str | None, limit: int
) -> tuple[list[RegionArticle], str | None]:
    """The merged list, newest first, withdrawn items included (marked); a keyset cursor for the next page."""
    order = [(RegionArticle.published_at, True), (RegionArticle.region_code, True), (RegionArticle.article_id, True)]
    statement = pagination.keyset(_listed(region, kind), order, after, limit)
    rows = list(session.scalars(statement))
    return pagination.page(rows, limit, lambda r: (r.published_at, r.region_code, r.article_id))


def feed_items(session: Session, region: str | None, kind: str | None, size: int) -> list[RegionArticle]:
    """The feed: what is out now, newest first. A withdrawn item drops out, as it does from its regency's feed."""
    statement = _listed(region, kind).where(RegionArticle.state.in_(OUT))
    order = (RegionArticle.published_at.desc(), RegionArticle.region_code.desc(), RegionArticle.article_id.desc())
    return list(session.scalars(statement.order_by(*order).limit(size)))


def monthly(session: Session, year: int, settings) -> list[dict]:
    """Per region, items out in each month of ``year`` (the province's office zone) by type; every configured
    region is listed, also one with nothing yet. Withdrawn items are not counted, as in the regency's figures."""
    zone = ZoneInfo(settings.office_timezone)
    start, end = dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = session.execute(
        select(RegionArticle.region_code, RegionArticle.type, RegionArticle.published_at).where(
            RegionArticle.state.in_(OUT), RegionArticle.published_at >= start, RegionArticle.published_at < end
        )
    ).all()
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {kind: [0] * 12 for kind in TYPES})
    for code, kind, published_at in rows:
        counts[code][kind][published_at.astimezone(zone).month - 1] += 1
    return [
        {
            "region_code": code,
            "region_name": name,
            "releases": months["release"],
            "announcements": months["announcement"],
            "clarifications": months["clarification"],
            "total_releases": sum(months["release"]),
            "total_announcements": sum(months["announcement"]),
            "total_clarifications": sum(months["clarification"]),
        }
        for code, name in chassis_province.listed_regions(settings, counts)
        for months in (counts[code],)
    ]

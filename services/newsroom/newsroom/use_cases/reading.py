"""What the public reads: published items by page, feed and sitemap, and an item's public page.

Only the states in ``PUBLIC`` are listed; a withdrawn item keeps its page (saying only that it was withdrawn and
why), as partners and readers who ran it still follow its link.
"""

from __future__ import annotations

from sqlalchemy import Select, Text, cast, select

from chassis import pagination
from chassis.messaging import UnitOfWork
from newsroom import search
from newsroom.domain.states import PUBLIC, Status
from newsroom.models import Article

# What an item's public page shows: the published, and the withdrawn (only that it was, and why).
ON_PAGE = PUBLIC | {Status.WITHDRAWN}


def _published(filters: dict) -> Select:
    statement = select(Article).where(Article.status.in_(list(PUBLIC)))
    if filters.get("type"):
        statement = statement.where(Article.type == filters["type"])
    if filters.get("opd"):
        statement = statement.where(Article.opd == filters["opd"])
    if filters.get("tag"):
        statement = statement.where(cast(Article.tags, Text).like(f'%"{filters["tag"]}"%'))
    return statement


def published_page(
    uow: UnitOfWork, filters: dict, q: str | None, after: str | None, limit: int
) -> tuple[list[Article], str | None]:
    """One page of published items, newest first (``type``, ``opd``, ``tag`` filters; ``q`` searches), and the
    cursor of the next page."""
    found = search.newest_page(uow.session, uow.db, _published(filters), q, after, limit)
    return pagination.page(found, limit, lambda a: (a.published_at, a.id))


def feed_items(uow: UnitOfWork, filters: dict, size: int) -> list[Article]:
    statement = _published(filters).order_by(Article.published_at.desc(), Article.id.desc()).limit(size)
    return list(uow.session.scalars(statement))


def sitemap_rows(uow: UnitOfWork, limit: int) -> list:
    statement = (
        select(Article.slug, Article.updated_at)
        .where(Article.status.in_(list(PUBLIC)))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return uow.session.execute(statement).all()


def page_item(uow: UnitOfWork, slug: str) -> Article | None:
    """The item whose public page this is, if it has one (published, corrected or withdrawn)."""
    article = uow.session.scalars(select(Article).where(Article.slug == slug)).first()
    if article is None or Status(article.status) not in ON_PAGE:
        return None
    return article

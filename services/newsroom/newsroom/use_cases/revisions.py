"""Revisions: every save is one; staff compare any two side by side, and an editor brings an old one back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.errors import NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from newsroom.context import NewsroomContext
from newsroom.domain import diff
from newsroom.domain.permissions import RESTORE, STAFF
from newsroom.models import Article, Revision
from newsroom.use_cases import articles

COMPARED = ("title", "summary", "tags", "body_html")


def _revision(session: Session, article_id: int, number: int, field: str = "number") -> Revision:
    query = select(Revision).where(Revision.article_id == article_id, Revision.number == number)
    found = session.scalars(query).first()
    if found is None:
        message = f"Revisi {number} tidak ada."
        raise NotFound(f"{field}: {message}", errors=[{"field": field, "message": message}])
    return found


@authorized(STAFF)
def listing(uow: UnitOfWork, ctx: NewsroomContext, article_id: int) -> tuple[Article, list[Revision]]:
    """The item and every revision of it, oldest first."""
    article = articles.find_for_staff(uow.session, ctx, article_id)
    query = select(Revision).where(Revision.article_id == article_id).order_by(Revision.number)
    return article, list(uow.session.scalars(query))


@authorized(STAFF)
def compare(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, old: int, new: int) -> dict:
    """Side by side, field by field, what changed from revision ``old`` to revision ``new``."""
    session = uow.session
    articles.find_for_staff(session, ctx, article_id)
    left, right = _revision(session, article_id, old, "from"), _revision(session, article_id, new, "to")
    return {
        "from": {"number": left.number, "by": left.by, "at": left.at},
        "to": {"number": right.number, "by": right.by, "at": right.at},
        "fields": diff.compare({c: getattr(left, c) for c in COMPARED}, {c: getattr(right, c) for c in COMPARED}),
    }


@authorized(RESTORE)
def restore(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, number: int, if_match: str | None) -> Article:
    """An editor brings back what revision ``number`` said, as a new revision (nothing in between is lost)."""
    articles.find_for_staff(uow.session, ctx, article_id)
    old = _revision(uow.session, article_id, number)
    changes = {"title": old.title, "summary": old.summary, "body_html": old.body_html, "tags": list(old.tags or [])}
    return articles.edit(uow, ctx, article_id, changes, if_match, note=f"Memulihkan revisi {number}")

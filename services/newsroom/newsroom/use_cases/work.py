"""The start page's counts: what waits for the caller in the newsroom, per role, each with the page that lists it.

The gateway's start page asks every service ``GET /api/<service>/work`` and shows
``{"items": [{"label", "count", "href"}]}``: an editor sees the items waiting for review and those scheduled, a
contributor their own drafts an editor returned and their own items in review.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from newsroom.context import NewsroomContext
from newsroom.domain.permissions import CONTRIBUTOR, EDITOR, STAFF
from newsroom.domain.states import Status
from newsroom.models import Article, ArticleLog

DESK = "/newsroom/redaksi"


@authorized(STAFF)
def waiting(uow: UnitOfWork, ctx: NewsroomContext) -> list[dict]:
    session, who = uow.session, ctx.principal

    def count(statement) -> int:
        return int(session.scalar(statement) or 0)

    articles = select(func.count()).select_from(Article)
    items = []
    if EDITOR in who.roles:
        items.append(
            {
                "label": "Naskah yang menunggu pemeriksaan redaktur",
                "count": count(articles.where(Article.status == Status.SUBMITTED.value)),
                "href": DESK,
            }
        )
        items.append(
            {
                "label": "Naskah terjadwal terbit",
                "count": count(articles.where(Article.status == Status.SCHEDULED.value)),
                "href": DESK,
            }
        )
    elif CONTRIBUTOR in who.roles:
        mine = articles.where(Article.created_by == who.username, Article.opd == who.opd)
        # A returned draft: a draft whose latest step in its history is the editor's "return".
        step = aliased(ArticleLog)
        latest = select(func.max(step.id)).where(step.article_id == Article.id).correlate(Article).scalar_subquery()
        returned = (
            select(ArticleLog.id)
            .where(ArticleLog.article_id == Article.id, ArticleLog.id == latest, ArticleLog.action == "return")
            .correlate(Article)
            .exists()
        )
        items.append(
            {
                "label": "Naskah Anda yang dikembalikan redaktur",
                "count": count(mine.where(Article.status == Status.DRAFT.value, returned)),
                "href": DESK,
            }
        )
        items.append(
            {
                "label": "Naskah Anda yang sedang diperiksa redaktur",
                "count": count(mine.where(Article.status == Status.SUBMITTED.value)),
                "href": DESK,
            }
        )
    return items

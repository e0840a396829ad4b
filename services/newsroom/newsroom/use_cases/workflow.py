"""Workflow moves: submitting, returning, approving, scheduling, publishing, correcting and withdrawing an item.

``act`` makes one move of ``domain.workflow.TRANSITIONS``: it asks the table (roles, state, the OPD rule), runs the
move's own handler from ``ACTIONS`` (one per move, checked against the table at import), records it and emits its
event, in one transaction. ``MOVES`` holds one use case per staff move, for the API views that each run one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from chassis.errors import Invalid
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized, permission
from newsroom import distribution, events
from newsroom.context import NewsroomContext
from newsroom.domain import locks, text, workflow
from newsroom.domain.permissions import SCHEDULER
from newsroom.domain.states import Status
from newsroom.models import Article, ArticleLog
from newsroom.use_cases import articles

# A publication time this close to now is now: the item goes out at once instead of being scheduled.
SCHEDULE_MARGIN = dt.timedelta(seconds=30)


def _step(article: Article, ctx: NewsroomContext, note: str | None, **extra) -> dict:
    """What an editorial step (not a publication) tells: the item, who moved it and their note."""
    return {
        "id": article.id,
        "title": article.title,
        "opd": article.opd,
        "by": ctx.principal.username,
        "note": note,
        **extra,
    }


def _submit(uow, ctx, article, data, note):
    article.submitted_at = ctx.now()
    return note, _step(article, ctx, note)


def _return(uow, ctx, article, data, note):
    if not note:
        raise Invalid("note", "Catatan wajib diisi.")
    return note, _step(article, ctx, note)


def _approve(uow, ctx, article, data, note):
    return note, _step(article, ctx, note)


def _schedule(uow, ctx, article, data, note):
    at = data.get("at")
    if at is None or at <= ctx.now():
        raise Invalid("at", "Waktu terbit terjadwal harus di masa depan.")
    article.publish_at = at
    note = note or f"Terbit terjadwal {at.isoformat()}"
    return note, _step(article, ctx, note, publish_at=at.isoformat())


def _publish(uow, ctx, article, data, note):
    article.published_at = ctx.now()
    article.publish_at = None
    return note, distribution.event_data(article, ctx.settings.public_base_url)


def _correct(uow, ctx, article, data, note):
    if not note:
        raise Invalid("note", "Catatan wajib diisi.")
    now = ctx.now()
    if data.get("body_html"):
        old_body, article.body_html = article.body_html, articles.clean_body(data["body_html"])
        article.summary = text.summary_after_edit(article.summary, old_body, article.body_html, None)
        uow.session.add(articles.new_revision(article, ctx.principal.username))
    article.corrected_at = now
    article.correction_note = note
    notice = distribution.notice_data(article, ctx.settings.public_base_url)
    return note, {**notice, "summary": article.summary, "correction_note": note, "corrected_at": now.isoformat()}


def _withdraw(uow, ctx, article, data, note):
    if not note:
        raise Invalid("reason", "Sebutkan alasan penarikan.")
    now = ctx.now()
    article.withdrawn_at = now
    article.withdrawal_reason = note
    notice = distribution.notice_data(article, ctx.settings.public_base_url)
    return note, {**notice, "reason": note, "withdrawn_at": now.isoformat()}


# action -> (the event it emits, its handler: (uow, ctx, article, data, note) -> (note, event payload)).
Handler = Callable[[UnitOfWork, NewsroomContext, Article, dict, str | None], tuple[str | None, dict]]
ACTIONS: dict[str, tuple[str, Handler]] = {
    "submit": (events.SUBMITTED, _submit),
    "return": (events.RETURNED, _return),
    "approve": (events.APPROVED, _approve),
    "schedule": (events.SCHEDULED, _schedule),
    "publish": (events.PUBLISHED, _publish),
    "release": (events.PUBLISHED, _publish),
    "correct": (events.CORRECTED, _correct),
    "withdraw": (events.WITHDRAWN, _withdraw),
}
assert set(ACTIONS) == set(workflow.TRANSITIONS), "every move of the table has a handler, and no other"
PUBLISHING = {"publish", "schedule", "release"}
ANY_MOVE = permission("newsroom.move", frozenset().union(*(m.roles for m in workflow.TRANSITIONS.values())))


@authorized(ANY_MOVE)
def act(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, action: str, data: dict) -> Article:
    """Make one workflow move, record it, and emit its event, in one transaction.

    ``publish`` with a time (``at``) in the future schedules the item instead. The scheduler sees every item; staff
    only those they work on (another OPD's is not found)."""
    who = ctx.principal
    session = uow.session
    if who == SCHEDULER:
        article = articles.load(session, article_id, lock=True)
    else:
        article = articles.find_for_staff(session, ctx, article_id, lock=True)
    now = ctx.now()
    at = data.get("at")
    if action == "publish" and at is not None and at > now + SCHEDULE_MARGIN:
        action = "schedule"
    move = workflow.check(action, Status(article.status), who, article.opd)
    if action in PUBLISHING:
        workflow.check_publishable(article.type, article.clarification)
    note = (data.get("note") or data.get("reason") or "").strip() or None
    previous = article.status
    if locks.holder(article, now) == who.username:
        article.locked_by = article.locked_at = article.locked_until = None  # a workflow move ends one's editing
    article.status = move.target
    article.updated_at = now
    article.version += 1
    event, handler = ACTIONS[action]
    note, payload = handler(uow, ctx, article, data, note)
    article.history.append(
        ArticleLog(actor=who.username, action=action, from_status=previous, to_status=move.target, note=note)
    )
    uow.session.flush()
    uow.emit(event, payload, subject=str(article.id))
    uow.commit()
    return article


def _one_move(action: str):
    found = workflow.TRANSITIONS[action]

    @authorized(permission(f"newsroom.{action}", found.roles, found.label))
    def run(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, data: dict) -> Article:
        return act(uow, ctx, article_id, action, data)

    run.__name__ = run.__qualname__ = action
    run.__doc__ = f"{found.label}: {', '.join(sorted(found.sources))} -> {found.target}."
    return run


# One use case per staff move (the API's ``/articles/<id>/<action>``), each with the roles of its row.
MOVES = {action: _one_move(action) for action in workflow.STAFF_ACTIONS}


def release_due(uow_factory: Callable[[], UnitOfWork], ctx: NewsroomContext) -> int:
    """Publish every scheduled item whose time has come: once each, never early, also after a restart."""
    now = ctx.now()
    released = 0
    with uow_factory() as uow:
        query = (
            select(Article.id)
            .where(Article.status == Status.SCHEDULED, Article.publish_at <= now)
            .order_by(Article.publish_at, Article.id)
        )
        due = list(uow.session.scalars(query))
    for article_id in due:
        with uow_factory() as uow:
            article = articles.load(uow.session, article_id, lock=True)
            if article.status != Status.SCHEDULED or article.publish_at is None or article.publish_at > now:
                continue  # another worker got there first, or it was rescheduled
            act(uow, ctx, article_id, "release", {})
            released += 1
    return released

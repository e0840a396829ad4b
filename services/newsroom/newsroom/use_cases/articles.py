"""Articles: drafting, reading, editing under a soft lock and a version check, and the staff's desk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from chassis.errors import Conflict, Forbidden, Gone, Invalid, NotFound, PreconditionFailed
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from newsroom.context import NewsroomContext
from newsroom.domain import locks, permissions, text, workflow
from newsroom.domain.permissions import STAFF
from newsroom.domain.states import PUBLIC, STATUS_LABELS, Status
from newsroom.models import Article, ArticleLog, Revision
from newsroom.use_cases import opds


def load(session: Session, article_id: int, *, lock: bool = False) -> Article:
    query = (
        select(Article)
        .options(selectinload(Article.history), selectinload(Article.images), selectinload(Article.attachments))
        .where(Article.id == article_id)
    )
    if lock:
        query = query.with_for_update()
    article = session.scalars(query).first()
    if article is None:
        raise NotFound(f"Naskah {article_id} tidak ada.")
    return article


def find_for_staff(session: Session, ctx: NewsroomContext, article_id: int, *, lock: bool = False) -> Article:
    """The item if this staff member works on it; another OPD's item is simply not found: its existence before it
    is published is not theirs to know."""
    article = load(session, article_id, lock=lock)
    if not permissions.sees(ctx.principal, article.opd):
        raise NotFound(f"Naskah {article_id} tidak ada.")
    return article


def etag(article: Article) -> str:
    return f'"{article.id}-{article.version}"'


def lock_view(article: Article, ctx: NewsroomContext) -> dict | None:
    if not locks.holder(article, ctx.now()):
        return None
    return {"by": article.locked_by, "since": article.locked_at, "until": article.locked_until}


def clean_body(body_html: str) -> str:
    body = text.sanitise(body_html)
    if not text.plain_text(body) and "<img" not in body:
        raise Invalid("body_html", "Isi kosong setelah dibersihkan.")
    return body


def new_revision(article: Article, by: str) -> Revision:
    return Revision(
        article_id=article.id,
        number=article.version,
        by=by,
        title=article.title,
        summary=article.summary,
        body_html=article.body_html,
        tags=list(article.tags or []),
    )


def _unique_slug(session: Session, title: str) -> str:
    base = text.slugify(title)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _clarification_json(data: dict | None) -> dict | None:
    if not data:
        return None
    return {**data, "first_seen": data["first_seen"].isoformat()}


def _agenda_json(data: dict | None) -> dict | None:
    if not data:
        return None
    ends_at = data.get("ends_at")
    return {
        "starts_at": data["starts_at"].astimezone(dt.UTC).isoformat(),
        "place": data["place"].strip(),
        "ends_at": ends_at.astimezone(dt.UTC).isoformat() if ends_at else None,
    }


@authorized(STAFF)
def preview(uow: UnitOfWork, ctx: NewsroomContext, article_id: int) -> Article:
    """An item as the public will see it, for its staff before it is published (another OPD's: not found)."""
    return find_for_staff(uow.session, ctx, article_id)


@authorized(STAFF)
def create(uow: UnitOfWork, ctx: NewsroomContext, data: dict) -> Article:
    """A new item, as a draft: a contributor writes for their own OPD, an editor for any; once the office has its
    OPD list, only for an active OPD of it."""
    who = ctx.principal
    if not permissions.writes_for(who, data["opd"]):
        raise Forbidden(
            "Humas OPD hanya menulis untuk OPD-nya sendiri.",
            errors=[{"field": "opd", "message": f"Akun Anda terikat pada OPD {who.opd or '(tidak ada)'}."}],
        )
    session = uow.session
    opds.check_writable(session, data["opd"])
    body = clean_body(data["body_html"])
    article = Article(
        type=data["type"],
        title=data["title"].strip(),
        slug=_unique_slug(session, data["title"]),
        summary=(data.get("summary") or "").strip() or text.summarise(body),
        body_html=body,
        opd=data["opd"],
        status=Status.DRAFT,
        created_by=who.username,
        tags=sorted(set(data.get("tags") or [])),
        byline=(data.get("byline") or "").strip() or None,
        clarification=_clarification_json(data.get("clarification")),
        agenda=_agenda_json(data.get("agenda")),
        version=1,
    )
    article.history.append(ArticleLog(actor=who.username, action="create", to_status=Status.DRAFT))
    session.add(article)
    session.flush()
    session.add(new_revision(article, who.username))
    uow.commit()
    return article


class Withdrawn(Gone):
    """A withdrawn item asked for by the public: 410 with the reason; ``article`` for a representation of it."""

    def __init__(self, article: Article):
        super().__init__(
            f"Naskah ini ditarik pada {article.withdrawn_at:%d-%m-%Y}: {article.withdrawal_reason}",
            withdrawn_at=article.withdrawn_at.isoformat(),
        )
        self.article = article


def read(uow: UnitOfWork, ctx: NewsroomContext, article_id: int) -> tuple[Article, bool]:
    """The item and whether the caller is staff who may work on it (they see its lock, and it is not cached for
    the public). The public reads what is published; a withdrawn item is 410 for them; anything else is 404."""
    article = load(uow.session, article_id)
    status = Status(article.status)
    staff = STAFF.allows(ctx.principal) and workflow.may_read(ctx.principal, status, article.opd)
    if status == Status.WITHDRAWN and not staff:
        raise Withdrawn(article)
    if not workflow.may_read(ctx.principal, status, article.opd):
        raise NotFound(f"Naskah {article_id} tidak ada.")
    return article, staff


@authorized(STAFF)
def desk(uow: UnitOfWork, ctx: NewsroomContext) -> list[tuple[str, list[Article]]]:
    """The staff's queues: drafts, submitted, scheduled, published; a contributor's of their own OPD only."""
    scope = permissions.opd_scope(ctx.principal)
    mine = select(Article).where(Article.status.in_([Status.DRAFT, Status.SUBMITTED]))
    public = select(Article).where(or_(Article.status == Status.SCHEDULED, Article.status.in_(list(PUBLIC))))
    if scope is not None:
        mine, public = mine.where(Article.opd == scope), public.where(Article.opd == scope)
    rows = list(uow.session.scalars(mine.order_by(Article.updated_at.desc()).limit(200)))
    published = list(uow.session.scalars(public.order_by(Article.updated_at.desc()).limit(50)))
    return [
        ("Draf", [a for a in rows if a.status == Status.DRAFT]),
        ("Diajukan", [a for a in rows if a.status == Status.SUBMITTED]),
        ("Terjadwal", [a for a in published if a.status == Status.SCHEDULED]),
        ("Terbit", [a for a in published if a.status != Status.SCHEDULED]),
    ]


@authorized(STAFF)
def take_lock(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, *, take_over: bool = False) -> Article:
    """Start or refresh editing an item; another person's lock is taken over only when asked explicitly."""
    who = ctx.principal
    article = find_for_staff(uow.session, ctx, article_id, lock=True)
    if not workflow.may_edit(who, Status(article.status), article.opd):
        raise Conflict(
            f"Naskah berstatus {STATUS_LABELS[Status(article.status)].lower()}; "
            "Anda tidak dapat menyuntingnya sekarang.",
            current_state=article.status,
        )
    now = ctx.now()
    holder = locks.holder(article, now)
    if holder and holder != who.username:
        if not take_over:
            raise locks.locked(article, holder, ctx.timezone)
        note = f"Mengambil alih penyuntingan dari {holder}"
        article.history.append(
            ArticleLog(
                actor=who.username, action="take_over", from_status=article.status, to_status=article.status, note=note
            )
        )
    if holder != who.username:
        article.locked_by, article.locked_at = who.username, now
    article.locked_until = now + dt.timedelta(minutes=ctx.settings.lock_minutes)
    uow.commit()
    return article


@authorized(STAFF)
def release_lock(uow: UnitOfWork, ctx: NewsroomContext, article_id: int) -> Article:
    article = find_for_staff(uow.session, ctx, article_id, lock=True)
    holder = locks.holder(article, ctx.now())
    if holder and holder != ctx.principal.username:
        raise locks.locked(article, holder, ctx.timezone)
    article.locked_by = article.locked_at = article.locked_until = None
    uow.commit()
    return article


@authorized(STAFF)
def edit(
    uow: UnitOfWork,
    ctx: NewsroomContext,
    article_id: int,
    changes: dict,
    if_match: str | None,
    *,
    note: str | None = None,
) -> Article:
    """Save an edit as a new revision, only over the version the editor read (``if_match``, its ETag: optimistic
    locking), and not while someone else holds the item's soft lock."""
    who = ctx.principal
    article = find_for_staff(uow.session, ctx, article_id, lock=True)
    if not if_match:
        raise locks.PreconditionRequired("Sertakan If-Match dengan ETag yang Anda baca.")
    now = ctx.now()
    holder = locks.holder(article, now)
    if holder and holder != who.username:
        raise locks.locked(article, holder, ctx.timezone)
    if if_match.strip().removeprefix("W/") != etag(article):
        raise PreconditionFailed(
            "Naskah sudah diubah orang lain; muat ulang dan ulangi perubahan Anda.",
            current_version=article.version,
            etag=etag(article),
        )
    status = Status(article.status)
    if not workflow.may_edit(who, status, article.opd):
        message = (
            "Naskah yang ditarik tidak dapat diubah."
            if status == Status.WITHDRAWN
            else "Humas OPD mengubah naskah hanya saat draf."
        )
        raise Conflict(message, current_state=article.status)
    _apply(article, changes)
    article.version += 1
    article.updated_at = now
    if holder == who.username:
        article.locked_until = now + dt.timedelta(minutes=ctx.settings.lock_minutes)  # still at work: it holds on
    uow.session.add(new_revision(article, who.username))
    article.history.append(
        ArticleLog(
            actor=who.username,
            action="restore" if note else "edit",
            from_status=article.status,
            to_status=article.status,
            note=note or f"Revisi {article.version}",
        )
    )
    uow.commit()
    return article


def _apply(article: Article, changes: dict) -> None:
    old_body = article.body_html
    if "body_html" in changes:
        article.body_html = clean_body(changes["body_html"])
    if "title" in changes:
        article.title = changes["title"].strip()
    given = (changes["summary"] or "") if "summary" in changes else None
    article.summary = text.summary_after_edit(article.summary, old_body, article.body_html, given)
    if "tags" in changes:
        article.tags = sorted(set(changes["tags"]))
    if "byline" in changes:
        article.byline = (changes["byline"] or "").strip() or None
    if "clarification" in changes:
        if article.type != "clarification":
            raise Invalid("clarification", "Hanya untuk naskah jenis clarification.")
        capture = (article.clarification or {}).get("capture")
        article.clarification = {
            **_clarification_json(changes["clarification"]),
            **({"capture": capture} if capture else {}),
        }
    if "agenda" in changes:
        if article.type != "agenda":
            raise Invalid("agenda", "Hanya untuk naskah jenis agenda.")
        article.agenda = _agenda_json(changes["agenda"])

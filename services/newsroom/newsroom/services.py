"""Newsroom use cases: one function each, taking a unit of work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem
from newsroom import events
from newsroom.domain import text, workflow
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, Status
from newsroom.models import Article, ArticleLog

EVENT_OF_ACTION = {
    "submit": events.SUBMITTED,
    "return": events.RETURNED,
    "approve": events.APPROVED,
    "publish": events.PUBLISHED,
}


def public_url(base_url: str, article: Article) -> str:
    return f"{base_url.rstrip('/')}/newsroom/berita/{article.slug}"


def _unique_slug(session: Session, title: str) -> str:
    base = text.slugify(title)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_article(uow: UnitOfWork, data: dict, who: Principal) -> Article:
    if not who.has_any(EDITOR) and who.opd != data["opd"]:
        raise Problem(
            403,
            "Humas OPD hanya menulis untuk OPD-nya sendiri.",
            title="Forbidden",
            errors=[{"field": "opd", "message": f"Akun Anda terikat pada OPD {who.opd or '(tidak ada)'}."}],
        )
    body = text.sanitise(data["body_html"])
    if not text.plain_text(body) and "<img" not in body:
        raise Problem(
            422, "Isi naskah kosong setelah dibersihkan.", errors=[{"field": "body_html", "message": "Isi kosong."}]
        )
    session = uow.session
    article = Article(
        type=data["type"],
        title=data["title"].strip(),
        slug=_unique_slug(session, data["title"]),
        summary=(data.get("summary") or "").strip() or text.summarise(body),
        body_html=body,
        opd=data["opd"],
        status=Status.DRAFT,
        created_by=who.username,
    )
    article.history.append(ArticleLog(actor=who.username, action="create", to_status=Status.DRAFT))
    session.add(article)
    uow.commit()
    return article


def load(session: Session, article_id: int, *, lock: bool = False) -> Article:
    query = select(Article).options(selectinload(Article.history)).where(Article.id == article_id)
    if lock:
        query = query.with_for_update()
    article = session.scalars(query).first()
    if article is None:
        raise Problem(404, f"Naskah {article_id} tidak ada.", title="Not Found")
    return article


def can_read(article: Article, who: Principal | None) -> bool:
    if article.status == Status.PUBLISHED:
        return True
    if who is None:
        return False
    return who.has_any(EDITOR) or (who.has_any(CONTRIBUTOR) and who.opd == article.opd)


def event_data(article: Article, base_url: str) -> dict:
    return {
        "id": article.id,
        "type": article.type,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "url": public_url(base_url, article),
        "opd": article.opd,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "images": [],
    }


def act(uow: UnitOfWork, article_id: int, action: str, who: Principal, note: str | None, base_url: str) -> Article:
    """Make one workflow move, record it, and emit its event, in one transaction."""
    article = load(uow.session, article_id, lock=True)
    try:
        move = workflow.check(action, Status(article.status), who.roles, who.opd, article.opd)
    except workflow.Forbidden as exc:
        raise Problem(403, str(exc), title="Forbidden") from None
    except workflow.InvalidTransition as exc:
        raise Problem(
            409,
            f"Naskah berstatus {exc.current.value}; tindakan {action} tidak dapat dilakukan.",
            title="Conflict",
            current_state=exc.current.value,
            allowed_actions=workflow.allowed_actions(exc.current),
        ) from None
    if action == "return" and not (note or "").strip():
        raise Problem(
            422, "Catatan wajib diisi saat mengembalikan naskah.", errors=[{"field": "note", "message": "Wajib diisi."}]
        )
    now = utcnow()
    previous = article.status
    article.status = move.target
    article.updated_at = now
    if move.target == Status.PUBLISHED:
        article.published_at = now
    article.history.append(
        ArticleLog(actor=who.username, action=action, from_status=previous, to_status=move.target, note=note)
    )
    uow.session.flush()
    data = event_data(article, base_url)
    if action != "publish":
        data = {"id": article.id, "title": article.title, "opd": article.opd, "by": who.username, "note": note}
    uow.emit(EVENT_OF_ACTION[action], data, subject=str(article.id))
    uow.commit()
    return article

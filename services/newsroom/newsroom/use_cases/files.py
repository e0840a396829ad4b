"""An item's files: pictures, a clarification's capture of the claim, attachments; and who may fetch them.

Files arrive checked by content and size, in memory (``newsroom.images``); a use case keeps them with the unit of
work, so a refused or rolled back change leaves nothing in the store.
"""

from __future__ import annotations

import re

from sqlalchemy import Text, cast, or_, select

from chassis import files
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from newsroom import images
from newsroom.context import NewsroomContext
from newsroom.domain import locks, workflow
from newsroom.domain.permissions import STAFF
from newsroom.domain.states import STATUS_LABELS, Status
from newsroom.models import Article, ArticleAttachment, ArticleImage, ArticleLog
from newsroom.use_cases import articles


def _changing(uow: UnitOfWork, ctx: NewsroomContext, article_id: int) -> Article:
    """The item, if this caller may add or remove its files now."""
    article = articles.find_for_staff(uow.session, ctx, article_id, lock=True)
    _check_change(article, ctx)
    return article


def _check_change(article: Article, ctx: NewsroomContext) -> None:
    """Whoever may edit the item (``workflow.may_edit``) changes its files, not while another holds its soft lock.
    Checked before the unit of work keeps any file, so a refused upload leaves nothing in the store."""
    if not workflow.may_edit(ctx.principal, Status(article.status), article.opd):
        raise Conflict(
            f"Naskah berstatus {STATUS_LABELS[Status(article.status)].lower()}; "
            "Anda tidak dapat mengubah berkasnya sekarang.",
            current_state=article.status,
        )
    holder = locks.holder(article, ctx.now())
    if holder and holder != ctx.principal.username:
        raise locks.locked(article, holder, ctx.timezone)


def _touched(article: Article, ctx: NewsroomContext, action: str, note: str) -> None:
    article.version += 1
    article.updated_at = ctx.now()
    article.history.append(
        ArticleLog(
            actor=ctx.principal.username,
            action=action,
            from_status=article.status,
            to_status=article.status,
            note=note,
        )
    )


@authorized(STAFF)
def add_image(
    uow: UnitOfWork, ctx: NewsroomContext, article_id: int, data: dict, rendered: dict[str, files.Upload]
) -> Article:
    """Add a picture (its renditions made and checked in memory); the files are kept only if this change commits."""
    article = _changing(uow, ctx, article_id)
    article.images.append(
        ArticleImage(
            alt=data["alt"],
            caption=data.get("caption"),
            credit=data.get("credit"),
            renditions={w: u.sha256 for w, u in rendered.items()},
            created_by=ctx.principal.username,
        )
    )
    store = images.storage(ctx.settings)
    for upload in rendered.values():
        uow.keep_file(store, upload)
    article.version += 1
    article.updated_at = ctx.now()
    uow.commit()
    return article


@authorized(STAFF)
def add_attachment(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, label: str, upload: files.Upload) -> Article:
    """Attach a file with the label readers see; the file is kept by checksum only if this change commits."""
    article = _changing(uow, ctx, article_id)
    article.attachments.append(
        ArticleAttachment(label=label.strip(), created_by=ctx.principal.username, **upload.meta())
    )
    uow.keep_file(images.storage(ctx.settings), upload)
    _touched(article, ctx, "attach", f"Lampiran: {label.strip()}")
    uow.commit()
    return article


@authorized(STAFF)
def set_capture(
    uow: UnitOfWork, ctx: NewsroomContext, article_id: int, alt: str, rendered: dict[str, files.Upload]
) -> Article:
    """The claim of a clarification as it circulates: a capture (screenshot) of the message, with alt text."""
    article = articles.find_for_staff(uow.session, ctx, article_id, lock=True)
    if article.type != "clarification" or not article.clarification:
        raise Invalid("file", "Tangkapan layar klaim hanya untuk klarifikasi hoaks.")
    _check_change(article, ctx)
    stored = {w: u.sha256 for w, u in rendered.items()}
    article.clarification = {**article.clarification, "capture": {"alt": alt.strip(), "renditions": stored}}
    store = images.storage(ctx.settings)
    for upload in rendered.values():
        uow.keep_file(store, upload)
    _touched(article, ctx, "capture", "Tangkapan layar klaim")
    uow.commit()
    return article


@authorized(STAFF)
def remove_attachment(uow: UnitOfWork, ctx: NewsroomContext, article_id: int, attachment_id: int) -> Article:
    article = _changing(uow, ctx, article_id)
    found = next((a for a in article.attachments if a.id == attachment_id), None)
    if found is None:
        raise NotFound(f"Lampiran {attachment_id} tidak ada.")
    article.attachments.remove(found)
    _touched(article, ctx, "detach", f"Lampiran dihapus: {found.label}")
    uow.commit()
    return article


def items_showing(uow: UnitOfWork, ctx: NewsroomContext, sha: str) -> list[Article]:
    """The items showing the stored image ``sha`` (a picture or a clarification's claim capture) that this caller may
    read: a draft's pictures and captures, and any attachment, are not the public's, whoever knows their checksum."""
    if re.fullmatch(r"[0-9a-f]{64}", sha) is None:
        return []
    needle = f'%"{sha}"%'
    with_picture = select(ArticleImage.article_id).where(cast(ArticleImage.renditions, Text).like(needle))
    query = select(Article).where(or_(Article.id.in_(with_picture), cast(Article.clarification, Text).like(needle)))
    return [
        article
        for article in uow.session.scalars(query)
        if workflow.may_read(ctx.principal, Status(article.status), article.opd)
    ]


def attachment(
    uow: UnitOfWork, ctx: NewsroomContext, attachment_id: int, name: str
) -> tuple[ArticleAttachment, Article] | None:
    """An attached file and its item, if this caller may read the item (the public once it is published, the staff
    who work on it before); None otherwise, as for a file that does not exist."""
    found = uow.session.get(ArticleAttachment, attachment_id)
    if found is None or found.file_name != name:
        return None
    article = uow.session.get(Article, found.article_id)
    if not workflow.may_read(ctx.principal, Status(article.status), article.opd):
        return None
    return found, article

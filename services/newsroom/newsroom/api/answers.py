"""The article as the API answers it, to staff and to the public."""

from __future__ import annotations

from chassis.db import values as db_values
from newsroom import distribution, images
from newsroom.context import NewsroomContext
from newsroom.domain import workflow
from newsroom.domain.states import STATUS_LABELS, Status
from newsroom.models import Article
from newsroom.use_cases import articles


def fields(article: Article, base: str) -> dict:
    return {**db_values(article), "url": distribution.public_url(base, article)}


def _images(article: Article, base: str) -> list[dict]:
    return [
        {
            "id": i.id,
            "alt": i.alt,
            "caption": i.caption,
            "credit": i.credit,
            "renditions": {
                w: images.url(base, sha) for w, sha in sorted(i.renditions.items(), key=lambda r: int(r[0]))
            },
        }
        for i in article.images
    ]


def _attachments(article: Article, base: str) -> list[dict]:
    return [
        {
            "id": a.id,
            "label": a.label,
            "file_name": a.file_name,
            "file_type": a.file_type,
            "file_size": a.file_size,
            "url": distribution.attachment_url(base, a),
        }
        for a in article.attachments
    ]


def full(article: Article, ctx: NewsroomContext, staff: bool = True) -> dict:
    """Everything about the item; ``allowed_actions`` are the moves this caller may make now (the table's)."""
    base = ctx.settings.public_base_url
    status = Status(article.status)
    return {
        **fields(article, base),
        "images": _images(article, base),
        "attachments": _attachments(article, base),
        "lock": articles.lock_view(article, ctx) if staff else None,
        "status_label": STATUS_LABELS[status],
        "allowed_actions": workflow.allowed_actions(status, ctx.principal, article.opd),
        # Plain values: the answer is written after the unit of work has closed its session.
        "history": [db_values(h) for h in article.history],
    }

"""What the newsroom tells its partners and the province about an item: its public addresses and event payloads."""

from __future__ import annotations

from chassis import formats
from newsroom import images
from newsroom.models import Article, ArticleAttachment


def public_url(base_url: str, article: Article) -> str:
    return f"{base_url.rstrip('/')}/newsroom/berita/{article.slug}"


def attachment_url(base_url: str, attachment: ArticleAttachment) -> str:
    return f"{base_url.rstrip('/')}/newsroom/lampiran/{attachment.id}/{attachment.file_name}"


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
        "images": [
            {
                "url": images.url(base_url, i.renditions[max(i.renditions, key=int)]),
                "caption": i.caption,
                "alt": i.alt,
                "credit": i.credit,
            }
            for i in article.images
        ],
        "attachments": [
            {
                "label": a.label,
                "url": attachment_url(base_url, a),
                "file_name": a.file_name,
                "file_type": a.file_type,
                "file_size": a.file_size,
            }
            for a in article.attachments
        ],
        # The item's version: a reader of several events about it (the province) keeps the newest.
        "revision": article.version,
        **({"verdict": article.clarification["verdict"]} if article.clarification else {}),
    }


def notice_data(article: Article, base_url: str) -> dict:
    """What a correction or withdrawal says of its item, so the partners who ran it can tell their readers which
    release it is (``published_at`` is null when a scheduled item is withdrawn before it ever went out)."""
    return {
        "id": article.id,
        "type": article.type,
        "title": article.title,
        "url": public_url(base_url, article),
        "opd": article.opd,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "revision": article.version,
        **({"verdict": article.clarification["verdict"]} if article.clarification else {}),
    }


def agenda_time(agenda: dict, timezone: str) -> str:
    """When an agenda item takes place, in the office's time, e.g. "01-12-2026 08.00-10.00 WIB"."""
    return formats.time_span(agenda["starts_at"], agenda.get("ends_at"), timezone)

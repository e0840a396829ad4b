"""An item as IPTC ninjs 2.x (News in JSON), for partner media and aggregators that read the IPTC standard."""

from __future__ import annotations

from urllib.parse import urlsplit

from newsroom import distribution, images
from newsroom.domain import text
from newsroom.domain.states import KIND_LABELS, PUBLIC, Status
from newsroom.models import Article, ArticleAttachment

MEDIA_TYPE = "application/ninjs+json"
VERSION = "2.4"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.4.json"
GENRES = {kind.value: label for kind, label in KIND_LABELS.items()}
USAGE_TERMS = "Informasi publik: boleh dimuat ulang dengan menyebut sumbernya."


def pubstatus(article: Article) -> str:
    """IPTC's publication status: usable once public; canceled when withdrawn (receivers must take it down);
    withheld before publication (a draft, or scheduled and under embargo until its time)."""
    status = Status(article.status)
    if status in PUBLIC:
        return "usable"
    return "canceled" if status == Status.WITHDRAWN else "withheld"


def _uri(base: str, article: Article, part: str = "") -> str:
    """A tag URI (RFC 4151): a name for the item that stays the same wherever it is copied or served."""
    host = urlsplit(base).hostname or "localhost"
    return f"tag:{host},{article.created_at:%Y}:newsroom:{article.id}{part}"


def _picture(base: str, article: Article, n: int, image) -> dict:
    widths = sorted(image.renditions, key=int)
    return {
        "name": f"gambar-{n}",
        "uri": _uri(base, article, f":gambar:{image.id}"),
        "type": "picture",
        "language": "id",
        "descriptions": [
            {"role": "alt", "contenttype": "text/plain", "value": image.alt},
            *([{"role": "caption", "contenttype": "text/plain", "value": image.caption}] if image.caption else []),
        ],
        **({"by": image.credit} if image.credit else {}),
        "renditions": [
            {
                "name": f"w{w}",
                "href": images.url(base, image.renditions[w]),
                "contenttype": "image/jpeg",
                "width": int(w),
            }
            for w in widths
        ],
    }


def _attachment(base: str, article: Article, n: int, attachment: ArticleAttachment) -> dict:
    return {
        "name": f"lampiran-{n}",
        "uri": _uri(base, article, f":lampiran:{attachment.id}"),
        "type": "picture" if attachment.file_type.startswith("image/") else "text",
        "headlines": [{"role": "main", "value": attachment.label}],
        "renditions": [
            {
                "name": "original",
                "href": distribution.attachment_url(base, attachment),
                "contenttype": attachment.file_type,
                "title": attachment.file_name,
                "sizeinbytes": attachment.file_size,
            }
        ],
    }


def canceled(article: Article, base: str) -> dict:
    """What a receiver needs to take a withdrawn item down: its name, version, status and the reason."""
    return {
        "uri": _uri(base, article),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "version": str(article.version),
        "versioncreated": article.updated_at.isoformat(),
        "pubstatus": "canceled",
        "ednote": f"Ditarik: {article.withdrawal_reason}",
    }


def item(article: Article, base: str, office: str, public_url: str, timezone: str = "Asia/Jakarta") -> dict:
    body_text = text.plain_text(article.body_html)
    document: dict = {
        "uri": _uri(base, article),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": article.created_at.isoformat(),
        "versioncreated": article.updated_at.isoformat(),
        "pubstatus": pubstatus(article),
        "language": "id",
        "slugline": article.slug,
        "by": article.byline or office,
        "copyrightholder": office,
        "usageterms": USAGE_TERMS,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.title}],
        "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": article.summary}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": article.body_html,
                "charcount": len(body_text),
                "wordcount": len(body_text.split()),
            }
        ],
        "genres": [{"name": GENRES.get(article.type, article.type), "literal": article.type}],
        "subjects": [{"name": tag, "literal": tag} for tag in article.tags or []],
        "organisations": [{"name": article.opd, "literal": article.opd, "rel": "source"}],
        "renditions": [{"name": "web", "href": public_url, "contenttype": "text/html"}],
        "associations": [
            *(_picture(base, article, n, image) for n, image in enumerate(article.images, 1)),
            *(_attachment(base, article, n, a) for n, a in enumerate(article.attachments, 1)),
        ],
    }
    if article.published_at:
        document["contentcreated"] = article.published_at.isoformat()
    if Status(article.status) == Status.SCHEDULED and article.publish_at:
        document["embargoed"] = article.publish_at.isoformat()
    if article.correction_note:
        note = f"Ralat {article.corrected_at:%d-%m-%Y}: {article.correction_note}"
        document["descriptions"].append({"role": "correction", "contenttype": "text/plain", "value": note})
    if Status(article.status) == Status.WITHDRAWN:
        document["ednote"] = f"Ditarik: {article.withdrawal_reason}"
    if article.agenda:
        when = distribution.agenda_time(article.agenda, timezone)
        document["descriptions"].append(
            {"role": "agenda", "contenttype": "text/plain", "value": f"{when}, {article.agenda['place']}"}
        )
        document["places"] = [{"name": article.agenda["place"], "rel": "venue"}]
    if article.clarification:
        claim = article.clarification
        document["descriptions"] += [
            {"role": "verdict", "contenttype": "text/plain", "value": claim["verdict"]},
            {"role": "claim", "contenttype": "text/plain", "value": claim["claim_text"]},
            {"role": "facts", "contenttype": "text/plain", "value": claim["facts"]},
        ]
        if claim.get("capture"):
            shot = claim["capture"]
            document["associations"].append(
                {
                    "name": "tangkapan-layar-klaim",
                    "uri": _uri(base, article, ":klaim"),
                    "type": "picture",
                    "headlines": [{"role": "main", "value": f"Tangkapan layar klaim ({claim['verdict']})"}],
                    "descriptions": [{"role": "alt", "contenttype": "text/plain", "value": shot["alt"]}],
                    "renditions": [
                        {
                            "name": f"w{w}",
                            "href": images.url(base, shot["renditions"][w]),
                            "contenttype": "image/jpeg",
                            "width": int(w),
                        }
                        for w in sorted(shot["renditions"], key=int)
                    ],
                }
            )
        document["infosources"] = [
            {"name": source["name"], "role": source["kind"], **({"uri": source["url"]} if source.get("url") else {})}
            for source in claim.get("sources") or []
        ]
    if not document["associations"]:
        del document["associations"]
    if not document["subjects"]:
        del document["subjects"]
    return document

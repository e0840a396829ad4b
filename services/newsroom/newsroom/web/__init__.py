"""Public pages of the newsroom: the item page (Open Graph, schema.org NewsArticle), RSS and Atom feeds."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, render_template, request

from chassis import caching, filestore, formats
from chassis import files as chassis_files
from chassis.web import suite, unit_of_work
from newsroom import distribution, etags, feeds, images
from newsroom.context import context
from newsroom.domain.states import KIND_LABELS as KINDS
from newsroom.domain.states import PUBLIC, Status
from newsroom.use_cases import files, opds, reading


def images_url(settings, sha: str) -> str:
    """Pages link images on their own site (relative), whatever address the public uses."""
    return images.url("", sha)


pages = Blueprint(
    "newsroom_pages",
    __name__,
    url_prefix="/newsroom",
    template_folder="templates",
    static_folder="static",
    static_url_path="/aset",
)
pages.after_request(etags.conditional)  # public pages and feeds: ETag, 304 for If-None-Match
KIND_LABELS = {kind.value: label for kind, label in KINDS.items()}


@pages.get("/berita/<string:slug>")
def item(slug: str):
    with unit_of_work() as uow:
        article = reading.page_item(uow, slug)
        if article is None:
            abort(404)
        html, status = render_item(article, opds.name_of(uow, article.opd))
    return Response(html, status=status, headers=caching.PUBLIC)


def render_item(article, opd: str, preview: bool = False) -> tuple[str, int]:
    """The item's public page and its status, naming its OPD ``opd`` (``opds.name_of``); ``preview`` marks it as the
    staff's look before publishing."""
    settings = suite().settings
    url = distribution.public_url(settings.public_base_url, article)
    withdrawn = Status(article.status) == Status.WITHDRAWN
    # A withdrawn item's page says only that it was withdrawn and why: not its summary, nor its metadata.
    description = f"Ditarik: {article.withdrawal_reason}" if withdrawn else article.summary
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "publisher": {"@type": "GovernmentOrganization", "name": settings.org_name},
        "author": {"@type": "Organization", "name": article.byline or settings.org_name},
        "url": url,
    }
    status = 410 if withdrawn else 200
    pictures = [
        {
            "alt": i.alt,
            "caption": i.caption,
            "credit": i.credit,
            "srcset": ", ".join(f"{images_url(settings, sha)} {w}w" for w, sha in i.renditions.items()),
            "src": images_url(settings, i.renditions[max(i.renditions, key=int)]),
        }
        for i in article.images
    ]
    attachments = [
        {
            "label": f.label,
            "href": distribution.attachment_url("", f),
            "format": chassis_files.label(f.file_type),
            "size": f.file_size,
        }
        for f in article.attachments
    ]
    capture = None
    if article.clarification and article.clarification.get("capture"):
        shot = article.clarification["capture"]
        capture = {
            "alt": shot["alt"],
            "src": images_url(settings, shot["renditions"][max(shot["renditions"], key=int)]),
        }
    agenda = None
    if article.agenda:
        agenda = {
            "when": distribution.agenda_time(article.agenda, settings.office_timezone),
            "place": article.agenda["place"],
            "starts_at": article.agenda["starts_at"],
        }
    html = render_template(
        "newsroom/item.html",
        a=article,
        opd=opd,
        url=url,
        office=settings.org_name,
        when=lambda moment: formats.datetime_id(moment, settings.office_timezone),
        pictures=pictures,
        attachments=attachments,
        agenda=agenda,
        capture=capture,
        base=settings.public_base_url.rstrip("/"),
        kind=KIND_LABELS.get(article.type, article.type),
        kinds=KIND_LABELS,
        description=description,
        ld=None if withdrawn else ld,
        preview=preview,
    )
    return html, status


def _feed_items():
    filters = {"type": request.args.get("type"), "opd": request.args.get("opd")}
    with unit_of_work() as uow:
        items = reading.feed_items(uow, filters, suite().settings.feed_size)
        uow.session.expunge_all()  # read after the unit of work: kept as loaded
        return items


def _feed(kind: str) -> Response:
    settings = suite().settings
    base = settings.public_base_url.rstrip("/")
    entries = []
    for article in _feed_items():
        url = distribution.public_url(base, article)
        category = feeds.Category(article.type, KIND_LABELS.get(article.type, article.type))
        entries.append(
            feeds.Entry(
                id=url,
                title=article.title,
                link=url,
                summary=article.summary,
                published=article.published_at,
                updated=article.corrected_at or article.published_at,
                categories=(category,),
            )
        )
    feed = feeds.Feed(
        id=f"{base}/newsroom/",
        title=f"Berita {settings.org_name}",
        subtitle="Siaran pers, klarifikasi hoaks dan pengumuman",
        link=f"{base}/newsroom/",
        self_link=f"{base}/newsroom/feed.{kind}",
        entries=tuple(entries),
        author=settings.org_name,
    )
    return feeds.response(feed, kind, caching.PUBLIC)


@pages.get("/gambar/<string:sha>.jpg")
def image(sha: str):
    """A stored image by its checksum, for the items the caller may read: the public's once published, staff's
    before (their console shows a draft's pictures)."""
    with unit_of_work() as uow:
        items = files.items_showing(uow, context(), sha)
        if not items:
            abort(404)
        public = any(Status(a.status) in PUBLIC for a in items)
    # Named by content, it never changes: shared caches keep a public one for a year, a draft's stays private.
    cache = caching.IMMUTABLE if public else caching.PRIVATE
    return filestore.send(sha, "image/jpeg", f"{sha}.jpg", inline=True, headers=cache)


@pages.get("/lampiran/<int:attachment_id>/<string:name>")
def attachment(attachment_id: int, name: str):
    """An attached file, for download; public once its item is, and for the staff who may work on it before."""
    with unit_of_work() as uow:
        readable = files.attachment(uow, context(), attachment_id, name)
        if readable is None:
            abort(404)
        found, article = readable
        public = Status(article.status) in PUBLIC
        sha, mime, download_name = found.file_sha256, found.file_type, found.file_name
    cache = caching.public(300) if public else caching.PRIVATE
    return filestore.send(sha, mime, download_name, headers=cache)


@pages.get("/sitemap.xml")
def sitemap():
    """Every public item and listing page, for search engines (the sitemaps.org protocol, at most 50,000 URLs)."""
    from xml.sax.saxutils import escape

    settings = suite().settings
    base = settings.public_base_url.rstrip("/")
    with unit_of_work() as uow:
        rows = reading.sitemap_rows(uow, 49_000)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    newest = max((r.updated_at for r in rows), default=None)
    listings = [f"{base}/newsroom/", *(f"{base}/newsroom/jenis/{kind}" for kind in KIND_LABELS)]
    for loc in listings:
        modified = f"<lastmod>{newest.isoformat(timespec='seconds')}</lastmod>" if newest else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{modified}</url>")
    for row in rows:
        modified = row.updated_at.isoformat(timespec="seconds")
        lines.append(
            f"<url><loc>{escape(f'{base}/newsroom/berita/{row.slug}')}</loc><lastmod>{modified}</lastmod></url>"
        )
    lines.append("</urlset>")
    return Response("\n".join(lines), mimetype="application/xml", headers=caching.public(300))


@pages.get("/feed.rss")
def rss():
    return _feed("rss")


@pages.get("/feed.atom")
def atom():
    return _feed("atom")


def _listing(heading: str | Callable[[dict[str, str]], str], **filters):
    """A page of published items; ``heading`` may be made from the OPDs' names (an OPD's page)."""
    from urllib.parse import urlencode

    settings = suite().settings
    q = (filters.get("q") or "").strip()
    after = request.args.get("after")
    with unit_of_work() as uow:
        rows, cursor = reading.published_page(uow, filters, q, after, 20)
        next_query = urlencode({**({"q": q} if q else {}), "after": cursor}) if cursor else None
        names = opds.names(uow)
        html = render_template(
            "newsroom/list.html",
            heading=heading(names) if callable(heading) else heading,
            opd_name=lambda code: names.get(code, code),
            items=rows,
            next=cursor,
            next_query=next_query,
            q=q,
            kinds=KIND_LABELS,
            current=filters.get("type") or ("berita" if not q and not filters.get("opd") else None),
            office=settings.org_name,
            when=lambda moment: formats.datetime_id(moment, settings.office_timezone),
            thumbnail=_thumbnail,
        )
    return Response(html, headers=caching.PUBLIC)


def _thumbnail(article) -> dict | None:
    """The item's first image at its smallest rendition, for the list; None when it has none."""
    if not article.images:
        return None
    first = article.images[0]
    return {"alt": first.alt, "src": images.url("", first.renditions[min(first.renditions, key=int)])}


@pages.get("/")
def home():
    return _listing("Berita terbaru")


@pages.get("/jenis/<string:kind>")
def by_type(kind: str):
    if kind not in KIND_LABELS:
        abort(404)
    return _listing(KIND_LABELS[kind], type=kind)


@pages.get("/opd/<string:opd>")
def by_opd(opd: str):
    return _listing(lambda names: f"Berita {names.get(opd, opd)}", opd=opd)


@pages.get("/tag/<string:tag>")
def by_tag(tag: str):
    return _listing(f"Topik #{tag}", tag=tag)


@pages.get("/cari")
def find():
    q = request.args.get("q", "")
    return _listing(f"Hasil pencarian: {q}" if q else "Cari berita", q=q)


from newsroom.web import console, regions  # noqa: E402, F401 - the staff console, the province's feeds: same blueprint

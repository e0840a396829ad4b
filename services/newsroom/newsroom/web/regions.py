"""The province's feeds of its regencies' news (newsroom.province), RSS and Atom, with ``?region=`` and ``?type=``.

An entry links the regency's own page; its title names the region. A correction updates the entry (its time and
summary, with the note); a withdrawn item drops out of the feed, as it does from its regency's own feed (the
province's list at /provinsi/berita and the API still show it, marked withdrawn).
"""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import Response, request

from chassis import caching
from chassis.problems import field_problem
from chassis.web import suite
from newsroom import province
from newsroom.web import pages


def _filters() -> tuple[str | None, str | None]:
    region, kind = request.args.get("region") or None, request.args.get("type") or None
    if region is not None and not province.REGION_CODE.fullmatch(region):
        raise field_problem("region", province.REGION_CODE_MESSAGE)
    if kind is not None and kind not in province.TYPES:
        raise field_problem("type", f"Pilih salah satu: {', '.join(province.TYPES)}.")
    return region, kind


def _feed(kind: str) -> Response:
    region, type_ = _filters()
    settings = suite().settings
    base = settings.public_base_url.rstrip("/")
    names = province.region_names(settings)
    with suite().db.session() as session:
        items = province.feed_items(session, region, type_, settings.feed_size)
    place = names.get(region, region) if region else "kabupaten/kota"
    query = f"?wilayah={region}" if region else ""
    feed = FeedGenerator()
    feed.id(f"{base}/newsroom/wilayah/{region or ''}")
    feed.title(f"Berita {place} - {settings.org_name}")
    feed.subtitle("Siaran pers, pengumuman dan klarifikasi hoaks dari kabupaten/kota")
    feed.link(href=f"{base}/provinsi/berita{query}", rel="alternate")
    feed.link(href=f"{base}/newsroom/wilayah/feed.{kind}", rel="self")
    feed.language("id")
    latest = max((row.corrected_at or row.published_at for row in items), default=None)
    if latest:  # the feed changed when its newest item did, not at every request (so its ETag holds)
        feed.updated(latest)
        feed.lastBuildDate(latest)
    for row in reversed(items):  # feedgen puts the last added first
        name = names.get(row.region_code, row.region_code)
        entry = feed.add_entry()
        entry.id(f"urn:suite:{row.region_code}:newsroom:article:{row.article_id}")
        entry.title(f"{name}: {row.title}")
        entry.link(href=row.url)
        summary = row.summary
        if row.verdict:
            summary = f"[{row.verdict}] {summary}"
        if row.state == province.CORRECTED and row.correction_note:
            summary = f"{summary}\n\nRalat: {row.correction_note}"
        entry.summary(summary or row.title)
        entry.author(name=name)
        entry.published(row.published_at)
        entry.updated(row.corrected_at or row.published_at)
        entry.category(term=row.type, label=province.TYPE_LABELS[row.type])
        entry.category(term=row.region_code, label=name, scheme="urn:kemendagri:kode-wilayah")
    body = feed.rss_str(pretty=True) if kind == "rss" else feed.atom_str(pretty=True)
    mime = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    return Response(body, mimetype=mime, headers=caching.PUBLIC)


@pages.get("/wilayah/feed.rss")
def regions_rss():
    return _feed("rss")


@pages.get("/wilayah/feed.atom")
def regions_atom():
    return _feed("atom")

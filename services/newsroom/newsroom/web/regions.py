"""The province's feeds of its regencies' news (newsroom.province), RSS and Atom, with ``?region=`` and ``?type=``.

An entry links the regency's own page; its title names the region. A correction updates the entry (its time and
summary, with the note); a withdrawn item drops out of the feed, as it does from its regency's own feed (the
province's list at /provinsi/berita and the API still show it, marked withdrawn).
"""

from __future__ import annotations

from flask import Response, request

from chassis import caching
from chassis.problems import field_problem
from chassis.web import suite
from newsroom import feeds, province
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
    entries = []
    for row in items:
        name = names.get(row.region_code, row.region_code)
        summary = row.summary
        if row.verdict:
            summary = f"[{row.verdict}] {summary}"
        if row.state == province.CORRECTED and row.correction_note:
            summary = f"{summary}\n\nRalat: {row.correction_note}"
        kind_ = feeds.Category(row.type, province.TYPE_LABELS[row.type])
        where = feeds.Category(row.region_code, name, "urn:kemendagri:kode-wilayah")
        entries.append(
            feeds.Entry(
                id=f"urn:suite:{row.region_code}:newsroom:article:{row.article_id}",
                title=f"{name}: {row.title}",
                link=row.url,
                summary=summary or row.title,
                published=row.published_at,
                updated=row.corrected_at or row.published_at,
                categories=(kind_, where),
                author=name,
                permalink=False,
            )
        )
    feed = feeds.Feed(
        id=f"{base}/newsroom/wilayah/{region or ''}",
        title=f"Berita {place} - {settings.org_name}",
        subtitle="Siaran pers, pengumuman dan klarifikasi hoaks dari kabupaten/kota",
        link=f"{base}/provinsi/berita{query}",
        self_link=f"{base}/newsroom/wilayah/feed.{kind}",
        entries=tuple(entries),
        author=settings.org_name,
    )
    return feeds.response(feed, kind, caching.PUBLIC)


@pages.get("/wilayah/feed.rss")
def regions_rss():
    return _feed("rss")


@pages.get("/wilayah/feed.atom")
def regions_atom():
    return _feed("atom")

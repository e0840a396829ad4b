"""RSS 2.0 and Atom 1.0 documents of a list of items, written with the standard library's ElementTree.

The feeds were written with feedgen, which needs lxml: about 4.6 MiB more in every web worker that serves a
feed (measured by ``bench/memory.py``), for two small documents. ElementTree escapes text and attributes as
well; the tests read both feeds back with feedparser (``not bozo``), as readers' apps do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from email.utils import format_datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@dataclasses.dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str | None = None


@dataclasses.dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    summary: str
    published: dt.datetime
    updated: dt.datetime
    categories: tuple[Category, ...] = ()
    author: str | None = None
    permalink: bool = True  # the id is the item's public address (RSS ``guid isPermaLink``)


@dataclasses.dataclass(frozen=True)
class Feed:
    id: str
    title: str
    subtitle: str
    link: str  # the page the feed follows
    self_link: str  # the feed's own address
    entries: tuple[Entry, ...]  # newest first, as readers list them
    author: str | None = None  # who publishes it (Atom wants one for entries without their own)
    language: str = "id"

    @property
    def updated(self) -> dt.datetime | None:
        """When the newest item changed, not the time of the request: the feed's ETag holds while nothing does."""
        return max((e.updated for e in self.entries), default=None)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rss(feed: Feed) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = _add(root, "channel")
    _add(channel, "title", feed.title)
    _add(channel, "link", feed.link)
    _add(channel, "description", feed.subtitle)
    _add(channel, "atom:link", href=feed.self_link, rel="self", type=RSS_TYPE)
    _add(channel, "language", feed.language)
    if feed.updated is not None:
        _add(channel, "lastBuildDate", format_datetime(_utc(feed.updated)))
    for entry in feed.entries:
        item = _add(channel, "item")
        _add(item, "title", entry.title)
        _add(item, "link", entry.link)
        _add(item, "description", entry.summary)
        _add(item, "guid", entry.id, isPermaLink="true" if entry.permalink else "false")
        for category in entry.categories:
            _add(item, "category", category.label, domain=category.scheme)
        _add(item, "pubDate", format_datetime(_utc(entry.published)))
    return _document(root)


def atom(feed: Feed) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": feed.language})
    _add(root, "id", feed.id)
    _add(root, "title", feed.title)
    _add(root, "subtitle", feed.subtitle)
    _add(root, "link", href=feed.link, rel="alternate")
    _add(root, "link", href=feed.self_link, rel="self", type=ATOM_TYPE)
    # Atom requires <updated>; an empty feed takes the epoch, which keeps the document (and its ETag) stable.
    _add(root, "updated", _utc(feed.updated or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).isoformat(timespec="seconds"))
    if feed.author:
        _add(_add(root, "author"), "name", feed.author)
    for entry in feed.entries:
        item = _add(root, "entry")
        _add(item, "id", entry.id)
        _add(item, "title", entry.title)
        _add(item, "link", href=entry.link, rel="alternate")
        _add(item, "summary", entry.summary)
        _add(item, "published", _utc(entry.published).isoformat(timespec="seconds"))
        _add(item, "updated", _utc(entry.updated).isoformat(timespec="seconds"))
        if entry.author:
            _add(_add(item, "author"), "name", entry.author)
        for category in entry.categories:
            _add(item, "category", term=category.term, label=category.label, scheme=category.scheme)
    return _document(root)


def response(feed: Feed, kind: str, headers: dict):
    """The feed as ``kind`` (``rss`` or ``atom``) with its media type."""
    from flask import Response

    body, mime = (rss(feed), RSS_TYPE) if kind == "rss" else (atom(feed), ATOM_TYPE)
    return Response(body, mimetype=mime, headers=headers)

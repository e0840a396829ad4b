"""Text rules of an item: sanitised HTML, slugs, summaries."""

from __future__ import annotations

import html
import re
import unicodedata

# What an editor's rich text may contain; everything else (scripts, styles, event handlers) is removed.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def sanitise(body_html: str) -> str:
    import nh3  # only writes and distribution clean HTML: a reader's worker does without it

    return nh3.clean(
        body_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(body_html: str) -> str:
    import nh3

    return re.sub(r"\s+", " ", html.unescape(nh3.clean(body_html, tags=set()))).strip()


def summarise(body_html: str, limit: int = 200) -> str:
    text = plain_text(body_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def summary_after_edit(current: str, old_body: str, new_body: str, given: str | None) -> str:
    """The summary once the body went from ``old_body`` to ``new_body``: one the editor typed is kept, one written
    from the body (``summarise`` of the old body) follows the new body, so feeds, ninjs and mails never carry a
    first draft's summary. ``given`` is what the editor sent (None: the field was not sent; empty: write it from
    the body); the console sends back the summary it showed, so an auto summary sent back unchanged stays auto.
    """
    auto = current == summarise(old_body)
    if given is None or (auto and given.strip() == current):
        return summarise(new_body) if auto else current
    return given.strip() or summarise(new_body)


def slugify(title: str, limit: int = 80) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "naskah"

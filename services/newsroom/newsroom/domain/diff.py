"""Side-by-side comparison of two revisions: title, summary, tags and body as text lines, HTML tags stripped."""

from __future__ import annotations

import difflib
import html
import itertools
import re

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|figcaption|figure|table)\s*>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
FIELDS = (("title", "Judul"), ("summary", "Ringkasan"), ("tags", "Topik"), ("body_html", "Isi"))


def text_lines(body_html: str) -> list[str]:
    """One line per paragraph, heading, list item or table row, as a reader sees it."""
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", body_html or "")))
    return [line for line in (re.sub(r"[ \t\r\f\v]+", " ", raw).strip() for raw in text.split("\n")) if line]


def _lines(field: str, value) -> list[str]:
    if field == "body_html":
        return text_lines(value)
    if field == "tags":
        return [", ".join(value or [])] if value else []
    return [value] if value else []


def side_by_side(left: list[str], right: list[str]) -> list[dict]:
    """Rows of (left line, right line) with how they differ: equal, replace, delete (left only), insert (right only)."""
    rows = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for kind, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = itertools.zip_longest(range(i1, i2), range(j1, j2))
        for i, j in pairs:
            row_kind = (
                kind
                if kind != "replace"
                else ("replace" if i is not None and j is not None else "delete" if j is None else "insert")
            )
            rows.append(
                {
                    "kind": row_kind,
                    "left_line": None if i is None else i + 1,
                    "left": None if i is None else left[i],
                    "right_line": None if j is None else j + 1,
                    "right": None if j is None else right[j],
                }
            )
    return rows


def compare(old: dict, new: dict) -> list[dict]:
    """Per field: its label, whether it changed, and the side-by-side rows."""
    result = []
    for field, label in FIELDS:
        rows = side_by_side(_lines(field, old.get(field)), _lines(field, new.get(field)))
        result.append(
            {"field": field, "label": label, "changed": any(r["kind"] != "equal" for r in rows), "rows": rows}
        )
    return result

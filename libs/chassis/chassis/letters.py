"""Letters of every service: one letterhead (kop surat), one embedded Unicode font, one signature block.

An office sends letters from three services (the PPID's notices and receipts, the registry's decree
attachment and reports); a citizen or a partner holding two of them should see the same office on top.
So every PDF letter is a :class:`Letter`, whose header is drawn from a :class:`Letterhead` built by
:meth:`Letterhead.from_settings` out of the service's settings (``ORG_NAME``, ``OFFICE_REGION``,
``OFFICE_ADDRESS``, ``OFFICE_CITY``), never assembled by hand at the call site.

The core PDF fonts only know latin-1, so typographic quotes, dashes and names in other scripts came out
as ``?``. The letter embeds DejaVu Sans (shipped in ``chassis/fonts`` with its licence, so no system
package is needed), which fpdf2 subsets into the file: text prints as typed. The shipped font keeps
Latin, Greek and Cyrillic with punctuation and common signs (see ``fonts/LICENSE``); a character it has
no glyph for (Arabic, CJK, most emoji) prints as the font's blank box rather than being refused, since
a name a citizen typed must never make the letter fail.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chassis.formats import date_id

if TYPE_CHECKING:
    from chassis.letter_pdf import Letter

__all__ = [
    "FONT",
    "Letter",
    "Letterhead",
    "Signer",
    "nip_problem",
    "place_and_date",
    "printable",
]

FONT = "DejaVu"
FONTS_DIR = Path(__file__).parent / "fonts"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

LINE = 6.0  # body line height, mm
LABEL_WIDTH = 58.0  # label column of the field tables, mm
_SIGNATURE_WIDTH = 80.0
_NIP = re.compile(r"^\d{18}$")
# fontTools logs every glyph it keeps when fpdf2 subsets the font, at INFO: dozens of lines per letter.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def place_and_date(city: str, day: dt.date | None) -> str:
    """``Kotamobagu, 1 Januari 2027``, the line above a signature; either part may be missing."""
    parts = [printable(city).strip(), date_id(day) if day else ""]
    return ", ".join(p for p in parts if p)


def printable(text: object) -> str:
    """``text`` as a string a PDF line can hold: ``None`` is empty, line ends are ``\\n``, tabs are spaces,
    other control characters are dropped (they have no glyph and would only print as boxes)."""
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(ch for ch in s if ch == "\n" or unicodedata.category(ch) != "Cc")


def nip_problem(nip: str) -> str | None:
    """Why ``nip`` is not a civil servant's number (NIP: 18 digits, spaces allowed), or ``None``."""
    if _NIP.match(re.sub(r"\s", "", nip or "")):
        return None
    return "NIP harus 18 angka (mis. 198001012005011001)."


@dataclass(frozen=True)
class Letterhead:
    """The kop surat: the government above the office, the office's name, the unit that writes, its address."""

    name: str  # ORG_NAME, e.g. "Dinas Komunikasi dan Informatika Kota Kotamobagu"
    region: str = ""  # OFFICE_REGION, e.g. "Pemerintah Kota Kotamobagu"
    unit: str = ""  # the writing unit under the office, e.g. the PPID
    address: str = ""
    city: str = ""

    @classmethod
    def from_settings(cls, settings: object, unit: str = "") -> Letterhead:
        """The one letterhead of a service; settings a service does not define are left out of the header."""
        return cls(
            name=str(getattr(settings, "org_name", "") or ""),
            region=str(getattr(settings, "office_region", "") or ""),
            unit=unit,
            address=str(getattr(settings, "office_address", "") or ""),
            city=str(getattr(settings, "office_city", "") or ""),
        )

    def lines(self) -> list[tuple[str, str, float]]:
        """(text, style, size) of each header line, in order: what :class:`Letter` draws and tests compare."""
        out = []
        if self.region.strip():
            out.append((printable(self.region).strip().upper(), "B", 12.0))
        out.append((printable(self.name).strip().upper(), "B", 13.0))
        if self.unit.strip():
            out.append((printable(self.unit).strip(), "", 10.0))
        address = ", ".join(p for p in (printable(self.address).strip(), printable(self.city).strip()) if p)
        if address:
            out.append((address, "", 9.0))
        return out


@dataclass(frozen=True)
class Signer:
    """Who signs a letter, as the law wants it printed: full name, NIP and position.

    An empty name prints a dotted line to sign over by hand; the login name of whoever clicked "sign" is never
    a substitute, since the letter binds the office through the officer, not through an account.
    """

    name: str = ""
    nip: str = ""
    position: str = ""

    def __post_init__(self) -> None:
        nip = re.sub(r"\s", "", self.nip or "")
        if nip and (problem := nip_problem(nip)):
            raise ValueError(problem)
        object.__setattr__(self, "nip", nip)

    @property
    def nip_line(self) -> str:
        """``NIP. 19800101 200501 1 001``: birth date, appointment month, sex, sequence, as BKN groups it."""
        n = self.nip
        return f"NIP. {n[:8]} {n[8:14]} {n[14]} {n[15:]}" if n else ""


def __getattr__(name: str):
    """``Letter`` comes with fpdf2 and its fonts (tens of MB): loaded by the few requests that print a letter."""
    if name == "Letter":
        from chassis.letter_pdf import Letter

        return Letter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

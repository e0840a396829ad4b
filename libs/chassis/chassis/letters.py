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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

__all__ = [
    "FONT",
    "Letter",
    "Letterhead",
    "Signer",
    "indonesian_date",
    "nip_problem",
    "place_and_date",
    "printable",
    "rupiah",
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


def indonesian_date(day: dt.date) -> str:
    """``1 Januari 2027``: the long Indonesian date letters carry (Babel's CLDR data for ``id``)."""
    return format_date(day, "d MMMM y", locale="id")


def place_and_date(city: str, day: dt.date | None) -> str:
    """``Kotamobagu, 1 Januari 2027``, the line above a signature; either part may be missing."""
    parts = [printable(city).strip(), indonesian_date(day) if day else ""]
    return ", ".join(p for p in parts if p)


def rupiah(amount: int) -> str:
    """``Rp 1.250.000`` (dots group the thousands, no decimals)."""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


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


class Letter(FPDF):
    """An A4 letter in DejaVu Sans under the office's letterhead, with the layout primitives letters share."""

    def __init__(
        self,
        letterhead: Letterhead,
        title: str,
        *,
        orientation: str = "P",
        margins: tuple[float, float, float] = (20, 18, 20),
        footer_text: str = "",
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.letterhead = letterhead
        self.footer_text = printable(footer_text)
        for style, file in _FONT_FILES.items():
            self.add_font(FONT, style, str(FONTS_DIR / file))
        self.set_margins(*margins)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(printable(title))
        self.set_author(printable(letterhead.name))
        self.set_creator("suite-chassis letters")
        self.set_lang("id")
        self.alias_nb_pages()
        self.add_page()
        self._draw_letterhead()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        page = f"Halaman {self.page_no()}/{{nb}}"
        self.cell(0, 5, f"{self.footer_text} - {page}" if self.footer_text else page, align="C")

    def _draw_letterhead(self) -> None:
        for text, style, size in self.letterhead.lines():
            self.set_font(FONT, style, size)
            self.multi_cell(0, size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        y = self.get_y()
        self.set_line_width(0.6)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.line(self.l_margin, y + 0.9, self.w - self.r_margin, y + 0.9)
        self.ln(5)

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 6.5, printable(title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FONT, "", 9.5)
            self.multi_cell(0, 5, printable(subtitle), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def paragraph(self, text: object, style: str = "", size: float = 10.5, align: str = "J") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, LINE, printable(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.paragraph(text, style="B")

    def fields(self, rows: Iterable[tuple[str, object]], border: bool = True, size: float = 10) -> None:
        """A two-column table, label and value; the value wraps and the row grows with it.

        A row taller than what is left of the page moves to the next page; a row taller than a whole page
        (a very long request text) is written as a label line followed by the value flowing across pages.
        """
        self.set_font(FONT, "", size)
        line = 5.5
        pad = 1.5 if border else 0.5
        value_width = self.epw - LABEL_WIDTH
        usable = self.page_break_trigger - self.t_margin
        for label, value in rows:
            label, value = printable(label), printable(value).strip() or "-"
            height = 2 * pad + max(
                self.multi_cell(LABEL_WIDTH, line, label, dry_run=True, output=MethodReturnValue.HEIGHT),
                self.multi_cell(value_width, line, value, dry_run=True, output=MethodReturnValue.HEIGHT),
            )
            if height > usable:
                self._long_field(label, value, line, border)
                continue
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            x, y = self.l_margin, self.get_y()
            if border:
                self.rect(x, y, LABEL_WIDTH, height)
                self.rect(x + LABEL_WIDTH, y, value_width, height)
            self.set_xy(x, y + pad)
            self.multi_cell(LABEL_WIDTH, line, label, align="L")
            self.set_xy(x + LABEL_WIDTH, y + pad)
            self.multi_cell(value_width, line, value, align="L")
            self.set_xy(x, y + height)
        self.ln(3)

    def _long_field(self, label: str, value: str, line: float, border: bool) -> None:
        if self.will_page_break(line * 3):
            self.add_page()
        self.set_x(self.l_margin)
        self.multi_cell(
            0, line, label + ":", border="LTR" if border else 0, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.multi_cell(0, line, value, border="LBR" if border else 0, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def items(self, entries: Iterable[tuple[str, str]], indent: float = 6.0, size: float = 10.5) -> None:
        """A hanging-indent list: ``marker`` in a narrow column, wrapped ``text`` beside it."""
        self.set_font(FONT, "", size)
        for marker, text in entries:
            if self.will_page_break(LINE):
                self.add_page()
            self.set_x(self.l_margin + indent)
            self.cell(8, LINE, printable(marker))
            self.multi_cell(0, LINE, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(
        self,
        headers: tuple[str, ...],
        rows: Iterable[tuple[object, ...]],
        widths: list[float],
        *,
        size: float = 8,
        line: float = 4.5,
        numeric_from: int = 1,
    ) -> None:
        """A ruled table whose header repeats on each page; columns from ``numeric_from`` on align right, and a
        text too wide for its column is shortened with an ellipsis rather than spilling into the next one."""
        rows = list(rows)
        if self.will_page_break(12 + line * min(len(rows), 2)):
            self.add_page()
        self._table_header(headers, widths, size)
        self.set_font(FONT, "", size)
        for row in rows:
            if self.will_page_break(line):
                self.add_page()
                self._table_header(headers, widths, size)
                self.set_font(FONT, "", size)
            for index, (value, width) in enumerate(zip(row, widths, strict=True)):
                text = printable(value).replace("\n", " ")
                while self.get_string_width(text) > width - 2 and len(text) > 2:
                    text = text[:-2] + "…"
                self.cell(width, line, text, border=1, align="R" if index >= numeric_from else "L")
            self.ln(line)
        self.ln(2)

    def _table_header(self, headers: tuple[str, ...], widths: list[float], size: float) -> None:
        self.set_font(FONT, "B", size - 0.5)
        self.set_fill_color(225, 225, 225)
        step = size * 0.45
        lines = max(
            len(self.multi_cell(w, step, printable(h), dry_run=True, output=MethodReturnValue.LINES))
            for h, w in zip(headers, widths, strict=True)
        )
        height = max(5.0, lines * step)
        x, y = self.l_margin, self.get_y()
        for text, width in zip(headers, widths, strict=True):
            self.rect(x, y, width, height, style="DF")
            self.set_xy(x, y)
            self.multi_cell(width, height if lines == 1 else step, printable(text), align="C")
            x += width
        self.set_xy(self.l_margin, y + height)

    def signature(self, place_date: str, signer: Signer, role: str = "") -> None:
        """The block at the bottom right: place and date, the role (``a.n.`` lines, the signer's position),
        room for the signature and stamp, the full name underlined and the NIP under it."""
        above = [place_date or "-"]
        if role.strip():
            above.append(role)
        if signer.position.strip() and signer.position.strip() != role.strip():
            above.append(signer.position)
        height = LINE * (len(above) + 2) + 22
        if self.will_page_break(height):
            self.add_page()
        self.ln(6)
        x = self.w - self.r_margin - _SIGNATURE_WIDTH
        self.set_font(FONT, "", 10.5)
        for text in above:
            self.set_x(x)
            self.multi_cell(_SIGNATURE_WIDTH, LINE, printable(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(20)
        name = printable(signer.name).strip()
        self.set_font(FONT, "BU" if name else "", 10.5)
        self.set_x(x)
        self.multi_cell(
            _SIGNATURE_WIDTH, LINE, name or "(" + "." * 40 + ")", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        nip = signer.nip_line or ("" if name else "NIP. " + "." * 30)
        if nip:
            self.set_font(FONT, "", 10.5)
            self.set_x(x)
            self.multi_cell(_SIGNATURE_WIDTH, LINE, nip, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def to_bytes(self) -> bytes:
        return bytes(self.output())

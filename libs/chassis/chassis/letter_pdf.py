"""The PDF :class:`Letter` of :mod:`chassis.letters`, apart so that fpdf2 (with fontTools and Pillow) is imported
only by the requests that print one; ``from chassis.letters import Letter`` inside such a function finds it here."""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from chassis.letters import (
    _FONT_FILES,
    _SIGNATURE_WIDTH,
    FONT,
    FONTS_DIR,
    LABEL_WIDTH,
    LINE,
    Letterhead,
    Signer,
    printable,
)


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

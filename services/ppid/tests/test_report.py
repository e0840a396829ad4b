import csv
import datetime as dt
import io
import json

import openpyxl
import pypdf
import pytest

from ppid.domain.report import DECISION_LABELS, DISPUTE_OUTCOMES, GROUND_LABELS, yearly_report
from ppid.report_files import to_csv, to_pdf, to_xlsx

ZERO_GROUNDS = dict.fromkeys("abcdefghij", 0)


def request(number, received_on, opds, decision, days=None, grounds=(), extended=False, objections=(), of=None):
    return {
        "registration_number": f"PPID/2025/{number:04d}",
        "received_on": received_on,
        "opds": list(opds),
        "status": "received" if decision is None else "decided",
        "decision": decision,
        "refusal_grounds": list(grounds),
        "working_days_to_decide": days,
        "extended": extended,
        "duplicate_of": of,
        "objections": [{"outcome": outcome, "dispute_filed": dispute} for outcome, dispute in objections],
    }


def rows():
    d = dt.date
    return [
        # Grounds on a granted row are not counted.
        request(1, d(2025, 1, 6), ["dinkes"], "granted", days=3, grounds=["b"]),
        request(
            2,
            d(2025, 1, 20),
            ["dinkes"],
            "partly_granted",
            days=8,
            grounds=["h", "a"],
            objections=[("partly_upheld", False)],
        ),
        request(3, d(2025, 2, 3), ["dispendik"], "refused", days=10, grounds=["h"], objections=[("rejected", True)]),
        request(4, d(2025, 3, 10), ["dispendik"], "not_held", days=5),
        request(5, d(2025, 3, 12), [], "not_documented", days=4),
        request(
            6,
            d(2025, 4, 1),
            ["dinkes", "dispendik"],
            "refused",
            days=15,
            grounds=["c", "j"],
            extended=True,
            objections=[("upheld", False)],
        ),
        request(7, d(2025, 6, 15), ["dispendik"], "granted", days=2, objections=[("withdrawn", False)]),
        request(8, d(2025, 7, 1), ["dinkes"], None),
        request(9, d(2025, 12, 31), [], "granted", days=2, objections=[(None, False)]),
        request(10, d(2025, 12, 2), ["dispendik"], None, extended=True),
        # A duplicate of row 1 (closed while its notice was drafted): counted apart, in no other figure.
        request(12, d(2025, 5, 5), ["dinkes"], "granted", extended=True, of="PPID/2025/0001"),
        # Received in another year: skipped.
        request(11, d(2024, 12, 31), ["dinkes"], "granted", days=1),
    ]


def test_yearly_report_counts_every_figure():
    report = yearly_report(2025, iter(rows()))

    # Worked out by hand from rows() above (row 11 is from 2024).
    assert report == {
        "year": 2025,
        "opd": None,
        "requests": 10,
        "decided": 8,
        "pending": 2,  # rows 8, 10
        "granted": 3,  # rows 1, 7, 9
        "partly_granted": 1,  # row 2
        "refused": 2,  # rows 3, 6
        "refused_by_ground": {**ZERO_GROUNDS, "a": 1, "c": 1, "h": 2, "j": 1},
        "not_held": 1,  # row 4
        "not_documented": 1,  # row 5
        "extended": 2,  # rows 6, 10
        "duplicates": 1,  # row 12
        # days 3, 8, 10, 5, 4, 15, 2, 2: sum 49 / 8 = 6.125; sorted 2 2 3 4 | 5 8 10 15
        "days_to_decide": {"average": 6.1, "median": 4.5, "max": 15},
        "objections": {"filed": 5, "upheld": 1, "partly_upheld": 1, "rejected": 1, "withdrawn": 1, "pending": 1},
        "disputes": 1,  # row 3
        "dispute_outcomes": {**dict.fromkeys(DISPUTE_OUTCOMES, 0), "pending": 1},
        "per_opd": [
            # rows 1, 2, 6, 8: days 3 + 8 + 15 = 26 / 3
            {
                "opd": "dinkes",
                "requests": 4,
                "granted": 1,
                "partly_granted": 1,
                "refused": 1,
                "not_held": 0,
                "not_documented": 0,
                "average_days": 8.7,
            },
            # rows 3, 4, 6, 7, 10: days 10 + 5 + 15 + 2 = 32 / 4
            {
                "opd": "dispendik",
                "requests": 5,
                "granted": 1,
                "partly_granted": 0,
                "refused": 2,
                "not_held": 1,
                "not_documented": 0,
                "average_days": 8.0,
            },
            # rows 5, 9: days 4 + 2 = 6 / 2
            {
                "opd": "ppid",
                "requests": 2,
                "granted": 1,
                "partly_granted": 0,
                "refused": 0,
                "not_held": 0,
                "not_documented": 1,
                "average_days": 3.0,
            },
        ],
        "per_month": [2, 1, 2, 1, 0, 1, 1, 0, 0, 0, 0, 2],
    }
    json.dumps(report)


def test_opd_filter_keeps_requests_disposed_to_that_opd():
    report = yearly_report(2025, rows(), opd="dispendik")

    # rows 3, 4, 6, 7, 10
    assert report["opd"] == "dispendik"
    assert report["requests"] == 5
    assert report["decided"] == 4
    assert report["pending"] == 1
    assert (report["granted"], report["partly_granted"], report["refused"]) == (1, 0, 2)
    assert (report["not_held"], report["not_documented"]) == (1, 0)
    assert report["refused_by_ground"] == {**ZERO_GROUNDS, "c": 1, "h": 1, "j": 1}
    assert report["extended"] == 2
    # days 10, 5, 15, 2: sum 32 / 4; sorted 2 5 | 10 15
    assert report["days_to_decide"] == {"average": 8.0, "median": 7.5, "max": 15}
    assert report["objections"] == {
        "filed": 3,
        "upheld": 1,
        "partly_upheld": 0,
        "rejected": 1,
        "withdrawn": 1,
        "pending": 0,
    }
    assert report["disputes"] == 1
    assert [o["opd"] for o in report["per_opd"]] == ["dispendik"]
    assert report["per_opd"][0]["requests"] == 5
    assert report["per_opd"][0]["average_days"] == 8.0
    assert report["per_month"] == [0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1]


def test_ppid_filter_selects_requests_without_disposition():
    report = yearly_report(2025, rows(), opd="ppid")

    # rows 5, 9
    assert report["requests"] == 2
    assert (report["granted"], report["not_documented"], report["pending"]) == (1, 1, 0)
    assert report["days_to_decide"] == {"average": 3.0, "median": 3.0, "max": 4}
    assert report["objections"]["filed"] == 1
    assert report["objections"]["pending"] == 1
    assert report["disputes"] == 0
    assert report["per_opd"] == [
        {
            "opd": "ppid",
            "requests": 2,
            "granted": 1,
            "partly_granted": 0,
            "refused": 0,
            "not_held": 0,
            "not_documented": 1,
            "average_days": 3.0,
        }
    ]
    assert report["per_month"] == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_empty_input_gives_zeros_and_no_averages():
    report = yearly_report(2025, [])

    assert report == {
        "year": 2025,
        "opd": None,
        "requests": 0,
        "decided": 0,
        "pending": 0,
        "granted": 0,
        "partly_granted": 0,
        "refused": 0,
        "refused_by_ground": ZERO_GROUNDS,
        "not_held": 0,
        "not_documented": 0,
        "extended": 0,
        "duplicates": 0,
        "days_to_decide": {"average": None, "median": None, "max": None},
        "objections": {"filed": 0, "upheld": 0, "partly_upheld": 0, "rejected": 0, "withdrawn": 0, "pending": 0},
        "disputes": 0,
        "dispute_outcomes": {**dict.fromkeys(DISPUTE_OUTCOMES, 0), "pending": 0},
        "per_opd": [],
        "per_month": [0] * 12,
    }
    # The exports cope with an empty year too.
    assert to_csv(report)
    assert to_xlsx(report)
    assert to_pdf(report, "Diskominfo").startswith(b"%PDF")


def test_unknown_decision_is_rejected():
    bad = request(1, dt.date(2025, 1, 1), [], "maybe")
    with pytest.raises(ValueError, match="PPID/2025/0001"):
        yearly_report(2025, [bad])


def test_labels_cover_every_decision_and_ground():
    assert set(DECISION_LABELS) == {"granted", "partly_granted", "refused", "not_held", "not_documented"}
    assert DECISION_LABELS["refused"] == "Ditolak"
    assert list(GROUND_LABELS) == list("abcdefghij")
    assert GROUND_LABELS["h"].lower() == "rahasia pribadi"


def test_csv_export_parses_with_semicolons():
    text = to_csv(yearly_report(2025, rows()))

    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[0] == ["Indikator", "Jumlah"]
    values = {row[0]: row[1] for row in parsed if len(row) == 2}
    assert values["Tahun"] == "2025"
    assert values["Jumlah permohonan"] == "10"
    assert values["Ditolak"] == "2"
    assert values["Rata-rata hari kerja sampai keputusan"] == "6,1"  # comma decimal
    assert values["Sengketa informasi ke Komisi Informasi"] == "1"
    assert values["Pasal 17 huruf h: Rahasia pribadi"] == "2"
    assert values["Januari"] == "2"
    assert values["Desember"] == "2"
    opd_rows = {row[0]: row for row in parsed if len(row) == 8}
    assert opd_rows["dispendik"][1] == "5"
    assert opd_rows["dinkes"][7] == "8,7"


def test_xlsx_export_has_the_three_sheets_with_numbers():
    data = to_xlsx(yearly_report(2025, rows()))

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Ringkasan", "Per OPD", "Per Bulan"]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if len(row) > 1}
    assert summary["Jumlah permohonan"] == 10
    assert isinstance(summary["Jumlah permohonan"], int)
    assert summary["Rata-rata hari kerja sampai keputusan"] == 6.1
    header = next(workbook["Ringkasan"].iter_rows(min_row=4, max_row=4))
    assert header[0].value == "Indikator"
    assert header[0].font.bold
    per_opd = list(workbook["Per OPD"].iter_rows(values_only=True))
    assert per_opd[0][0] == "OPD"
    assert per_opd[2][:2] == ("dispendik", 5)
    per_month = list(workbook["Per Bulan"].iter_rows(values_only=True))
    assert per_month[1] == ("Januari", 2)
    assert per_month[-1] == ("Jumlah", 10)


def test_pdf_export_contains_year_and_office_name():
    office = "Dinas Komunikasi dan Informatika Kota Kotamobagu"
    data = to_pdf(yearly_report(2025, rows()), office)

    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Laporan Layanan Informasi Publik Tahun 2025" in text
    assert office in text


def test_pdf_export_prints_an_office_name_beyond_latin1_as_typed():
    data = to_pdf(yearly_report(2025, rows()), "Diskominfo \u2013 Kota \u201cBaru\u201d")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "\u2013 KOTA \u201cBARU\u201d" in text.upper()
    assert "?" not in text.split("Laporan")[0]

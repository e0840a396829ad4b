"""The province's pages at /provinsi/: its regencies' PPID, news and media figures, charts, the merged news.

The gateway holds no business rule here either: it asks the three services' public JSON APIs (at the internal
URLs it proxies to) for what they count, lays their answers side by side and draws them, without JavaScript:
``/provinsi/?tahun=YYYY`` (a table of the regencies, a chart of PPID on-time rate and one of releases per month
per region, as inline SVG with a data table each), ``/provinsi/berita?wilayah=`` (the merged feed) and the
tables as ``/provinsi/tabel.csv`` and ``/provinsi/tabel.xlsx``. A service that does not answer leaves its
columns marked as unavailable; the page still answers.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import logging
from urllib.parse import urlencode

import aiohttp
import markupsafe
from aiohttp import web

from chassis import caching, formats
from chassis.problems import Problem
from chassis.security import export_cell
from gateway import charts
from gateway.context import HTTP, REQUEST_ID, SETTINGS, TEMPLATES

log = logging.getLogger("gateway.province")


def figure(value, kind: str, unavailable: bool = False):
    """A figure as people here read it: 1.250 (thousands with a dot), Rp1.250.000, 87,5; t.a. when its service did
    not answer; a dash when there is none (no decision, no rate)."""
    if unavailable:
        return markupsafe.Markup('<abbr title="tidak tersedia">t.a.</abbr>')
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "–"
    if kind == "rate":
        return formats.decimal_id(value)
    return formats.rupiah(value, space=False) if kind == "money" else formats.number_id(value)


TEMPLATES.filters["figure"] = figure
TEMPLATES.filters["service_label"] = lambda name: SERVICE_LABELS.get(name, name)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR_MIN, YEAR_MAX = 2000, 2100
SERVICE_LABELS = {"ppid": "PPID", "newsroom": "berita", "registry": "kemitraan media"}
# (service, key in its answer, heading, kind): the order of the table, the CSV and the XLSX.
COLUMNS = (
    ("ppid", "received", "Permohonan diterima", "count"),
    ("ppid", "decided", "Diputus", "count"),
    ("ppid", "on_time", "Tepat waktu", "count"),
    ("ppid", "late", "Terlambat", "count"),
    ("ppid", "on_time_rate", "Tepat waktu (%)", "rate"),
    ("ppid", "refused", "Ditolak", "count"),
    ("ppid", "objections", "Keberatan", "count"),
    ("ppid", "open", "Masih diproses", "count"),
    ("newsroom", "total_releases", "Siaran pers", "count"),
    ("newsroom", "total_announcements", "Pengumuman", "count"),
    ("newsroom", "total_clarifications", "Klarifikasi hoaks", "count"),
    ("registry", "active_partners", "Mitra media aktif", "count"),
    ("registry", "contract_value", "Nilai kontrak (Rp)", "money"),
    ("registry", "paid", "Dibayar (Rp)", "money"),
    ("registry", "ukw_utama", "Wartawan UKW utama", "count"),
    ("registry", "ukw_madya", "Wartawan UKW madya", "count"),
    ("registry", "ukw_muda", "Wartawan UKW muda", "count"),
)
TYPES = {"release": "Siaran pers", "announcement": "Pengumuman", "clarification": "Klarifikasi hoaks"}


async def answer_of(request: web.Request, service: str, path: str, **params: str) -> tuple[int, dict | None]:
    """A service's status and JSON answer to a public GET; (503, None), logged, when it is down or too slow."""
    app = request.app
    url = app[SETTINGS].upstreams()[service] + path
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "identity",
        "X-Request-ID": request[REQUEST_ID],
    }
    try:
        async with app[HTTP].get(url, params=params, headers=headers) as answer:
            body = await answer.json(content_type=None)
            if answer.status != 200:
                log.warning(
                    "province figures refused", extra={"service": service, "path": path, "status": answer.status}
                )
            return answer.status, body if isinstance(body, dict) else None
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("province figures unavailable", extra={"service": service, "path": path, "error": repr(exc)})
        return 503, None


async def fetch(request: web.Request, service: str, path: str, **params: str) -> dict | None:
    """A service's JSON answer when it gave one (200), else None."""
    status, body = await answer_of(request, service, path, **params)
    return body if status == 200 else None


def _items(answer: dict | None) -> list[dict]:
    items = (answer or {}).get("items")
    return [i for i in items if isinstance(i, dict) and i.get("region_code")] if isinstance(items, list) else []


def merge(ppid: dict | None, news: dict | None, registry: dict | None) -> list[dict]:
    """One row per region, in the order the services list them (their PROVINCE_REGIONS, then others)."""
    rows: dict[str, dict] = {}
    for service, answer in (("ppid", ppid), ("newsroom", news), ("registry", registry)):
        for item in _items(answer):
            code = item["region_code"]
            row = rows.setdefault(code, {"region_code": code, "region_name": item.get("region_name") or code})
            if service == "registry":
                levels = item.get("journalists") or {}
                item = {**item, **{f"ukw_{level}": levels.get(level, 0) for level in ("utama", "madya", "muda")}}
            for source, key, _, _ in COLUMNS:
                if source == service:
                    row[key] = item.get(key)
    return list(rows.values())


def totals(rows: list[dict], missing: list[str]) -> dict:
    """The province's sums of the counts and amounts (a rate is not a sum: left empty)."""
    found = {"region_code": "", "region_name": "Jumlah"}
    for service, key, _, kind in COLUMNS:
        if kind != "rate" and service not in missing:
            found[key] = sum(int(r.get(key) or 0) for r in rows)
    return found


def parse_year(request: web.Request) -> int:
    raw = request.query.get("tahun", "").strip()
    settings = request.app[SETTINGS]
    if not raw:
        return settings.local_date().year
    if not raw.isdigit() or not YEAR_MIN <= int(raw) <= YEAR_MAX:
        message = f"Tahun {YEAR_MIN}-{YEAR_MAX}."
        raise Problem(422, message, errors=[{"field": "tahun", "message": message}])
    return int(raw)


async def figures(request: web.Request, year: int) -> dict:
    """What the three services count for ``year``, side by side; ``missing`` names the services that did not
    answer."""
    ppid, ppid_months, news, registry = await asyncio.gather(
        fetch(request, "ppid", "/api/ppid/regions", year=str(year)),
        fetch(request, "ppid", "/api/ppid/regions/monthly", year=str(year)),
        fetch(request, "newsroom", "/api/newsroom/regions/monthly", year=str(year)),
        fetch(request, "registry", "/api/registry/regions", year=str(year)),
    )
    missing = [name for name, answer in (("ppid", ppid), ("newsroom", news), ("registry", registry)) if answer is None]
    rows = merge(ppid, news, registry)
    return {
        "year": year,
        "rows": rows,
        "totals": totals(rows, missing),
        "missing": missing,
        "ppid_months": [{**item, "rates": _rates(item)} for item in _items(ppid_months)],
        "news_months": [{**item, "releases": _releases(item)} for item in _items(news)],
    }


def _rate(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rates(item: dict) -> tuple[float | None, ...]:
    """A region's on-time rate of each month, January first; None for a month PPID gave none."""
    by_month = {m.get("month"): m for m in item.get("months") or [] if isinstance(m, dict)}
    return tuple(_rate((by_month.get(n) or {}).get("on_time_rate")) for n in range(1, 13))


def _releases(item: dict) -> list[int]:
    return [int(v) for v in (item.get("releases") or [0] * 12)[:12]]


def ppid_chart(year: int, months: list[dict]) -> charts.Chart:
    series = [charts.Series(item.get("region_name") or item["region_code"], item["rates"]) for item in months]
    return charts.line_chart(
        "grafik-ppid",
        f"Permohonan informasi diputus tepat waktu per bulan, {year}",
        "Persentase permohonan yang diputus paling lambat pada tenggatnya, menurut bulan permohonan diterima, per "
        "kabupaten/kota. Bulan tanpa keputusan tidak bertitik. Angkanya ada di tabel di bawah grafik.",
        "Tepat waktu (%)",
        series,
        maximum=100,
        unit="%",
    )


def news_chart(year: int, months: list[dict]) -> charts.Chart:
    series = [
        charts.Series(item.get("region_name") or item["region_code"], tuple(map(float, item["releases"])))
        for item in months
    ]
    return charts.line_chart(
        "grafik-siaran",
        f"Siaran pers terbit per bulan, {year}",
        "Jumlah siaran pers yang terbit (tidak termasuk yang ditarik) per bulan per kabupaten/kota. Angkanya ada di "
        "tabel di bawah grafik.",
        "Siaran pers",
        series,
    )


def _year_choices(settings, year: int) -> list[int]:
    current = settings.local_date().year
    return sorted({*range(current - 5, current + 1), year}, reverse=True)


def html(template: str, status: int = 200, **context) -> web.Response:
    body = TEMPLATES.get_template(f"provinsi/{template}").render(**context)
    return web.Response(
        status=status, text=body, content_type="text/html", headers=caching.PUBLIC if status == 200 else None
    )


async def overview(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    try:
        year = parse_year(request)
    except Problem as exc:
        current = settings.local_date().year
        return html(
            "rekap.html",
            422,
            error=exc.detail,
            year=None,
            years=_year_choices(settings, current),
            columns=COLUMNS,
            office=settings.org_name,
        )
    found = await figures(request, year)
    return html(
        "rekap.html",
        years=_year_choices(settings, year),
        columns=COLUMNS,
        services=SERVICE_LABELS,
        office=settings.org_name,
        zone=formats.zone_label(settings.office_timezone),
        ppid=ppid_chart(year, found["ppid_months"]),
        news=news_chart(year, found["news_months"]),
        month_names=formats.month_names(),
        **found,
    )


def _cells(row: dict, missing: list[str]) -> list:
    return [
        row["region_code"],
        row["region_name"],
        *(None if service in missing else row.get(key) for service, key, _, _ in COLUMNS),
    ]


HEADINGS = ["Kode wilayah", "Kabupaten/kota", *(heading for _, _, heading, _ in COLUMNS)]


async def table_csv(request: web.Request) -> web.Response:
    """The table as CSV (``;`` between fields, UTF-8 with a BOM, as the services' own CSV files for Excel; so a
    rate has a decimal comma, as a spreadsheet set to Indonesian reads it)."""
    year = parse_year(request)
    found = await figures(request, year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in [*found["rows"], found["totals"]]:
        cells = (str(v).replace(".", ",") if isinstance(v, float) else v for v in _cells(row, found["missing"]))
        writer.writerow(export_cell(v) for v in cells)
    return _download(("\ufeff" + buffer.getvalue()).encode(), f"rekap-provinsi-{year}.csv", "text/csv")


def workbook(found: dict, zone: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"Rekap {found['year']}"
    sheet.append(HEADINGS)
    for row in [*found["rows"], found["totals"]]:
        sheet.append([export_cell(v) for v in _cells(row, found["missing"])])
    months = formats.month_names("abbreviated")
    rates = book.create_sheet("PPID tepat waktu per bulan")
    rates.append(["Kode wilayah", "Kabupaten/kota", *(f"{m} (%)" for m in months)])
    for item in found["ppid_months"]:
        rates.append([export_cell(item["region_code"]), export_cell(item.get("region_name")), *item["rates"]])
    releases = book.create_sheet("Siaran pers per bulan")
    releases.append(["Kode wilayah", "Kabupaten/kota", *months, "Jumlah"])
    for item in found["news_months"]:
        counts = item["releases"]
        releases.append([export_cell(item["region_code"]), export_cell(item.get("region_name")), *counts, sum(counts)])
    for page in book.worksheets:
        for cell in page[1]:
            cell.font = Font(bold=True)
    notes = book.create_sheet("Keterangan")
    notes.append(["Tahun", found["year"]])
    notes.append(["Bulan menurut", f"zona waktu kantor ({zone})"])
    for service in found["missing"]:
        notes.append(["Tidak tersedia", f"Angka {SERVICE_LABELS[service]}: layanannya tidak menjawab"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def table_xlsx(request: web.Request) -> web.Response:
    """The table and the charts' data as an XLSX workbook (one sheet each)."""
    year = parse_year(request)
    found = await figures(request, year)
    body = await asyncio.to_thread(workbook, found, formats.zone_label(request.app[SETTINGS].office_timezone))
    return _download(body, f"rekap-provinsi-{year}.xlsx", XLSX)


def _download(body: bytes, filename: str, mimetype: str) -> web.Response:
    headers = {**caching.PUBLIC, "Content-Disposition": f'attachment; filename="{filename}"'}
    return web.Response(body=body, content_type=mimetype, headers=headers)


def local_time(value: str | None, zone: str) -> str:
    """``2 Maret 2026 09.00 WIB`` from an ISO moment; empty when there is none or it is not a moment."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return formats.datetime_id(moment, zone)


async def news(request: web.Request) -> web.Response:
    """The regencies' news merged, newest first, filtered by region and type, a page at a time."""
    settings = request.app[SETTINGS]
    region = request.query.get("wilayah", "").strip()
    kind = request.query.get("jenis", "").strip()
    after = request.query.get("setelah", "").strip()
    params = {k: v for k, v in (("region", region), ("type", kind), ("after", after)) if v}
    (status, listed), regions = await asyncio.gather(
        answer_of(request, "newsroom", "/api/newsroom/regions/articles", limit="20", **params),
        fetch(request, "newsroom", "/api/newsroom/regions/monthly"),
    )
    zone = settings.office_timezone
    error = ""
    if status == 422:
        wrong = {e.get("field") for e in (listed or {}).get("errors") or [] if isinstance(e, dict)}
        names = [
            label for field, label in (("region", "wilayah"), ("type", "jenis"), ("after", "halaman")) if field in wrong
        ]
        error = f"Pilihan {', '.join(names) or 'ini'} tidak sah."
    elif status != 200:
        status, error = 503, "Berita kabupaten/kota tidak dapat dimuat sekarang; coba lagi sebentar lagi."
    items = [
        {
            **item,
            "when": local_time(item.get("published_at"), zone),
            "corrected": local_time(item.get("corrected_at"), zone),
            "withdrawn": local_time(item.get("withdrawn_at"), zone),
            "type_label": TYPES.get(item.get("type"), item.get("type")),
        }
        for item in (_items(listed) if status == 200 else [])
    ]
    chosen = {k: v for k, v in (("wilayah", region), ("jenis", kind)) if v}
    feed_query = f"?{urlencode({'region': region})}" if region and status == 200 else ""
    next_query = None
    if status == 200 and listed.get("next"):
        next_query = "?" + urlencode({**chosen, "setelah": listed["next"]})
    return html(
        "berita.html",
        status,
        error=error,
        items=items,
        regions=[(i["region_code"], i.get("region_name") or i["region_code"]) for i in _items(regions)],
        types=TYPES,
        region=region,
        kind=kind,
        next_query=next_query,
        feed_query=feed_query,
        office=settings.org_name,
        zone=formats.zone_label(settings.office_timezone),
    )


async def to_index(request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently("/provinsi/" + (f"?{request.query_string}" if request.query_string else ""))


def setup(app: web.Application) -> None:
    """The province's pages; added before the proxy's catch-all route."""
    app.router.add_get("/provinsi", to_index)
    app.router.add_get("/provinsi/", overview)
    app.router.add_get("/provinsi/berita", news)
    app.router.add_get("/provinsi/tabel.csv", table_csv)
    app.router.add_get("/provinsi/tabel.xlsx", table_xlsx)

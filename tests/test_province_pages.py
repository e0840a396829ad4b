"""The province's pages at /provinsi/ in headless Chromium with JavaScript off, and its feed in feedparser.

A real gateway (aiohttp) in front of the three real services (Flask, each on its own database), configured as the
province of Kota Surabaya and Kabupaten Sidoarjo. Their roll-up rows come from the services' own province
handlers fed with events of the two regencies, as the worker feeds them from ``province.events`` (the federation
itself is tests/test_province.py's).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import uuid
from pathlib import Path

import feedparser
import pytest
import requests
from openpyxl import load_workbook

from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from chassis.testing import AioServers, free_port, live_server, service_app, test_settings

SURABAYA, SIDOARJO = "35.78", "35.15"
REGIONS = (f"{SURABAYA}=Kota Surabaya", f"{SIDOARJO}=Kabupaten Sidoarjo")
YEAR = dt.date.today().year - 1  # a past year: the page opens on the current one and is asked for this one


def event(region: str, service: str, kind: str, data: dict, at: str | None = None) -> CloudEvent:
    return CloudEvent(
        id=str(uuid.uuid4()),
        source=f"/{region}/{service}",
        type=kind,
        time=at or f"{YEAR}-12-01T00:00:00Z",
        subject=None,
        data=data,
    )


def feed(app, package, events: list[CloudEvent]) -> None:
    """Each event through the service's province handler, in a unit of work, as its worker does."""
    suite = app.extensions["suite"]
    for one in events:
        with UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
            package.province_handlers.by_type[one.type](uow, one)
            uow.commit()


def ppid_request(
    region: str, number: int, *, month: int, decided: int | None = None, late: bool = False, decision: str = "granted"
) -> CloudEvent:
    received = dt.date(YEAR, month, 3)
    decided_on = received + dt.timedelta(days=decided) if decided is not None else None
    state = {
        "revision": 3,
        "received_on": received.isoformat(),
        "channel": "web",
        "status": "decided" if decided_on else "received",
        "open": decided_on is None,
        "due_date": (received + dt.timedelta(days=14)).isoformat(),
        "extended": False,
        "overdue": False,
        "decision": decision if decided_on else None,
        "refusal_grounds": ["a"] if decision == "refused" and decided_on else [],
        "decided_on": decided_on.isoformat() if decided_on else None,
        "late": late if decided_on else None,
        "objections": 0,
        "objections_pending": 0,
        "disputes": 0,
        "disputes_pending": 0,
    }
    code = region.replace(".", "")
    number_text = f"PPID-{code}-{YEAR}-{number:05d}"
    return event(region, "ppid", "ppid.request.snapshot.v1", {"registration_number": number_text, "state": state})


def article(region: str, kind: str, article_id: int, title: str, published_at: str, **more) -> CloudEvent:
    data = {
        "id": article_id,
        "type": more.pop("type", "release"),
        "title": title,
        "slug": f"siaran-{article_id}",
        "summary": more.pop("summary", f"Ringkasan {title}."),
        "opd": "diskominfo",
        "published_at": published_at,
        "url": f"https://{region.replace('.', '')}.example.go.id/newsroom/berita/siaran-{article_id}",
        "images": [],
        "attachments": [],
        "revision": more.pop("revision", 2),
        **more,
    }
    return event(region, "newsroom", f"newsroom.article.{kind}.v1", data, at=published_at)


@pytest.fixture
def province(databases, tokens, tmp_path):
    """The province: three services with its regions' roll-ups, and a gateway in front; yields the gateway URL."""
    import newsroom
    import ppid
    import registry
    from newsroom import province as newsroom_province
    from newsroom.settings import from_env as newsroom_settings
    from ppid import province as ppid_province
    from ppid.settings import from_env as ppid_settings
    from registry import province as registry_province
    from registry.settings import from_env as registry_settings

    extra = {"province_exchange": "province.events", "province_regions": REGIONS}
    services = {}
    with contextlib.ExitStack() as stack:
        for name, package, settings_of in (
            ("newsroom", newsroom, newsroom_settings),
            ("ppid", ppid, ppid_settings),
            ("registry", registry, registry_settings),
        ):
            url = databases.migrated(f"province-{name}", "sqlite", package.MIGRATIONS)
            app = stack.enter_context(service_app(package.create_app, test_settings(settings_of, url, tokens, **extra)))
            services[name] = (app, stack.enter_context(live_server(app)))
        feed(
            services["ppid"][0],
            ppid_province,
            [
                ppid_request(SURABAYA, 1, month=3, decided=5),
                ppid_request(SURABAYA, 2, month=3, decided=20, late=True),
                ppid_request(SURABAYA, 3, month=4, decided=4, decision="refused"),
                ppid_request(SIDOARJO, 1, month=3, decided=6),
                ppid_request(SIDOARJO, 2, month=5),
            ],
        )
        feed(
            services["newsroom"][0],
            newsroom_province,
            [
                article(SURABAYA, "published", 1, "Surabaya membuka taman kota", f"{YEAR}-03-10T02:00:00+00:00"),
                article(SURABAYA, "published", 2, "Surabaya menambah bus listrik", f"{YEAR}-04-11T02:00:00+00:00"),
                article(
                    SURABAYA,
                    "published",
                    3,
                    "Video banjir Surabaya hoaks",
                    f"{YEAR}-04-12T02:00:00+00:00",
                    type="clarification",
                    verdict="HOAKS",
                ),
                article(SIDOARJO, "published", 1, "Sidoarjo memperbaiki tanggul", f"{YEAR}-03-15T03:00:00+00:00"),
                article(
                    SIDOARJO,
                    "corrected",
                    1,
                    "Sidoarjo memperbaiki tanggul",
                    f"{YEAR}-03-15T03:00:00+00:00",
                    revision=3,
                    summary="Tanggul diperbaiki sepanjang 2 km.",
                    correction_note="Panjang tanggul 2 km.",
                    corrected_at=f"{YEAR}-03-16T03:00:00+00:00",
                ),
                article(SIDOARJO, "published", 2, "Sidoarjo menggelar bazar", f"{YEAR}-05-01T03:00:00+00:00"),
                article(
                    SIDOARJO,
                    "withdrawn",
                    2,
                    "Sidoarjo menggelar bazar",
                    f"{YEAR}-05-01T03:00:00+00:00",
                    revision=3,
                    reason="Acara ditunda.",
                    withdrawn_at=f"{YEAR}-05-02T03:00:00+00:00",
                ),
            ],
        )
        feed(
            services["registry"][0],
            registry_province,
            [
                event(
                    SURABAYA,
                    "registry",
                    "registry.contract.snapshot.v1",
                    {
                        "id": 1,
                        "period_id": 1,
                        "outlet_id": 11,
                        "starts_on": f"{YEAR}-01-01",
                        "ends_on": f"{YEAR}-12-31",
                        "value": 50_000_000,
                        "status": "active",
                    },
                ),
                event(
                    SURABAYA,
                    "registry",
                    "registry.payment.snapshot.v1",
                    {
                        "id": 1,
                        "contract_id": 1,
                        "month": f"{YEAR}-03",
                        "status": "paid",
                        "amount": 5_000_000,
                        "paid_on": f"{YEAR}-03-31",
                    },
                ),
                event(
                    SURABAYA,
                    "registry",
                    "registry.journalist.snapshot.v1",
                    {"id": 1, "outlet_id": 11, "ukw_level": "utama", "left_on": None},
                ),
                event(
                    SIDOARJO,
                    "registry",
                    "registry.contract.snapshot.v1",
                    {
                        "id": 1,
                        "period_id": 1,
                        "outlet_id": 21,
                        "starts_on": f"{YEAR}-02-01",
                        "ends_on": f"{YEAR}-12-31",
                        "value": 30_000_000,
                        "status": "active",
                    },
                ),
            ],
        )
        with gateway(databases, tmp_path, **{f"{name}_url": url for name, (_, url) in services.items()}) as url:
            yield url


@contextlib.contextmanager
def gateway(databases, tmp_path, **upstreams):
    """A gateway in front of the given service URLs, served on a free port."""
    from gateway import MIGRATIONS
    from gateway.app import create_app
    from gateway.bootstrap import bootstrap
    from gateway.settings import from_env

    settings = from_env(
        database_url=databases.migrated("province-gateway", "sqlite", MIGRATIONS),
        jwt_private_key_file=str(tmp_path / "keys" / "jwt-private.pem"),
        suite_bootstrap_admin_password="rahasia-admin-123",
        log_json=False,
        redis_url="",
        upstream_connect_timeout=1.0,
        upstream_timeout=5.0,
        **upstreams,
    )
    bootstrap(settings)
    loop = AioServers()
    try:
        yield loop.serve(create_app(settings))
    finally:
        loop.close()


def cells(row) -> list[str]:
    return [c.strip() for c in row.locator("th, td").all_inner_texts()]


def test_the_province_sees_both_regencies_figures_charts_news_and_downloads_without_javascript(province, chromium):
    context = chromium.new_context(locale="id-ID", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    blocked, requested = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{province}/provinsi/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Rekap kabupaten/kota tahun {YEAR + 1}"
    page.get_by_label("Tahun").select_option(str(YEAR))
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    assert page.url == f"{province}/provinsi/?tahun={YEAR}"
    table = page.get_by_role("table", name=re.compile(f"Rekap tahun {YEAR}"))
    headings = [h.strip() for h in table.locator("thead tr").nth(1).locator("th").all_inner_texts()]
    surabaya = dict(
        zip(
            ["Kabupaten/kota", *headings],
            cells(table.get_by_role("row", name=re.compile("Kota Surabaya"))),
            strict=True,
        )
    )
    assert (surabaya["Permohonan diterima"], surabaya["Diputus"], surabaya["Tepat waktu"], surabaya["Terlambat"]) == (
        "3",
        "3",
        "2",
        "1",
    )
    assert (surabaya["Ditolak"], surabaya["Siaran pers"], surabaya["Klarifikasi hoaks"]) == ("1", "2", "1")
    assert (surabaya["Mitra media aktif"], surabaya["Nilai kontrak (Rp)"], surabaya["Dibayar (Rp)"]) == (
        "1",
        "Rp50.000.000",
        "Rp5.000.000",
    )
    assert surabaya["Wartawan UKW utama"] == "1"
    sidoarjo = dict(
        zip(
            ["Kabupaten/kota", *headings],
            cells(table.get_by_role("row", name=re.compile("Kabupaten Sidoarjo"))),
            strict=True,
        )
    )
    assert (sidoarjo["Permohonan diterima"], sidoarjo["Masih diproses"], sidoarjo["Tepat waktu (%)"]) == (
        "2",
        "1",
        "100,0",
    )
    assert sidoarjo["Siaran pers"] == "1", "the withdrawn release is not counted"
    assert sidoarjo["Nilai kontrak (Rp)"] == "Rp30.000.000"
    total = cells(table.locator("tfoot tr"))
    assert total[0] == "Jumlah" and total[1] == "5"

    names = (f"Permohonan informasi diputus tepat waktu per bulan, {YEAR}", f"Siaran pers terbit per bulan, {YEAR}")
    for n, name in enumerate(names):
        assert page.get_by_role("img", name=name).is_visible(), name
        markup = page.locator("figure.chart svg").nth(n).inner_html()
        assert f">{name}</title>" in markup
        assert "<desc" in markup and ">Bulan<" in markup and ">Jan<" in markup and ">Des<" in markup
        assert ">Kota Surabaya<" in markup and ">Kabupaten Sidoarjo<" in markup, "the legend names both regions"
    ppid_data = page.get_by_role("table", name=re.compile("Data grafik: permohonan diputus tepat waktu"))
    march = cells(ppid_data.get_by_role("row", name=re.compile("Kota Surabaya")))
    assert march[3] == "50,0" and march[4] == "100,0", "Surabaya: one of two on time in March, April on time"
    releases = page.get_by_role("table", name=re.compile("Data grafik: siaran pers"))
    assert cells(releases.get_by_role("row", name=re.compile("Kota Surabaya")))[-1] == "2"

    with page.expect_download() as got:
        page.get_by_role("link", name="CSV").click()
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Kode wilayah", "Kabupaten/kota", "Permohonan diterima", "Diputus"]
    assert [r[:3] for r in rows[1:]] == [
        [SURABAYA, "Kota Surabaya", "3"],
        [SIDOARJO, "Kabupaten Sidoarjo", "2"],
        ["", "Jumlah", "5"],
    ]
    assert rows[1][rows[0].index("Tepat waktu (%)")] == "66,7", "a decimal comma, as the ; separator implies"
    with page.expect_download() as got:
        page.get_by_role("link", name="XLSX").click()
    assert got.value.suggested_filename == f"rekap-provinsi-{YEAR}.xlsx"
    book = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    sheet = book[f"Rekap {YEAR}"]
    assert [c.value for c in sheet[2]][:3] == [SURABAYA, "Kota Surabaya", 3]
    assert sheet.cell(2, 15).value == 50_000_000, "amounts stay numbers"
    assert [c.value for c in book["Siaran pers per bulan"][2]][2:6] == [0, 0, 1, 1]

    with page.expect_navigation():
        page.get_by_role("link", name="Berita kabupaten/kota").click()
    titles = page.get_by_role("heading", level=2).all_inner_texts()
    assert titles[:2] == ["Sidoarjo menggelar bazar", "Video banjir Surabaya hoaks"], "newest first, both regions"
    assert len(titles) == 5
    withdrawn = page.get_by_role("article", name="Sidoarjo menggelar bazar")
    assert "Ditarik" in withdrawn.inner_text() and "Acara ditunda." in withdrawn.inner_text()
    assert "HOAKS" in page.get_by_role("article", name="Video banjir Surabaya hoaks").inner_text()
    page.get_by_label("Wilayah").select_option(label="Kabupaten Sidoarjo")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    assert page.get_by_role("heading", level=2).all_inner_texts() == [
        "Sidoarjo menggelar bazar",
        "Sidoarjo memperbaiki tanggul",
    ]
    corrected = page.get_by_role("article", name="Sidoarjo memperbaiki tanggul")
    text = corrected.inner_text()
    assert "Diralat" in text and "Panjang tanggul 2 km." in text and f"15 Maret {YEAR} 10.00 WIB" in text
    link = corrected.get_by_role("link", name="Sidoarjo memperbaiki tanggul")
    assert link.get_attribute("href") == "https://3515.example.go.id/newsroom/berita/siaran-1", "the regency's page"
    assert blocked == [], "nothing on the pages breaks the suite's content security policy"
    assert "/static/provinsi.css" in {u.removeprefix(province) for u in requested}
    assert [u for u in requested if not u.startswith(f"{province}/")] == [], "nothing is asked of another host"
    context.close()

    parsed = feedparser.parse(
        requests.get(f"{province}/newsroom/wilayah/feed.atom?region={SIDOARJO}", timeout=10).content
    )
    assert not parsed.bozo and [e.title for e in parsed.entries] == ["Kabupaten Sidoarjo: Sidoarjo memperbaiki tanggul"]


def test_services_that_do_not_answer_leave_their_figures_unavailable_and_wrong_input_is_named(databases, tmp_path):
    down = {f"{name}_url": f"http://127.0.0.1:{free_port()}" for name in ("ppid", "newsroom", "registry")}
    with gateway(databases, tmp_path, **down) as site:
        page = requests.get(f"{site}/provinsi/?tahun={YEAR}", timeout=20)
        assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
        assert "Angka PPID, berita, kemitraan media tidak tersedia saat ini" in page.text
        assert "Belum ada kabupaten/kota" in page.text
        news = requests.get(f"{site}/provinsi/berita", timeout=20)
        assert news.status_code == 503 and "tidak dapat dimuat sekarang" in news.text
        wrong = requests.get(f"{site}/provinsi/?tahun=dua-ribu", timeout=20)
        assert wrong.status_code == 422 and "Tahun 2000-2100." in wrong.text and 'name="tahun"' in wrong.text
        table = requests.get(f"{site}/provinsi/tabel.csv?tahun=99999", timeout=20)
        assert table.status_code == 422 and table.headers["Content-Type"].startswith("application/problem+json")
        assert table.json()["errors"] == [{"field": "tahun", "message": "Tahun 2000-2100."}]
        book = requests.get(f"{site}/provinsi/tabel.xlsx?tahun={YEAR}", timeout=20)
        assert book.status_code == 200
        notes = [[c.value for c in row] for row in load_workbook(io.BytesIO(book.content))["Keterangan"].iter_rows()]
        assert ["Tidak tersedia", "Angka PPID: layanannya tidak menjawab"] in notes
        assert requests.get(f"{site}/provinsi", timeout=20, allow_redirects=False).headers["Location"] == "/provinsi/"


def test_a_wrong_region_on_the_news_page_is_named(province):
    page = requests.get(f"{province}/provinsi/berita?wilayah=surabaya", timeout=20)
    assert page.status_code == 422 and "Pilihan wilayah tidak sah." in page.text
    formula = requests.get(f"{province}/provinsi/berita?jenis=%3Dcmd()", timeout=20)
    assert formula.status_code == 422 and "Pilihan jenis tidak sah." in formula.text


def test_a_month_without_a_rate_breaks_its_line_and_count_axes_have_whole_steps():
    from gateway import charts

    rates = charts.Series("Kota Surabaya", (50.0, None, 100.0, 75.0, *([None] * 8)))
    chart = charts.line_chart("x", "Judul", "Keterangan", "Tepat waktu (%)", [rates], maximum=100, unit="%")
    (line,) = chart.lines
    assert len(line.segments) == 2 and len(line.points) == 3, "no point and no line through February"
    assert line.points[0][2] == "Kota Surabaya, Januari: 50%"
    assert [t.label for t in chart.y_ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    counts = charts.line_chart("y", "Judul", "Keterangan", "Siaran", [charts.Series("A", (3.0,) * 12)])
    assert [t.label for t in counts.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    many = charts.line_chart("z", "J", "K", "S", [charts.Series(f"W{n}", (float(n),) * 12) for n in range(38)])
    assert len({(line.colour, line.dash, line.marker) for line in many.lines[:8]}) == 8
    assert many.height > counts.height, "the legend of 38 regions takes more rows"

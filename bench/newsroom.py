"""Newsroom on PostgreSQL: public reads through the gateway against a bare Flask hello, and search at 1k and 100k.

A. Throughput of three public reads through the gateway -- the JSON list
   (``GET /api/newsroom/articles?limit=20``), an item page
   (``/newsroom/berita/<slug>``) and the RSS feed -- each as plain GETs (200)
   and as conditional GETs that send the ETag back (``If-None-Match``, 304),
   divided by the throughput of a bare Flask "hello" under the same gunicorn
   settings (2 workers x 4 threads), in interleaved rounds of async keep-alive
   load. Before measuring, each read must carry ``Cache-Control: public`` and
   an ETag and answer its ETag with 304, or the bench stops. The newsroom
   runs on a fresh PostgreSQL database filled by SQL. The gateway runs with
   its shared cache on (``GATEWAY_CACHE_BYTES``, its default 64 MiB), as a
   deployment does: reads are answered from it while fresh (the newsroom's
   max-age, 60 s) and revalidated with the ETag after; the output says so and
   which reads the cache answered. ``--no-gateway-cache`` measures the bare
   proxy instead (``GATEWAY_CACHE_BYTES=0``).
B. Latency of search (``GET /api/newsroom/articles?q=...``: PostgreSQL full-text
   search, newest first) through the newsroom app in this process (Flask test
   client; no HTTP server), sequential calls, over databases filled by SQL
   with 1k and 100k published items: a word of one item, a word of 1% of the
   items, a word of 5%, and the 100k/1k ratios (goal: at most 2).

The last line is the worst ratio of part A (goal: at least 0.5).

    .venv/bin/python bench/newsroom.py [--seconds 4] [--rounds 3] [--sizes 1000,100000] [--no-gateway-cache]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the service's package: import the service, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
for lib in ("libs/chassis", "services/newsroom"):
    sys.path.insert(0, str(ROOT / lib))
# The PPID bench's process plumbing (loaded by path: ``ppid`` is also the PPID service's package).
_spec = importlib.util.spec_from_file_location("ppid_bench", ROOT / "bench" / "ppid.py")
ppid_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ppid_bench)
HELLO_APP, Bench, free_port, percentile, wait_up = (
    ppid_bench.HELLO_APP, ppid_bench.Bench, ppid_bench.free_port, ppid_bench.percentile, ppid_bench.wait_up
)  # fmt: skip
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
THEMES = ["vaksinasi", "banjir", "jalan", "sekolah", "pasar", "pajak", "bantuan", "pelabuhan", "festival", "sampah",
          "listrik", "air", "nelayan", "petani", "wisata", "hoaks", "anggaran", "perizinan", "kesehatan",
          "olahraga"]  # fmt: skip
FILL = """
INSERT INTO articles (id, type, title, slug, summary, body_html, opd, status, created_by, created_at, updated_at,
                      published_at, version, tags)
SELECT n, (ARRAY['release', 'release', 'release', 'clarification', 'announcement'])[1 + n %% 5],
       'Siaran pers ' || theme || ' dari ' || opd || ' nomor ' || n,
       'siaran-' || theme || '-' || n,
       'Ringkasan tentang ' || theme || ' di Kotamobagu, kec' || (n %% 100) || 'x, k' || n || 'x.',
       '<p>Pemerintah kota menyampaikan perkembangan terbaru tentang ' || theme || ' kepada masyarakat. '
       || repeat('Informasi lengkap dapat dibaca pada laman resmi dan disebarkan oleh mitra media. ', 8) || '</p>',
       opd, CASE WHEN n %% 50 = 0 THEN 'draft' ELSE 'published' END, 'redaktur',
       published, published, CASE WHEN n %% 50 = 0 THEN NULL ELSE published END, 1,
       ('["' || theme || '"]')::json
FROM (
    SELECT n, (%(themes)s::text[])[1 + n %% 20] AS theme,
           (ARRAY['dinkes', 'disdik', 'dpupr', 'diskominfo', 'bpbd', 'dishub'])[1 + n %% 6] AS opd,
           make_timestamptz(2020, 1, 1, 0, 0, 0, 'UTC') + n * interval '37 minutes' AS published
    FROM generate_series(1, %(count)s) AS n
) AS shaped
"""


def create_database(bench: Bench, count: int) -> str:
    """A temporary PostgreSQL database with the newsroom's schema and ``count`` items (2% drafts)."""
    from chassis import migrations
    from newsroom import MIGRATIONS

    name = f"bench_newsroom_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    bench.databases.append(name)
    url = f"{PG}/{name}"
    migrations.upgrade(MIGRATIONS, url)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute(FILL, {"count": count, "themes": THEMES})
        conn.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))")
        conn.execute("VACUUM ANALYZE articles")
        conn.execute("CHECKPOINT")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"   filled {count} items by SQL in {time.perf_counter() - started:.1f}s, database {size}")
    return name


def drop_database(bench: Bench, name: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    bench.databases.remove(name)


# --- A. public reads through the gateway against a bare Flask hello --------------------------------------------------


async def load(url: str, seconds: float, concurrency: int, expect: int, headers: dict | None = None) -> float:
    """Requests per second with ``concurrency`` keep-alive clients; every answer must be ``expect``."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    done = 0
    failures: dict[int, int] = {}
    async with aiohttp.ClientSession(connector=connector) as session:
        stop = time.perf_counter() + seconds

        async def client():
            nonlocal done
            while time.perf_counter() < stop:
                async with session.get(url, headers=headers) as response:
                    await response.read()
                    if response.status == expect:
                        done += 1
                    else:
                        failures[response.status] = failures.get(response.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"GET {url}: unexpected answers {failures} (expected {expect})")
    return done / elapsed


def etag_of(url: str) -> tuple[str, str]:
    """The read's ETag and how the gateway's cache answered a second GET (its ``X-Cache``, or "off"), after
    checking that the read is public, short-lived and answered with 304 when its ETag is sent back."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own localhost URL
        cache, etag = response.headers.get("Cache-Control", ""), response.headers.get("ETag")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        answered = response.headers.get("X-Cache", "off")
    if "public" not in cache or "max-age" not in cache or not etag:
        raise SystemExit(f"{url}: no caching headers (Cache-Control {cache!r}, ETag {etag!r})")
    request = urllib.request.Request(url, headers={"If-None-Match": etag})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as answer:
        status = answer.code
    if status != 304:
        raise SystemExit(f"{url}: If-None-Match with its ETag answered {status}, not 304")
    return etag, answered


def part_a(bench: Bench, env: dict[str, str], gateway: str, args) -> float:
    hello_dir = bench.var / "hello"
    hello_dir.mkdir()
    (hello_dir / "hello.py").write_text(HELLO_APP)
    hello_port = free_port()
    hello = bench.start(
        "hello",
        [str(BIN / "gunicorn"), "-w", "2", "--threads", "4", "-k", "gthread", "--keep-alive", "30",
         "--bind", f"127.0.0.1:{hello_port}", "hello:app"],
        env,
        cwd=hello_dir,
    )  # fmt: skip
    hello_url = f"http://127.0.0.1:{hello_port}/"
    wait_up(hello_url, hello)
    reads = {
        "list /api/newsroom/articles?limit=20": f"{gateway}/api/newsroom/articles?limit=20",
        "item page /newsroom/berita/<slug>": f"{gateway}/newsroom/berita/siaran-{THEMES[7 % 20]}-7",
        "RSS /newsroom/feed.rss": f"{gateway}/newsroom/feed.rss",
    }
    cases = []
    answered = {}
    for label, url in reads.items():
        etag, answered[label] = etag_of(url)
        cases.append((f"{label}, plain GET", url, 200, None))
        cases.append((f"{label}, If-None-Match", url, 304, {"If-None-Match": etag}))
    c = args.concurrency
    asyncio.run(load(hello_url, 1, c, 200))  # warm up every path
    for _label, url, expect, headers in cases:
        asyncio.run(load(url, 0.5, c, expect, headers))
    hellos: list[float] = []
    rates: dict[str, list[float]] = {label: [] for label, *_ in cases}
    for n in range(args.rounds):
        hellos.append(asyncio.run(load(hello_url, args.seconds, c, 200)))
        for label, url, expect, headers in cases:
            rates[label].append(asyncio.run(load(url, args.seconds, c, expect, headers)))
        print(f"   round {n + 1}: hello {hellos[-1]:.0f} req/s; "
              + ", ".join(f"{r[-1]:.0f}" for r in rates.values()) + " req/s")  # fmt: skip
    h = statistics.median(hellos)
    print(f"A. {c} keep-alive clients, median of {args.rounds} rounds of {args.seconds:g}s, PostgreSQL")
    if args.no_gateway_cache:
        print("   gateway shared cache: OFF (GATEWAY_CACHE_BYTES=0): every read reaches the newsroom")
    else:
        print("   gateway shared cache: ON (GATEWAY_CACHE_BYTES default, 64 MiB): fresh reads answered by the gateway, "
              "revalidated with the ETag after the newsroom's max-age; second GET: "
              + ", ".join(f"{label.split()[0]} {how}" for label, how in answered.items()))  # fmt: skip
    print(f"   GET / (bare flask hello, gunicorn 2 workers x 4 threads): {h:.0f} req/s")
    ratios = {}
    for label, values in rates.items():
        rate = statistics.median(values)
        ratios[label] = rate / h
        verdict = "ok" if ratios[label] >= 0.5 else "MISSED"
        print(f"   {label:<58} {rate:>6.0f} req/s  ratio {ratios[label]:.2f} (goal >= 0.5: {verdict})")
    bench.stop(hello)
    return min(ratios.values())


# --- B. search at 1k and 100k items ---------------------------------------------------------------------------------


def part_b(bench: Bench, count: int, samples: int) -> dict[str, float]:
    from chassis.testing import TokenFactory, test_settings
    from newsroom import create_app
    from newsroom.settings import from_env

    print(f"B. search over {count} items on PostgreSQL")
    name = create_database(bench, count)
    results: dict[str, float] = {}
    try:
        app = create_app(test_settings(from_env, f"{PG}/{name}", TokenFactory(), log_json=False, log_level="WARNING"))
        client = app.test_client()
        n = count // 2 + 7
        queries = {
            "a word of one item": f"k{n}x",
            "a word of 1% of items": "kec7x",
            "a word of 5% of items": THEMES[3],
            "two words (1% and 5%)": f"kec7x {THEMES[7]}",
        }
        print(f"   {'search (through the app, Flask test client)':<46} {'found':>6} {'p50 ms':>8} {'p95 ms':>8}")
        for label, q in queries.items():
            path = f"/api/newsroom/articles?limit=20&q={q.replace(' ', '+')}"
            for _ in range(2):
                client.get(path)
            times = []
            for _ in range(samples):
                began = time.perf_counter()
                answer = client.get(path)
                times.append(time.perf_counter() - began)
                if answer.status_code != 200 or not answer.json["items"]:
                    raise SystemExit(f"GET {path}: {answer.status_code} {answer.get_data(as_text=True)[:300]}")
            results[label] = statistics.median(times)
            found = len(answer.json["items"])
            print(f"   {label + ' (' + q + ')':<46} {found:>6} {results[label] * 1000:>8.1f} "
                  f"{percentile(times, 95) * 1000:>8.1f}")  # fmt: skip
        app.extensions["suite"].db.dispose()
    finally:
        drop_database(bench, name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each measured load round (part A)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--articles", type=int, default=1000, help="items in the database of part A")
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated item counts for part B")
    parser.add_argument("--samples", type=int, default=30, help="sequential searches per query and size (part B)")
    parser.add_argument(
        "--no-gateway-cache", action="store_true", help="part A through the bare proxy (GATEWAY_CACHE_BYTES=0)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        psycopg.connect(f"{PG}/postgres").close()
    except psycopg.Error as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {PG} ({exc}); set BENCH_POSTGRES") from None

    var = Path(tempfile.mkdtemp(prefix="bench-newsroom-"))
    env = {
        **os.environ,
        "SUITE_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "GATEWAY_WORKERS": "1",
        "SUITE_BOOTSTRAP_ADMIN_PASSWORD": "bench-password-123",
        "JWT_PUBLIC_KEY_FILE": str(var / "keys" / "jwt-public.pem"),
        "PYTHONUNBUFFERED": "1",
    }
    for key in ("DATABASE_URL", "PORT", "BIND", "GATEWAY_PORT", "PROMETHEUS_MULTIPROC_DIR", "GATEWAY_CACHE_BYTES"):
        env.pop(key, None)
    bench = Bench(var)
    ok = False
    started = time.perf_counter()
    print(f"logs in {var}")
    try:
        newsroom_port, gateway_port = free_port(), free_port()
        gateway_process = bench.start(
            "gateway",
            [str(BIN / "gunicorn"), "-c", "gateway/gunicorn.conf.py", "--bind", f"127.0.0.1:{gateway_port}",
             "gateway:create_app()"],
            {**env, "NEWSROOM_URL": f"http://127.0.0.1:{newsroom_port}",
             **({"GATEWAY_CACHE_BYTES": "0"} if args.no_gateway_cache else {})},
        )  # fmt: skip
        gateway = f"http://127.0.0.1:{gateway_port}"
        wait_up(f"{gateway}/healthz", gateway_process)
        print(f"A. {args.articles} items on PostgreSQL")
        database = create_database(bench, args.articles)
        newsroom = bench.start(
            "newsroom",
            [str(BIN / "gunicorn"), "-c", "services/newsroom/gunicorn.conf.py", "--bind",
             f"127.0.0.1:{newsroom_port}", "newsroom:create_app()"],
            {**env, "DATABASE_URL": f"{PG}/{database}"},
        )  # fmt: skip
        wait_up(f"http://127.0.0.1:{newsroom_port}/healthz", newsroom)
        ratio = part_a(bench, env, gateway, args)
        bench.stop(newsroom)
        drop_database(bench, database)

        by_size = {count: part_b(bench, count, args.samples) for count in sizes}
        small, large = sizes[0], sizes[-1]
        print(f"B. search {large}/{small} p50 latency ratios (goal: at most 2)")
        for label, seconds in by_size[large].items():
            factor = seconds / by_size[small][label]
            print(f"   {label:<46} x{factor:.2f} ({'ok' if factor <= 2 else 'MISSED'})")
        ok = True
    finally:
        bench.close()
    if ok:
        shutil.rmtree(var, ignore_errors=True)
    print(f"whole run {time.perf_counter() - started:.0f}s")
    via = "gateway (shared cache off)" if args.no_gateway_cache else "gateway (shared cache on)"
    print(f"newsroom public reads via {via} / bare flask hello, worst throughput ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()

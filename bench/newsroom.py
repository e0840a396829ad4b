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
   client; no HTTP server), over databases filled by SQL with 1k and 100k
   published items: a word of one item, a word of 1% of the items, a word of
   5%, two words that always occur together (1% and 5%) and two that never
   meet, each size's calls interleaved with the other's (so a change of load
   weighs on both alike), and the 100k/1k p50 ratios (goal: at most 2).

The last line is the worst ratio of part A (goal: at least 0.5); with ``--part b`` (part B alone) it is the worst
search ratio of part B instead (goal: at most 2).

    .venv/bin/python bench/newsroom.py [--part a|b] [--seconds 4] [--rounds 3] [--sizes 1000,100000]
                                       [--no-gateway-cache]
"""

from __future__ import annotations

import statistics
import time
import urllib.error
import urllib.request

import harness
import psycopg
from harness import PG, WORKERS, Bench, load, options, print_ratio, require_postgres, suite_env

harness.use_service("newsroom")  # this file is named like the service's package: import the service, not this
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

    name = bench.create_database("bench_newsroom")
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


# --- A. public reads through the gateway against a bare Flask hello --------------------------------------------------


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
    hello, hello_url = bench.hello(env)
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
    load(hello_url, 1, c)  # warm up every path
    for _label, url, expect, headers in cases:
        load(url, 0.5, c, expect=expect, headers=headers)
    hellos: list[float] = []
    rates: dict[str, list[float]] = {label: [] for label, *_ in cases}
    for n in range(args.rounds):
        hellos.append(load(hello_url, args.seconds, c).rate)
        for label, url, expect, headers in cases:
            rates[label].append(load(url, args.seconds, c, expect=expect, headers=headers).rate)
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


def search_queries(count: int) -> dict[str, str]:
    n = count // 2 + 7
    return {
        "a word of one item": f"k{n}x",
        "a word of 1% of items": "kec7x",
        "a word of 5% of items": THEMES[3],
        "two words always together (1% and 5%)": f"kec7x {THEMES[7]}",
        "two words that never meet (1% and 5%)": f"kec7x {THEMES[3]}",
    }


def search_ratios(bench: Bench, sizes: list[int], samples: int) -> float:
    """Search over a database of each size, the sizes' calls interleaved (one call at each size in turn, so a
    change of load on a busy machine weighs on every size alike), then the p50 ratios of the largest to the
    smallest; returns the worst."""
    from chassis.testing import TokenFactory, test_settings
    from newsroom import create_app
    from newsroom.settings import from_env

    apps = {}
    for count in sizes:
        print(f"B. search over {count} items on PostgreSQL")
        name = create_database(bench, count)
        settings = test_settings(from_env, f"{PG}/{name}", TokenFactory(), log_json=False, log_level="WARNING")
        apps[count] = (name, create_app(settings))
    small, large = sizes[0], sizes[-1]
    print(f"B. search (GET /api/newsroom/articles?limit=20&q=..., through the app, Flask test client), "
          f"{samples} calls per size interleaved")  # fmt: skip
    print(f"   {'query':<40} " + " ".join(f"{f'found@{c}':>12} {f'p50 ms@{c}':>13}" for c in sizes)
          + f" {'ratio':>7}")  # fmt: skip
    factors = {}
    labels = list(search_queries(small))
    clients = {count: app.test_client() for count, (_, app) in apps.items()}
    for label in labels:
        paths = {c: f"/api/newsroom/articles?limit=20&q={search_queries(c)[label].replace(' ', '+')}" for c in sizes}
        times: dict[int, list[float]] = {c: [] for c in sizes}
        found = {c: len(harness.timed_gets(clients[c], paths[c], 1)[1].json["items"]) for c in sizes}  # warm up
        for _ in range(samples):
            for count in sizes:
                began = time.perf_counter()
                answer = clients[count].get(paths[count])
                times[count].append(time.perf_counter() - began)
                if answer.status_code != 200 or len(answer.json["items"]) != found[count]:
                    raise SystemExit(f"GET {paths[count]}: {answer.status_code} {answer.get_data(as_text=True)[:300]}")
        p50 = {c: statistics.median(times[c]) for c in sizes}
        factors[label] = p50[large] / p50[small]
        verdict = "ok" if factors[label] <= 2 else "MISSED"
        print(f"   {label:<40} " + " ".join(f"{found[c]:>12} {p50[c] * 1000:>13.1f}" for c in sizes)
              + f"  x{factors[label]:.2f} (goal <= 2: {verdict})")  # fmt: skip
    for name, app in apps.values():
        app.extensions["suite"].db.dispose()
        bench.drop_database(name)
    print(f"B. search {large}/{small} items, worst p50 latency ratio x{max(factors.values()):.2f} (goal: at most 2)")
    return max(factors.values())


def main() -> None:
    parser = options(__doc__, concurrency=16)
    parser.add_argument("--articles", type=int, default=1000, help="items in the database of part A")
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated item counts for part B")
    parser.add_argument("--samples", type=int, default=30, help="sequential searches per query and size (part B)")
    parser.add_argument(
        "--no-gateway-cache", action="store_true", help="part A through the bare proxy (GATEWAY_CACHE_BYTES=0)"
    )
    parser.add_argument("--part", choices=["a", "b"], help="run only part A or only part B (default: both)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    require_postgres()

    started = time.perf_counter()
    if args.part == "b":
        with Bench("newsroom") as bench:
            worst = search_ratios(bench, sizes, args.samples)
        print_ratio(f"newsroom search {sizes[-1]}/{sizes[0]} items, worst p50 latency ratio", worst, started)
        return
    with Bench("newsroom") as bench:
        print(f"logs in {bench.var}")
        env = suite_env(bench.var, **WORKERS, JWT_PUBLIC_KEY_FILE=str(bench.var / "keys" / "jwt-public.pem"))
        newsroom_port = harness.free_port()
        _, gateway = bench.serve(
            "gateway", "gateway/gunicorn.conf.py", "gateway:create_app()",
            {**env, "NEWSROOM_URL": f"http://127.0.0.1:{newsroom_port}",
             **({"GATEWAY_CACHE_BYTES": "0"} if args.no_gateway_cache else {})},
        )  # fmt: skip
        print(f"A. {args.articles} items on PostgreSQL")
        database = create_database(bench, args.articles)
        newsroom, _ = bench.serve(
            "newsroom", "services/newsroom/gunicorn.conf.py", "newsroom:create_app()",
            {**env, "DATABASE_URL": f"{PG}/{database}"}, newsroom_port,
        )  # fmt: skip
        ratio = part_a(bench, env, gateway, args)
        bench.stop(newsroom)
        bench.drop_database(database)

        if args.part != "a":
            search_ratios(bench, sizes, args.samples)
    via = "gateway (shared cache off)" if args.no_gateway_cache else "gateway (shared cache on)"
    print_ratio(f"newsroom public reads via {via} / bare flask hello, worst throughput ratio", ratio, started)


if __name__ == "__main__":
    main()

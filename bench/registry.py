"""Registry on PostgreSQL: the verifier's application queue and the proofs list at 1k and 100k rows, and the report.

For each size the bench creates a temporary PostgreSQL database, migrates it,
fills it by SQL (``INSERT ... SELECT generate_series``: outlets, four periods,
applications, 100 contracts, 1000 releases, proofs), runs ``VACUUM ANALYZE``,
and then times the lists *through the registry app* in this process (Flask
test client: routing, token check, schemas, SQL; no HTTP server, no gateway)
with sequential calls: the first page and a page deep in the list (a cursor
near the end), unfiltered and with the verifier's filters. Also the payment
report of the period over all the proofs (goal < 1 s at 100k). The database is
dropped at the end.

The last line is the worst p50 latency ratio of the lists between the largest
and the smallest size (goal: at most 2).

    .venv/bin/python bench/registry.py [--sizes 1000,100000] [--samples 30]
"""

from __future__ import annotations

import statistics
import time

import harness
import psycopg
from harness import options, percentile, print_ratio, require_postgres, temporary_database

harness.use_service("registry")  # this file is named like the service's package: import the service, not this

from chassis import migrations, pagination  # noqa: E402
from chassis.testing import TokenFactory, test_settings  # noqa: E402
from registry import MIGRATIONS, create_app  # noqa: E402
from registry.settings import from_env  # noqa: E402

PERIODS = 4  # fiscal years; the last one is the current one, with the verifier's queue
CONTRACTS = 100
RELEASES = 1000

FILL = [
    (
        "periods",
        """
INSERT INTO periods (id, kind, year, title, opens_at, closes_at, budget, requirements, tiers, requires_ukw_utama,
                     requires_dewan_pers, created_by, created_at)
SELECT p, 'kemitraan', 2023 + p, 'Kemitraan media ' || (2023 + p), make_timestamptz(2022 + p, 12, 1, 0, 0, 0, 'UTC'),
       make_timestamptz(2023 + p, 11, 30, 0, 0, 0, 'UTC'), 100000000000, '[]', '[]', false, false, 'verifikator',
       make_timestamptz(2022 + p, 11, 1, 0, 0, 0, 'UTC')
FROM generate_series(1, %(periods)s) AS p
""",
    ),
    (
        "outlets",
        """
INSERT INTO outlets (id, name, legal_name, media_type, npwp, nib, address, registered_by, account, dewan_pers_status,
                     registered_at)
SELECT n, (ARRAY['Totabuan', 'Bolmong', 'Kotamobagu', 'Nyiur', 'Manado', 'Sulut', 'Tondano', 'Bitung'])[1 + n %% 8]
          || ' ' || (ARRAY['News', 'Pos', 'Online', 'Radio', 'TV', 'Times'])[1 + n %% 6] || ' ' || n,
       'PT Media ' || n, (ARRAY['online', 'print', 'radio', 'television'])[1 + n %% 4], lpad(n::text, 16, '0'),
       lpad(n::text, 13, '0'), 'Jl. Adampe Dolot ' || n || ', Kotamobagu', 'verifikator', 'mitra' || n,
       'none', make_timestamptz(2022, 1, 1, 0, 0, 0, 'UTC') + n * interval '1 minute'
FROM generate_series(1, %(outlets)s) AS n
""",
    ),
    (
        "applications",
        """
INSERT INTO applications (id, period_id, outlet_id, status, tier, created_by, created_at, submitted_at, decided_at)
SELECT (p - 1) * %(outlets)s + n, p, n, status, 'a', 'mitra' || n, opened + n * interval '10 seconds',
       CASE WHEN status <> 'draft' THEN opened + n * interval '10 seconds' + interval '1 hour' END,
       CASE WHEN status IN ('approved', 'rejected') THEN opened + interval '300 days' END
FROM (
    SELECT p, n, make_timestamptz(2022 + p, 12, 1, 0, 0, 0, 'UTC') AS opened,
        CASE WHEN p < %(periods)s THEN CASE WHEN n %% 5 < 3 THEN 'approved' ELSE 'rejected' END
             ELSE (ARRAY['submitted', 'submitted', 'submitted', 'submitted', 'revision', 'verified', 'verified',
                         'draft', 'approved', 'approved'])[1 + n %% 10] END AS status
    FROM generate_series(1, %(periods)s) AS p, generate_series(1, %(outlets)s) AS n
) AS shaped
""",
    ),
    (
        "releases",
        """
INSERT INTO releases (article_id, type, title, slug, url, opd, published_at, state, updated_at)
SELECT n, 'release', 'Siaran pers ' || n, 'siaran-' || n, 'https://diskominfo.example.go.id/berita/' || n,
       (ARRAY['dinkes', 'disdik', 'bappeda', 'diskominfo'])[1 + n %% 4],
       make_timestamptz(2026, 12, 1, 0, 0, 0, 'UTC') + n * interval '7 hours', 'published', now()
FROM generate_series(1, %(releases)s) AS n
""",
    ),
    (
        "contracts",
        """
INSERT INTO contracts (id, application_id, period_id, number, starts_on, ends_on, value, quota, rate, status,
                       created_by, created_at)
SELECT k, (%(periods)s - 1) * %(outlets)s + k, %(periods)s, 'K-' || k || '/2026', date '2026-01-01',
       date '2026-12-31', 120000000, 100000, 1000, 'active', 'verifikator',
       make_timestamptz(2026, 1, 1, 0, 0, 0, 'UTC') + k * interval '1 minute'
FROM generate_series(1, %(contracts)s) AS k
""",
    ),
    (
        "proofs",
        """
INSERT INTO proofs (id, contract_id, release_id, url, published_on, status, note, created_by, created_at,
                    reviewed_by, reviewed_at)
SELECT n, 1 + n %% %(contracts)s, 1 + n %% %(releases)s, 'https://media' || (1 + n %% %(contracts)s) || '.example.id/'
       || n, date '2026-01-01' + (n::bigint * 364 / %(proofs)s)::int, status,
       CASE WHEN status = 'rejected' THEN 'Tautan tidak memuat siaran.' END, 'mitra',
       make_timestamptz(2026, 1, 1, 8, 0, 0, 'UTC') + (n::bigint * 364 * 86400 / %(proofs)s) * interval '1 second',
       CASE WHEN status <> 'pending' THEN 'verifikator' END,
       CASE WHEN status <> 'pending' THEN make_timestamptz(2026, 12, 31, 0, 0, 0, 'UTC') END
FROM (
    SELECT n, (ARRAY['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'pending',
                     'pending', 'rejected'])[1 + n %% 10] AS status
    FROM generate_series(1, %(proofs)s) AS n
) AS shaped
""",
    ),
]
# Rows of each list in the API's order (with a filter), to build the cursor of a page deep in the list.
LISTS = {
    "applications": ("submitted_at, id", "FROM applications WHERE submitted_at IS NOT NULL {where}"),
    "proofs": ("p.created_at, p.id", "FROM proofs AS p JOIN contracts AS c ON c.id = p.contract_id WHERE true {where}"),
}


def fill(url: str, size: int) -> None:
    params = {
        "periods": PERIODS,
        "outlets": max(CONTRACTS, size // PERIODS),
        "contracts": CONTRACTS,
        "releases": RELEASES,
        "proofs": size,
    }
    timings = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        for table, sql in FILL:
            started = time.perf_counter()
            conn.execute(sql, params)
            timings.append(f"{table} {time.perf_counter() - started:.1f}s")
        for table in ("periods", "outlets", "applications", "contracts", "proofs"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")
        timings.append(f"vacuum analyze {time.perf_counter() - started:.1f}s")
        counts = conn.execute("SELECT (SELECT count(*) FROM applications), (SELECT count(*) FROM proofs)").fetchone()
    print(f"   filled {counts[0]} applications, {counts[1]} proofs: " + ", ".join(timings))


def deep_cursor(url: str, kind: str, where: str, params: dict, depth: float) -> str:
    """The cursor of the page that starts ``depth`` (0..1) of the way into the list."""
    key, rows = LISTS[kind]
    rows = rows.format(where=where)
    with psycopg.connect(url) as conn:
        count = conn.execute(f"SELECT count(*) {rows}", params).fetchone()[0]
        offset = max(0, int(count * depth) - 1)
        at, ident = conn.execute(f"SELECT {key} {rows} ORDER BY {key} OFFSET {offset} LIMIT 1", params).fetchone()
    return pagination.encode_cursor(at, ident)


def measure(size: int, samples: int, tokens: TokenFactory) -> dict[str, float]:
    results: dict[str, float] = {}
    with temporary_database("bench_registry") as url:
        migrations.upgrade(MIGRATIONS, url)
        print(f"{size} rows (proofs; applications likewise) on PostgreSQL")
        fill(url, size)
        app = create_app(test_settings(from_env, url, tokens, log_json=False, log_level="WARNING"))
        client = app.test_client()
        verifier = tokens.headers("registry:verifier", username="verifikator")
        current = {"period": PERIODS}
        app_filter = "AND period_id = %(period)s AND status = 'submitted'"
        proof_filter = "AND p.status = 'pending'"
        cases = [
            ("queue, first page", "/api/registry/applications?limit=50"),
            ("queue, deep page", "/api/registry/applications?limit=50&after="
             + deep_cursor(url, "applications", "", current, 0.9)),
            ("queue period+submitted, first", f"/api/registry/applications?limit=50&period_id={PERIODS}"
             "&status=submitted"),
            ("queue period+submitted, deep", f"/api/registry/applications?limit=50&period_id={PERIODS}"
             "&status=submitted&after=" + deep_cursor(url, "applications", app_filter, current, 0.9)),
            ("queue q=brand, first page", "/api/registry/applications?limit=50&q=bolmong%20pos"),
            ("proofs, first page", "/api/registry/proofs?limit=50"),
            ("proofs, deep page", "/api/registry/proofs?limit=50&after="
             + deep_cursor(url, "proofs", "", current, 0.9)),
            ("proofs pending, first page", "/api/registry/proofs?limit=50&status=pending"),
            ("proofs pending, deep page", "/api/registry/proofs?limit=50&status=pending&after="
             + deep_cursor(url, "proofs", proof_filter, current, 0.9)),
            ("proofs contract_id, first", "/api/registry/proofs?limit=50&contract_id=7"),
        ]  # fmt: skip
        print(f"   {'list (through the app, Flask test client)':<44} {'p50 ms':>8} {'p95 ms':>8}")
        for label, path in cases:
            times, _ = harness.timed_gets(client, path, samples, headers=verifier)
            results[label] = statistics.median(times)
            p95 = percentile(times, 95)
            print(f"   {label:<44} {results[label] * 1000:>8.1f} {p95 * 1000:>8.1f}")
        report_path = f"/api/registry/reports/payments?period_id={PERIODS}"
        report, _ = harness.timed_gets(client, report_path, 3, headers=verifier)
        results["payment report"] = min(report)
        print(f"   {'payment report (JSON), best of 3':<44} {min(report) * 1000:>8.1f}")
        app.extensions["suite"].db.dispose()
    return results


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated row counts (smallest first)")
    parser.add_argument("--samples", type=int, default=30, help="sequential calls per list and size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    require_postgres()
    started = time.perf_counter()
    tokens = TokenFactory()
    by_size = {size: measure(size, args.samples, tokens) for size in sizes}
    small, large = sizes[0], sizes[-1]
    print(f"{large}/{small} p50 latency ratios (goal: at most 2)")
    ratios = {}
    for label, seconds in by_size[large].items():
        if label == "payment report":
            continue
        ratios[label] = seconds / by_size[small][label]
        print(f"   {label:<44} x{ratios[label]:.2f} ({'ok' if ratios[label] <= 2 else 'MISSED'})")
    report = by_size[large]["payment report"]
    print(f"payment report over {large} proofs: {report:.3f}s (goal < 1 s: {'ok' if report < 1 else 'MISSED'})")
    print_ratio(f"registry lists {large}/{small} rows, worst p50 latency ratio", max(ratios.values()), started)


if __name__ == "__main__":
    main()

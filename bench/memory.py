"""Memory of each web worker: RSS after 800 page reads, for ppid, registry, newsroom and the gateway.

Each service runs under its own gunicorn settings (2 workers x 4 threads; the gateway's aiohttp worker alone,
bootstrapped beforehand by ``python -m gateway.cli bootstrap`` with GATEWAY_BOOTSTRAP_ON_START=false, as in a
deployment, so its master does not migrate and hand Alembic to its workers) on a fresh PostgreSQL database of
its own migrated by its ``flask db upgrade`` (the newsroom with 200 public items filled by SQL, so its lists,
feeds and item pages carry something). Each service then answers 800 reads of its public pages and JSON lists
(8 clients at a time, every answer 200), and the gateway 800 reads of its own pages and of the services' pages
through it. The RSS of every worker process (``VmRSS`` of ``/proc``, shared library pages included, as ``ps``
and the kubelet count it) is read at start and after the reads; PSS (its share of the pages it shares with the
other worker and the master) is given beside it.

The last line is the largest RSS of any web worker after its reads, in MiB (goal: under 80).

    .venv/bin/python bench/memory.py [--reads 800] [--clients 8]
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from harness import BIN, PG, ROOT, WORKERS, Bench, free_port, options, require_postgres, suite_env

GOAL_MIB = 80
PAGES = {
    "ppid": ["/ppid/", "/ppid/dip", "/ppid/permohonan", "/ppid/lacak", "/ppid/keberatan", "/api/ppid/dip",
             "/api/ppid/guidance"],
    "registry": ["/registry/", "/registry/kim", "/api/registry/periods", "/api/registry/kim",
                 "/api/registry/document-types"],
    "newsroom": ["/newsroom/", "/newsroom/berita/siaran-{n}", "/newsroom/cari?q=banjir", "/newsroom/feed.rss",
                 "/newsroom/feed.atom", "/newsroom/jenis/release", "/api/newsroom/articles?limit=20",
                 "/api/newsroom/articles/{n}"],
    "gateway": ["/masuk", "/daftar", "/api/auth/jwks.json", "/ppid/", "/registry/", "/newsroom/",
                "/newsroom/berita/siaran-{n}", "/api/newsroom/articles?limit=20"],
}  # fmt: skip
ITEMS = 200
FILL = """
INSERT INTO articles (id, type, title, slug, summary, body_html, opd, status, created_by, created_at, updated_at,
                      published_at, version, tags)
SELECT n, 'release', 'Siaran pers banjir nomor ' || n, 'siaran-' || n, 'Ringkasan siaran ' || n || '.',
       '<p>' || repeat('Pemerintah kota menyampaikan perkembangan terbaru kepada masyarakat. ', 12) || '</p>',
       'diskominfo', 'published', 'redaktur', at, at, at, 1, '["banjir"]'::json
FROM (SELECT n, now() - n * interval '1 hour' AS at FROM generate_series(1, %(count)s) AS n) AS shaped
"""


def migrated(bench: Bench, env: dict[str, str], service: str) -> str:
    """A fresh database of ``service``, migrated by the service's own ``flask db upgrade``."""
    name = bench.create_database(f"bench_memory_{service}")
    url = f"{PG}/{name}"
    subprocess.run([str(BIN / "flask"), "--app", service, "db", "upgrade"], cwd=ROOT,
                   env={**env, "DATABASE_URL": url}, check=True, capture_output=True)  # fmt: skip
    return url


def workers_of(master: int) -> list[int]:
    """The worker processes gunicorn's master forked."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def memory_of(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB."""
    rss = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
    pss = next(line for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if line.startswith("Pss:"))
    return int(rss.split()[1]) / 1024, int(pss.split()[1]) / 1024


def read_pages(base: str, paths: list[str], reads: int, clients: int) -> None:
    """``reads`` GETs of ``paths`` in turn (``{n}`` an item number), ``clients`` at a time; each must be 200."""
    urls = [base + paths[n % len(paths)].format(n=1 + n % ITEMS) for n in range(reads)]

    def get(url: str) -> None:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own localhost URL
                answer.read()
        except urllib.error.HTTPError as answer:
            raise SystemExit(f"GET {url}: {answer.code}") from None

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(get, urls))


def main() -> None:
    parser = options(__doc__)
    parser.add_argument("--reads", type=int, default=800, help="page reads per service and through the gateway")
    parser.add_argument("--clients", type=int, default=8, help="reads at a time")
    args = parser.parse_args()
    require_postgres()
    started = time.perf_counter()
    with Bench("memory") as bench:
        env = suite_env(bench.var, **WORKERS, JWT_PUBLIC_KEY_FILE=str(bench.var / "keys" / "jwt-public.pem"))
        ports = {service: free_port() for service in ("ppid", "registry", "newsroom")}
        # As deployments do: bootstrap once (migrations, signing key), then workers that only serve.
        gateway_env = {**env, **{f"{s.upper()}_URL": f"http://127.0.0.1:{p}" for s, p in ports.items()},
                       "GATEWAY_BOOTSTRAP_ON_START": "false"}  # fmt: skip
        subprocess.run([str(BIN / "python"), "-m", "gateway.cli", "bootstrap"], cwd=ROOT, env=gateway_env,
                       check=True, capture_output=True)  # fmt: skip
        gateway, gateway_url = bench.serve("gateway", "gateway/gunicorn.conf.py", "gateway:create_app()", gateway_env)
        servers = {}
        for service, port in ports.items():
            url = migrated(bench, env, service)
            if service == "newsroom":
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(FILL, {"count": ITEMS})
            servers[service] = bench.serve(
                service, f"services/{service}/gunicorn.conf.py", f"{service}:create_app()",
                {**env, "DATABASE_URL": url}, port,
            )  # fmt: skip
        servers["gateway"] = (gateway, gateway_url)
        at_start = {s: {pid: memory_of(pid) for pid in workers_of(p.pid)} for s, (p, _) in servers.items()}
        for service, (_, base) in servers.items():
            read_pages(base, PAGES[service], args.reads, args.clients)
        print(f"Web worker memory after {args.reads} page reads each, PostgreSQL, {args.clients} clients "
              f"(RSS in MiB; PSS beside it; goal: RSS < {GOAL_MIB} MiB per web worker)")  # fmt: skip
        worst = 0.0
        for service, (process, _) in servers.items():
            after = {pid: memory_of(pid) for pid in workers_of(process.pid)}
            rss = [r for r, _ in after.values()]
            worst = max(worst, *rss)
            start = ", ".join(f"{at_start[service].get(pid, (0, 0))[0]:.0f}" for pid in after)
            verdict = "ok" if max(rss) < GOAL_MIB else "MISSED"
            print(f"   {service:<9} {len(after)} worker(s): RSS "
                  + ", ".join(f"{r:.1f}" for r in rss) + f" (at start {start}); PSS "
                  + ", ".join(f"{p:.1f}" for _, p in after.values())
                  + f"  (goal < {GOAL_MIB}: {verdict})")  # fmt: skip
    print(f"whole run {time.perf_counter() - started:.0f}s")
    print(f"web worker RSS after {args.reads} page reads, largest of ppid, registry, newsroom, gateway "
          f"(MiB, goal < {GOAL_MIB}): {worst:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()

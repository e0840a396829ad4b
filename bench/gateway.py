"""Throughput of a public read endpoint through the gateway, divided by the same endpoint direct.

Starts the newsroom web process (gunicorn, SQLite, seeded with published
articles) and the gateway (gunicorn, aiohttp worker) in front of it, then
drives both with the same async HTTP load, interleaving rounds so that both
see the same machine. The last line is the ratio (goal: at least 0.6).
The gateway's shared cache is off here (``GATEWAY_CACHE_BYTES=0``): this
measures the proxy's own cost; ``bench/newsroom.py`` measures reads with it.

    make bench            # or: .venv/bin/python bench/gateway.py --seconds 5 --concurrency 32
"""

from __future__ import annotations

import os
import statistics
import subprocess

from harness import BIN, ROOT, Bench, load, options, print_ratio, suite_env

PATH = "/api/newsroom/articles?limit=20"


def seed(env: dict[str, str], count: int) -> None:
    """Migrate the newsroom database and publish ``count`` articles through its own use cases."""
    code = f"""
from chassis.auth import Principal
from chassis.web import unit_of_work
from chassis import migrations
from newsroom import MIGRATIONS, create_app
from newsroom.context import NewsroomContext
from newsroom.use_cases import articles, workflow
app = create_app()
migrations.upgrade(MIGRATIONS, app.extensions["suite"].db.url)
editor = Principal("bench", frozenset({{"newsroom:editor"}}))
with app.app_context():
    ctx = NewsroomContext.of(app.extensions["suite"].settings, editor)
    for n in range({count}):
        with unit_of_work() as uow:
            data = {{"type": "release", "title": f"Siaran pers pengujian nomor {{n}}", "opd": "diskominfo",
                    "body_html": "<p>" + "Isi siaran pers untuk pengujian kecepatan. " * 20 + "</p>"}}
            article_id = articles.create(uow, ctx, data).id
        with unit_of_work() as uow:
            workflow.act(uow, ctx, article_id, "publish", {{}})
"""
    subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, check=True)


def main() -> None:
    parser = options(__doc__, concurrency=32)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()

    with Bench("gateway") as bench:
        env = suite_env(
            bench.var,
            WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
            GATEWAY_WORKERS=os.environ.get("GATEWAY_WORKERS", "1"),
            GATEWAY_CACHE_BYTES="0",  # the proxy's cost, not the cache's
        )
        seed(env, args.articles)
        _, direct = bench.serve("newsroom", "services/newsroom/gunicorn.conf.py", "newsroom:create_app()", env)
        _, gateway = bench.serve(
            "gateway", "gateway/gunicorn.conf.py", "gateway:create_app()", {**env, "NEWSROOM_URL": direct}
        )
        direct_url, gateway_url = direct + PATH, gateway + PATH
        load(direct_url, 1, args.concurrency)  # warm up both paths
        load(gateway_url, 1, args.concurrency)
        direct_rates, through = [], []
        for n in range(args.rounds):
            direct_rates.append(load(direct_url, args.seconds, args.concurrency).rate)
            through.append(load(gateway_url, args.seconds, args.concurrency).rate)
            print(f"round {n + 1}: direct {direct_rates[-1]:.1f} req/s, through the gateway {through[-1]:.0f} req/s")
        d, g = statistics.median(direct_rates), statistics.median(through)
        print(f"GET {PATH}, {args.concurrency} keep-alive clients, median of {args.rounds} rounds of {args.seconds}s")
        print(f"direct: {d:.0f} req/s; through the gateway: {g:.0f} req/s")
    print_ratio("gateway/direct throughput ratio", g / d)


if __name__ == "__main__":
    main()

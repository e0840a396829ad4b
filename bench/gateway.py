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

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PATH = "/api/newsroom/articles?limit=20"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own localhost URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def seed(env: dict[str, str], count: int) -> None:
    """Migrate the newsroom database and publish ``count`` articles through its own use cases."""
    code = f"""
from chassis.auth import Principal
from chassis.web import unit_of_work
from newsroom import create_app, services
from chassis import migrations
from newsroom import MIGRATIONS
app = create_app()
migrations.upgrade(MIGRATIONS, app.extensions["suite"].db.url)
editor = Principal("bench", frozenset({{"newsroom:editor"}}))
with app.app_context():
    for n in range({count}):
        with unit_of_work() as uow:
            data = {{"type": "release", "title": f"Siaran pers pengujian nomor {{n}}", "opd": "diskominfo",
                    "body_html": "<p>" + "Isi siaran pers untuk pengujian kecepatan. " * 20 + "</p>"}}
            article = services.create_article(uow, data, editor)
        with unit_of_work() as uow:
            services.act(uow, article.id, "publish", editor, {{}}, "http://127.0.0.1")
"""
    subprocess.run([str(BIN / "python"), "-c", code], env=env, cwd=ROOT, check=True)


async def load(url: str, seconds: float, concurrency: int) -> float:
    """Requests per second over ``seconds`` with ``concurrency`` keep-alive clients; every answer must be 200."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    done = 0
    failures = 0
    async with aiohttp.ClientSession(connector=connector) as session:
        stop = time.perf_counter() + seconds

        async def client():
            nonlocal done, failures
            while time.perf_counter() < stop:
                async with session.get(url) as response:
                    await response.read()
                    if response.status == 200:
                        done += 1
                    else:
                        failures += 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{failures} requests to {url} failed")
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each measured round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    newsroom_port, gateway_port = free_port(), free_port()
    env = {
        **os.environ,
        "SUITE_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "GATEWAY_WORKERS": os.environ.get("GATEWAY_WORKERS", "1"),
        "NEWSROOM_URL": f"http://127.0.0.1:{newsroom_port}",
        "SUITE_BOOTSTRAP_ADMIN_PASSWORD": "bench-password-123",
        "GATEWAY_CACHE_BYTES": "0",  # the proxy's cost, not the cache's
    }
    env.pop("DATABASE_URL", None)
    seed(env, args.articles)
    gunicorn = str(BIN / "gunicorn")
    log = open(var / "servers.log", "wb")  # noqa: SIM115 - the servers write to it until they stop
    processes = [
        subprocess.Popen(
            [gunicorn, "-c", "services/newsroom/gunicorn.conf.py", "--bind", f"127.0.0.1:{newsroom_port}",
             "newsroom:create_app()"],
            cwd=ROOT, env=env, start_new_session=True, stderr=log,
        ),
        subprocess.Popen(
            [gunicorn, "-c", "gateway/gunicorn.conf.py", "--bind", f"127.0.0.1:{gateway_port}", "gateway:create_app()"],
            cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log,
        ),
    ]  # fmt: skip
    try:
        direct_url = f"http://127.0.0.1:{newsroom_port}{PATH}"
        gateway_url = f"http://127.0.0.1:{gateway_port}{PATH}"
        wait_up(f"http://127.0.0.1:{newsroom_port}/healthz")
        wait_up(f"http://127.0.0.1:{gateway_port}/healthz")
        asyncio.run(load(direct_url, 1, args.concurrency))  # warm up both paths
        asyncio.run(load(gateway_url, 1, args.concurrency))
        direct, through = [], []
        for n in range(args.rounds):
            direct.append(asyncio.run(load(direct_url, args.seconds, args.concurrency)))
            through.append(asyncio.run(load(gateway_url, args.seconds, args.concurrency)))
            print(f"round {n + 1}: direct {direct[-1]:.1f} req/s, through the gateway {through[-1]:.0f} req/s")
        d, g = statistics.median(direct), statistics.median(through)
        print(f"GET {PATH}, {args.concurrency} keep-alive clients, median of {args.rounds} rounds of {args.seconds}s")
        print(f"direct: {d:.0f} req/s; through the gateway: {g:.0f} req/s")
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(10)
        log.close()
    print(f"gateway/direct throughput ratio: {g / d:.2f}")


if __name__ == "__main__":
    main()

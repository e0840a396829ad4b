"""What the benches share: processes and their logs, free ports, the bare Flask "hello" they are measured
against, the async keep-alive load, percentiles, temporary PostgreSQL databases, common options and the ratio
line each bench ends with. Each bench keeps its own measurement logic; this is only the plumbing.

A bench is run as a script (``python bench/<name>.py``), so this module is imported as ``harness`` from the
script's folder. Three benches are named like the suite's packages (``newsroom``, ``ppid``, ``registry``):
a bench that imports its service calls :func:`use_service` first.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
ADMIN_PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway gateway in a temp dir
# The services' gunicorn settings in the benches that compare them with the hello (2 workers x 4 threads).
WORKERS = {"WEB_CONCURRENCY": "2", "WEB_THREADS": "4", "GATEWAY_WORKERS": "1"}
HELLO_APP = """
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
"""


def use_service(name: str) -> None:
    """Make ``import <name>`` find the service's package rather than the bench script of the same name."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    for lib in ("libs/chassis", f"services/{name}"):
        sys.path.insert(0, str(ROOT / lib))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Wait until ``url`` answers 200; stop the bench if ``process`` (the server) exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {process.returncode}; see the logs in the temp dir")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own localhost URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered) / 100) - 1))]


def gunicorn(config: str, port: int, app: str) -> list[str]:
    """The command line of a suite process under its own gunicorn settings (``config``, relative to the root)."""
    return [str(BIN / "gunicorn"), "-c", config, "--bind", f"127.0.0.1:{port}", app]


def suite_env(var: Path, **settings: str) -> dict[str, str]:
    """The environment of the suite's processes in a bench: state and logs in ``var``, then ``settings``."""
    env = {
        **os.environ,
        "SUITE_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "SUITE_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }
    for key in ("DATABASE_URL", "PORT", "BIND", "GATEWAY_PORT", "PROMETHEUS_MULTIPROC_DIR", "GATEWAY_CACHE_BYTES"):
        env.pop(key, None)
    return {**env, **settings}


# --- PostgreSQL ------------------------------------------------------------------------------------------------------


def require_postgres() -> None:
    try:
        psycopg.connect(f"{PG}/postgres").close()
    except psycopg.Error as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {PG} ({exc}); set BENCH_POSTGRES") from None


def create_database(prefix: str) -> str:
    """A new empty database named ``<prefix>_<random>``; its URL is ``f"{PG}/{name}"``."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def temporary_database(prefix: str) -> Iterator[str]:
    """The URL of a new empty database, dropped on the way out."""
    name = create_database(prefix)
    try:
        yield f"{PG}/{name}"
    finally:
        drop_database(name)


# --- processes -------------------------------------------------------------------------------------------------------


class Bench:
    """The processes and databases of one run, with their logs in a temp dir; all torn down on leaving the
    ``with`` block, and the temp dir removed too unless the run failed (its logs are then kept)."""

    def __init__(self, name: str):
        self.var = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.databases: list[str] = []
        self.logs: list = []

    def __enter__(self) -> Bench:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.close()
        if exc_type is None:
            shutil.rmtree(self.var, ignore_errors=True)

    def start(self, name: str, args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen:
        log = open(self.var / f"{name}.log", "ab")  # noqa: SIM115 - the server writes to it until it stops
        self.logs.append(log)
        process = subprocess.Popen(args, cwd=cwd, env=env, start_new_session=True, stdout=log, stderr=log)
        self.processes.append((name, process))
        return process

    def serve(
        self, name: str, config: str, app: str, env: dict[str, str], port: int | None = None
    ) -> tuple[subprocess.Popen, str]:
        """Start a suite process under gunicorn and wait for its ``/healthz``; returns it and its base URL."""
        port = port or free_port()
        process = self.start(name, gunicorn(config, port, app), env)
        base = f"http://127.0.0.1:{port}"
        wait_up(f"{base}/healthz", process)
        return process, base

    def hello(self, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
        """The bare Flask "hello" under the services' gunicorn settings (2 workers x 4 threads), and its URL."""
        hello_dir = self.var / "hello"
        hello_dir.mkdir()
        (hello_dir / "hello.py").write_text(HELLO_APP)
        port = free_port()
        process = self.start(
            "hello",
            [str(BIN / "gunicorn"), "-w", WORKERS["WEB_CONCURRENCY"], "--threads", WORKERS["WEB_THREADS"],
             "-k", "gthread", "--keep-alive", "30", "--bind", f"127.0.0.1:{port}", "hello:app"],
            env,
            cwd=hello_dir,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        wait_up(url, process)
        return process, url

    def stop(self, process: subprocess.Popen) -> None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(5)
        self.processes = [(n, p) for n, p in self.processes if p is not process]

    def create_database(self, prefix: str) -> str:
        name = create_database(prefix)
        self.databases.append(name)
        return name

    def drop_database(self, name: str) -> None:
        drop_database(name)
        self.databases.remove(name)

    def close(self) -> None:
        for _name, process in list(reversed(self.processes)):
            self.stop(process)
        for name in list(self.databases):
            try:
                self.drop_database(name)
            except psycopg.Error as exc:
                print(f"could not drop database {name}: {exc}", file=sys.stderr)
        for log in self.logs:
            log.close()


# --- load and timings ------------------------------------------------------------------------------------------------


class Load(NamedTuple):
    rate: float  # answers per second
    latencies: list[float]  # seconds, one per answer


async def _load(
    method: str, url: str, seconds: float, concurrency: int, expect: int, json: dict | None, headers: dict | None
) -> Load:
    connector = aiohttp.TCPConnector(limit=concurrency)
    latencies: list[float] = []
    failures: dict[int, int] = {}
    async with aiohttp.ClientSession(connector=connector) as session:
        stop = time.perf_counter() + seconds

        async def client():
            while time.perf_counter() < stop:
                began = time.perf_counter()
                async with session.request(method, url, json=json, headers=headers) as response:
                    await response.read()
                    if response.status == expect:
                        latencies.append(time.perf_counter() - began)
                    else:
                        failures[response.status] = failures.get(response.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{method} {url}: unexpected answers {failures} (expected {expect})")
    return Load(len(latencies) / elapsed, latencies)


def load(
    url: str,
    seconds: float,
    concurrency: int,
    *,
    method: str = "GET",
    expect: int = 200,
    json: dict | None = None,
    headers: dict | None = None,
) -> Load:
    """``concurrency`` keep-alive clients sending the same request for ``seconds``; every answer must be ``expect``."""
    return asyncio.run(_load(method, url, seconds, concurrency, expect, json, headers))


def timed_gets(client, path: str, samples: int, check: Callable | None = None, headers: dict | None = None):
    """Sequential latencies (seconds) of ``samples`` GETs of ``path`` through a Flask test client, after two to
    warm up, and the last answer; each must be 200 (and pass ``check``)."""
    for _ in range(2):
        client.get(path, headers=headers)
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append(time.perf_counter() - began)
        if answer.status_code != 200 or (check is not None and not check(answer)):
            raise SystemExit(f"GET {path}: {answer.status_code} {answer.get_data(as_text=True)[:500]}")
    return times, answer


# --- options and the last line ---------------------------------------------------------------------------------------


def options(doc: str, concurrency: int | None = None) -> argparse.ArgumentParser:
    """The bench's options, with those of the load rounds when it has any (``concurrency`` clients by default)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if concurrency is not None:
        parser.add_argument("--seconds", type=float, default=4.0, help="length of each measured load round")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--concurrency", type=int, default=concurrency)
    return parser


def print_ratio(headline: str, ratio: float, started: float | None = None) -> None:
    """The last line of a bench (after the whole run's length when ``started`` is given): ``<headline>: 0.00``."""
    if started is not None:
        print(f"whole run {time.perf_counter() - started:.0f}s")
    print(f"{headline}: {ratio:.2f}")

"""`make test`: lint, then every test, with PostgreSQL, RabbitMQ and Redis found, or installed and started.

Each server is used where its test URL answers (`TEST_POSTGRES_URL`, `TEST_AMQP_URL`, `TEST_REDIS_URL`); otherwise
`backing` installs Debian's package when it is missing and starts a private instance for this run, stopped at the end.
Arguments after the script go to pytest (`make test ARGS="-k ppid"`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import backing  # noqa: E402 - the folder is put on the path just above

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def main(args: list[str]) -> int:
    # A stopped run (Ctrl-C, a CI time-out) still stops the servers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = dict(os.environ)
    lint = [[str(BIN / "ruff"), "check", "."], [str(BIN / "ruff"), "format", "--check", "."]]
    for command in lint:
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            backing.say("lint failed (make format fixes the formatting)")
            return 1
    started: list[backing.Started] = []
    work = Path(tempfile.mkdtemp(prefix="suite-test-"))
    try:
        wanted = (
            ("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres", backing.ensure_postgres, ()),
            ("TEST_AMQP_URL", backing.DEFAULT_AMQP, backing.ensure_rabbitmq, (work / "rabbitmq",)),
            ("TEST_REDIS_URL", "redis://127.0.0.1:6379/15", backing.ensure_redis, ()),
        )
        for variable, default, ensure, extra in wanted:
            url = env.get(variable) or (env.get("AMQP_URL") if variable == "TEST_AMQP_URL" else None) or default
            try:
                server = ensure(url, *extra)
            except backing.Unavailable as exc:
                backing.say(f"{variable}: {exc}")
                if env.get("CI") == "true":
                    return 2
                continue
            if server is not None:
                started.append(server)
                url = server.url
            env[variable] = url
        # The benches' smoke runs take the server without a database name.
        if "TEST_POSTGRES_URL" in env:
            env.setdefault("BENCH_POSTGRES", env["TEST_POSTGRES_URL"].rsplit("/", 1)[0])
        if any(s.name == "rabbitmq" for s in started):
            env["AMQP_URL"] = env["TEST_AMQP_URL"]
        return subprocess.run([str(BIN / "pytest"), *args], cwd=ROOT, env=env, check=False).returncode
    finally:
        for server in reversed(started):
            backing.say(f"stopping the private {server.name}")
            server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

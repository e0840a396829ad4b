"""The servers the suite leans on (RabbitMQ, PostgreSQL, Redis): used where they answer, else installed and started.

`make run` and `make test` call this so that a bare Debian or Ubuntu machine needs nothing done by hand: each
server is looked for at its URL first; when nothing answers there, the Debian package is installed if its programs
are missing (as root, or with ``sudo -n`` when that works; otherwise the one command to run is printed) and a
private instance is started under a folder of ours on a free port, then stopped at the end.

Only the standard library at import time: the Makefile runs this before the project's packages are installed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

# Debian's packages and the programs each must provide; the PostgreSQL programs live outside PATH on Debian.
PACKAGES = {"rabbitmq-server": "rabbitmq-server", "postgresql": "initdb", "redis-server": "redis-server"}
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/"
POSTGRES_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")
SYSTEM_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin")


class Unavailable(RuntimeError):
    """A server that is not reachable and cannot be installed or started here; the message says what to do."""


def say(message: str) -> None:
    print(f"[suite] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections at the URL's host and port (the protocol check is the caller's)."""
    parsed = urllib.parse.urlsplit(url)
    host = parsed.hostname or "127.0.0.1"
    port = parsed.port or {"amqp": 5672, "postgresql": 5432, "redis": 6379}.get(parsed.scheme.split("+")[0], 0)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def privileged_prefix() -> list[str] | None:
    """[] as root, ["sudo", "-n"] when sudo works without a password, None when neither."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def apt_install(package: str, run: Callable = subprocess.run) -> None:
    """Install a Debian package, or raise Unavailable naming the one command that would."""
    prefix = privileged_prefix()
    command = "apt-get install -y " + package
    if prefix is None or not shutil.which("apt-get"):
        raise Unavailable(f"{package} is missing; install it with: sudo {command}")
    say(f"installing Debian's {package}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*prefix, "apt-get", "update", "-qq"], check=False, env=env)
    # Never start the package's own system service: we run private instances on ports of our own.
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = False
    if prefix == [] and not policy.exists():
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        made_policy = True
    try:
        result = run([*prefix, "apt-get", "install", "-y", "-qq", package], check=False, env=env)
    finally:
        if made_policy:
            policy.unlink(missing_ok=True)
    if result.returncode != 0:
        raise Unavailable(f"installing {package} failed; try: sudo {command}")


def system_path() -> None:
    """Put Debian's program folders on this process's PATH (servers start helper programs, such as ``erl``, by name)."""
    parts = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    os.environ["PATH"] = os.pathsep.join([*parts, *(d for d in SYSTEM_DIRS if d not in parts)])


def find_program(name: str, extra_dirs: tuple[str, ...] = ()) -> str | None:
    """The program on PATH, or in the folders Debian installs servers to (a service account's PATH may lack them)."""
    for pattern in (*extra_dirs, *SYSTEM_DIRS):
        for directory in sorted(glob.glob(pattern), reverse=True):
            candidate = Path(directory) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which(name)


def wait_until(check: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise Unavailable(f"{what} exited with code {process.returncode}")
        if check():
            return
        time.sleep(0.2)
    raise Unavailable(f"{what} did not start within {timeout:.0f} s")


class Started:
    """A private server we started: its URL and how to stop it."""

    def __init__(self, name: str, url: str, stop: Callable[[], None]):
        self.name = name
        self.url = url
        self._stop = stop

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._stop()


def _stop_process(process: subprocess.Popen) -> Callable[[], None]:
    def stop() -> None:
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    return stop


def ensure_rabbitmq(url: str, directory: Path, *, port: int | None = None, install: bool = True) -> Started | None:
    """None when a broker answers at ``url``; else a private node under ``directory`` (installed first if need be)."""
    if answers(url):
        return None
    system_path()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "libs" / "chassis"))
    from chassis import localbroker

    if localbroker.server_command() is None:
        if not install:
            raise Unavailable("rabbitmq-server is missing; install it with: sudo apt-get install -y rabbitmq-server")
        apt_install("rabbitmq-server")
    port = port or free_port() % 20000 + 30000
    directory.mkdir(parents=True, exist_ok=True)
    node = localbroker.LocalBroker(directory, port)
    say(f"no RabbitMQ at {url}; starting a private node on port {port} ({directory})")
    try:
        node.start()
    except RuntimeError as exc:
        raise Unavailable(str(exc)) from exc
    return Started("rabbitmq", node.url, node.stop)


def _as_postgres_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` account then."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running PostgreSQL as root needs runuser (util-linux)")
    return [runuser, "-u", "postgres", "--", *command]


def ensure_postgres(url: str, directory: Path | None = None, *, install: bool = True) -> Started | None:
    """None when PostgreSQL answers at ``url``; else a private cluster (initdb + pg_ctl, trust) on a free port."""
    if answers(url):
        return None
    system_path()
    initdb = find_program("initdb", POSTGRES_BIN_GLOBS)
    if initdb is None:
        if not install:
            raise Unavailable("PostgreSQL is missing; install it with: sudo apt-get install -y postgresql")
        apt_install("postgresql")
        initdb = find_program("initdb", POSTGRES_BIN_GLOBS)
        if initdb is None:
            raise Unavailable("postgresql was installed but initdb was not found")
    bindir = Path(initdb).parent
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    # Under /tmp (not a private test folder): the postgres account must be able to reach it.
    root = Path(directory or tempfile.mkdtemp(prefix="suite-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = free_port()
    say(f"no PostgreSQL at {url}; starting a private cluster on port {port} ({root})")
    subprocess.run(
        _as_postgres_user([initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    log = root / "server.log"
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    pg_ctl = str(bindir / "pg_ctl")
    subprocess.run(
        _as_postgres_user([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"]),
        check=True,
        capture_output=True,
    )
    server_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    wait_until(lambda: answers(server_url), 30, "PostgreSQL")

    def stop() -> None:
        subprocess.run(_as_postgres_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True)
        if directory is None:
            shutil.rmtree(root, ignore_errors=True)

    return Started("postgresql", server_url, stop)


def ensure_redis(url: str, *, install: bool = True) -> Started | None:
    """None when Redis answers at ``url``; else a private ``redis-server`` (nothing on disk) on a free port."""
    if answers(url):
        return None
    system_path()
    program = find_program("redis-server")
    if program is None:
        if not install:
            raise Unavailable("redis-server is missing; install it with: sudo apt-get install -y redis-server")
        apt_install("redis-server")
        program = find_program("redis-server")
        if program is None:
            raise Unavailable("redis-server was installed but not found")
    port = free_port()
    say(f"no Redis at {url}; starting a private redis-server on port {port}")
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server_url = f"redis://127.0.0.1:{port}/0"
    wait_until(lambda: answers(server_url), 20, "redis-server", process)
    return Started("redis", server_url, _stop_process(process))

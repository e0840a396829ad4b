"""`make run`: the whole suite on one machine, on SQLite, with RabbitMQ found or started.

Steps: find RabbitMQ at AMQP_URL (or install Debian's rabbitmq-server when it is
missing and start a private node under var/), migrate every database, bootstrap the gateway (keys, first admin),
then start the gateway, the three services and their workers with honcho
(deploy/local/Procfile) and print the URLs and the admin login. Ctrl-C stops all.

A second copy of a suite (another replica of everything, on its own ports and SUITE_VAR_DIR, sharing the
databases, FILE_STORE, the broker and var/keys) starts with SUITE_MIGRATE_ON_START=false: it neither migrates nor
bootstraps, as deployed replicas never do, so copies never race on a migration.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVICES = ("registry", "newsroom", "ppid")
DEFAULT_PORTS = {"GATEWAY_PORT": 8080, "REGISTRY_PORT": 8101, "NEWSROOM_PORT": 8102, "PPID_PORT": 8103}


def say(message: str) -> None:
    print(f"[suite] {message}", flush=True)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    for key, value in DEFAULT_PORTS.items():
        env.setdefault(key, str(value))
    var = Path(env.setdefault("SUITE_VAR_DIR", str(ROOT / "var"))).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env["SUITE_VAR_DIR"] = str(var)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    env.setdefault("JWT_PRIVATE_KEY_FILE", str(var / "keys" / "jwt-private.pem"))
    env.setdefault("JWT_PUBLIC_KEY_FILE", str(var / "keys" / "jwt-public.pem"))
    gateway = f"http://127.0.0.1:{env['GATEWAY_PORT']}"
    env.setdefault("PUBLIC_BASE_URL", gateway)
    for service in SERVICES:
        env.setdefault(f"{service.upper()}_URL", f"http://127.0.0.1:{env[service.upper() + '_PORT']}")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def ensure_broker(env: dict[str, str]):
    """The private RabbitMQ node we started (installing Debian's package if need be), or None when one answers."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import backing

    try:
        directory = Path(env["SUITE_VAR_DIR"]) / "rabbitmq"
        # The usual port keeps the same node (and its queues) from one run to the next, unless a broker we were not
        # told about holds it: then any free port.
        wanted = env.get("LOCAL_RABBITMQ_PORT")
        port = int(wanted) if wanted else None if backing.answers("amqp://127.0.0.1:5672/") else 5672
        node = backing.ensure_rabbitmq(env["AMQP_URL"], directory, port=port)
    except backing.Unavailable as exc:
        say(f"RabbitMQ is not reachable at {env['AMQP_URL']}: {exc}")
        say("or point AMQP_URL at a broker you have, then run `make run` again.")
        sys.exit(2)
    if node is None:
        say(f"RabbitMQ found at {env['AMQP_URL']}")
    else:
        env["AMQP_URL"] = node.url
    return node


def own_database(env: dict[str, str], process: str) -> dict[str, str]:
    """The environment of one process kind: ``<NAME>_DATABASE_URL`` (e.g. PPID_DATABASE_URL) overrides
    DATABASE_URL for it, as the Procfile does, so the local suite can run on PostgreSQL database by database."""
    own = env.get(f"{process.upper()}_DATABASE_URL")
    return {**env, "DATABASE_URL": own} if own else env


def migrates_on_start(env: dict[str, str]) -> bool:
    """Whether this copy migrates every database and bootstraps the gateway before starting (the default)."""
    return env.get("SUITE_MIGRATE_ON_START", "true").strip().lower() not in ("0", "false", "no", "off")


def run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        say(f"failed: {' '.join(args)}")
        sys.exit(result.returncode)


def admin_password(env: dict[str, str]) -> str | None:
    """The first admin's password: from the environment, or generated once and kept in var/."""
    if env.get("SUITE_BOOTSTRAP_ADMIN_PASSWORD"):
        return env["SUITE_BOOTSTRAP_ADMIN_PASSWORD"]
    remembered = Path(env["SUITE_VAR_DIR"]) / "admin-password.txt"
    if remembered.exists():
        return remembered.read_text().strip()
    if (Path(env["SUITE_VAR_DIR"]) / "gateway.db").exists():
        return None  # accounts exist already; the password was shown when they were created
    password = secrets.token_urlsafe(12)
    remembered.write_text(password + "\n")
    remembered.chmod(0o600)
    return password


def wait_ready(url: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own localhost URL
                if response.status == 200:
                    return True
        except Exception:
            time.sleep(0.5)
    return False


def main() -> None:
    env = environment()
    node = ensure_broker(env)
    if migrates_on_start(env):
        password = admin_password(env)
        if password:
            env["SUITE_BOOTSTRAP_ADMIN_PASSWORD"] = password
        for service in SERVICES:
            run([str(BIN / "flask"), "--app", service, "db", "upgrade"], own_database(env, service))
        run([str(BIN / "python"), "-m", "gateway.cli", "bootstrap"], own_database(env, "gateway"))
    else:
        say("SUITE_MIGRATE_ON_START=false: the databases and the gateway's keys are the first copy's")
        password = env.get("SUITE_BOOTSTRAP_ADMIN_PASSWORD") or None
        env["GATEWAY_BOOTSTRAP_ON_START"] = "false"
    honcho = subprocess.Popen(
        [str(BIN / "honcho"), "-f", str(ROOT / "deploy" / "local" / "Procfile"), "-d", str(ROOT), "start"],
        cwd=ROOT,
        env=env,
    )

    stopping = []

    def stop(*_):
        stopping.append(True)
        if honcho.poll() is None:
            honcho.send_signal(signal.SIGINT)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    gateway = f"http://127.0.0.1:{env['GATEWAY_PORT']}"
    if wait_ready(f"{gateway}/readyz"):
        lines = [
            f"Gateway:       {gateway}",
            *(f"{s.upper():<14} {gateway}/api/{s}/docs  (OpenAPI: {gateway}/api/{s}/openapi.json)" for s in SERVICES),
            f"Key set:       {gateway}/.well-known/jwks.json",
            f"Admin login:   admin / {password or '(shown at first start)'}",
            f"Log in:        curl -X POST {gateway}/api/auth/login -H 'Content-Type: application/json' "
            '-d \'{"username":"admin","password":"..."}\'',
            "Stop:          Ctrl-C",
        ]
        say("the suite is up\n    " + "\n    ".join(lines))
    else:
        say(f"the gateway did not become ready at {gateway}/readyz; see the logs above")
    code = honcho.wait()
    if node is not None:
        say("stopping the local RabbitMQ node")
        node.stop()
    sys.exit(0 if stopping else code)


if __name__ == "__main__":
    main()

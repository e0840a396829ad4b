"""`make run` on real databases: each process kind takes its own `<NAME>_DATABASE_URL` over DATABASE_URL."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("local_run", ROOT / "deploy" / "local" / "run.py")
local_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(local_run)
PROCFILE = dict(line.split(": ", 1) for line in (ROOT / "deploy" / "local" / "Procfile").read_text().splitlines())


def database_seen_by(process: str, env: dict[str, str]) -> str:
    """What DATABASE_URL the Procfile's command line gives the process, through the same shell honcho uses."""
    prefix = PROCFILE[process].split(" ", 1)[0]
    result = subprocess.run(
        ["sh", "-c", f"{prefix} sh -c 'printf %s \"$DATABASE_URL\"'"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("process", sorted(PROCFILE))
def test_each_process_takes_its_own_database_url(process):
    service = process.split("-")[0]
    own = f"postgresql://postgres@127.0.0.1:5432/{service}"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///shared.db", f"{service.upper()}_DATABASE_URL": own}
    assert database_seen_by(process, env) == own
    others = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///shared.db", "NOBODY_DATABASE_URL": own}
    assert database_seen_by(process, others) == "sqlite:///shared.db"


def test_migrations_and_bootstrap_use_the_same_per_service_url():
    env = {
        "DATABASE_URL": "",
        "PPID_DATABASE_URL": "postgresql://db/ppid",
        "GATEWAY_DATABASE_URL": "postgresql://db/gw",
    }
    assert local_run.own_database(env, "ppid")["DATABASE_URL"] == "postgresql://db/ppid"
    assert local_run.own_database(env, "gateway")["DATABASE_URL"] == "postgresql://db/gw"
    assert local_run.own_database(env, "registry")["DATABASE_URL"] == ""


def test_a_further_copy_does_not_migrate():
    """A second copy beside the first (a replica) leaves migrations and the first admin to the first."""
    assert local_run.migrates_on_start({})
    assert not local_run.migrates_on_start({"SUITE_MIGRATE_ON_START": "false"})

"""A web worker imports what its requests need when they need them: the libraries of the few requests that make
files (openpyxl for XLSX, fpdf2 for PDF letters, Pillow for images, boto3 for an S3 store), `holidays` (its dates
are in ppid's national_days.json), pika (the worker's relay and consumer) and Alembic (the migration command) stay
out of a worker that served a page. Each of them costs several MB in every worker (bench/memory.py measures the
RSS); this keeps one careless top-level import from bringing them back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

HEAVY = ("openpyxl", "fpdf", "PIL", "boto3", "botocore", "alembic", "holidays", "pika", "babel", "nh3", "lxml")
SERVICE_CHECK = """
import json, sys
from {service} import create_app

app = create_app()
answers = [app.test_client().get(path).status_code for path in {paths!r}]
print(json.dumps({{"answers": answers, "loaded": sorted(m for m in {heavy!r} if m in sys.modules)}}))
"""
GATEWAY_CHECK = """
import asyncio, json, sys
from aiohttp.test_utils import TestClient, TestServer
from gateway import create_app
from gateway.bootstrap import bootstrap
from gateway.settings import from_env

settings = from_env()
bootstrap(settings)  # migrates in this process: Alembic is then loaded, so it is not asked of the gateway here
before = {{m for m in {heavy!r} if m in sys.modules}}


async def read():
    async with TestClient(TestServer(create_app(settings))) as client:
        return [(await client.get(path)).status for path in {paths!r}]


answers = asyncio.run(read())
loaded = sorted(m for m in {heavy!r} if m in sys.modules and m not in before)
print(json.dumps({{"answers": answers, "loaded": loaded}}))
"""
PAGES = {
    "ppid": ["/ppid/", "/ppid/lacak", "/api/ppid/dip"],
    "registry": ["/registry/", "/api/registry/periods"],
    "newsroom": ["/newsroom/", "/newsroom/feed.rss", "/api/newsroom/articles"],
}


def run(code: str, env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                            timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def env(tmp_path):
    values = {**os.environ, "SUITE_VAR_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}
    for key in ("DATABASE_URL", "FILE_STORE", "PROMETHEUS_MULTIPROC_DIR", "OTEL_EXPORTER_OTLP_ENDPOINT"):
        values.pop(key, None)
    return values


@pytest.mark.parametrize("service", sorted(PAGES))
def test_a_service_web_app_serves_pages_without_the_file_making_libraries(service, env, tmp_path):
    env = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'service.db'}"}
    migrate = subprocess.run([sys.executable, "-m", "flask", "--app", service, "db", "upgrade"], env=env,
                             capture_output=True, text=True, timeout=180)  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    found = run(SERVICE_CHECK.format(service=service, paths=PAGES[service], heavy=HEAVY), env)
    assert found["answers"] == [200] * len(PAGES[service])
    assert found["loaded"] == [], f"{service} imports {found['loaded']} before any request needs them"


def test_the_gateway_serves_its_pages_without_the_file_making_libraries(env):
    found = run(GATEWAY_CHECK.format(paths=["/masuk", "/daftar", "/api/auth/jwks.json"], heavy=HEAVY), env)
    assert found["answers"] == [200, 200, 200]
    assert found["loaded"] == [], f"the gateway imports {found['loaded']} before any request needs them"

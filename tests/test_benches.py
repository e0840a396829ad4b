"""The benchmarks still run (smoke runs with tiny loads). Their figures are measured by `make bench`, never here.

Every test here is marked ``bench``: ``pytest -m "not bench"`` leaves them out (the memory smoke alone starts four
servers). Each smoke passes its bench a tiny size for every size it has; a bench run with its defaults is full-size.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RATIO = re.compile(r"ratio: \d+\.\d\d$")

pytestmark = pytest.mark.bench

# What each smoke run passes its bench: a tiny value for every size, count and length the bench takes.
SMOKE = {
    "gateway.py": "--seconds 0.5 --rounds 1 --articles 3 --concurrency 4",
    "ppid.py": "--seconds 0.5 --rounds 1 --concurrency 4 --sizes 300 --samples 5",
    "registry.py": "--sizes 400,800 --samples 2",
    "newsroom.py": "--seconds 0.5 --rounds 1 --concurrency 4 --articles 50 --sizes 200,400 --samples 2",
    "events.py": "--events 50 --rounds 1 --consume 50 --rates 50 --seconds 0.5",
    "memory.py": "--reads 16 --clients 2",
}
# Options a smoke may leave at their default: not a size (a time cap, a broker's address).
NOT_A_SIZE = {"--budget", "--amqp"}


def run(script: str, *args: str, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args], cwd=cwd, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


@pytest.mark.parametrize("script", ["gateway.py", "ppid.py", "registry.py", "newsroom.py"])
def test_each_bench_finds_its_harness_from_any_folder(script, tmp_path):
    assert run(script, "--help", cwd=tmp_path).startswith("usage:")


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_no_smoke_run_leaves_a_size_at_its_full_default(script):
    """A bench's defaults are the full-size run (1M requests, 100k items): a smoke that forgot one option, or an
    option added to a bench later, would run that part at full size inside the test run."""
    taken = set(re.findall(r"^\s+(--[a-z-]+) [A-Z_]+", run(script, "--help"), re.MULTILINE))
    missing = taken - NOT_A_SIZE - set(SMOKE[script].split())
    assert taken and not missing, sorted(missing)


def test_the_harness_percentile_is_the_nearest_rank():
    spec = importlib.util.spec_from_file_location("bench_harness", ROOT / "bench" / "harness.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    values = [float(n) for n in range(20, 0, -1)]  # 20.0 down to 1.0
    assert harness.percentile(values, 50) == 10.0
    assert harness.percentile(values, 95) == 19.0
    assert harness.percentile(values, 99) == 20.0
    assert harness.percentile([3.0], 99) == 3.0


@pytest.mark.xdist_group("bench")
def test_the_gateway_bench_runs_and_ends_with_its_ratio():
    output = run("gateway.py", *SMOKE["gateway.py"].split())
    assert RATIO.search(output.splitlines()[-1]), output


@pytest.mark.xdist_group("bench")
def test_the_ppid_bench_runs_and_ends_with_its_ratio(postgres_server):
    output = run("ppid.py", *SMOKE["ppid.py"].split())
    assert RATIO.search(output.splitlines()[-1]), output


@pytest.mark.xdist_group("bench")
def test_the_registry_bench_runs_and_ends_with_its_ratio(postgres_server):
    output = run("registry.py", *SMOKE["registry.py"].split())
    assert RATIO.search(output.splitlines()[-1]), output


@pytest.mark.xdist_group("bench")
def test_the_newsroom_bench_runs_and_ends_with_its_ratio(postgres_server):
    output = run("newsroom.py", *SMOKE["newsroom.py"].split())
    assert RATIO.search(output.splitlines()[-1]), output
    # Its figures are through the gateway's shared cache, and it says so.
    assert "(shared cache on)" in output.splitlines()[-1], output
    assert "second GET: list HIT, item HIT, RSS HIT" in output, output


@pytest.mark.xdist_group("bench")
def test_the_events_bench_runs_and_ends_with_its_ratio(postgres_server, amqp_url):
    output = run("events.py", *SMOKE["events.py"].split())
    assert RATIO.search(output.splitlines()[-1]), output
    assert "p99" in output and "events/s" in output, output


@pytest.mark.xdist_group("bench")
def test_the_memory_bench_runs_and_ends_with_the_largest_worker_rss(postgres_server):
    # Its own timeout: it starts four servers and migrates three databases before its few reads.
    command = [sys.executable, str(ROOT / "bench" / "memory.py"), *SMOKE["memory.py"].split()]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert re.search(r"\(MiB, goal < 80\): \d+\.\d$", lines[-1]), result.stdout
    for service in ("ppid", "registry", "newsroom", "gateway"):
        assert any(line.split()[:1] == [service] and "RSS" in line and "goal < 80" in line for line in lines), service

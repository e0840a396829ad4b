"""Replicas of a deployment never migrate on start (a one-shot job does); `make run`'s single gateway still does."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

import gateway.bootstrap

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


@pytest.mark.parametrize(("flag", "migrates"), [(None, True), ("true", True), ("false", False), ("0", False)])
def test_the_master_bootstraps_on_start_unless_told_not_to(monkeypatch, flag, migrates):
    calls = []
    monkeypatch.setattr(gateway.bootstrap, "bootstrap", lambda settings: calls.append(settings) or (False, None))
    if flag is None:
        monkeypatch.delenv("GATEWAY_BOOTSTRAP_ON_START", raising=False)
    else:
        monkeypatch.setenv("GATEWAY_BOOTSTRAP_ON_START", flag)
    saved = dict(os.environ)
    try:
        conf = runpy.run_path(str(CONF))  # the config sets process-wide variables (the metrics folder) for gunicorn
        conf["on_starting"](server=None)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert bool(calls) is migrates

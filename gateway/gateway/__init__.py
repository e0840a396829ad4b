"""The suite's gateway: routing, accounts and tokens, rate limits, request ids, aggregated health."""

from __future__ import annotations

from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(settings=None):
    from gateway.app import create_app as build

    return build(settings)

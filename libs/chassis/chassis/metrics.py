"""Prometheus metrics shared by all processes; multi-process aware under gunicorn."""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

REQUESTS = Histogram(
    "http_request_duration_seconds",
    "HTTP requests by route and status",
    ["service", "method", "route", "status"],
)
EVENTS_PUBLISHED = Counter("events_published_total", "Outbox rows published", ["service", "type", "outcome"])
EVENTS_CONSUMED = Counter("events_consumed_total", "Events consumed", ["service", "type", "outcome"])
# The outbox lag, read from the outbox by the worker at each scrape of its /metrics.
OUTBOX_LAG = Gauge("outbox_unsent", "Outbox rows waiting to be published", ["service"], multiprocess_mode="max")
OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_unsent_age_seconds",
    "How long the oldest outbox row has waited to be published (0 when none waits)",
    ["service"],
    multiprocess_mode="max",
)


def render() -> tuple[bytes, str]:
    """The exposition text; merges gunicorn workers when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

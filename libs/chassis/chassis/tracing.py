"""OpenTelemetry tracing, only when the operator asks for it with ``OTEL_EXPORTER_OTLP_ENDPOINT``.

Unset (the default), nothing of OpenTelemetry is imported and nothing is patched. Set, spans of Flask requests,
the gateway's aiohttp server and client, SQLAlchemy queries and pika publishing go to that OTLP/HTTP endpoint, with
``service.name`` the process's service; the exporter reads the standard ``OTEL_*`` variables itself. The packages
come with the chassis's ``otel`` extra (``pip install suite-chassis[otel]``).
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger("chassis.tracing")
_configured: set[str] = set()


def enabled() -> bool:
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def setup(service: str) -> bool:
    """Install the tracer provider and the library instrumentations once per process; False when tracing is off."""
    if not enabled():
        return False
    if _configured:
        return True
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.pika import PikaInstrumentor
        from opentelemetry.sdk.resources import SERVICE_NAME, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed (suite-chassis[otel])")
        return False
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service)}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    PikaInstrumentor().instrument()
    _configured.add(service)
    log.info("tracing to %s", os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"])
    return True


def instrument_flask(app, engine) -> None:
    """Spans for the app's requests and its database engine's queries (a no-op when tracing is off)."""
    if not setup(app.name):
        return
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FlaskInstrumentor().instrument_app(app)
    # Its declared range stops before SQLAlchemy 2.1, whose engine events it uses unchanged.
    SQLAlchemyInstrumentor().instrument(engine=engine, skip_dep_check=True)


def aiohttp_middlewares(service: str) -> list:
    """The aiohttp server middleware and, once, the client instrumentation for the gateway; [] when tracing is off."""
    if not setup(service):
        return []
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.instrumentation.aiohttp_server import middleware

    instrumentor = AioHttpClientInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument()
    return [middleware]


def flush() -> None:
    """Send what is buffered (tests, and a worker that is stopping)."""
    if not _configured:
        return
    from opentelemetry import trace

    provider = trace.get_tracer_provider()
    if hasattr(provider, "force_flush"):
        provider.force_flush()

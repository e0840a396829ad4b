"""Tracing is there when the operator sets OTEL_EXPORTER_OTLP_ENDPOINT, and not loaded at all otherwise.

Each case runs in a process of its own: instrumentation patches libraries for the whole process."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import textwrap
import threading

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

APP = textwrap.dedent(
    """
    import sys
    import flask
    import sqlalchemy as sa
    from chassis import tracing

    app = flask.Flask("ppid")
    engine = sa.create_engine("sqlite://")
    tracing.instrument_flask(app, engine)

    @app.get("/ping")
    def ping():
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return "ok"

    assert app.test_client().get("/ping").data == b"ok"
    tracing.flush()
    print(sorted(name for name in sys.modules if name.startswith("opentelemetry"))[:1])
    """
)


class Collector(http.server.BaseHTTPRequestHandler):
    received: list[ExportTraceServiceRequest] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        Collector.received.append((self.path, request))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args):
        pass


def run(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", APP], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_spans_of_requests_and_queries_reach_the_otlp_endpoint():
    server = http.server.HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {**os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{server.server_port}"}
        run(env)
    finally:
        server.shutdown()
    spans = [
        (path, resource.resource, span.name)
        for path, request in Collector.received
        for resource in request.resource_spans
        for scope in resource.scope_spans
        for span in scope.spans
    ]
    assert {path for path, _, _ in spans} == {"/v1/traces"}
    names = {name for _, _, name in spans}
    assert any("/ping" in name for name in names), names
    assert any("SELECT" in name for name in names), names
    services = {a.value.string_value for _, r, _ in spans for a in r.attributes if a.key == "service.name"}
    assert services == {"ppid"}


def test_without_the_endpoint_nothing_of_opentelemetry_is_loaded():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    assert run(env).strip() == "[]"

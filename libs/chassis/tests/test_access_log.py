"""One access line per request, with what an operator needs and nothing a query string may hide."""

from __future__ import annotations

import logging

import probe
from flask_smorest import Blueprint

from chassis.settings import ServiceSettings
from chassis.web import create_service_app

blp = Blueprint("ping", __name__, url_prefix="/api/probe")


@blp.get("/ping")
def ping():
    return {"ok": True}


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_each_request_leaves_one_access_line_with_its_request_id_and_no_query(tmp_path):
    settings = ServiceSettings(service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}")
    client = create_service_app(settings, probe.metadata, probe.tables, title="Probe", blueprints=(blp,)).test_client()
    seen = Lines()
    access = logging.getLogger("access")
    access.addHandler(seen)
    level, access.level = access.level, logging.INFO  # whatever level an earlier test left on the root
    try:
        asked = client.get("/api/probe/ping?tracking_code=rahasia", headers={"X-Request-ID": "jejak-1"})
        assert asked.status_code == 200
        assert client.get("/healthz").status_code == 200
    finally:
        access.removeHandler(seen)
        access.setLevel(level)
    assert len(seen.records) == 1  # the orchestrator's probes are not logged
    (line,) = seen.records
    assert (line.method, line.path, line.status, line.user) == ("GET", "/api/probe/ping", 200, "anonymous")
    assert line.duration_ms >= 0 and line.request_id == "jejak-1"
    assert "rahasia" not in line.getMessage() and "rahasia" not in str(vars(line))

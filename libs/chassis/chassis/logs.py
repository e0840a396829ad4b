"""JSON logs, one object per line, carrying the request id of the request being served."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        body = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            body["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                body[key] = value
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, default=str, ensure_ascii=False)


def configure(service: str, level: str = "INFO", json_lines: bool = True) -> None:
    """Route the root logger to stderr once per process."""
    root = logging.getLogger()
    if getattr(root, "_suite_configured", None) == service:
        return
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter(f"%(asctime)s {service} %(levelname)s %(name)s: %(message)s"))
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("pika").setLevel(logging.WARNING)
    root._suite_configured = service


ACCESS = logging.getLogger("access")
# The orchestrator's probes and the metrics scraper would drown the access log.
PROBES = frozenset(("/healthz", "/readyz", "/metrics"))


def access(method: str, path: str, status: int, duration_s: float, user: str | None) -> None:
    """One access line per request: the path without its query string (tracking codes and tokens travel there), the
    status, the time taken, the account or "anonymous"; the request id comes from the context like every line."""
    ACCESS.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round(duration_s * 1000, 1),
            "user": user or "anonymous",
            "request_id": request_id_var.get(),
        },
    )

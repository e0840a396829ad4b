"""Shared gunicorn settings for the services' web processes."""

from __future__ import annotations

import os
import tempfile


def configure(namespace: dict, *, service: str, default_port: int) -> None:
    """Fill a ``gunicorn.conf.py`` namespace: bind, workers, JSON access log, multi-process metrics."""
    port = os.environ.get("PORT", str(default_port))
    namespace["bind"] = os.environ.get("BIND", f"127.0.0.1:{port}")
    namespace["workers"] = int(os.environ.get("WEB_CONCURRENCY", "2"))
    namespace["threads"] = int(os.environ.get("WEB_THREADS", "4"))
    namespace["timeout"] = int(os.environ.get("WEB_TIMEOUT", "30"))
    namespace["keepalive"] = 30
    namespace["accesslog"] = None
    namespace["proc_name"] = f"suite-{service}"
    # gunicorn 23+ opens a control socket at one fixed path per user; several masters would fight over it.
    namespace["control_socket_disable"] = True
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=f"prom-{service}-")

    def child_exit(_server, worker):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

    namespace["child_exit"] = child_exit

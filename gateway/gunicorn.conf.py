"""Gunicorn settings of the gateway (aiohttp worker; async, so a few processes carry a lot)."""

import os

from chassis.gunicorn import configure

if "GATEWAY_PORT" in os.environ:
    os.environ["PORT"] = os.environ["GATEWAY_PORT"]
configure(globals(), service="gateway", default_port=8080)
worker_class = "aiohttp.GunicornWebWorker"
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
threads = 1


def on_starting(server):
    """Once, in the master: migrate, create the signing key and the first admin (``make run``).

    Deployments run ``python -m gateway.cli bootstrap`` once per release (the gateway-migrate job) and set
    GATEWAY_BOOTSTRAP_ON_START=false, so replicas never race on a migration.
    """
    if os.environ.get("GATEWAY_BOOTSTRAP_ON_START", "true").strip().lower() in ("0", "false", "no", "off"):
        return
    from gateway.bootstrap import announce, bootstrap
    from gateway.settings import from_env

    announce(*bootstrap(from_env()))

"""Gunicorn settings of the PPID web process (stateless; scale out freely)."""

from chassis.gunicorn import configure

configure(globals(), service="ppid", default_port=8103)

"""Gunicorn settings of the newsroom web process (stateless; scale out freely)."""

from chassis.gunicorn import configure

configure(globals(), service="newsroom", default_port=8102)

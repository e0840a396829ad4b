"""Gunicorn settings of the registry web process (stateless; scale out freely)."""

from chassis.gunicorn import configure

configure(globals(), service="registry", default_port=8101)

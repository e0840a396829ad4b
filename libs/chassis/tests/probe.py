"""A tiny service of the tests' own: an outbox, an inbox and one table of effects."""

from __future__ import annotations

import os
import sys

from sqlalchemy import Column, Integer, String, Table, insert

from chassis.consumer import Handlers
from chassis.db import Database, service_metadata
from chassis.messaging import define_tables
from chassis.settings import ServiceSettings

metadata = service_metadata()
tables = define_tables(metadata)
effects = Table(
    "effects",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False),
    Column("value", Integer, nullable=False),
)

handlers = Handlers()


@handlers.on("probe.thing.happened.v1")
def record(uow, event):
    if event.data.get("poison"):
        raise ValueError("this event can never be handled")
    uow.session.execute(insert(effects).values(event_id=event.id, value=event.data["value"]))


def settings_for(database_url: str, amqp_url: str, prefix: str, **overrides) -> ServiceSettings:
    # Short-lived test queues dead-letter at most once (see the setting); test_quorum_queues asks for the real one.
    defaults = {"events_retry_delays_ms": (50, 100), "relay_poll_seconds": 0.05, "log_json": False,
                "events_dead_letter_strategy": "at-most-once"}  # fmt: skip
    return ServiceSettings(
        service_name="probe",
        database_url=database_url,
        amqp_url=amqp_url,
        events_prefix=prefix,
        **{**defaults, **overrides},
    )


def database(url: str) -> Database:
    db = Database(url)
    metadata.create_all(db.engine)
    return db


def create_app():
    """The probe as a service app (``flask --app probe:create_app worker``), its settings from the environment."""
    from pathlib import Path

    from chassis import settings as settings_module
    from chassis.web import create_service_app

    settings = settings_module.load(ServiceSettings, service_name="probe")
    return create_service_app(
        settings, metadata, tables, title="Probe", handlers=handlers, migrations=Path(__file__).parent
    )


if __name__ == "__main__":
    # Run a relay in its own process (the test kills it mid-batch).
    from chassis.relay import Relay

    settings = settings_for(sys.argv[1], sys.argv[2], sys.argv[3], relay_batch_size=int(os.environ.get("BATCH", "100")))
    Relay(settings, database(settings.database_url), tables).run()

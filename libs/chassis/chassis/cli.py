"""Flask commands every service gets: ``db upgrade``, ``worker`` (relay + consumer), ``relay``, ``consume``."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask
from flask.cli import AppGroup

from chassis import province
from chassis.consumer import Consumer, Handlers

if TYPE_CHECKING:
    from chassis.relay import Relay

log = logging.getLogger("chassis.cli")


@dataclasses.dataclass(frozen=True)
class Periodic:
    """A job the worker runs every ``seconds`` inside the app context (deadline sweeps, scheduled publishing)."""

    name: str
    seconds: float
    run: Callable[[], object]


class PeriodicRunner:
    def __init__(self, app: Flask, job: Periodic):
        self.app = app
        self.job = job
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                with self.app.app_context():
                    self.job.run()
            except Exception:  # a failed sweep is logged and tried again next time
                log.exception("periodic job %s failed", self.job.name)
            self.stopping.wait(self.job.seconds)

    def stop(self) -> None:
        self.stopping.set()


def register(
    app: Flask,
    handlers: Handlers,
    migrations_dir: Path,
    periodic: tuple[Periodic, ...] = (),
    province_handlers: Handlers | None = None,
    snapshot: Callable | None = None,
) -> None:
    """The service's commands. ``province_handlers`` and ``snapshot`` (see chassis.province) default to those
    the service defines in its ``province.py``."""
    suite = app.extensions["suite"]
    if province_handlers is None and snapshot is None:
        province_handlers, snapshot = province.service_hooks(app.import_name)
    province_handlers = province_handlers or Handlers()
    db_group = AppGroup("db", help="Database migrations.")

    @db_group.command("upgrade")
    @click.argument("revision", default="head")
    def upgrade(revision: str) -> None:
        """Apply this service's Alembic migrations."""
        from chassis import migrations  # Alembic: for this command, not for a web worker

        migrations.upgrade(migrations_dir, suite.db.url, revision)
        click.echo(f"{suite.settings.service_name}: database at {revision}")

    app.cli.add_command(db_group)

    def _run(*runners) -> None:
        from chassis.worker import run_until_stopped  # the relay and pika: for the worker, not a web worker

        run_until_stopped(suite.settings, suite.db, suite.tables, list(runners))

    def relay() -> Relay:
        from chassis.relay import Relay

        return Relay(suite.settings, suite.db, suite.tables)

    def consumer() -> Consumer:
        return Consumer(suite.settings, suite.db, suite.tables, handlers)

    def province_consumers() -> list[Consumer]:
        """At a province, the consumer of the regencies' events (``<service>.province`` on PROVINCE_EXCHANGE)."""
        if not (province.is_province(suite.settings) and province_handlers.by_type):
            return []
        return [province.consumer(suite.settings, suite.db, suite.tables, province_handlers)]

    @app.cli.command("worker")
    def worker() -> None:
        """Run the outbox relay, the consumer if the service consumes events, and its periodic jobs."""
        runners = [relay(), *([consumer()] if handlers.by_type else []), *province_consumers()]
        runners += [PeriodicRunner(app, j) for j in periodic]
        _run(*runners)

    @app.cli.command("province-snapshot")
    @click.option("--batch", default=500, show_default=True, help="Events written to the outbox at a time.")
    def province_snapshot(batch: int) -> None:
        """Send the province the current state of this office's records, once, after joining it."""
        if snapshot is None:
            click.echo(f"{suite.settings.service_name}: tidak ada data untuk dikirim ke provinsi")
            return
        count = province.take_snapshot(suite.settings, suite.db, suite.tables, snapshot, batch=batch)
        click.echo(f"{suite.settings.service_name}: {count} rekaman dikirim ke provinsi (lewat outbox)")

    @app.cli.command("relay")
    def relay_command() -> None:
        """Run only the outbox relay."""
        _run(relay())

    @app.cli.command("consume")
    def consume_command() -> None:
        """Run only the event consumer."""
        _run(consumer())

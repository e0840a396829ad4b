"""The province: a suite that also receives its regencies' events, federated by RabbitMQ.

Each regency's (kabupaten/kota) broker is an upstream of the province broker's own exchange
``PROVINCE_EXCHANGE`` (``province.events``), never of the province's ``suite.events``: a regency's event
never reaches the province's ordinary consumers. A service that keeps a provincial view defines, in
``<service>/province.py``, ``province_handlers`` (a ``chassis.consumer.Handlers``; handlers take
``(uow, event)``) and ``snapshot(uow) -> int`` (emits one ``<service>.<aggregate>.snapshot.v1`` per aggregate
with its current state, for a regency that joins late). When ``PROVINCE_EXCHANGE`` is set the worker also
consumes ``<service>.province`` bound to that exchange with those handlers; the inbox dedupes on
``(source, id)``, so two regencies' events never shadow each other.

Whose event it is, is the CloudEvents ``source``: ``/<region code>/<service>`` (``/35.78/ppid``).
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from collections.abc import Callable, Iterable

from chassis.consumer import Consumer, Handlers
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork
from chassis.settings import ServiceSettings

Snapshot = Callable[[UnitOfWork], int]


def region_of(event: CloudEvent) -> str:
    """The region code of the office that published ``event``: the first segment of its ``source``."""
    parts = event.source.split("/")
    if len(parts) < 3 or parts[0] != "" or not parts[1].strip():
        raise InvalidEvent(f"source {event.source!r} does not name a region (expected /<region code>/<service>)")
    return parts[1].strip()


def regions(settings: ServiceSettings) -> list[tuple[str, str]]:
    """The province's regencies from PROVINCE_REGIONS, in the order given: ``[(code, name), ...]``.

    A pair without a name (``35.78``) is named by its code; a code listed twice keeps its first name.
    """
    found: dict[str, str] = {}
    for pair in settings.province_regions:
        code, _, name = pair.partition("=")
        code, name = code.strip(), name.strip()
        if code and code not in found:
            found[code] = name or code
    return list(found.items())


def listed_regions(settings: ServiceSettings, seen: Iterable[str]) -> list[tuple[str, str]]:
    """The regions a roll-up shows: every configured one (also those with no event yet), then any other
    region an event came from (named by its code), in code order."""
    configured = regions(settings)
    known = {code for code, _ in configured}
    return configured + [(code, code) for code in sorted(set(seen) - known)]


def is_province(settings: ServiceSettings) -> bool:
    return bool(settings.province_exchange)


def exchange(settings: ServiceSettings) -> str:
    return settings.events_prefix + settings.province_exchange


def queue(settings: ServiceSettings) -> str:
    return f"{settings.events_prefix}{settings.service_name}.province"


def consumer_settings(settings: ServiceSettings) -> ServiceSettings:
    """``settings`` as the province consumer sees them: its queue is ``<service>.province`` (with its own
    retries and dead letters) bound to the province exchange; everything else (database, broker, source,
    metrics' service label) is the service's own. The ordinary consumer and broker topology serve it as is."""
    base = type(settings)
    view = type(
        f"Province{base.__name__}",
        (base,),
        {"exchange": property(exchange), "queue": property(queue), "__doc__": consumer_settings.__doc__},
    )
    return view(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)})


def consumer(settings: ServiceSettings, db, tables, handlers: Handlers) -> Consumer:
    """The province consumer: the service's handlers of its regencies' events, on ``<service>.province``."""
    return Consumer(consumer_settings(settings), db, tables, handlers)


def service_hooks(package: str) -> tuple[Handlers | None, Snapshot | None]:
    """The ``province_handlers`` and ``snapshot`` a service defines in ``<package>/province.py``, if any.

    Only a missing module means "no provincial view"; an error inside it is raised, never taken for absence.
    """
    try:
        spec = importlib.util.find_spec(f"{package}.province")
    except ModuleNotFoundError:
        return None, None
    if spec is None:
        return None, None
    module = importlib.import_module(f"{package}.province")
    return getattr(module, "province_handlers", None), getattr(module, "snapshot", None)


class SnapshotUnitOfWork(UnitOfWork):
    """A unit of work for a snapshot: what ``snapshot`` emits goes into the outbox every ``batch`` events,
    inside the one transaction, so a snapshot of thousands of aggregates holds few events in memory and enters
    the outbox whole or not at all."""

    def __init__(self, *args, batch: int = 500, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.emitted = 0

    def emit(self, type: str, data: dict, subject: str | None = None) -> CloudEvent:
        event = super().emit(type, data, subject)
        self.emitted += 1
        if len(self.events) >= self.batch:
            self.flush_events()
        return event


def take_snapshot(settings: ServiceSettings, db, tables, snapshot: Snapshot, batch: int = 500) -> int:
    """Run the service's ``snapshot`` in one unit of work and commit: its events travel like any other."""
    with SnapshotUnitOfWork(db, tables, settings.source, batch=batch) as uow:
        count = snapshot(uow)
        emitted = uow.emitted
        uow.commit()
    return count if isinstance(count, int) else emitted


def is_stale(stored, incoming) -> bool:
    """Whether an event carrying ``incoming`` (a revision or an ISO timestamp) is older than the row's
    ``stored`` one: such an event must not overwrite the fact row. Missing values never count as stale."""
    if stored is None or incoming is None:
        return False
    try:
        return incoming < stored
    except TypeError:
        return str(incoming) < str(stored)

"""Events the newsroom publishes and consumes.

Published: one per workflow move, written through the outbox by ``use_cases.workflow`` (``ACTIONS`` names each
move's event), and the late-join snapshot (``newsroom.province``). Consumed from this suite's own services
(``handlers``): the office's OPD list, from its gateway (``opds_changed``). The province's copies of its regencies'
published, corrected and withdrawn items arrive on the province exchange instead, handled by
``newsroom.province.province_handlers``.
"""

from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from newsroom.domain import opds as rules

SUBMITTED = "newsroom.article.submitted.v1"
RETURNED = "newsroom.article.returned.v1"
APPROVED = "newsroom.article.approved.v1"
SCHEDULED = "newsroom.article.scheduled.v1"
PUBLISHED = "newsroom.article.published.v1"
CORRECTED = "newsroom.article.corrected.v1"
WITHDRAWN = "newsroom.article.withdrawn.v1"
# An article's current state, sent once when a regency joins its province late (newsroom.province.snapshot).
SNAPSHOT = "newsroom.article.snapshot.v1"
PUBLISHES = (SUBMITTED, RETURNED, APPROVED, SCHEDULED, PUBLISHED, CORRECTED, WITHDRAWN, SNAPSHOT)
# The whole list of the office's OPDs, with its version, each time the admin changes it at the gateway.
OPDS_CHANGED = "gateway.opds.changed.v1"

handlers = Handlers()


def _from_own_gateway(uow: UnitOfWork, event: CloudEvent) -> bool:
    """Whether the event comes from this office's gateway (the newsroom shares its org code): another office's
    list, reaching this broker by a misrouted federation, is not this office's."""
    return event.source == uow.source.rsplit("/", 1)[0] + "/gateway"


@handlers.on(OPDS_CHANGED)
def opds_changed(uow: UnitOfWork, event: CloudEvent) -> None:
    if not _from_own_gateway(uow, event):
        return
    # Imported here: the models import newsroom.province, which imports this module.
    from newsroom.use_cases import opds

    opds.replace_list(uow, rules.parse(event.data))

"""Events the newsroom publishes and consumes.

Published: one per workflow move, written through the outbox by ``use_cases.workflow`` (``ACTIONS`` names each
move's event), and the late-join snapshot (``newsroom.province``). Consumed from this suite's own services
(``handlers``): the office's OPD list, from its gateway (``opds_changed``). The province's copies of its regencies'
published, corrected and withdrawn items arrive on the province exchange instead, handled by
``newsroom.province.province_handlers``.
"""

from chassis import opds as chassis_opds
from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork

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
OPDS_CHANGED = chassis_opds.CHANGED

handlers = Handlers()


@handlers.on(OPDS_CHANGED)
def opds_changed(uow: UnitOfWork, event: CloudEvent) -> None:
    """The office's list (another office's, reaching this broker by a misrouted federation, is not)."""
    if not chassis_opds.from_own_gateway(uow.source, event):
        return
    # Imported here: the models import newsroom.province, which imports this module.
    from newsroom.use_cases import opds

    opds.replace_list(uow, event.data)

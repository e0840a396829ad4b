"""Events the newsroom publishes and consumes.

Published: one per workflow move, written through the outbox by ``use_cases.workflow`` (``ACTIONS`` names each
move's event), and the late-join snapshot (``newsroom.province``). Consumed from this suite's own services: none
(``handlers``). The province's copies of its regencies' published, corrected and withdrawn items arrive on the
province exchange instead, handled by ``newsroom.province.province_handlers``.
"""

from chassis.consumer import Handlers

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

handlers = Handlers()

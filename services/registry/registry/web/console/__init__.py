"""The office's console (verifier and approver), one module per area: the applications (queue, review, decisions),
decrees and contracts, proofs and payments, periods and the catalogue (with the period form's parser in its own
module), and KIM with the overview. Every page runs the use case of its area; nothing here decides who may."""

from __future__ import annotations

from flask import request

from chassis.auth import page_login_required
from registry.use_cases.application_views import queue

# Any of the office's staff reaches the console; each use case then holds its own permission.
staff = page_login_required(queue)
QUEUE_SIZE = 50


def chosen_period_id() -> int | None:
    return request.values.get("period_id", type=int)


from registry.web.console import applications as _applications  # noqa: E402, F401 - register the pages
from registry.web.console import contracts as _contracts  # noqa: E402, F401
from registry.web.console import kim as _kim  # noqa: E402, F401
from registry.web.console import money as _money  # noqa: E402, F401
from registry.web.console import periods as _periods  # noqa: E402, F401
from registry.web.console import personal_data as _personal_data  # noqa: E402, F401

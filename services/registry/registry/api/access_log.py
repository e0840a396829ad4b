"""``GET /api/registry/privacy/access-log`` (JSON or ``format=csv``) and ``.../access-log/summary``: the data
protection officer's reading of who revealed, exported or changed whose personal data (chassis.privacy)."""

from __future__ import annotations

from chassis.privacy import access_log_blueprint
from registry.context import context
from registry.domain.permissions import READ_ACCESS_LOG
from registry.models import ACCESS_LOG

blp = access_log_blueprint("registry", ACCESS_LOG, READ_ACCESS_LOG, context)

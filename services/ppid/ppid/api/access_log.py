"""``GET /api/ppid/privacy/access-log`` (JSON or ``format=csv``) and ``.../access-log/summary``: the data protection
officer's reading of who revealed, exported or changed whose personal data (chassis.privacy)."""

from __future__ import annotations

from chassis.privacy import access_log_blueprint
from ppid.context import context
from ppid.domain.permissions import READ_ACCESS_LOG
from ppid.models import ACCESS_LOG

blp = access_log_blueprint("ppid", ACCESS_LOG, READ_ACCESS_LOG, context)

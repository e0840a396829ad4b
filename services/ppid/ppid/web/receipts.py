"""Short-lived signed cookies that carry what a citizen's page shows after a Post/Redirect/Get.

A successful form answers 303 to a page that reads this cookie, so reloading it never files again; the tracking
code travels in the cookie (HttpOnly, limited to the pages that read it), never in the URL, where it would end in
the history, the logs and the Referer. The signing key is derived from PERSONAL_DATA_INDEX_KEY, a setting every
replica shares, so a receipt written by one process is read by any other.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Response, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from chassis import personal_data
from chassis.web import suite

RECEIPT = "ppid_tanda_terima"
TRACKED = "ppid_lacak"
OBJECTION = "ppid_keberatan"
# Long enough to print or copy the code; short enough that a shared computer does not keep it for long.
MAX_AGE = {RECEIPT: 15 * 60, TRACKED: 30 * 60, OBJECTION: 15 * 60}
PATHS = {RECEIPT: "/ppid/permohonan", TRACKED: "/ppid/lacak", OBJECTION: "/ppid/keberatan"}


def _serializer(name: str) -> URLSafeTimedSerializer:
    index_key = personal_data.sealer(suite().settings).index_key
    secret = hmac.new(index_key, b"ppid.page-cookie", hashlib.sha256).digest()
    return URLSafeTimedSerializer(secret, salt=f"ppid.{name}")


def put(response: Response, name: str, value: dict) -> Response:
    """Write ``value`` (JSON-able) into the signed cookie ``name`` on ``response``."""
    response.set_cookie(
        name,
        _serializer(name).dumps(value),
        max_age=MAX_AGE[name],
        path=PATHS[name],
        secure=suite().settings.https,
        httponly=True,
        samesite="Lax",
    )
    return response


def read(name: str) -> dict | None:
    """The value of the signed cookie ``name``, or None when it is absent, altered or older than its life."""
    raw = request.cookies.get(name)
    if not raw:
        return None
    try:
        value = _serializer(name).loads(raw, max_age=MAX_AGE[name])
    except BadSignature:
        return None
    return value if isinstance(value, dict) else None

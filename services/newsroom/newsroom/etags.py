"""ETags of the newsroom's public reads, and 304 for If-None-Match.

Public reads (the list API, an item, its page, the feeds) say ``Cache-Control: public, max-age=...`` themselves
(``chassis.caching``).
``conditional`` runs after them: it gives such a 200 answer a weak ETag over its body when it has none (an item
already carries its version, the one writes are checked against) and answers 304 without the body when the
client's If-None-Match names it. Staff answers are never public, so they are never turned into a 304.
"""

from __future__ import annotations

import hashlib

from flask import Response, request


def conditional(response: Response) -> Response:
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or not response.cache_control.public
        or response.direct_passthrough  # a file sent as it is read: send_file handles its own validators
    ):
        return response
    if "ETag" not in response.headers:
        response.set_etag(hashlib.blake2b(response.get_data(), digest_size=16).hexdigest(), weak=True)
    return response.make_conditional(request)

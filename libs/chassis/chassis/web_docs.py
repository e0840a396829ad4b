"""The API docs page of every service: flask-smorest's ReDoc page with the ReDoc bundle served by the service."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Flask, Response, request

# flask-smorest's docs blueprint ("api-docs") and its ReDoc page.
DOCS_ENDPOINT = "api-docs.openapi_redoc"
# ReDoc 2.5.4's standalone bundle from npm (``redoc``, MIT, see static/redoc.LICENSE), served by the service itself:
# the policy allows no script from another host, and the docs work where the office network reaches no CDN.
STATIC_DIR = Path(__file__).parent / "static"
REDOC_SCRIPT = "redoc.standalone.js"
REDOC_MAX_AGE = 7 * 24 * 3600
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK_IMAGE = b"data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


@functools.cache
def redoc_bundle() -> tuple[bytes, str]:
    """The bundle as served, and its ETag. Its one outside address, the footer's logo on cdn.redoc.ly, becomes a
    blank image: the policy would block it anyway, and the browser would report a violation on every visit."""
    data = (STATIC_DIR / REDOC_SCRIPT).read_bytes().replace(REDOC_LOGO, BLANK_IMAGE)
    return data, hashlib.sha256(data).hexdigest()[:32]


def install_redoc_script(app: Flask, name: str) -> None:
    @app.get(f"/api/{name}/docs/{REDOC_SCRIPT}", endpoint="chassis_redoc_script")
    def redoc_script():
        data, etag = redoc_bundle()
        response = Response(data, mimetype="text/javascript")
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = REDOC_MAX_AGE
        return response.make_conditional(request)

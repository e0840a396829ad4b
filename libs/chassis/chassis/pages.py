"""What every service's pages share, from one place: the suite's stylesheet and layout (``templates/chassis/``,
``static/suite/``), and the HTML error page a browser gets where an API client gets problem+json.

A browser asks for ``text/html`` before anything else; an API client asks for JSON or for anything (``*/*``).
``wants_html`` reads that from ``Accept``, so one address answers each in its own language.
"""

from __future__ import annotations

import functools
from pathlib import Path

from flask import Flask, Response, g, request, send_from_directory

SUITE_STATIC = Path(__file__).parent / "static" / "suite"
TEMPLATES = Path(__file__).parent / "templates"

# What the page's heading says for a status; the detail below it is the problem's own.
HEADINGS = {
    400: "Permintaan tidak dapat dipahami",
    401: "Silakan masuk dulu",
    403: "Akses ditolak",
    404: "Halaman tidak ditemukan",
    405: "Cara membuka halaman ini tidak diizinkan",
    409: "Belum dapat dilakukan sekarang",
    410: "Halaman ini sudah tidak tersedia",
    413: "Isi yang dikirim terlalu besar",
    422: "Isian belum benar",
    429: "Terlalu banyak permintaan",
    500: "Terjadi kesalahan di server",
    502: "Layanan tidak menjawab dengan benar",
    503: "Layanan sedang tidak tersedia",
    504: "Layanan terlalu lama menjawab",
}


def wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["application/problem+json", "application/json", "text/html"])
    return best == "text/html"


@functools.cache
def environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def role_words(roles, joiner: str = ", ") -> str:
    """The roles as people read them: the labels of the service's ``domain/permissions.py`` ``ROLES`` (every
    service keeps them there, by the suite's shape), a code only where no label is known (another service's)."""
    import importlib

    from flask import current_app

    try:
        labels = importlib.import_module(f"{current_app.import_name}.domain.permissions").ROLES
    except (ImportError, AttributeError):
        labels = {}
    return joiner.join(sorted(labels.get(role, role) for role in roles))


def stylesheet_url(service: str) -> str:
    return f"/{service}/_suite/suite.css"


def error_page(body: dict, service: str, office: str, headers: dict | None = None) -> Response:
    """The problem ``body`` as a page in the suite's layout: what happened, who is signed in (a 403 says as whom),
    and where to go next (signing in again for a 401 or 403, the home page always)."""
    status = body["status"]
    who = g.get("principal")
    page = (
        environment()
        .get_template("chassis/error.html")
        .render(
            title=HEADINGS.get(status, body.get("title") or "Terjadi kesalahan"),
            detail=body.get("detail") or "",
            status=status,
            who=who,
            roles=role_words(who.roles) if who is not None else "",
            login=request.full_path.rstrip("?") if status in (401, 403) else None,
            request_id=g.get("request_id", ""),
            office=office,
            stylesheet=stylesheet_url(service),
        )
    )
    response = Response(page, status=status, mimetype="text/html")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def install_suite_static(app: Flask, service: str) -> None:
    """``/<service>/_suite/<file>``: the shared stylesheet, under the service's own prefix so the gateway routes it
    like the service's pages."""

    import jinja2

    # The chassis' templates (``chassis/layout.html``, ``chassis/privacy_notice.html``) after the app's own.
    loaders = [app.jinja_loader] if app.jinja_loader is not None else []
    app.jinja_loader = jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(TEMPLATES)])

    @app.get(f"/{service}/_suite/<path:filename>", endpoint="chassis_suite_static")
    def suite_static(filename: str):
        return send_from_directory(SUITE_STATIC, filename, max_age=3600)

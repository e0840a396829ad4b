"""Every error of a service as problem+json: the service's own (``Problem``), the use cases' (``DomainError``),
werkzeug's (404, 405, 413 ... in Bahasa Indonesia), flask-smorest's field errors, values the database cannot hold,
and anything unexpected (a logged 500 that tells nothing of the inside)."""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_request_context, jsonify
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from chassis.errors import DomainError
from chassis.pages import error_page, wants_html
from chassis.problems import PROBLEM_JSON, Problem, flatten_errors, problem_body

log = logging.getLogger("chassis.web")


def problem_response(body: dict, headers: dict | None = None):
    """The problem as problem+json, or as the suite's error page for a browser (``Accept`` prefers HTML)."""
    if has_request_context() and wants_html():
        settings = current_app.extensions["suite"].settings
        return error_page(body, settings.service_name, settings.org_name, headers)
    response = jsonify(body)
    response.status_code = body["status"]
    response.mimetype = PROBLEM_JSON
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


# What people read for the errors werkzeug raises itself (unknown address, wrong method, body too large).
HTTP_DETAILS = {
    400: "Permintaan tidak dapat dipahami.",
    401: "Permintaan ini memerlukan token (Authorization: Bearer ...).",
    403: "Anda tidak berhak membuka ini.",
    404: "Alamat tidak ditemukan.",
    405: "Metode ini tidak diizinkan untuk alamat ini.",
    406: "Format jawaban yang diminta (Accept) tidak tersedia.",
    408: "Permintaan tidak selesai dikirim tepat waktu.",
    409: "Permintaan bertentangan dengan keadaan data saat ini.",
    410: "Alamat ini sudah tidak tersedia.",
    411: "Permintaan ini memerlukan header Content-Length.",
    412: "Prasyarat permintaan (If-Match) tidak terpenuhi.",
    413: "Isi permintaan terlalu besar.",
    414: "Alamat terlalu panjang.",
    415: "Jenis isi permintaan tidak didukung.",
    416: "Rentang yang diminta tidak tersedia.",
    422: "Isian tidak valid.",
    423: "Data sedang dikunci.",
    428: "Permintaan ini harus bersyarat (If-Match).",
    429: "Terlalu banyak permintaan; coba lagi nanti.",
    431: "Header permintaan terlalu besar.",
    500: "Terjadi kesalahan di server; sudah dicatat.",
    501: "Tindakan ini tidak didukung.",
    502: "Layanan di belakang gateway memberi jawaban yang tidak sah.",
    503: "Layanan sedang tidak tersedia; coba lagi nanti.",
}


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem):
        return problem_response(exc.body(), exc.headers)

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.body(), headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        extra = {}
        detail = exc.description
        if detail == type(exc).description:  # werkzeug's English default, not a message of the service's own
            detail = HTTP_DETAILS.get(exc.code, detail)
        data = getattr(exc, "data", None) or {}
        messages = data.get("messages")
        if messages:
            # flask-smorest puts marshmallow errors by location ("json", "query", ...).
            errors = []
            for location, fields in messages.items():
                for item in flatten_errors(fields):
                    errors.append({**item, "location": location})
            extra["errors"] = errors
            detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        headers = {k: v for k, v in (data.get("headers") or {}).items()}
        if exc.code == 405 and exc.valid_methods:
            headers["Allow"] = ", ".join(exc.valid_methods)
        return problem_response(problem_body(exc.code or 500, detail, **extra), headers)

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _out_of_range(exc: Exception):
        # The last net under the schemas' bounds: a number or text the database cannot hold is the client's.
        log.warning("value out of range for the database: %s", exc.__class__.__name__, exc_info=exc)
        detail = "Ada nilai yang tidak dapat disimpan (angka di luar batas atau karakter yang tidak sah)."
        errors = [{"field": "_body", "message": "Tidak dapat disimpan."}]
        return problem_response(problem_body(422, detail, errors=errors))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return problem_response(problem_body(500, "Terjadi kesalahan di server; sudah dicatat."))

"""Where the registry keeps uploaded files, and how a use case keeps one: only with a change that commits."""

from __future__ import annotations

from pathlib import Path

from chassis import files
from chassis.messaging import UnitOfWork


def root() -> Path:
    from chassis.web import suite

    return files.storage_root(suite().settings.storage_dir, "registry-files")


def keep(uow: UnitOfWork, upload: files.Upload | None) -> dict | None:
    """The columns a row keeps about ``upload`` (None without one); the file is written when ``uow`` commits, after
    every check of the use case passed, and never for a refused or rolled back change."""
    if upload is None:
        return None
    uow.keep_file(root(), upload)
    return upload.meta()


# Shown in an <img> on the registry's own pages (KIM photos, proof screenshots): these alone may be served inline.
INLINE_TYPES = frozenset({files.PNG.mime, files.JPEG.mime})


def response(digest: str, mime: str, name: str | None = None, *, shown: bool = False, public: bool = False,
             staff_preview: bool = False):  # fmt: skip
    """A stored file as a download. Inline only when ``shown`` on a page and an image by its checked type; always
    ``nosniff`` and sandboxed, so a PNG/HTML polyglot or a PDF with scripts is never run as a page of this site.

    ``staff_preview``: the verifier's review page also shows a PDF beside its verdict (never public, never cached);
    it is left unsandboxed, as browsers refuse to draw a PDF under a sandbox policy."""
    from flask import send_file

    preview_pdf = staff_preview and not public and mime == files.PDF.mime
    inline = (shown and mime in INLINE_TYPES) or preview_pdf
    result = send_file(path(digest), mimetype=mime, download_name=name or f"berkas-{digest[:12]}",
                       as_attachment=not inline, max_age=31536000 if public else None)  # fmt: skip
    result.headers["X-Content-Type-Options"] = "nosniff"
    if not preview_pdf:
        result.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Public files are stored by checksum: they never change. Private ones are never kept by a shared cache.
    result.headers["Cache-Control"] = "public, max-age=31536000, immutable" if public else "private, no-store"
    return result


def path(digest: str) -> Path:
    return files.path_of(root(), digest)

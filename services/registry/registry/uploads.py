"""How the registry keeps uploaded files (in the chassis file store): only with a change that commits."""

from __future__ import annotations

from chassis import caching, files, filestore
from chassis.messaging import UnitOfWork


def keep(uow: UnitOfWork, upload: files.Upload | None) -> dict | None:
    """The columns a row keeps about ``upload`` (None without one); the file is written when ``uow`` commits, after
    every check of the use case passed, and never for a refused or rolled back change."""
    if upload is None:
        return None
    uow.keep_file(filestore.current(), upload)
    return upload.meta()


def referenced(session) -> set[str]:
    """Every checksum a registry row names (documents, proofs, payment papers, KIM photos, score claims): the sweep
    removes only files none of them names."""
    from sqlalchemy import select, union

    from registry.models import ApplicationDocument, KimActivity, PaymentDocument, Proof, ScoreClaim

    columns = (
        ApplicationDocument.file_sha256,
        Proof.file_sha256,
        PaymentDocument.file_sha256,
        KimActivity.photo_sha256,
        ScoreClaim.file_sha256,
    )
    return {name for name in session.scalars(union(*(select(c).where(c.is_not(None)) for c in columns))) if name}


# Shown in an <img> on the registry's own pages (KIM photos, proof screenshots): these alone may be served inline.
INLINE_TYPES = frozenset({files.PNG.mime, files.JPEG.mime})


def response(
    digest: str,
    mime: str,
    name: str | None = None,
    *,
    shown: bool = False,
    public: bool = False,
    staff_preview: bool = False,
):
    """A stored file as a download. Inline only when ``shown`` on a page and an image by its checked type; always
    ``nosniff`` and sandboxed, so a PNG/HTML polyglot or a PDF with scripts is never run as a page of this site.

    ``staff_preview``: the verifier's review page also shows a PDF beside its verdict (never public, never cached);
    it is left unsandboxed, as browsers refuse to draw a PDF under a sandbox policy."""
    preview_pdf = staff_preview and not public and mime == files.PDF.mime
    inline = (shown and mime in INLINE_TYPES) or preview_pdf
    # Public files are stored by checksum: they never change. Private ones are never kept by a shared cache.
    headers = dict(caching.IMMUTABLE if public else caching.PRIVATE)
    if not preview_pdf:
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return filestore.send(digest, mime, name or f"berkas-{(digest or '')[:12]}", inline=inline, headers=headers)

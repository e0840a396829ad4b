"""Images: type checked by content, size limited, resized with Pillow to web widths, stored by checksum."""

from __future__ import annotations

import io

from chassis import files, filestore
from chassis.errors import Invalid

WIDTHS = (320, 800, 1600)
# What may be attached to an item: the full release or a scanned letter (PDF, JPEG, PNG) and the office documents
# releases and letters come as (DOCX, XLSX, ODT, ODS; macros refused), each checked by content.
ATTACHMENT_KINDS = (*files.DEFAULT, *files.OFFICE)


def renditions(data: bytes, max_bytes: int) -> dict[str, files.Upload]:
    """{width: JPEG} renditions no wider than the original (never upscaled), made in memory: nothing is written
    until the unit of work that keeps them commits."""
    files.check(data, max_bytes, images_only=True)
    image = files.decoded_image(data, "file").convert("RGB")  # pixels bounded before anything is decoded
    made: dict[str, files.Upload] = {}
    for width in WIDTHS:
        target = min(width, image.width)  # never wider than the original
        if str(target) in made:
            break
        copy = image.copy()
        copy.thumbnail((target, 10_000))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        made[str(copy.width)] = files.accept(buffer.getvalue(), "gambar.jpg", max_bytes, kinds=files.IMAGES)
    return made


def from_upload(upload, settings) -> dict[str, files.Upload]:
    """The renditions of an uploaded image (a ``FileStorage``), or a 422 naming ``file`` when none was sent."""
    if upload is None or not upload.filename:
        raise Invalid(None, "Pilih berkas gambar.", errors=[{"field": "file", "message": "Wajib diisi."}])
    return renditions(upload.read(settings.image_max_bytes + 1), settings.image_max_bytes)


def attachment_from_upload(upload, settings) -> files.Upload:
    """An uploaded attachment checked by content in memory, or a 422 naming ``file`` when none was sent."""
    accepted = files.accept_upload(upload, settings.attachment_max_bytes, kinds=ATTACHMENT_KINDS)
    if accepted is None:
        raise Invalid(None, "Pilih berkas lampiran.", errors=[{"field": "file", "message": "Wajib diisi."}])
    return accepted


def storage(settings) -> filestore.FileStore:
    """Where the newsroom keeps its files (images, captures, attachments), by checksum: the chassis file store."""
    return filestore.of(settings)


def referenced(session) -> set[str]:
    """Every checksum a row names: attachments, each image's renditions and a clarification's capture (the sweep
    removes only what none of them names)."""
    from sqlalchemy import select

    from newsroom.models import Article, ArticleAttachment, ArticleImage

    names = set(session.scalars(select(ArticleAttachment.file_sha256)))
    for renditions in session.scalars(select(ArticleImage.renditions)):
        names.update((renditions or {}).values())
    for claim in session.scalars(select(Article.clarification).where(Article.clarification.is_not(None))):
        names.update((((claim or {}).get("capture") or {}).get("renditions") or {}).values())
    return names


def url(base: str, sha: str) -> str:
    return f"{base.rstrip('/')}/newsroom/gambar/{sha}.jpg"

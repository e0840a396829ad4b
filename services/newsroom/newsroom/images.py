"""Images: type checked by content, size limited, resized with Pillow to web widths, stored by checksum."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from chassis import files
from chassis.problems import Problem

WIDTHS = (320, 800, 1600)
# The most pixels an upload may have: a 48-megapixel phone or camera photo passes; a small PNG declaring
# 20000 x 20000 (400 million pixels, 1.2 GB once decoded) does not.
MAX_PIXELS = 50_000_000
# What may be attached to an item: the full release or a scanned letter (PDF, JPEG, PNG) and the office documents
# releases and letters come as (DOCX, XLSX, ODT, ODS; macros refused), each checked by content.
ATTACHMENT_KINDS = (*files.DEFAULT, *files.OFFICE)


def _too_many_pixels() -> Problem:
    megapixels = MAX_PIXELS // 1_000_000
    return Problem(
        413,
        f"Gambar lebih dari {megapixels} megapiksel; perkecil ukurannya.",
        title="Content Too Large",
        errors=[{"field": "file", "message": f"Lebih dari {megapixels} megapiksel."}],
    )


def renditions(data: bytes, root, max_bytes: int) -> dict[str, str]:
    """{width: sha256} of JPEG renditions no wider than the original (never upscaled)."""
    files.check(data, max_bytes, images_only=True)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_PIXELS:  # read from the header, before anything is decoded
                raise _too_many_pixels()
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise Problem(415, "Berkas gambar rusak.", title="Unsupported Media Type",
                      errors=[{"field": "file", "message": "Tidak terbaca sebagai gambar."}]) from None  # fmt: skip
    stored = {}
    for width in WIDTHS:
        target = min(width, image.width)  # never wider than the original
        if str(target) in stored:
            break
        copy = image.copy()
        copy.thumbnail((target, 10_000))
        buffer = io.BytesIO()
        copy.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        stored[str(copy.width)] = files.store(buffer.getvalue(), "gambar.jpg", root, max_bytes)["file_sha256"]
    return stored


def from_upload(upload, settings) -> dict[str, str]:
    """The renditions of an uploaded image (a ``FileStorage``), or a 422 naming ``file`` when none was sent."""
    if upload is None or not upload.filename:
        raise Problem(422, "Pilih berkas gambar.", errors=[{"field": "file", "message": "Wajib diisi."}])
    root = files.storage_root(settings.storage_dir, "newsroom-files")
    return renditions(upload.read(settings.image_max_bytes + 1), root, settings.image_max_bytes)


def attachment_from_upload(upload, settings) -> dict:
    """An uploaded attachment checked by content and stored, or a 422 naming ``file`` when none was sent."""
    root = files.storage_root(settings.storage_dir, "newsroom-files")
    stored = files.from_upload(upload, root, settings.attachment_max_bytes, kinds=ATTACHMENT_KINDS)
    if stored is None:
        raise Problem(422, "Pilih berkas lampiran.", errors=[{"field": "file", "message": "Wajib diisi."}])
    return stored


def url(base: str, sha: str) -> str:
    return f"{base.rstrip('/')}/newsroom/gambar/{sha}.jpg"

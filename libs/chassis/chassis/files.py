"""Files people attach: type checked by content, size limited, stored by checksum under the storage directory."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from chassis.problems import Problem
from chassis.settings import var_dir

# What we accept, recognised by the first bytes of the file, never by its name.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def storage_root(configured: str, default_name: str = "files") -> Path:
    root = Path(configured) if configured else var_dir() / default_name
    root.mkdir(parents=True, exist_ok=True)
    return root


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, mime, suffix in SIGNATURES:
        if head.startswith(magic):
            return mime, suffix
    return None


def safe_name(name: str | None, suffix: str) -> str:
    """A display name for the download: letters, digits, dot, dash; the extension matches the real type."""
    stem = Path(name or "lampiran").stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80] or "lampiran"
    return stem + suffix


def check(data: bytes, max_bytes: int, field: str = "file", images_only: bool = False) -> tuple[str, str]:
    """(MIME type, suffix) of an upload within ``max_bytes`` whose content is an accepted type; 413 or 415 otherwise."""
    if len(data) > max_bytes:
        raise Problem(413, f"Berkas lebih dari {max_bytes // (1024 * 1024)} MB.", title="Content Too Large",
                      errors=[{"field": field, "message": "Terlalu besar."}])  # fmt: skip
    kind = sniff(data[:16])
    if kind is None or (images_only and not kind[0].startswith("image/")):
        accepted = "JPEG atau PNG" if images_only else "PDF, JPEG atau PNG"
        raise Problem(415, f"Hanya {accepted}.", title="Unsupported Media Type",
                      errors=[{"field": field, "message": "Jenis berkas tidak didukung."}])  # fmt: skip
    return kind


def store(data: bytes, name: str | None, root: Path, max_bytes: int, field: str = "file") -> dict:
    mime, suffix = check(data, max_bytes, field)
    digest = hashlib.sha256(data).hexdigest()
    path = root / digest[:2] / digest
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return {"file_name": safe_name(name, suffix), "file_type": mime, "file_size": len(data), "file_sha256": digest}


def path_of(root: Path, digest: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        raise Problem(404, "Berkas tidak ada.", title="Not Found")
    return root / digest[:2] / digest


def from_upload(upload, root: Path, max_bytes: int, field: str = "file") -> dict | None:
    """Store a werkzeug ``FileStorage`` (or nothing when no file was chosen); reads at most one byte past the limit."""
    if upload is None or not upload.filename:
        return None
    return store(upload.read(max_bytes + 1), upload.filename, root, max_bytes, field)

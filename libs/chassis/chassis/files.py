"""Files people attach: type checked by content, size limited, kept by checksum in the file store (chassis.filestore).

Each caller says which kinds it takes (``kinds``); PDF, JPEG and PNG unless it says otherwise. The office formats
(DOCX, XLSX, ODT, ODS) are ZIP containers, accepted only where a caller asks for them and only when the entries
inside prove the type. The archive is read in memory with bounded reads, never extracted: too many entries, a huge
declared uncompressed size (a zip bomb), encrypted entries and macros are refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from chassis.filestore import LocalStore
from chassis.problems import Problem
from chassis.settings import var_dir


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str  # what people read: "PDF", "DOCX"
    mime: str
    suffix: str


PDF = Kind("PDF", "application/pdf", ".pdf")
JPEG = Kind("JPEG", "image/jpeg", ".jpg")
PNG = Kind("PNG", "image/png", ".png")
DOCX = Kind("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
ODT = Kind("ODT", "application/vnd.oasis.opendocument.text", ".odt")
ODS = Kind("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods")

IMAGES = (JPEG, PNG)
DEFAULT = (PDF, JPEG, PNG)
OFFICE = (DOCX, XLSX, ODT, ODS)
KINDS = {kind.mime: kind for kind in (*DEFAULT, *OFFICE)}

# What we accept directly, recognised by the first bytes of the file, never by its name.
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP_MAGIC = b"PK\x03\x04"
# Bounds on an office file's ZIP container: real documents have tens to a few hundred entries.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 256 * 1024 * 1024  # declared, all entries together
ZIP_MAX_READ = 1024 * 1024  # of the few small entries read to prove the type
# What a damaged or unusual archive raises while it is read (unknown compression, bad CRC, truncated data).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
)
# The OOXML main part each type must declare in [Content_Types].xml, and the part it lives in.
OOXML = {
    DOCX: ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
ODF = {ODT.mime.encode(): ODT, ODS.mime.encode(): ODS}
# ODF macros: Basic modules (the library index files are not code) and scripts in any language.
ODF_MACRO = re.compile(r"(?i)^(basic/[^/]+/(?!script-lb\.xml$|dialog-lb\.xml$)[^/]+|scripts/.+[^/])$")


def storage_root(configured: str, default_name: str = "files") -> Path:
    root = Path(configured) if configured else var_dir() / default_name
    root.mkdir(parents=True, exist_ok=True)
    return root


def sniff(head: bytes) -> tuple[str, str] | None:
    """(MIME type, suffix) of a PDF, PNG or JPEG by its first bytes (the office formats need the whole file)."""
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind.mime, kind.suffix
    return None


def label(mime: str) -> str:
    """The name people know a stored type by ("DOCX"), or the MIME subtype when it is none of ours."""
    kind = KINDS.get(mime)
    return kind.name if kind else mime.rpartition("/")[2].upper()


def safe_name(name: str | None, suffix: str) -> str:
    """A display name for the download: letters, digits, dot, dash; the extension matches the real type."""
    stem = Path(name or "lampiran").stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80] or "lampiran"
    return stem + suffix


def _refused(detail: str, field: str, message: str) -> Problem:
    return Problem(415, detail, title="Unsupported Media Type", errors=[{"field": field, "message": message}])


def _accepted(kinds: Iterable[Kind]) -> str:
    names = [kind.name for kind in kinds]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """An entry's content when it is there and small; never more than ZIP_MAX_READ bytes are inflated."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ZIP_MAX_READ:
        return None
    with archive.open(info) as stream:
        content = stream.read(ZIP_MAX_READ + 1)
    return content if len(content) <= ZIP_MAX_READ else None


def _office(data: bytes, field: str) -> Kind | None:
    """The office type a ZIP container's entries prove, or None; a 415 for a bomb, encryption or macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED:
                raise _refused("Isi berkas terlalu besar atau terlalu banyak bagiannya.", field, "Arsip tidak wajar.")
            names = {e.filename for e in entries}
            if not entries or len(names) != len(entries) or min(e.header_offset for e in entries) != 0:
                return None  # empty, the same name twice, or data before the first entry: readers would disagree
            if any(e.flag_bits & 0x1 for e in entries):
                raise _refused("Berkas terenkripsi (berkata sandi) tidak diterima.", field, "Berkas terenkripsi.")
            if entries[0].filename == "mimetype" and entries[0].header_offset == 0:  # ODF: stored first
                return _odf(archive, names, field)
            types = _read(archive, "[Content_Types].xml")
            if types is None:
                return None
            if b"macroenabled" in types.lower() or any(n.lower().rpartition("/")[2] == "vbaproject.bin" for n in names):
                raise _macros(field)
            for kind, (part, main) in OOXML.items():
                declared = re.search(rb"""ContentType\s*=\s*["']""" + re.escape(main.encode()) + rb"""["']""", types)
                if part in names and declared:
                    return kind
            return None
    except ZIP_ERRORS:
        return None


def _odf(archive: zipfile.ZipFile, names: set[str], field: str) -> Kind | None:
    kind = ODF.get(_read(archive, "mimetype") or b"")
    if kind is None or "content.xml" not in names:
        return None
    if b"encryption-data" in (_read(archive, "META-INF/manifest.xml") or b""):
        raise _refused("Berkas terenkripsi (berkata sandi) tidak diterima.", field, "Berkas terenkripsi.")
    if any(ODF_MACRO.match(name) for name in names):
        raise _macros(field)
    return kind


def _macros(field: str) -> Problem:
    return _refused(
        "Berkas bermakro (mis. .docm, .xlsm) tidak diterima; simpan ulang tanpa makro.", field, "Berisi makro."
    )


def identify(data: bytes, kinds: Iterable[Kind] = DEFAULT, field: str = "file") -> Kind | None:
    """Which of ``kinds`` the content is, or None; office containers are opened only when an office kind is asked."""
    kinds = tuple(kinds)
    found = next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)
    if found is None and data.startswith(ZIP_MAGIC) and set(kinds) & set(OFFICE):
        found = _office(data, field)
    return found if found in kinds else None


def check(
    data: bytes, max_bytes: int, field: str = "file", images_only: bool = False, *, kinds: Iterable[Kind] | None = None
) -> tuple[str, str]:
    """(MIME type, suffix) of an upload within ``max_bytes`` whose content is one of ``kinds``; 413 or 415 otherwise.

    ``kinds`` defaults to PDF, JPEG and PNG; ``images_only`` is the shorthand for ``kinds=IMAGES``.
    """
    if len(data) > max_bytes:
        raise Problem(
            413,
            f"Berkas lebih dari {max_bytes // (1024 * 1024)} MB.",
            title="Content Too Large",
            errors=[{"field": field, "message": "Terlalu besar."}],
        )
    wanted = tuple(kinds) if kinds is not None else IMAGES if images_only else DEFAULT
    kind = identify(data, wanted, field)
    if kind is None:
        raise _refused(f"Hanya {_accepted(wanted)}.", field, "Jenis berkas tidak didukung.")
    return kind.mime, kind.suffix


@dataclasses.dataclass(frozen=True)
class Upload:
    """A file that passed every check of its content, not yet on disk: the unit of work writes it on commit."""

    data: bytes = dataclasses.field(repr=False)
    name: str  # safe display name, its extension the real type's
    mime: str
    size: int
    sha256: str

    def meta(self) -> dict:
        """The columns a row keeps about its file."""
        return {"file_name": self.name, "file_type": self.mime, "file_size": self.size, "file_sha256": self.sha256}


def accept(
    data: bytes, name: str | None, max_bytes: int, field: str = "file", *, kinds: Iterable[Kind] | None = None
) -> Upload:
    """Check an upload's size and content as ``check`` does (413/415), writing nothing."""
    mime, suffix = check(data, max_bytes, field, kinds=kinds)
    return Upload(
        data=data, name=safe_name(name, suffix), mime=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def accept_upload(upload, max_bytes: int, field: str = "file", *, kinds: Iterable[Kind] | None = None) -> Upload | None:
    """Check a werkzeug ``FileStorage`` (None when no file was chosen); reads at most one byte past the limit."""
    if upload is None or not upload.filename:
        return None
    return accept(upload.read(max_bytes + 1), upload.filename, max_bytes, field, kinds=kinds)


def write(root: Path, upload: Upload) -> bool:
    """Put an accepted upload in the local folder ``root`` under its checksum; True when this call created the file
    (``filestore.LocalStore.put``: atomic, idempotent). Services keep files through ``UnitOfWork.keep_file``."""
    return LocalStore(root).put(upload.sha256, upload.data, upload.mime)


def remove(root: Path, upload: Upload) -> None:
    """Take back a file ``write`` created for a change that did not commit."""
    LocalStore(root).delete(upload.sha256)


def store(
    data: bytes,
    name: str | None,
    root: Path,
    max_bytes: int,
    field: str = "file",
    *,
    kinds: Iterable[Kind] | None = None,
) -> dict:
    """Check and write at once; new code accepts first and lets the unit of work keep the file on commit."""
    upload = accept(data, name, max_bytes, field, kinds=kinds)
    write(root, upload)
    return upload.meta()


def path_of(root: Path, digest: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        raise Problem(404, "Berkas tidak ada.", title="Not Found")
    return root / digest[:2] / digest


def from_upload(
    upload, root: Path, max_bytes: int, field: str = "file", *, kinds: Iterable[Kind] | None = None
) -> dict | None:
    """Check and store a werkzeug ``FileStorage`` at once; new code uses ``accept_upload`` and ``keep_file``."""
    accepted = accept_upload(upload, max_bytes, field, kinds=kinds)
    if accepted is None:
        return None
    write(root, accepted)
    return accepted.meta()


# The most pixels an image upload may have: a 48-megapixel phone photo passes; a small PNG declaring 20000 x 20000
# (400 million pixels, 1.2 GB once decoded) does not.
MAX_IMAGE_PIXELS = 50_000_000


def decoded_image(data: bytes, field: str = "file", max_pixels: int = MAX_IMAGE_PIXELS):
    """The image decoded by Pillow, its size checked from the header before any pixel is decoded: 413 for a
    decompression bomb, 415 for a file that does not decode. Pillow is imported here: few requests need it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    megapixels = max_pixels // 1_000_000
    too_big = Problem(
        413,
        f"Gambar lebih dari {megapixels} megapiksel; perkecil ukurannya.",
        title="Content Too Large",
        errors=[{"field": field, "message": f"Lebih dari {megapixels} megapiksel."}],
    )
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > max_pixels:
                raise too_big
            image = ImageOps.exif_transpose(opened)
            image.load()
            return image
    except Image.DecompressionBombError:
        raise too_big from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise _refused("Berkas gambar rusak.", field, "Tidak terbaca sebagai gambar.") from None


def accept_image(upload, max_bytes: int, field: str = "file", max_pixels: int = MAX_IMAGE_PIXELS) -> Upload | None:
    """A JPEG or PNG upload (a ``FileStorage``) checked by content and pixel count, then decoded and written anew:
    whatever rode along after the picture (an HTML or script payload of a polyglot, metadata with the place it was
    taken) is gone, so what is served inline is only ever a picture."""
    checked = accept_upload(upload, max_bytes, field, kinds=IMAGES)
    if checked is None:
        return None
    image = decoded_image(checked.data, field, max_pixels)
    buffer = io.BytesIO()
    if checked.mime == PNG.mime:
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True)
    return accept(buffer.getvalue(), checked.name, max_bytes, field, kinds=IMAGES)

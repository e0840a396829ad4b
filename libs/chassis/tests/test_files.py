"""Uploads checked by content: PDF, JPEG and PNG by default, office documents only where a caller asks for them."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from chassis import files
from chassis.problems import Problem

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ATTACHMENTS = (*files.DEFAULT, *files.OFFICE)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def zipped(*entries: tuple[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main: str = WORD_MAIN, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
    )


def docx(main: str = WORD_MAIN, *more: tuple[str, bytes | str]) -> bytes:
    """A minimal WordprocessingML package, as Word writes it (content types, package relationships, the body)."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Siaran pers</w:t></w:r></w:p></w:body></w:document>"
    )
    return zipped(("[Content_Types].xml", content_types(main)), ("_rels/.rels", rels), ("word/document.xml", body),
                  *more)  # fmt: skip


def xlsx(*more: tuple[str, bytes]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Kecamatan", "Jumlah"])
    workbook.active.append(["Kota", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not more:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in more:
            archive.writestr(name, content)
    return buffer.getvalue()


def odf(mime: bytes | str, *more: tuple[str, bytes | str], mimetype_first: bool = True, encrypted: bool = False):
    """A minimal OpenDocument package: the ``mimetype`` entry stored first, then the content and the manifest."""
    # A password-protected ODF keeps the ZIP plain and says in its manifest how each entry is encrypted.
    encryption = '<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>' if encrypted else ""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}'
        "</manifest:file-entry>"
        "</manifest:manifest>"
    )
    content = '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    rest = [("content.xml", content), ("META-INF/manifest.xml", manifest), *more]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype_first:
            archive.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        for name, data in rest:
            archive.writestr(name, data)
        if not mimetype_first:
            archive.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def with_encrypted_flags(data: bytes) -> bytes:
    """The archive with every entry marked encrypted (bit 0 of the flags), as a password-protected ZIP has them."""
    patched = bytearray(data)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start != -1:
            patched[start + flags_at] |= 0x1
            start = patched.find(signature, start + 4)
    return bytes(patched)


def refused(data: bytes, kinds=ATTACHMENTS, max_bytes: int = 20 * MB) -> Problem:
    with pytest.raises(Problem) as raised:
        files.check(data, max_bytes, kinds=kinds)
    return raised.value


def test_office_documents_are_recognised_by_the_entries_inside():
    assert files.check(docx(), MB, kinds=ATTACHMENTS) == (files.DOCX.mime, ".docx")
    assert files.check(xlsx(), MB, kinds=ATTACHMENTS) == (files.XLSX.mime, ".xlsx")
    assert files.check(odf(files.ODT.mime), MB, kinds=ATTACHMENTS) == (files.ODT.mime, ".odt")
    assert files.check(odf(files.ODS.mime), MB, kinds=ATTACHMENTS) == (files.ODS.mime, ".ods")
    assert files.check(PDF, MB, kinds=ATTACHMENTS) == ("application/pdf", ".pdf")
    # Only the kinds asked for: a spreadsheet where only text documents are taken is refused.
    assert files.identify(xlsx(), (files.DOCX, files.ODT)) is None
    assert files.identify(odf(files.ODS.mime), (files.DOCX, files.ODT)) is None


def test_callers_that_ask_for_nothing_new_keep_pdf_jpeg_png_and_images_only():
    problem = refused(docx(), kinds=None)
    assert problem.status == 415 and problem.detail == "Hanya PDF, JPEG atau PNG."
    assert problem.extra["errors"] == [{"field": "file", "message": "Jenis berkas tidak didukung."}]
    assert files.check(PDF, MB) == ("application/pdf", ".pdf")
    with pytest.raises(Problem) as raised:
        files.check(PDF, MB, "photo", images_only=True)
    assert raised.value.detail == "Hanya JPEG atau PNG." and raised.value.extra["errors"][0]["field"] == "photo"
    assert files.check(PNG, MB, images_only=True) == ("image/png", ".png")
    assert files.check(PNG, MB, kinds=files.IMAGES) == ("image/png", ".png")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 64, id="renamed executable"),
        pytest.param(zipped(("baca.txt", "isi")), id="plain zip"),
        pytest.param(b"PK\x03\x04 not really a zip", id="broken zip"),
        pytest.param(zipped(("[Content_Types].xml", content_types())), id="content types without the document"),
        pytest.param(zipped(("word/document.xml", "<w:document/>")), id="document without content types"),
        pytest.param(odf(files.ODT.mime, mimetype_first=False), id="odt with mimetype not first"),
        pytest.param(odf("application/zip"), id="odf with another mimetype"),
        pytest.param(zipped(("mimetype", files.ODT.mime), compression=zipfile.ZIP_STORED), id="odf mimetype alone"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, id="old binary doc"),
    ],
)
def test_executables_plain_zips_and_unproven_containers_are_refused_naming_the_field(data):
    problem = refused(data)
    assert problem.status == 415
    assert problem.detail == "Hanya PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS."
    assert problem.extra["errors"] == [{"field": "file", "message": "Jenis berkas tidak didukung."}]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(docx(DOCM_MAIN, ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), id="docm"),
        pytest.param(docx(WORD_MAIN, ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")), id="docx with a vba project"),
        pytest.param(xlsx(("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")), id="xlsx with a vba project"),
        pytest.param(odf(files.ODT.mime, ("Basic/Standard/Module1.xml", "Sub Main\nEnd Sub")), id="odt basic"),
        pytest.param(odf(files.ODS.mime, ("Scripts/python/run.py", "import os")), id="ods python script"),
    ],
)
def test_documents_with_macros_are_refused(data):
    problem = refused(data)
    assert problem.status == 415 and "makro" in problem.detail
    assert problem.extra["errors"] == [{"field": "file", "message": "Berisi makro."}]


def test_an_odf_library_index_without_modules_is_not_a_macro():
    index = ("Basic/Standard/script-lb.xml", "<library:library/>")
    assert files.identify(odf(files.ODT.mime, index), ATTACHMENTS) == files.ODT


def test_encrypted_entries_are_refused():
    for data in (with_encrypted_flags(docx()), with_encrypted_flags(xlsx()), odf(files.ODT.mime, encrypted=True)):
        problem = refused(data)
        assert problem.status == 415 and "terenkripsi" in problem.detail
        assert problem.extra["errors"] == [{"field": "file", "message": "Berkas terenkripsi."}]


def test_a_zip_bomb_is_refused_without_inflating_it():
    buffer = io.BytesIO(docx())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/nol.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(files.ZIP_MAX_UNCOMPRESSED // MB + 1):
            entry.write(bytes(MB))
    bomb = buffer.getvalue()
    assert len(bomb) < 2 * MB  # small to send, hundreds of megabytes once opened
    problem = refused(bomb)
    assert problem.status == 415 and problem.extra["errors"] == [{"field": "file", "message": "Arsip tidak wajar."}]


def test_an_archive_of_too_many_entries_is_refused():
    many = docx(WORD_MAIN, *[(f"word/media/{n}.xml", "") for n in range(files.ZIP_MAX_ENTRIES)])
    assert refused(many).extra["errors"] == [{"field": "file", "message": "Arsip tidak wajar."}]


def test_stored_office_files_are_named_by_their_real_type(tmp_path):
    document = docx()
    stored = files.store(document, "Siaran Pers (final).doc", tmp_path, MB, kinds=ATTACHMENTS)
    assert stored["file_name"] == "Siaran-Pers-final.docx" and stored["file_type"] == files.DOCX.mime
    assert files.path_of(tmp_path, stored["file_sha256"]).read_bytes() == document
    assert [files.label(k.mime) for k in ATTACHMENTS] == ["PDF", "JPEG", "PNG", "DOCX", "XLSX", "ODT", "ODS"]
    with pytest.raises(Problem) as too_big:
        files.store(xlsx(), "data.xlsx", tmp_path, 100, kinds=ATTACHMENTS)
    assert too_big.value.status == 413

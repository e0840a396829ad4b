"""Uploads checked by content: PDF, JPEG and PNG by default, office documents only where a caller asks for them."""

from __future__ import annotations

import hashlib
import io
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from chassis import files
from chassis.db import Database
from chassis.messaging import UnitOfWork, define_tables
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


def messaging_db(tmp_path):
    """A SQLite database with the messaging tables and one table of rows that name their file."""
    metadata = sa.MetaData()
    tables = define_tables(metadata)
    documents = sa.Table("documents", metadata, sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("sha", sa.String(64), nullable=False, unique=True))  # fmt: skip
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    metadata.create_all(db.engine)
    return db, tables, documents


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_accepting_an_upload_checks_it_and_writes_nothing(tmp_path):
    upload = files.accept(PDF, "Surat Kuasa (1).PDF", MB)
    assert upload.meta() == {"file_name": "Surat-Kuasa-1.pdf", "file_type": "application/pdf",
                             "file_size": len(PDF), "file_sha256": hashlib.sha256(PDF).hexdigest()}  # fmt: skip
    assert (upload.name, upload.mime, upload.size, upload.data) == (
        "Surat-Kuasa-1.pdf",
        "application/pdf",
        len(PDF),
        PDF,
    )
    with pytest.raises(Problem) as too_big:
        files.accept(PDF, "a.pdf", 10, "lampiran")
    assert too_big.value.status == 413 and too_big.value.extra["errors"][0]["field"] == "lampiran"
    with pytest.raises(Problem) as wrong:
        files.accept(docx(), "a.docx", MB)
    assert wrong.value.status == 415
    assert files.accept(docx(), "a.docx", MB, kinds=ATTACHMENTS).mime == files.DOCX.mime
    assert stored_files(tmp_path) == []


def test_accepting_a_form_upload_reads_one_byte_past_the_limit_and_ignores_no_file():
    assert files.accept_upload(None, MB) is None
    assert files.accept_upload(FileStorage(io.BytesIO(b""), filename=""), MB) is None
    upload = files.accept_upload(FileStorage(io.BytesIO(PNG), filename="foto.jpeg"), MB, kinds=files.IMAGES)
    assert upload.name == "foto.png" and upload.data == PNG
    with pytest.raises(Problem) as too_big:
        files.accept_upload(FileStorage(io.BytesIO(PDF + b"x" * MB), filename="a.pdf"), MB)
    assert too_big.value.status == 413


def test_writing_an_upload_is_content_addressed_and_idempotent(tmp_path):
    upload = files.accept(PDF, "a.pdf", MB)
    assert files.write(tmp_path, upload) is True
    assert files.write(tmp_path, upload) is False
    assert files.path_of(tmp_path, upload.sha256).read_bytes() == PDF
    assert stored_files(tmp_path) == [upload.sha256]  # no temporary file left behind


def test_a_kept_file_is_written_when_its_unit_of_work_commits(tmp_path):
    db, tables, documents = messaging_db(tmp_path)
    root = tmp_path / "files"
    upload = files.accept(PDF, "a.pdf", MB)
    with UnitOfWork(db, tables, "test") as uow:
        uow.session.execute(sa.insert(documents).values(sha=upload.sha256))
        uow.keep_file(root, upload)
        assert stored_files(root) == []
        uow.commit()
    assert files.path_of(root, upload.sha256).read_bytes() == PDF


def test_a_refused_or_rolled_back_unit_of_work_leaves_no_file(tmp_path):
    db, tables, documents = messaging_db(tmp_path)
    root = tmp_path / "files"
    with UnitOfWork(db, tables, "test") as uow:
        uow.keep_file(root, files.accept(PDF, "a.pdf", MB))
        uow.session.execute(sa.insert(documents).values(sha="x"))
        # the use case refuses the request after the upload was accepted (wrong tracking code, another OPD)
    with UnitOfWork(db, tables, "test") as uow:
        uow.keep_file(root, files.accept(PNG, "b.png", MB))
        uow.session.rollback()
    assert stored_files(root) == []
    with db.session() as session:
        assert session.execute(sa.select(documents)).all() == []


def test_a_unit_of_work_whose_flush_fails_writes_no_file(tmp_path):
    db, tables, documents = messaging_db(tmp_path)
    root = tmp_path / "files"
    with UnitOfWork(db, tables, "test") as uow:
        uow.session.execute(sa.insert(documents).values(sha="taken"))
        uow.commit()
    with UnitOfWork(db, tables, "test") as uow, pytest.raises(sa.exc.IntegrityError):
        uow.keep_file(root, files.accept(PDF, "a.pdf", MB))
        uow.session.execute(sa.insert(documents).values(sha="taken"))
        uow.commit()
    assert stored_files(root) == []


def test_a_failed_commit_takes_back_only_the_files_it_created(tmp_path, monkeypatch):
    db, tables, documents = messaging_db(tmp_path)
    root = tmp_path / "files"
    earlier = files.accept(PNG, "lama.png", MB)
    files.write(root, earlier)  # another row already keeps this content
    with UnitOfWork(db, tables, "test") as uow:
        uow.keep_file(root, files.accept(PDF, "a.pdf", MB))
        uow.keep_file(root, earlier)
        uow.session.execute(sa.insert(documents).values(sha="x"))

        def lost_connection():
            raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

        monkeypatch.setattr(uow.session, "commit", lost_connection)
        with pytest.raises(sa.exc.OperationalError):
            uow.commit()
    assert stored_files(root) == [earlier.sha256]


def test_the_old_store_still_checks_and_writes_at_once(tmp_path):
    stored = files.from_upload(FileStorage(io.BytesIO(PDF), filename="x.pdf"), tmp_path, MB)
    assert stored == files.accept(PDF, "x.pdf", MB).meta()
    assert files.path_of(tmp_path, stored["file_sha256"]).read_bytes() == PDF


def test_a_volume_without_hard_links_still_gets_the_file_whole(tmp_path, monkeypatch):
    def no_links(source, target):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("chassis.filestore.os.link", no_links)
    upload = files.accept(PDF, "a.pdf", MB)
    assert files.write(tmp_path, upload) is True
    assert files.write(tmp_path, upload) is False
    assert stored_files(tmp_path) == [upload.sha256]


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A valid PNG header declaring a huge size, with a tiny body: what a decompression bomb looks like."""
    import struct
    import zlib as z

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", z.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", z.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_an_accepted_image_is_written_anew_so_a_polyglots_payload_is_gone():
    polyglot = _png(4, 4) + b"<html><script>alert(document.cookie)</script></html>"
    upload = files.accept_image(FileStorage(io.BytesIO(polyglot), "foto.png"), 10_000_000, "photo")
    assert upload.mime == "image/png" and upload.data.startswith(b"\x89PNG")
    assert b"<script>" not in upload.data
    assert files.decoded_image(upload.data).size == (4, 4)


def test_an_image_declaring_too_many_pixels_is_refused_before_it_is_decoded():
    with pytest.raises(Problem) as refused:
        files.accept_image(FileStorage(io.BytesIO(_bomb()), "bom.png"), 10_000_000, "photo")
    assert refused.value.status == 413
    assert refused.value.extra["errors"][0]["field"] == "photo"


def test_an_image_that_does_not_decode_is_refused_naming_the_field():
    broken = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    with pytest.raises(Problem) as refused:
        files.accept_image(FileStorage(io.BytesIO(broken), "rusak.png"), 10_000_000, "photo")
    assert refused.value.status == 415 and refused.value.extra["errors"][0]["field"] == "photo"

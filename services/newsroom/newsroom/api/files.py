"""An item's files through the API: pictures, a clarification's capture, attachments (multipart uploads)."""

from __future__ import annotations

from flask import request
from marshmallow import ValidationError

from chassis.permissions import calls
from chassis.problems import Problem, flatten_errors
from chassis.web import unit_of_work
from newsroom import images, schemas
from newsroom.api.answers import full
from newsroom.api.articles import blp
from newsroom.context import context
from newsroom.use_cases import articles, files


def _multipart(file_description: str, required: tuple[str, ...], **properties: dict) -> dict:
    """The OpenAPI request body of an upload form: the ``file`` and the form fields its schema loads."""
    file = {"type": "string", "format": "binary", "description": file_description}
    schema = {"type": "object", "required": ["file", *required], "properties": {"file": file, **properties}}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def _text(low: int, high: int, description: str = "") -> dict:
    return {
        "type": "string",
        "minLength": low,
        "maxLength": high,
        **({"description": description} if description else {}),
    }


IMAGE_FORM = _multipart(
    "JPEG atau PNG, diperiksa dari isinya",
    ("alt",),
    alt=_text(3, 300, "Teks alternatif"),
    caption=_text(0, 1000),
    credit=_text(0, 200),
)
CAPTURE_FORM = _multipart("JPEG atau PNG, diperiksa dari isinya", ("alt",), alt=_text(3, 300, "Isi pesan yang tampak"))
ATTACHMENT_FORM = _multipart(
    "PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS, tanpa makro",
    ("label",),
    label=_text(3, 200, "Nama lampiran yang dibaca publik"),
)


def _form(schema, detail: str) -> dict:
    """A multipart form's fields loaded by ``schema``; a 422 naming each wrong field otherwise."""
    try:
        return schema.load(dict(request.form))
    except ValidationError as exc:
        raise Problem(422, detail, errors=flatten_errors(exc.messages)) from None


@blp.post("/articles/<int:article_id>/images")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}], requestBody=IMAGE_FORM)
@calls(files.add_image)
def add_image(article_id):
    """Tambah gambar (multipart `file`, `alt` wajib, `caption`, `credit`); diubah ke ukuran web 320/800/1600 px."""
    data = _form(schemas.ImageInput(), "Isian gambar tidak valid.")
    ctx = context()
    rendered = images.from_upload(request.files.get("file"), ctx.settings)
    with unit_of_work() as uow:
        article = files.add_image(uow, ctx, article_id, data, rendered)
        return full(article, ctx), 201, {"ETag": articles.etag(article)}


@blp.post("/articles/<int:article_id>/capture")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}], requestBody=CAPTURE_FORM)
@calls(files.set_capture)
def set_capture(article_id):
    """Tangkapan layar klaim hoaks seperti beredar (multipart `file`, `alt` wajib); menggantikan yang lama."""
    data = _form(schemas.CaptureInput(), "Isian tangkapan layar tidak valid.")
    ctx = context()
    rendered = images.from_upload(request.files.get("file"), ctx.settings)
    with unit_of_work() as uow:
        article = files.set_capture(uow, ctx, article_id, data["alt"], rendered)
        return full(article, ctx), 201, {"ETag": articles.etag(article)}


@blp.post("/articles/<int:article_id>/attachments")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS menurut isinya; bermakro ditolak")
@blp.doc(security=[{"bearer": []}], requestBody=ATTACHMENT_FORM)
@calls(files.add_attachment)
def add_attachment(article_id):
    """Lampirkan berkas (multipart `file`: PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS, tanpa makro; `label` wajib).

    Jenisnya diperiksa dari isinya; tautannya tampil di halaman berita.
    """
    data = _form(schemas.AttachmentInput(), "Isian lampiran tidak valid.")
    ctx = context()
    upload = images.attachment_from_upload(request.files.get("file"), ctx.settings)
    with unit_of_work() as uow:
        article = files.add_attachment(uow, ctx, article_id, data["label"], upload)
        return full(article, ctx), 201, {"ETag": articles.etag(article)}


@blp.delete("/articles/<int:article_id>/attachments/<int:attachment_id>")
@blp.response(200, schemas.Article)
@blp.doc(security=[{"bearer": []}])
@calls(files.remove_attachment)
def remove_attachment(article_id, attachment_id):
    """Hapus lampiran dari naskah."""
    ctx = context()
    with unit_of_work() as uow:
        article = files.remove_attachment(uow, ctx, article_id, attachment_id)
        return full(article, ctx), 200, {"ETag": articles.etag(article)}

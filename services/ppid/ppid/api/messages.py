"""The thread between officers and the requester on each request, with files both ways (PDF, JPEG, PNG)."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import EXCLUDE, ValidationError

from chassis import caching, files, filestore
from chassis.openapi import json_answer
from chassis.permissions import calls
from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from ppid import schemas
from ppid.api.requests import message_view
from ppid.context import context, reading
from ppid.models import Message
from ppid.use_cases import messages as use_cases

blp = Blueprint("messages", __name__, url_prefix="/api/ppid", description="Pesan antara petugas dan pemohon")


def incoming() -> tuple[dict, files.Upload | None]:
    """The form (multipart with an optional ``file``) or JSON body, and the attached file checked in memory: it is
    written only with the change it belongs to, after the permission or tracking code check (UnitOfWork.keep_file)."""
    if request.form or request.files:
        data = dict(request.form)
    else:
        data = request.get_json(silent=True)
        data = data if isinstance(data, dict) else {}
    upload = files.accept_upload(request.files.get("file"), suite().settings.attachment_max_bytes)
    return data, upload


def tracked(data: dict) -> dict:
    """The number, tracking code and body a requester sends, checked like every other input (422 per field)."""
    try:
        return schemas.TrackedMessage().load(data, unknown=EXCLUDE)
    except ValidationError as exc:
        raise Problem(422, "Isian tidak valid.", errors=flatten_errors(exc.messages)) from None


def _send(message: Message):
    """The message's file from the store: always a download (nosniff), never kept by a shared cache."""
    return filestore.send(message.file_sha256, message.file_type, message.file_name, headers=caching.PRIVATE)


@blp.post("/requests/<string:number>/messages")
@blp.doc(**json_answer(201))
@blp.doc(**schemas.upload_body("body"))
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.post_staff_message)
def staff_message(number):
    """Kirim pesan ke pemohon (JSON `{"body"}`, atau multipart: `body` dan `file`); pemohon diberi tahu lewat email."""
    data, upload = incoming()
    with unit_of_work() as uow:
        message = use_cases.post_staff_message(uow, context(uow.session), number, data.get("body", ""), upload)
        return message_view(message), 201


@blp.get("/requests/<string:number>/messages/<int:message_id>/file")
@blp.doc(**schemas.ATTACHMENT_ANSWER)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.staff_attachment)
def staff_file(number, message_id):
    with reading() as uow:
        return _send(use_cases.staff_attachment(uow, context(uow.session), number, message_id))


@blp.post("/track/messages")
@blp.doc(**json_answer(201))
@blp.doc(**schemas.upload_body("registration_number", "tracking_code", "body"))
def requester_message():
    """Pemohon membalas (nomor pendaftaran, kode pelacakan, `body`, `file` opsional)."""
    data, upload = incoming()
    sent = tracked(data)
    with unit_of_work() as uow:
        ctx = context(uow.session, anonymous=True)
        number, code = sent["registration_number"], sent["tracking_code"]
        message = use_cases.post_requester_message(uow, ctx, number, code, sent["body"], upload)
        return message_view(message), 201


@blp.post("/track/messages/<int:message_id>/file")
@blp.doc(**schemas.ATTACHMENT_ANSWER)
def requester_file(message_id):
    data = dict(request.form) or request.get_json(silent=True)
    sent = tracked(data if isinstance(data, dict) else {})
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        number, code = sent["registration_number"], sent["tracking_code"]
        return _send(use_cases.requester_attachment(uow, ctx, number, code, message_id))

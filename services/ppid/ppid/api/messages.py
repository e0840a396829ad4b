"""The thread between officers and the requester on each request, with files both ways (PDF, JPEG, PNG)."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import EXCLUDE, ValidationError

from chassis import files, filestore
from chassis.auth import current_principal, require_roles
from chassis.openapi import json_answer
from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from ppid import schemas, services
from ppid.api.requests import STAFF, context, message_view
from ppid.models import Message

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
    if not message.file_sha256:
        raise Problem(404, "Pesan ini tidak berlampiran.", title="Not Found")
    return filestore.send(message.file_sha256, message.file_type, message.file_name,
                          headers={"Cache-Control": "private, no-store"})  # fmt: skip


def _find(thread: list[Message], message_id: int) -> Message:
    found = next((m for m in thread if m.id == message_id), None)
    if found is None:
        raise Problem(404, "Pesan tidak ada.", title="Not Found")
    return found


@blp.post("/requests/<string:number>/messages")
@blp.doc(**json_answer(201))
@blp.doc(**schemas.upload_body("body"))
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_message(number):
    """Kirim pesan ke pemohon (JSON `{"body"}`, atau multipart: `body` dan `file`); pemohon diberi tahu lewat email."""
    who = current_principal()
    data, upload = incoming()
    with unit_of_work() as uow:
        found = services.find_for_staff(uow.session, number, who, lock=True)
        message = services.post_message(uow, found, who, data.get("body", ""), upload, context(uow.session))
        return message_view(message), 201


@blp.get("/requests/<string:number>/messages/<int:message_id>/file")
@blp.doc(**schemas.ATTACHMENT_ANSWER)
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_file(number, message_id):
    with suite().db.session() as session:
        found = services.find_for_staff(session, number, current_principal())
        return _send(_find(found.messages, message_id))


@blp.post("/track/messages")
@blp.doc(**json_answer(201))
@blp.doc(**schemas.upload_body("registration_number", "tracking_code", "body"))
def requester_message():
    """Pemohon membalas (nomor pendaftaran, kode pelacakan, `body`, `file` opsional)."""
    data, upload = incoming()
    sent = tracked(data)
    with unit_of_work() as uow:
        found = services.find_by_tracking(uow.session, sent["registration_number"], sent["tracking_code"], lock=True)
        message = services.post_message(uow, found, services.REQUESTER, sent["body"], upload, context(uow.session))
        return message_view(message), 201


@blp.post("/track/messages/<int:message_id>/file")
@blp.doc(**schemas.ATTACHMENT_ANSWER)
def requester_file(message_id):
    data = dict(request.form) or request.get_json(silent=True)
    sent = tracked(data if isinstance(data, dict) else {})
    with suite().db.session() as session:
        found = services.find_by_tracking(session, sent["registration_number"], sent["tracking_code"])
        return _send(_find(found.messages, message_id))

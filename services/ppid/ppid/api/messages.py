"""The thread between officers and the requester on each request, with files both ways (PDF, JPEG, PNG)."""

from __future__ import annotations

from flask import request, send_file
from flask_smorest import Blueprint

from chassis import files
from chassis.auth import current_principal, require_roles
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from ppid import services
from ppid.api.requests import STAFF, context, message_view
from ppid.models import Message

blp = Blueprint("messages", __name__, url_prefix="/api/ppid", description="Pesan antara petugas dan pemohon")


def incoming() -> tuple[dict, dict | None]:
    """The form (multipart with an optional ``file``) or JSON body, and the stored attachment if any."""
    data = dict(request.form) if request.form or request.files else (request.get_json(silent=True) or {})
    settings = suite().settings
    root = files.storage_root(settings.storage_dir, "ppid-files")
    attachment = files.from_upload(request.files.get("file"), root, settings.attachment_max_bytes)
    return data, attachment


def _send(message: Message):
    root = files.storage_root(suite().settings.storage_dir, "ppid-files")
    if not message.file_sha256:
        raise Problem(404, "Pesan ini tidak berlampiran.", title="Not Found")
    response = send_file(files.path_of(root, message.file_sha256), mimetype=message.file_type,
                         download_name=message.file_name, as_attachment=True)  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _find(thread: list[Message], message_id: int) -> Message:
    found = next((m for m in thread if m.id == message_id), None)
    if found is None:
        raise Problem(404, "Pesan tidak ada.", title="Not Found")
    return found


@blp.post("/requests/<string:number>/messages")
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_message(number):
    """Kirim pesan ke pemohon (JSON `{"body"}`, atau multipart: `body` dan `file`); pemohon diberi tahu lewat email."""
    who = current_principal()
    data, attachment = incoming()
    with unit_of_work() as uow:
        found = services.find_for_staff(uow.session, number, who, lock=True)
        message = services.post_message(uow, found, who, data.get("body", ""), attachment, context(uow.session))
        return message_view(message), 201


@blp.get("/requests/<string:number>/messages/<int:message_id>/file")
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_file(number, message_id):
    with suite().db.session() as session:
        found = services.find_for_staff(session, number, current_principal())
        return _send(_find(found.messages, message_id))


@blp.post("/track/messages")
def requester_message():
    """Pemohon membalas (nomor pendaftaran, kode pelacakan, `body`, `file` opsional)."""
    data, attachment = incoming()
    with unit_of_work() as uow:
        found = services.find_by_tracking(uow.session, data.get("registration_number", ""),
                                          data.get("tracking_code", ""), lock=True)  # fmt: skip
        message = services.post_message(uow, found, services.REQUESTER, data.get("body", ""), attachment,
                                        context(uow.session))  # fmt: skip
        return message_view(message), 201


@blp.post("/track/messages/<int:message_id>/file")
def requester_file(message_id):
    data = dict(request.form) or (request.get_json(silent=True) or {})
    with suite().db.session() as session:
        found = services.find_by_tracking(session, data.get("registration_number", ""), data.get("tracking_code", ""))
        return _send(_find(found.messages, message_id))

"""The thread between officers and the requester on each request, with a file either way."""

from __future__ import annotations

from chassis import files
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid import notifications
from ppid.context import Context
from ppid.domain.permissions import HANDLE_REQUESTS
from ppid.domain.workflow import Status
from ppid.models import Message, Request
from ppid.use_cases.files import keep
from ppid.use_cases.requests import find_by_tracking, find_for_staff


def _post(uow: UnitOfWork, ctx: Context, request: Request, body: str, upload, *, from_requester: bool) -> Message:
    body = (body or "").strip()
    if not body:
        raise Invalid("body", "Pesan kosong.")
    if from_requester and Status(request.status) == Status.CLOSED:
        raise Conflict("Permohonan sudah ditutup.", current_state=request.status)
    message = Message(
        from_requester=from_requester,
        author="pemohon" if from_requester else ctx.principal.username,
        body=body,
        **keep(uow, ctx, upload),
    )
    request.messages.append(message)
    uow.session.flush()
    if from_requester:
        notifications.message_to_officer(uow.session, request, message, ctx.settings)
    else:
        notifications.message_to_requester(uow.session, request, message, ctx.settings)
    uow.commit()
    return message


@authorized(HANDLE_REQUESTS)
def post_staff_message(
    uow: UnitOfWork, ctx: Context, registration_number: str, body: str, upload: files.Upload | None
) -> Message:
    """An officer writes to the requester (mailed to them), on a request the officer may see."""
    request = find_for_staff(uow.session, ctx, registration_number, lock=True)
    return _post(uow, ctx, request, body, upload, from_requester=False)


def post_requester_message(
    uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str, body: str, upload
) -> Message:
    """The requester replies (number and tracking code), until the request is closed; the PPID is mailed."""
    request = find_by_tracking(uow.session, registration_number, tracking_code, lock=True)
    return _post(uow, ctx, request, body, upload, from_requester=True)


def _attached(thread: list[Message], message_id: int) -> Message:
    found = next((m for m in thread if m.id == message_id), None)
    if found is None:
        raise NotFound("Pesan tidak ada.")
    if not found.file_sha256:
        raise NotFound("Pesan ini tidak berlampiran.")
    return found


@authorized(HANDLE_REQUESTS)
def staff_attachment(uow: UnitOfWork, ctx: Context, registration_number: str, message_id: int) -> Message:
    return _attached(find_for_staff(uow.session, ctx, registration_number).messages, message_id)


def requester_attachment(
    uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str, message_id: int
) -> Message:
    return _attached(find_by_tracking(uow.session, registration_number, tracking_code).messages, message_id)

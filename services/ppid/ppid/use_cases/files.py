"""Files the PPID keeps: an upload is written only with the change it belongs to; the sweep keeps what rows name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis import files, filestore
from chassis.messaging import UnitOfWork
from ppid.context import Context
from ppid.models import DipEntry, Message


def keep(uow: UnitOfWork, ctx: Context, upload: files.Upload | None) -> dict:
    """The file columns of an accepted upload, kept with this change: written only if the change commits."""
    if upload is None:
        return {}
    uow.keep_file(filestore.of(ctx.settings), upload)
    return upload.meta()


def referenced_files(session: Session) -> set[str]:
    """Every checksum a PPID row names (messages' files, DIP documents): the sweep removes only what none names."""
    statement = (
        select(Message.file_sha256)
        .where(Message.file_sha256.is_not(None))
        .union(select(DipEntry.file_sha256).where(DipEntry.file_sha256.is_not(None)))
    )
    return set(session.scalars(statement))

"""Where the registry keeps uploaded files, and how a use case keeps one: only with a change that commits."""

from __future__ import annotations

from pathlib import Path

from chassis import files
from chassis.messaging import UnitOfWork


def root() -> Path:
    from chassis.web import suite

    return files.storage_root(suite().settings.storage_dir, "registry-files")


def keep(uow: UnitOfWork, upload: files.Upload | None) -> dict | None:
    """The columns a row keeps about ``upload`` (None without one); the file is written when ``uow`` commits, after
    every check of the use case passed, and never for a refused or rolled back change."""
    if upload is None:
        return None
    uow.keep_file(root(), upload)
    return upload.meta()

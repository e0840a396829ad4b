"""Newsroom service: releases, hoax clarifications and announcements, from draft to every channel."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(settings=None) -> Flask:
    from chassis import filestore
    from chassis.cli import Periodic
    from chassis.web import create_service_app
    from newsroom import images, jobs, models
    from newsroom.api import articles, regions, work
    from newsroom.events import handlers
    from newsroom.settings import from_env
    from newsroom.web import pages

    settings = settings or from_env()
    app = create_service_app(
        settings,
        models.Base.metadata,
        models.messaging,
        title="Newsroom API",
        description="Siaran pers, klarifikasi hoaks, pengumuman: alur redaksi dan publikasi.",
        blueprints=(articles.blp, regions.blp, work.blp),
        handlers=handlers,
        migrations=MIGRATIONS,
        periodic=(
            Periodic("scheduled", settings.schedule_check_seconds, jobs.release_scheduled),
            filestore.sweep_job(images.referenced),
        ),
    )
    filestore.register_sweep(app, images.referenced)
    app.register_blueprint(pages)
    return app

"""Media registry service: partnerships with the press, from application to payment."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(settings=None) -> Flask:
    from chassis import breach, filestore, mail, personal_data, retention
    from chassis.cli import Periodic
    from chassis.web import create_service_app
    from registry import events, models, uploads
    from registry import retention as kept
    from registry.api import (
        access_log,
        applications,
        contracts,
        figures,
        kim,
        lists,
        outlets,
        payments,
        privacy,
        proofs,
        regions,
        releases,
        reveal,
        work,
    )
    from registry.events import handlers
    from registry.settings import from_env
    from registry.web import pages

    settings = settings or from_env()
    personal_data.use(settings)  # the key the sealed NIK and phone columns read and write with
    events.configure(settings)

    def send_reminders() -> int:
        from chassis.web import suite, unit_of_work
        from registry.context import Context
        from registry.use_cases import reminders

        with unit_of_work() as uow:
            return reminders.send(uow, Context.of(suite().settings))

    app = create_service_app(
        settings,
        models.Base.metadata,
        models.messaging,
        title="Registry API",
        description="Kemitraan media: perusahaan pers, wartawan, dan siaran pers pemerintah yang bisa dimuat mitra.",
        blueprints=(
            outlets.blp,
            releases.blp,
            applications.blp,
            contracts.blp,
            proofs.blp,
            lists.blp,
            payments.blp,
            kim.blp,
            figures.blp,
            regions.blp,
            access_log.blp,
            reveal.blp,
            privacy.blp,
            work.blp,
        ),
        handlers=handlers,
        migrations=MIGRATIONS,
        periodic=(
            mail.periodic(models.mail_outbox, settings.mail_poll_seconds),
            Periodic("reminders", settings.reminder_check_seconds, send_reminders),
            filestore.sweep_job(uploads.referenced),
            retention.retention_job(kept.rules, models.ACCESS_LOG),
        ),
    )
    filestore.register_sweep(app, uploads.referenced)
    retention.register(app, kept.rules, models.ACCESS_LOG)
    breach.register(app, kept.breach_affected, kept.privacy_contact)
    app.register_blueprint(pages)
    sealed = [(models.Journalist.__table__.c.nik, "registry.journalist.nik"),
              (models.KimMember.__table__.c.phone, "registry.kim_member.phone")]  # fmt: skip
    personal_data.register_reseal(app, sealed)
    return app

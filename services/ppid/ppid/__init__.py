"""PPID service: public information requests under UU 14/2008 and Perki 1/2021."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(settings=None) -> Flask:
    from chassis import breach, filestore, mail, personal_data, retention
    from chassis.cli import Periodic
    from chassis.web import create_service_app
    from ppid import jobs, models
    from ppid import retention as requester_retention
    from ppid.api import access_log, messages, objections, office, privacy, public_info, regions, requests, work
    from ppid.domain.calendar import WorkingCalendar
    from ppid.events import handlers
    from ppid.settings import from_env
    from ppid.use_cases.files import referenced_files
    from ppid.web import pages

    settings = settings or from_env()
    personal_data.use(settings)  # the key the sealed NIK and phone columns read and write with
    from ppid import letters

    letters.Office.from_settings(settings)  # a malformed signer NIP stops the start, not every letter later
    app = create_service_app(
        settings,
        models.Base.metadata,
        models.messaging,
        title="PPID API",
        description="Layanan informasi publik: permohonan, pelacakan, tenggat hari kerja.",
        blueprints=(
            requests.blp,
            objections.blp,
            office.blp,
            public_info.blp,
            messages.blp,
            regions.blp,
            work.blp,
            access_log.blp,
            privacy.blp,
        ),
        handlers=handlers,
        migrations=MIGRATIONS,
        periodic=(
            Periodic("deadlines", settings.overdue_check_seconds, jobs.sweep),
            mail.periodic(models.mail_outbox, settings.mail_poll_seconds),
            filestore.sweep_job(referenced_files),
            retention.retention_job(requester_retention.rules, models.ACCESS_LOG),
        ),
    )
    retention.register(app, requester_retention.rules, models.ACCESS_LOG)
    breach.register(app, requester_retention.breach_affected, requester_retention.privacy_contact)
    sealed = models.Request.__table__.c
    personal_data.register_reseal(
        app, [(sealed.nik, "ppid.request.nik"), (sealed.phone, "ppid.request.phone")], models.reindex_contacts
    )
    filestore.register_sweep(app, referenced_files)
    app.extensions["ppid.calendar"] = WorkingCalendar(timezone=settings.office_timezone)
    app.register_blueprint(pages)
    app.after_request(_calendar_detail)
    return app


def _calendar_detail(response):
    """Add to ``/readyz`` whether next year's joint leave days are known: the operator should update the
    ``holidays`` package, but the service still serves, so readiness itself is unchanged."""
    from flask import current_app, request

    if request.path != "/readyz" or not response.is_json:
        return response
    body = response.get_json()
    warning = current_app.extensions["ppid.calendar"].joint_leave_warning()
    body["details"] = {**body.get("details", {}), "calendar": warning or "ok"}
    response.set_data(current_app.json.dumps(body))
    return response

"""Events the registry publishes and the newsroom events it keeps a read model of."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from chassis import mail
from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork, utcnow
from registry.models import Application, Contract, Outlet, Release, mail_outbox

OUTLET_REGISTERED = "registry.outlet.registered.v1"
OUTLET_UPDATED = "registry.outlet.updated.v1"
APPLICATION_CHANGED = "registry.application.changed.v1"
PROOF_ACCEPTED = "registry.proof.accepted.v1"
PAYMENT_PAID = "registry.payment.paid.v1"
PAYMENT_HELD = "registry.payment.held.v1"
PUBLISHES = (OUTLET_REGISTERED, OUTLET_UPDATED, APPLICATION_CHANGED, PROOF_ACCEPTED, PAYMENT_PAID, PAYMENT_HELD)

handlers = Handlers()


def _when(value: str | None) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if value else utcnow()


@handlers.on("newsroom.article.published.v1")
def release_published(uow: UnitOfWork, event: CloudEvent) -> None:
    data = event.data
    release = uow.session.get(Release, int(data["id"])) or Release(article_id=int(data["id"]))
    first_time = release.state is None
    release.type = data.get("type") or "release"
    release.title = data["title"]
    release.slug = data.get("slug")
    release.summary = data.get("summary")
    release.url = data.get("url")
    release.opd = data.get("opd")
    release.published_at = _when(data.get("published_at"))
    release.state = "published"
    release.updated_at = utcnow()
    uow.session.add(release)
    if first_time:
        distribute(uow, release, data.get("images") or [], data.get("attachments") or [])


def distribute(uow: UnitOfWork, release: Release, images: list, attachments: list = ()) -> None:
    """Mail the release to every partner with an active contract, in the handler's transaction: the inbox makes a
    second delivery of the same event a no-op, so each partner gets it once."""
    today = utcnow().date()
    partners = uow.session.execute(
        select(Outlet.email, Outlet.name)
        .join(Application, Application.outlet_id == Outlet.id)
        .join(Contract, Contract.application_id == Application.id)
        .where(Contract.status == "active", Contract.starts_on <= today, Contract.ends_on >= today,
               Outlet.email.is_not(None))
        .distinct()
    ).all()  # fmt: skip
    pictures = "".join(f"\nGambar: {i.get('url')}" for i in images if isinstance(i, dict) and i.get("url"))
    pictures += "".join(f"\nLampiran ({a.get('label') or a.get('file_name')}): {a.get('url')}"
                        for a in attachments if isinstance(a, dict) and a.get("url"))  # fmt: skip
    for email, name in partners:
        body = (f"Yth. redaksi {name},\n\nSiaran pers baru untuk mitra media:\n\n{release.title}\n\n"
                f"{release.summary or ''}\n\nTautan: {release.url}{pictures}\n\n"
                "Laporkan pemuatannya sebagai bukti tayang di aplikasi kemitraan.")  # fmt: skip
        mail.queue(uow.session, mail_outbox, email, f"[Siaran pers] {release.title}", body)


@handlers.on("newsroom.article.corrected.v1")
def release_corrected(uow: UnitOfWork, event: CloudEvent) -> None:
    release = uow.session.get(Release, int(event.data["id"]))
    if release is None:
        return  # published before this service existed; nothing to correct
    release.title = event.data.get("title", release.title)
    release.url = event.data.get("url", release.url)
    release.correction_note = event.data.get("correction_note")
    release.state = "corrected"
    release.updated_at = utcnow()


@handlers.on("newsroom.article.withdrawn.v1")
def release_withdrawn(uow: UnitOfWork, event: CloudEvent) -> None:
    release = uow.session.get(Release, int(event.data["id"]))
    if release is not None:
        release.state = "withdrawn"
        release.updated_at = utcnow()


# Per-step events of an application, its decree and its contract (the generic APPLICATION_CHANGED stays, for
# consumers that follow every move). Identifiers and amounts only: no NIK, names, contacts or free-text notes.
APPLICATION_SUBMITTED = "registry.application.submitted.v1"
APPLICATION_REVISION_REQUESTED = "registry.application.revision_requested.v1"
APPLICATION_VERIFIED = "registry.application.verified.v1"
APPLICATION_REJECTED = "registry.application.rejected.v1"
APPLICATION_APPEALED = "registry.application.appealed.v1"
APPLICATION_APPEAL_DECIDED = "registry.application.appeal_decided.v1"
DECREE_ISSUED = "registry.decree.issued.v1"
CONTRACT_STARTED = "registry.contract.started.v1"
CONTRACT_SUSPENDED = "registry.contract.suspended.v1"
CONTRACT_RESUMED = "registry.contract.resumed.v1"
CONTRACT_ENDED = "registry.contract.ended.v1"
# The application's move -> the event of that step (approval is told by DECREE_ISSUED).
APPLICATION_STEPS = {
    "submit": APPLICATION_SUBMITTED,
    "revise": APPLICATION_REVISION_REQUESTED,
    "verify": APPLICATION_VERIFIED,
    "reject": APPLICATION_REJECTED,
    "appeal": APPLICATION_APPEALED,
    "grant_appeal": APPLICATION_APPEAL_DECIDED,
    "dismiss_appeal": APPLICATION_APPEAL_DECIDED,
}
CONTRACT_STEPS = {"suspend": CONTRACT_SUSPENDED, "resume": CONTRACT_RESUMED, "end": CONTRACT_ENDED}
PUBLISHES = (
    *PUBLISHES,
    *dict.fromkeys(APPLICATION_STEPS.values()),
    DECREE_ISSUED,
    CONTRACT_STARTED,
    *CONTRACT_STEPS.values(),
)

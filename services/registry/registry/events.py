"""Events the registry publishes and the newsroom events it keeps a read model of."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from chassis import mail
from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork, utcnow
from registry.models import (
    Application,
    Contract,
    Journalist,
    Outlet,
    PaymentRecord,
    Proof,
    Release,
    ReleaseMail,
    mail_outbox,
)

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


def _own(uow: UnitOfWork, event: CloudEvent) -> bool:
    """Whether a newsroom event is this office's own (its newsroom shares the registry's org code): only its
    releases are partners' to carry, and only they are mailed (another office's, reaching this broker by a
    misrouted federation, is ignored)."""
    office = uow.source.rsplit("/", 1)[0]
    return event.source == f"{office}/newsroom"


@handlers.on("newsroom.article.published.v1")
def release_published(uow: UnitOfWork, event: CloudEvent) -> None:
    if not _own(uow, event):
        return
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
    release.source = event.source
    release.updated_at = utcnow()
    uow.session.add(release)
    if first_time:
        distribute(uow, release, data.get("images") or [], data.get("attachments") or [])


def distribute(uow: UnitOfWork, release: Release, images: list, attachments: list = ()) -> None:
    """Mail the release to every partner with a contract running today (office's date), in the handler's
    transaction: the inbox makes a second delivery of the same event a no-op, so each partner gets it once; who got
    it is recorded, as they are the ones to tell when it is corrected or withdrawn."""
    from registry.queries import active_partners

    partners = [o for o in active_partners(uow.session, _office_date()) if o.email]
    pictures = "".join(f"\nGambar: {i.get('url')}" for i in images if isinstance(i, dict) and i.get("url"))
    pictures += "".join(
        f"\nLampiran ({a.get('label') or a.get('file_name')}): {a.get('url')}"
        for a in attachments
        if isinstance(a, dict) and a.get("url")
    )
    for outlet in partners:
        body = (
            f"Yth. redaksi {outlet.name},\n\nSiaran pers baru untuk mitra media:\n\n{release.title}\n\n"
            f"{release.summary or ''}\n\nTautan: {release.url}{pictures}\n\n"
            "Laporkan pemuatannya sebagai bukti tayang di aplikasi kemitraan."
        )
        mail.queue(uow.session, mail_outbox, outlet.email, f"[Siaran pers] {release.title}", body)
        uow.session.add(ReleaseMail(release_id=release.article_id, outlet_id=outlet.id, kind="release", ref=""))


def _office_date():
    return _office["settings"].local_date()


# The consumer runs handlers in the worker's own thread, outside any app context: the app factory hands them the
# service's settings here (the office's time zone decides which contracts run today).
_office: dict = {}


def configure(settings) -> None:
    _office["settings"] = settings


def _recipients(session, release: Release) -> list[tuple[Outlet, list[Proof]]]:
    """Who must hear that a release changed: outlets that filed a proof for it (first: they carried it and must
    correct or take it down), then the other outlets it was mailed to; each once, with its proofs of the release."""
    proofs = session.scalars(
        select(Proof).where(Proof.release_id == release.article_id, Proof.status != "rejected").order_by(Proof.id)
    ).all()
    contracts = {p.contract_id for p in proofs}
    owners = (
        dict(
            session.execute(
                select(Contract.id, Application.outlet_id)
                .join(Application, Application.id == Contract.application_id)
                .where(Contract.id.in_(contracts))
            ).all()
        )
        if contracts
        else {}
    )
    by_outlet: dict[int, list[Proof]] = {}
    for proof in proofs:
        by_outlet.setdefault(owners[proof.contract_id], []).append(proof)
    mailed = session.scalars(
        select(ReleaseMail.outlet_id)
        .where(ReleaseMail.release_id == release.article_id, ReleaseMail.kind == "release")
        .order_by(ReleaseMail.id)
    ).all()
    order = list(dict.fromkeys([*by_outlet, *mailed]))
    outlets = {o.id: o for o in session.scalars(select(Outlet).where(Outlet.id.in_(order)))} if order else {}
    return [(outlets[i], by_outlet.get(i, [])) for i in order if i in outlets]


def tell_partners(uow: UnitOfWork, release: Release, kind: str, ref: str, reason: str | None) -> None:
    """Mail every partner that received ``release`` or proved it that it was withdrawn or corrected, with the
    reason; their proofs of it are flagged. Once per partner and change (``ref``): a second event of the same change
    (another id, the same withdrawal or correction) mails no one again."""
    session = uow.session
    already = set(
        session.scalars(
            select(ReleaseMail.outlet_id).where(
                ReleaseMail.release_id == release.article_id, ReleaseMail.kind == kind, ReleaseMail.ref == ref
            )
        )
    )
    now = utcnow()
    what = "ditarik" if kind == "withdrawn" else "diralat"
    why = f"Alasan: {reason}" if reason else "Alasan tidak disebutkan redaksi."
    for outlet, proofs in _recipients(session, release):
        if outlet.id in already:
            continue
        for proof in proofs:
            proof.release_notice, proof.release_notice_at = kind, now
        session.add(ReleaseMail(release_id=release.article_id, outlet_id=outlet.id, kind=kind, ref=ref))
        if not outlet.email:
            continue
        if kind == "withdrawn":
            action = "Turunkan pemuatannya atau beri catatan bahwa siaran ini ditarik."
        else:
            action = f"Sesuaikan pemuatannya dengan versi terbaru: {release.url}"
        proved = "".join(f"\nBukti tayang Anda: {p.url}" for p in proofs)
        body = (
            f'Yth. redaksi {outlet.name},\n\nSiaran pers "{release.title}" {what} oleh redaksi '
            f"pemerintah daerah.\n\n{why}\n{proved}\n\n{action}"
        )
        subject = f"[Siaran pers {what}] {release.title}"
        mail.queue(session, mail_outbox, outlet.email, subject, body)


@handlers.on("newsroom.article.corrected.v1")
def release_corrected(uow: UnitOfWork, event: CloudEvent) -> None:
    release = uow.session.get(Release, int(event.data["id"])) if _own(uow, event) else None
    if release is None:
        return  # published before this service existed; nothing to correct
    release.title = event.data.get("title", release.title)
    release.url = event.data.get("url", release.url)
    release.correction_note = event.data.get("correction_note")
    if release.state != "withdrawn":
        release.state = "corrected"
    release.updated_at = utcnow()
    # One correction is one moment; an event without it (older publisher) is told apart by its note.
    ref = str(event.data.get("corrected_at") or release.correction_note or "")[:40]
    tell_partners(uow, release, "corrected", ref, release.correction_note)


@handlers.on("newsroom.article.withdrawn.v1")
def release_withdrawn(uow: UnitOfWork, event: CloudEvent) -> None:
    release = uow.session.get(Release, int(event.data["id"])) if _own(uow, event) else None
    if release is None:
        return
    release.state = "withdrawn"
    release.updated_at = utcnow()
    # The reason is optional: the newsroom sends it as ``reason``; older events may not carry it.
    tell_partners(uow, release, "withdrawn", "", event.data.get("reason"))


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

# A journalist's UKW level and whether they still work for the outlet (never the name, NIK or press card), and the
# current state of a contract, a payment month and a journalist sent once by ``flask province-snapshot``
# (registry.province): what the province's roll-up counts.
JOURNALIST_CHANGED = "registry.journalist.changed.v1"
CONTRACT_SNAPSHOT = "registry.contract.snapshot.v1"
PAYMENT_SNAPSHOT = "registry.payment.snapshot.v1"
JOURNALIST_SNAPSHOT = "registry.journalist.snapshot.v1"
PUBLISHES = (*PUBLISHES, JOURNALIST_CHANGED, CONTRACT_SNAPSHOT, PAYMENT_SNAPSHOT, JOURNALIST_SNAPSHOT)


def journalist_state(journalist: Journalist) -> dict:
    return {
        "id": journalist.id,
        "outlet_id": journalist.outlet_id,
        "ukw_level": journalist.ukw_level,
        "left_on": journalist.left_on.isoformat() if journalist.left_on else None,
    }


def journalist_changed(uow: UnitOfWork, journalist: Journalist) -> None:
    """Tell a journalist's new UKW level or leaving (call after the flush, when the id is known)."""
    uow.emit(JOURNALIST_CHANGED, journalist_state(journalist), subject=str(journalist.id))


def contract_state(contract: Contract, outlet_id: int) -> dict:
    return {
        "id": contract.id,
        "period_id": contract.period_id,
        "outlet_id": outlet_id,
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "value": contract.value,
        "status": contract.status,
    }


def payment_state(record: PaymentRecord) -> dict:
    return {
        "id": record.id,
        "contract_id": record.contract_id,
        "month": record.month,
        "status": record.status,
        "amount": record.paid_amount if record.status == "paid" else None,
        "paid_on": record.paid_on.isoformat() if record.paid_on else None,
    }

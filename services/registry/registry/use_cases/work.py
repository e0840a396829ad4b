"""The start page's counts: what waits for the caller, per registry role, each with the console page that lists it.

The gateway's start page asks ``GET /api/registry/work`` with the person's identity and shows
``{"items": [{"label", "count", "href"}]}``; each count is the filter of the page it links, so a click lands on
exactly what was counted.
"""

from __future__ import annotations

from sqlalchemy import func, select

from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from chassis.privacy import PRIVACY_OFFICER
from registry.context import Context
from registry.domain import permissions as can
from registry.domain.applications import Status
from registry.domain.payments import PaymentStatus
from registry.domain.proofs import ProofStatus
from registry.models import Application, Outlet, PaymentRecord, Proof
from registry.use_cases.membership import managed_by


def _applications(status: Status):
    return select(func.count()).select_from(Application).where(Application.status == status.value)


def _payments(status: PaymentStatus):
    return select(func.count()).select_from(PaymentRecord).where(PaymentRecord.status == status.value)


# Per role, what waits for it: (label, count query, the page listing it).
WAITING = {
    can.VERIFIER: (
        ("Pendaftaran yang menunggu verifikasi", _applications(Status.SUBMITTED), "/registry/konsol?status=submitted"),
        (
            "Bukti tayang yang menunggu pemeriksaan",
            select(func.count()).select_from(Proof).where(Proof.status == ProofStatus.PENDING.value),
            "/registry/konsol/bukti",
        ),
        (
            "SPJ yang menunggu pemeriksaan",
            _payments(PaymentStatus.SPJ_SUBMITTED),
            "/registry/konsol/pembayaran?status=spj_submitted",
        ),
    ),
    can.APPROVER: (
        (
            "Pendaftaran terverifikasi yang menunggu SK",
            _applications(Status.VERIFIED),
            "/registry/konsol?status=verified",
        ),
        ("Banding yang menunggu keputusan", _applications(Status.APPEALED), "/registry/konsol?status=appealed"),
    ),
}
# Payments checked and not yet recorded: the verifier's or the approver's, counted once for someone holding both.
TO_PAY = (
    "Pembayaran yang siap dicatat",
    _payments(PaymentStatus.CHECKED),
    "/registry/konsol/pembayaran?status=checked",
)


@authorized(can.READ_WORK)
def waiting(uow: UnitOfWork, ctx: Context) -> list[dict]:
    session, roles = uow.session, ctx.principal.roles

    def item(label: str, statement, href: str) -> dict:
        return {"label": label, "count": int(session.scalar(statement) or 0), "href": href}

    items = [item(*row) for role, rows in WAITING.items() if role in roles for row in rows]
    if roles & {can.VERIFIER, can.APPROVER}:
        items.append(item(*TO_PAY))
    if can.PARTNER in roles:
        revision = (
            select(func.count())
            .select_from(Application)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .where(Application.status == Status.REVISION.value, managed_by(ctx.principal.username))
        )
        items.append(item("Pendaftaran yang dikembalikan untuk diperbaiki", revision, "/registry/mitra"))
    if PRIVACY_OFFICER in roles:
        from registry.use_cases.privacy import open_requests

        items.append(item("Permintaan subjek data yang belum dijawab", open_requests(), "/registry/konsol/privasi"))
    return items

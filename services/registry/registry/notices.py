"""What the outlet is told by email when its application moves: the revision notes per document, the decision and
its reason, the decree, the appeal's outcome. The partner's page shows the same; the email makes sure nobody has
to keep checking it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis import mail
from registry.domain.applications import DocumentStatus
from registry.models import Application, DocumentType, Outlet, Period, mail_outbox

STEPS = {
    "revise": "perlu diperbaiki",
    "verify": "terverifikasi",
    "reject": "ditolak",
    "approve": "disetujui",
    "grant_appeal": "bandingnya diterima",
    "dismiss_appeal": "bandingnya ditolak",
}


def application_step(session: Session, application: Application, action: str, note: str | None, base_url: str) -> None:
    """Queue the outlet's email for ``action`` in the caller's transaction (nothing for steps it takes itself)."""
    outlet = session.get(Outlet, application.outlet_id)
    if action not in STEPS or outlet is None or not outlet.email:
        return
    period = session.get(Period, application.period_id)
    lines = [f"Yth. redaksi {outlet.name},", "", f"Pendaftaran {period.title} ({period.year}) {STEPS[action]}."]
    if action == "revise":
        labels = {code: label for code, label in session.execute(select(DocumentType.code, DocumentType.label))}
        rejected = [d for d in application.documents if d.status == DocumentStatus.REJECTED]
        if rejected:
            lines += ["", "Dokumen yang harus diperbaiki:"]
            lines += [f"- {labels.get(d.type_code, d.type_code)}: {d.note or 'tanpa catatan'}" for d in rejected]
    if note and note.strip():
        lines += ["", f"Catatan: {note.strip()}"]
    if action == "reject":
        lines += ["", "Anda dapat mengajukan banding satu kali dalam batas waktu yang tertera di halaman pendaftaran."]
    lines += ["", f"Lihat pendaftaran: {base_url.rstrip('/')}/registry/mitra/pendaftaran/{application.id}"]
    mail.queue(session, mail_outbox, outlet.email, f"[Kemitraan media] Pendaftaran {STEPS[action]}", "\n".join(lines))

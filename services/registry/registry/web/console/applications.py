"""The console's applications: the queue by status, one application reviewed document by document, the Dewan Pers
status, the approver's rejection, the score review and the appeal's decision."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, redirect, request, url_for

from chassis.forms import attempt, form_values
from registry import schemas, uploads
from registry.domain.applications import Status
from registry.use_cases import appeals, application_views, applications, outlets, scoring
from registry.web import page, pages, perform, refuse_unless_allowed, shown, working
from registry.web.console import QUEUE_SIZE, staff

CHANGE_LABELS = {
    "profile": "Profil diubah",
    "dewan_pers": "Status Dewan Pers dicatat",
    "journalist_updated": "Data wartawan diubah",
    "journalist_removed": "Wartawan keluar",
}
FIELD_LABELS = {
    "brand": "nama media",
    "legal_name": "nama badan hukum",
    "entity_type": "bentuk badan hukum",
    "media_type": "jenis media",
    "npwp": "NPWP",
    "nib": "NIB",
    "address": "alamat",
    "city": "kota",
    "email": "email",
    "phone": "telepon",
    "website": "situs web",
    "dewan_pers_status": "status",
    "dewan_pers_on": "tanggal",
    "role": "jabatan",
    "ukw_level": "jenjang UKW",
    "ukw_certificate_no": "nomor sertifikat UKW",
    "ukw_certified_on": "tanggal sertifikat UKW",
    "press_card": "kartu pers",
    "left_on": "tanggal keluar",
}


@pages.get("/konsol")
@staff
def queue(who):
    """Applications by status (submitted first: the verifier's work, first come first served), with filters."""
    status = request.args.get("status", Status.SUBMITTED.value)
    if status not in {s.value for s in Status} - {Status.DRAFT.value}:
        abort(404)
    period_id = request.args.get("period_id", type=int)
    q = request.args.get("q", "").strip()
    filters = {
        "limit": QUEUE_SIZE,
        "status": status,
        "period_id": period_id,
        "q": q,
        "after": request.args.get("after"),
    }
    with working(who) as (uow, ctx):
        found = application_views.queue(uow, ctx, filters)
        query = {"status": status, **({"period_id": period_id} if period_id else {}), **({"q": q} if q else {})}
        periods = found["periods"]
        return page(
            "registry/console_queue.html",
            who=who,
            rows=found["rows"],
            counts=found["counts"],
            chosen=status,
            q=q,
            periods=periods,
            period_id=period_id,
            titles={p.id: p.title for p in periods},
            statuses=[s.value for s in Status if s != Status.DRAFT],
            next_query=urlencode({**query, "after": found["next"]}) if found["next"] else None,
        )


def _application_page(who, application_id: int, status: int = 200, **context):
    with working(who) as (uow, ctx):
        shown_now = application_views.console_view(uow, ctx, application_id)
        return page(
            "registry/console_application.html",
            status,
            who=who,
            change_labels=CHANGE_LABELS,
            field_labels=FIELD_LABELS,
            message=request.args.get("pesan"),
            **shown_now,
            **context,
        )


def _back(application_id: int, message: str, anchor: str = ""):
    return redirect(
        url_for("registry_pages.application", application_id=application_id, pesan=message) + anchor, code=303
    )


@pages.get("/konsol/pendaftaran/<int:application_id>")
@staff
def application(who, application_id):
    return _application_page(who, application_id)


@pages.get("/konsol/pendaftaran/<int:application_id>/dokumen/<string:code>")
@staff
def document_inline(who, application_id, code):
    """A document shown inside the review page, beside its verdict: inline (its type was checked by content at the
    upload, so only PDF, JPEG or PNG), never cached."""
    with working(who) as (uow, ctx):
        doc = application_views.document_file(uow, ctx, application_id, code)
        return uploads.response(doc.file_sha256, doc.file_type, doc.file_name, shown=True, staff_preview=True)


def _review_data() -> dict:
    """The review form as the API's body: a verdict for each document the verifier marked, then the decision."""
    verdicts = {}
    for name, choice in request.form.items():
        code = name.removeprefix("dok-")
        if name.startswith("dok-") and choice in ("terima", "tolak"):
            verdicts[code] = {"accepted": choice == "terima", "note": request.form.get(f"catatan-{code}", "").strip()}
    data = {"documents": verdicts, "reason": request.form.get("reason", "").strip() or None}
    if request.form.get("decision"):
        data["decision"] = request.form["decision"]
    return data


@pages.post("/konsol/pendaftaran/<int:application_id>/periksa")
@staff
def review(who, application_id):
    """The verifier's review, as POST /applications/<id>/review: each document accepted or rejected with a note,
    then revise, verify (only when every rule holds) or reject with a reason."""
    refuse_unless_allowed(applications.review, who)
    outcome, refused = attempt(
        lambda: perform(who, applications.review, application_id, schemas.ReviewIn().load(_review_data())).status,
        reraise=(403, 404),
    )
    if refused:
        return _application_page(
            who, application_id, refused.status, errors=shown(refused), problem=refused.general, posted=request.form
        )
    label = {"revision": "Dikembalikan untuk perbaikan.", "verified": "Terverifikasi.", "rejected": "Ditolak."}
    return _back(application_id, label.get(outcome, "Tersimpan."))


@pages.post("/konsol/pendaftaran/<int:application_id>/dewan-pers")
@staff
def dewan_pers(who, application_id):
    """The verifier records the outlet's Dewan Pers status and date, as PUT /outlets/<id>/dewan-pers (logged)."""
    refuse_unless_allowed(outlets.set_dewan_pers, who)
    values = form_values()

    def run():
        data = schemas.DewanPersIn().load(values)
        with working(who) as (uow, ctx):
            outlet_id = applications.load(uow.session, ctx, application_id).outlet_id
        return perform(who, outlets.set_dewan_pers, outlet_id, data)

    _done, refused = attempt(run, reraise=(403, 404))
    if refused:
        return _application_page(
            who,
            application_id,
            refused.status,
            dewan_errors=shown(refused),
            dewan_values=values,
            problem=refused.general,
        )
    return _back(application_id, "Status Dewan Pers dicatat.", "#dewan-pers")


@pages.post("/konsol/pendaftaran/<int:application_id>/tolak")
@staff
def reject(who, application_id):
    """The approver may reject a verified application (with the reason the outlet sees) instead of decreeing it."""
    reason = request.form.get("reason", "").strip() or None
    _done, refused = attempt(lambda: perform(who, applications.act, application_id, "reject", reason), reraise=(404,))
    if refused:
        return _application_page(
            who, application_id, refused.status, reject_errors=shown(refused), problem=refused.general
        )
    return _back(application_id, "Ditolak.")


@pages.post("/konsol/pendaftaran/<int:application_id>/skor")
@staff
def review_score(who, application_id):
    """The verifier confirms each claimed criterion (the value as claimed) or corrects it with a note."""
    refuse_unless_allowed(scoring.review, who)
    with working(who) as (uow, ctx):
        codes = list(scoring.claims_of(uow.session, applications.load(uow.session, ctx, application_id).id))
    verdicts = {
        code: {
            "value": request.form.get(f"nilai-{code}", "").strip() or None,
            "note": request.form.get(f"catatan-skor-{code}", "").strip() or None,
        }
        for code in codes
    }

    def run():
        data = schemas.ScoreReviewIn().load({"criteria": verdicts})
        return perform(who, scoring.review, application_id, data["criteria"])

    _done, refused = attempt(run, reraise=(403, 404))
    if refused:
        return _application_page(
            who, application_id, refused.status, errors=shown(refused), problem=refused.general, posted=request.form
        )
    return _back(application_id, "Penilaian skor tersimpan.", "#skor")


@pages.post("/konsol/pendaftaran/<int:application_id>/banding")
@staff
def decide_appeal(who, application_id):
    """The approver grants the appeal (back to the verifier) or dismisses it with the reason the outlet sees."""
    refuse_unless_allowed(appeals.decide_appeal, who)
    values = {"granted": request.form.get("granted") == "ya", "reason": request.form.get("reason", "").strip() or None}

    def run():
        data = schemas.AppealDecisionIn().load(values)
        return perform(who, appeals.decide_appeal, application_id, data["granted"], data.get("reason"))

    _done, refused = attempt(run, reraise=(403, 404))
    if refused:
        return _application_page(
            who, application_id, refused.status, appeal_errors=shown(refused), problem=refused.general
        )
    done = "Banding dikabulkan; pendaftaran kembali ke verifikator." if values["granted"] else "Banding ditolak."
    return _back(application_id, done)

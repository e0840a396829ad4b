"""The office's console (verifier and approver): the queue of applications, the review of one application document
by document, the decree (SK), contracts, the proofs to check and the payment report with its downloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import abort, redirect, request, url_for
from marshmallow import ValidationError
from sqlalchemy import func, select

from chassis.auth import page_login_required
from chassis.messaging import utcnow
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from registry import queries, schemas, uploads
from registry.domain import payments as payment_rules
from registry.domain.applications import APPROVER, VERIFIER, Status
from registry.models import Application, Contract, Decree, Journalist, Outlet, Period
from registry.use_cases import applications, contracts, payments, proofs
from registry.use_cases import outlets as services
from registry.web import application_summary, field_errors, form_values, page, pages, status_of

staff = page_login_required(VERIFIER, APPROVER)
QUEUE_SIZE = 50


def _periods(session) -> list[Period]:
    return list(session.scalars(select(Period).order_by(Period.opens_at.desc(), Period.id.desc())))


def _chosen_period(periods: list[Period]) -> Period | None:
    wanted = request.values.get("period_id", type=int)
    return next((p for p in periods if p.id == wanted), periods[0] if periods else None)


@pages.get("/konsol")
@staff
def queue(who):
    """Applications by status (submitted first: the verifier's work, first come first served), with filters."""
    status = request.args.get("status", Status.SUBMITTED.value)
    if status not in {s.value for s in Status} - {Status.DRAFT.value}:
        abort(404)
    period_id = request.args.get("period_id", type=int)
    q = request.args.get("q", "").strip()
    after = request.args.get("after")
    filters = {"limit": QUEUE_SIZE, "status": status, "period_id": period_id, "q": q, "after": after}
    with suite().db.session() as session:
        periods = _periods(session)
        rows, cursor = queries.applications(session, who, filters)
        counted = select(Application.status, func.count()).where(Application.submitted_at.is_not(None))
        if period_id:
            counted = counted.where(Application.period_id == period_id)
        counts = dict(session.execute(counted.group_by(Application.status)).all())
    query = {"status": status, **({"period_id": period_id} if period_id else {}), **({"q": q} if q else {})}
    return page("registry/console_queue.html", who=who, rows=rows, counts=counts, chosen=status, q=q,
                periods=periods, period_id=period_id, titles={p.id: p.title for p in periods},
                statuses=[s.value for s in Status if s != Status.DRAFT],
                next_query=urlencode({**query, "after": cursor}) if cursor else None)  # fmt: skip


def _application_page(who, application_id: int, status: int = 200, **context):
    with suite().db.session() as session:
        application = applications.load(session, application_id, who)
        summary = application_summary(session, application, who)
        people = list(session.scalars(
            select(Journalist).where(Journalist.outlet_id == application.outlet_id).order_by(Journalist.id)
        ))  # fmt: skip
        contract = session.scalars(select(Contract).where(Contract.application_id == application.id)).first()
        today = suite().settings.local_date()
        return page("registry/console_application.html", status, who=who, contract=contract,
                    journalists=[j for j in people if j.left_on is None or j.left_on > today],
                    former=[j for j in people if j.left_on is not None and j.left_on <= today],
                    names={j.id: j.name for j in people}, changes=services.changes(session, application.outlet_id),
                    change_labels=CHANGE_LABELS, field_labels=FIELD_LABELS,
                    show_nik=who.has_any(VERIFIER), message=request.args.get("pesan"), **summary,
                    **context)  # fmt: skip


CHANGE_LABELS = {"profile": "Profil diubah", "dewan_pers": "Status Dewan Pers dicatat",
                 "journalist_updated": "Data wartawan diubah", "journalist_removed": "Wartawan keluar"}  # fmt: skip
FIELD_LABELS = {"brand": "nama media", "legal_name": "nama badan hukum", "entity_type": "bentuk badan hukum",
                "media_type": "jenis media", "npwp": "NPWP", "nib": "NIB", "address": "alamat", "city": "kota",
                "email": "email", "phone": "telepon", "website": "situs web", "dewan_pers_status": "status",
                "dewan_pers_on": "tanggal", "role": "jabatan", "ukw_level": "jenjang UKW",
                "ukw_certificate_no": "nomor sertifikat UKW", "ukw_certified_on": "tanggal sertifikat UKW",
                "press_card": "kartu pers", "left_on": "tanggal keluar"}  # fmt: skip


@pages.get("/konsol/pendaftaran/<int:application_id>")
@staff
def application(who, application_id):
    return _application_page(who, application_id)


@pages.get("/konsol/pendaftaran/<int:application_id>/dokumen/<string:code>")
@staff
def document_inline(who, application_id, code):
    """A document shown inside the review page, beside its verdict: inline (its type was checked by content at the
    upload, so only PDF, JPEG or PNG), never cached."""
    with suite().db.session() as session:
        loaded = applications.load(session, application_id, who)
        doc = next((d for d in loaded.documents if d.type_code == code), None)
    if doc is None:
        abort(404)
    return uploads.response(doc.file_sha256, doc.file_type, doc.file_name, shown=True, staff_preview=True)


def _review_data(codes: list[str]) -> dict:
    """The review form as the API's body: a verdict for each document the verifier marked, then the decision."""
    verdicts = {}
    for code in codes:
        choice = request.form.get(f"dok-{code}")
        if choice in ("terima", "tolak"):
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
    if not who.has_any(VERIFIER):
        abort(403)
    try:
        with unit_of_work() as uow:
            loaded = applications.load(uow.session, application_id, who, lock=True)
            data = schemas.ReviewIn().load(_review_data([d.type_code for d in loaded.documents]))
            applications.review(uow, loaded, data, who, suite().settings.local_date())
            outcome = loaded.status
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status in (403, 404):
            raise
        errors, general = field_errors(exc)
        status = status_of(exc)
        return _application_page(who, application_id, status, errors=errors, problem=general,
                                 posted=request.form)  # fmt: skip
    label = {"revision": "Dikembalikan untuk perbaikan.", "verified": "Terverifikasi.", "rejected": "Ditolak."}
    return redirect(url_for("registry_pages.application", application_id=application_id,
                            pesan=label.get(outcome, "Tersimpan.")), code=303)  # fmt: skip


@pages.post("/konsol/pendaftaran/<int:application_id>/dewan-pers")
@staff
def dewan_pers(who, application_id):
    """The verifier records the outlet's Dewan Pers status and date, as PUT /outlets/<id>/dewan-pers (logged)."""
    if not who.has_any(VERIFIER):
        abort(403)
    values = form_values()
    try:
        data = schemas.DewanPersIn().load(values)
        with unit_of_work() as uow:
            loaded = applications.load(uow.session, application_id, who)
            services.set_dewan_pers(uow, loaded.outlet_id, data, who)
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status in (403, 404):
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, status_of(exc), dewan_errors=errors, dewan_values=values,
                                 problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.application", application_id=application_id,
                            pesan="Status Dewan Pers dicatat.") + "#dewan-pers", code=303)  # fmt: skip


@pages.post("/konsol/pendaftaran/<int:application_id>/tolak")
@staff
def reject(who, application_id):
    """The approver may reject a verified application (with the reason the outlet sees) instead of decreeing it."""
    try:
        with unit_of_work() as uow:
            loaded = applications.load(uow.session, application_id, who, lock=True)
            applications.act(uow, loaded, "reject", who, request.form.get("reason", "").strip() or None,
                             suite().settings.local_date())  # fmt: skip
    except Problem as exc:
        if exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, exc.status, reject_errors=errors, problem=general)
    return redirect(url_for("registry_pages.application", application_id=application_id, pesan="Ditolak."), code=303)


@pages.post("/konsol/pendaftaran/<int:application_id>/skor")
@staff
def review_score(who, application_id):
    """The verifier confirms each claimed criterion (the value as claimed) or corrects it with a note."""
    from registry.use_cases import scoring

    if not who.has_any(VERIFIER):
        abort(403)
    try:
        with unit_of_work() as uow:
            loaded = applications.load(uow.session, application_id, who, lock=True)
            claimed = scoring.claims_of(uow.session, loaded.id)
            verdicts = {code: {"value": request.form.get(f"nilai-{code}", "").strip() or None,
                               "note": request.form.get(f"catatan-skor-{code}", "").strip() or None}
                        for code in claimed}  # fmt: skip
            data = schemas.ScoreReviewIn().load({"criteria": verdicts})
            scoring.review(uow, loaded, data["criteria"], who)
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status in (403, 404):
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, status_of(exc),
                                 errors=errors, problem=general, posted=request.form)  # fmt: skip
    return redirect(url_for("registry_pages.application", application_id=application_id,
                            pesan="Penilaian skor tersimpan.") + "#skor", code=303)  # fmt: skip


@pages.post("/konsol/pendaftaran/<int:application_id>/banding")
@staff
def decide_appeal(who, application_id):
    """The approver grants the appeal (back to the verifier) or dismisses it with the reason the outlet sees."""
    if not who.has_any(APPROVER):
        abort(403)
    values = {"granted": request.form.get("granted") == "ya", "reason": request.form.get("reason", "").strip() or None}
    try:
        data = schemas.AppealDecisionIn().load(values)
        with unit_of_work() as uow:
            loaded = applications.load(uow.session, application_id, who, lock=True)
            applications.decide_appeal(uow, loaded, data["granted"], data.get("reason"), who,
                                       suite().settings.local_date())  # fmt: skip
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status in (403, 404):
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, status_of(exc),
                                 appeal_errors=errors, problem=general)  # fmt: skip
    done = "Banding dikabulkan; pendaftaran kembali ke verifikator." if values["granted"] else "Banding ditolak."
    return redirect(url_for("registry_pages.application", application_id=application_id, pesan=done), code=303)


def _decree_page(who, status: int = 200, **context):
    with suite().db.session() as session:
        periods = _periods(session)
        period = _chosen_period(periods)
        verified, decrees = [], []
        if period is not None:
            verified = session.execute(
                select(Application, Outlet.name, Outlet.media_type).join(Outlet, Outlet.id == Application.outlet_id)
                .where(Application.period_id == period.id, Application.status == Status.VERIFIED)
                .order_by(Outlet.name, Application.id)
            ).all()  # fmt: skip
            decrees = list(session.scalars(select(Decree).where(Decree.period_id == period.id)
                                           .order_by(Decree.id.desc())))  # fmt: skip
        return page("registry/console_decree.html", status, who=who, periods=periods, period=period,
                    verified=verified, decrees=decrees, today=suite().settings.local_date(),
                    message=request.args.get("pesan"), **context)  # fmt: skip


@pages.get("/konsol/sk")
@staff
def decrees(who):
    return _decree_page(who)


@pages.post("/konsol/sk")
@staff
def issue_decree(who):
    if not who.has_any(APPROVER):
        abort(403)
    values = {**form_values(), "application_ids": request.form.getlist("application_ids")}
    try:
        data = schemas.DecreeIn().load(values)
        with unit_of_work() as uow:
            decree = contracts.issue_decree(uow, data, who, suite().settings.local_date())
            number, period_id = decree.number, decree.period_id
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _decree_page(who, status_of(exc), values=values,
                            errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.decrees", period_id=period_id, pesan=f"SK {number} ditetapkan."),
                    code=303)  # fmt: skip


def _contracts_page(who, status: int = 200, **context):
    with suite().db.session() as session:
        periods = _periods(session)
        period = _chosen_period(periods)
        waiting, made = [], []
        if period is not None:
            waiting = session.execute(
                select(Application, Outlet.name).join(Outlet, Outlet.id == Application.outlet_id)
                .outerjoin(Contract, Contract.application_id == Application.id)
                .where(Application.period_id == period.id, Application.status == Status.APPROVED,
                       Contract.id.is_(None))
                .order_by(Outlet.name, Application.id)
            ).all()  # fmt: skip
            made = session.execute(
                select(Contract, Outlet.name).join(Application, Application.id == Contract.application_id)
                .join(Outlet, Outlet.id == Application.outlet_id)
                .where(Contract.period_id == period.id).order_by(Contract.id.desc())
            ).all()  # fmt: skip
        tiers = {t["code"]: t for t in (period.tiers or [])} if period else {}
        left = contracts.budget_left(session, period) if period else 0
        return page("registry/console_contracts.html", status, who=who, periods=periods, period=period,
                    waiting=waiting, made=made, tiers=tiers, budget_left=left, actions=CONTRACT_ACTIONS,
                    moves=contracts.CONTRACT_MOVES,
                    message=request.args.get("pesan"), **context)  # fmt: skip


@pages.get("/konsol/kontrak")
@staff
def contract_list(who):
    return _contracts_page(who)


@pages.post("/konsol/kontrak")
@staff
def create_contract(who):
    if not who.has_any(VERIFIER):
        abort(403)
    values = form_values()
    try:
        data = schemas.ContractIn().load({k: v for k, v in values.items() if k != "period_id"})
        with unit_of_work() as uow:
            contract = contracts.create_contract(uow, data, who)
            number, period_id = contract.number, contract.period_id
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _contracts_page(who, status_of(exc), values=values,
                               errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.contract_list", period_id=period_id, pesan=f"Kontrak {number} dibuat."),
                    code=303)  # fmt: skip


CONTRACT_ACTIONS = {"suspend": "Tangguhkan", "resume": "Lanjutkan", "end": "Akhiri"}


@pages.post("/konsol/kontrak/<int:contract_id>/<string:action>")
@staff
def move_contract(who, contract_id, action):
    """Suspend a contract (with the reason), resume it, or end it."""
    if action not in contracts.CONTRACT_MOVES:
        abort(404)
    reason = request.form.get("reason", "").strip() or None
    try:
        with unit_of_work() as uow:
            contract = contracts.move_contract(uow, contract_id, action, reason)
            number, period_id = contract.number, contract.period_id
    except Problem as exc:
        if exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _contracts_page(who, exc.status, moved=(contract_id, action), move_errors=errors, problem=general)
    done = f"Kontrak {number}: {CONTRACT_ACTIONS[action].lower()} selesai."
    return redirect(url_for("registry_pages.contract_list", period_id=period_id, pesan=done), code=303)


def _proofs_page(who, status: int = 200, **context):
    """Proofs waiting for the verifier, oldest first."""
    after = request.args.get("after")
    with suite().db.session() as session:
        pending, cursor = queries.proofs(session, who, {"limit": QUEUE_SIZE, "status": "pending", "after": after})
    return page("registry/console_proofs.html", status, who=who, pending=pending, message=request.args.get("pesan"),
                next_query=urlencode({"after": cursor}) if cursor else None, **context)  # fmt: skip


@pages.get("/konsol/bukti")
@staff
def proof_queue(who):
    return _proofs_page(who)


@pages.get("/konsol/bukti/<int:proof_id>/tangkapan-layar")
@staff
def proof_screenshot_console(who, proof_id):
    with suite().db.session() as session:
        proof = proofs.screenshot_of(session, proof_id, who)
    return uploads.response(proof.file_sha256, proof.file_type, proof.file_name, shown=True)


@pages.post("/konsol/bukti/<int:proof_id>")
@staff
def review_proof(who, proof_id):
    if not who.has_any(VERIFIER):
        abort(403)
    values = {"accepted": request.form.get("accepted") == "ya", "note": request.form.get("note", "").strip() or None}
    try:
        data = schemas.ProofReviewIn().load(values)
        with unit_of_work() as uow:
            proofs.review_proof(uow, proof_id, data, who)
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _proofs_page(who, status_of(exc), proof_id=proof_id,
                            errors=errors, problem=general)  # fmt: skip
    done = "Bukti diterima." if values["accepted"] else "Bukti ditolak."
    return redirect(url_for("registry_pages.proof_queue", pesan=done), code=303)


def report_formats() -> list[str]:
    """The download formats the payment report's API offers (the schema says which)."""
    found = []
    for name in ("csv", "xlsx", "pdf"):
        try:
            schemas.PaymentQuery().load({"period_id": 1, "format": name})
            found.append(name)
        except ValidationError:
            pass
    return found


@pages.get("/konsol/laporan")
@staff
def payment_report(who):
    """Per contract and month: accepted and billable proofs and the amount; the budget committed and used."""
    with suite().db.session() as session:
        periods = _periods(session)
        period = _chosen_period(periods)
        figures = proofs.payment_report(session, period.id) if period else None
        return page("registry/console_report.html", who=who, periods=periods, period=period, figures=figures,
                    formats=report_formats())  # fmt: skip


def _owed_page(who, status: int = 200, **context):
    """What the office owes: each contract month with its SPJ, amount due and payment, and the moves allowed now."""
    chosen = request.args.get("status") or None
    if chosen and chosen not in payment_rules.STATUS_LABELS:
        abort(404)
    period_id = request.args.get("period_id", type=int)
    query = {"limit": QUEUE_SIZE, "status": chosen, "period_id": period_id, "after": request.args.get("after")}
    with suite().db.session() as session:
        periods = _periods(session)
        found = payments.owed(session, query, who.roles)
    filters = {k: v for k, v in (("status", chosen), ("period_id", period_id)) if v}
    return page("registry/console_payments.html", status, who=who, periods=periods, period_id=period_id,
                chosen=chosen, records=found["items"], totals=found["totals"],
                moves={a: m.label for a, m in payment_rules.PAYMENT_MOVES.items()},
                statuses=[str(s) for s in payment_rules.STATUS_LABELS], message=request.args.get("pesan"),
                next_query=urlencode({**filters, "after": found["next"]}) if found["next"] else None,
                **context)  # fmt: skip


@pages.get("/konsol/pembayaran")
@staff
def owed(who):
    return _owed_page(who)


@pages.post("/konsol/pembayaran/<int:contract_id>/<string:month>/<string:action>")
@staff
def payment_move(who, contract_id, month, action):
    """Check or return the SPJ, record the payment (date, amount, tax withheld), hold it with a reason, release it."""
    values = form_values()
    try:
        data = schemas.PaymentMoveIn().load(values)
        with unit_of_work() as uow:
            contract = proofs.contract_of_partner(uow.session, contract_id, who)
            payments.move(uow, contract, month, action, data, who, suite().settings.local_date())
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status in (403, 404):
            raise
        errors, general = field_errors(exc)
        return _owed_page(who, status_of(exc),
                          failed=(contract_id, month, action), values=values, errors=errors,
                          problem=general)  # fmt: skip
    done = f"{payment_rules.PAYMENT_MOVES[action].label}: bulan {month} selesai."
    return redirect(url_for("registry_pages.owed", **request.args, pesan=done), code=303)


TIER_ROWS = 4
CRITERION_BLOCKS, CRITERION_ROWS = 3, 3  # blank criterion blocks, and option/band rows per block, shown at first
MORE_BLOCKS, MORE_ROWS, MOST_ROWS = 1, 2, 30  # what "Tambah baris" adds; at most this many blocks or rows
CRITERION_FIELDS = ("code", "label", "media_type", "max_points", "unit")
ROW_FIELDS = {"options": ("code", "label", "points"), "bands": ("min", "points", "label")}
KIND_LABELS = {"options": "pilihan tetap", "bands": "rentang angka"}


def _periods_page(who, status: int = 200, size: tuple[int, int] = (CRITERION_BLOCKS, CRITERION_ROWS), **context):
    from registry.models import DocumentType

    with suite().db.session() as session:
        periods = _periods(session)
        catalogue = list(session.scalars(select(DocumentType).order_by(DocumentType.code)))
    return page("registry/console_periods.html", status, who=who, periods=periods, catalogue=catalogue,
                tier_rows=range(TIER_ROWS), criterion_blocks=size[0], criterion_rows=size[1],
                now=utcnow(), message=request.args.get("pesan"), **context)  # fmt: skip


@pages.get("/konsol/masa")
@staff
def periods(who):
    """The application periods and the requirement catalogue, with the forms to open a period and add a document."""
    return _periods_page(who)


def _local_moment(name: str) -> str | None:
    """A ``datetime-local`` field read as the office's local time, as an aware ISO moment (or the text as typed)."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(suite().settings.office_timezone)).isoformat()
    except ValueError:
        return value


@dataclasses.dataclass(frozen=True)
class _CriteriaRows:
    """The scoring criteria typed into the period form's blocks, as the API's ``criteria``.

    Blank blocks and blank rows are left out, so the n-th criterion (and its m-th option or band) is not always the
    n-th block (row) of the form: ``where`` keeps, per criterion, its block and the row of each option or band, to put
    every error back next to the field it is about. ``problems``: rows typed under the kind the block did not choose.
    """

    criteria: list[dict]
    where: list[tuple[int, list[int]]]
    problems: list[dict]

    @classmethod
    def read(cls, form, blocks: int, rows: int) -> _CriteriaRows:
        criteria, where, problems = [], [], []
        for n in range(blocks):
            head = {k: form.get(f"criterion-{n}-{k}", "").strip() for k in CRITERION_FIELDS}
            filled = {kind: [] for kind in ROW_FIELDS}
            for kind, keys in ROW_FIELDS.items():
                for m in range(rows):
                    row = {k: form.get(f"criterion-{n}-{kind}-{m}-{k}", "").strip() for k in keys}
                    if any(row.values()):
                        filled[kind].append((m, {k: v for k, v in row.items() if v}))
            if not any(head.values()) and not any(filled.values()):
                continue
            kind = "bands" if form.get(f"criterion-{n}-kind") == "bands" else "options"
            other = "options" if kind == "bands" else "bands"
            if filled[other]:
                message = (f"Jenis kriteria ini {KIND_LABELS[kind]}: kosongkan baris {KIND_LABELS[other]}, "
                           f"atau ganti jenisnya.")  # fmt: skip
                problems.append({"field": f"criteria.{len(criteria)}.kind", "message": message})
            criteria.append({**{k: v for k, v in head.items() if v}, kind: [row for _, row in filled[kind]]})
            where.append((n, [m for m, _ in filled[kind]]))
        return cls(criteria, where, problems)

    def at_rows(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """``errors`` named after the form's blocks and rows (``criteria.2.bands.1.points``), not the list's."""
        moved: dict[str, list[str]] = {}
        for name, messages in errors.items():
            found = re.fullmatch(r"criteria\.(\d+)(?:\.(options|bands)\.(\d+))?(\..+)?", name)
            if found and int(found[1]) < len(self.where):
                block, rows = self.where[int(found[1])]
                name = f"criteria.{block}"
                if found[2]:
                    m = int(found[3])
                    name += f".{found[2]}.{rows[m] if m < len(rows) else m}"
                name += found[4] or ""
            moved.setdefault(name, []).extend(messages)
        return moved


def _criteria_size(form) -> tuple[int, int]:
    """How many criterion blocks and rows per block the posted form had (never fewer than at first)."""
    sizes = []
    for name, least in (("criterion_blocks", CRITERION_BLOCKS), ("criterion_rows", CRITERION_ROWS)):
        posted = form.get(name, "")
        sizes.append(min(max(int(posted) if posted.isdigit() else least, least), MOST_ROWS))
    return sizes[0], sizes[1]


def _period_form(criteria: _CriteriaRows) -> dict:
    """The period form as the API's body: catalogue documents ticked, tier rows filled, criteria from their blocks."""
    form = request.form
    data = {
        k: form[k].strip() for k in ("name", "fiscal_year", "kind", "budget", "appeal_days") if form.get(k, "").strip()
    }
    data.update({k: v for k in ("opens_at", "closes_at") if (v := _local_moment(k))})
    data["rules"] = {"require_dewan_pers": "require_dewan_pers" in form,
                     "require_ukw_utama_for_chief": "require_ukw_utama_for_chief" in form}  # fmt: skip
    data["requirements"] = [{"code": code, "required": f"opsional-{code}" not in form}
                            for code in form.getlist("requirements")]  # fmt: skip
    tiers = []
    for n in range(TIER_ROWS):
        row = {
            k: form.get(f"tier-{k}-{n}", "").strip() for k in ("code", "label", "rate", "quota", "seats", "min_score")
        }
        if any(row[k] for k in ("code", "label", "rate")):
            tiers.append({k: v for k, v in row.items() if v})
    data["tiers"] = tiers
    data["criteria"] = criteria.criteria
    return data


@pages.post("/konsol/masa")
@staff
def open_period(who):
    """Open a period; "Tambah baris" (``tambah``) shows the form again as typed, with more criterion blocks and rows."""
    if not who.has_any(VERIFIER):
        abort(403)
    blocks, rows = _criteria_size(request.form)
    if "tambah" in request.form:
        more = (min(blocks + MORE_BLOCKS, MOST_ROWS), min(rows + MORE_ROWS, MOST_ROWS))
        return _periods_page(who, size=more, posted=request.form)
    criteria = _CriteriaRows.read(request.form, blocks, rows)
    try:
        data = schemas.PeriodIn().load(_period_form(criteria))
        if criteria.problems:
            raise Problem(422, criteria.problems[0]["message"], title="Unprocessable Content",
                          errors=criteria.problems)  # fmt: skip
        with unit_of_work() as uow:
            title = applications.create_period(uow, data, who).title
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        if isinstance(exc, ValidationError):  # rows under the wrong kind are named along with the schema's errors
            for problem in criteria.problems:
                errors.setdefault(problem["field"], []).append(problem["message"])
        return _periods_page(who, status_of(exc), size=(blocks, rows), errors=criteria.at_rows(errors),
                             problem=general, posted=request.form)  # fmt: skip
    return redirect(url_for("registry_pages.periods", pesan=f"Masa {title} dibuat."), code=303)


@pages.post("/konsol/katalog")
@staff
def add_document_type(who):
    """A document the office may require, added to its catalogue."""
    if not who.has_any(VERIFIER):
        abort(403)
    values = {**form_values(), "media_types": request.form.getlist("media_types"), "expires": "expires" in request.form}
    try:
        data = schemas.DocumentTypeIn().load(values)
        with unit_of_work() as uow:
            applications.add_document_type(uow, data)
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _periods_page(who, status_of(exc), doc_errors=errors,
                             doc_values=values, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.periods", pesan=f"Dokumen {values.get('code')} ditambahkan.") + "#katalog",
                    code=303)  # fmt: skip


@pages.get("/konsol/ringkasan")
@staff
def overview(who):
    """The office's figures of a period (partners per media type and tier, journalists per UKW level, proofs per
    release, budget) and the reminders: documents expiring and contracts ending within the settings' days."""
    from registry import figures
    from registry.use_cases import reminders

    settings = suite().settings
    with suite().db.session() as session:
        periods = _periods(session)
        period = _chosen_period(periods)
        found = figures.of_period(session, period.id) if period else None
        due = reminders.due(session, settings.local_date(), settings.reminder_days)
    return page("registry/console_overview.html", who=who, periods=periods, period=period, figures=found, due=due,
                days=settings.reminder_days)  # fmt: skip


def _kim_page(who, group_id: int | None, status: int = 200, **context):
    from registry.use_cases import kim

    with suite().db.session() as session:
        if group_id is None:
            query = {"limit": 200, "after": request.args.get("after")}
            found = kim.listing(session, query)
            return page("registry/console_kim.html", status, who=who, groups=found["items"], **context)
        shown = kim.view(kim.group(session, group_id), True)
    return page("registry/console_kim_group.html", status, who=who, group=shown, message=request.args.get("pesan"),
                **context)  # fmt: skip


@pages.get("/konsol/kim")
@staff
def kim_console(who):
    return _kim_page(who, None)


def _kim_form(schema, values: dict, who, group_id: int | None, act):
    """Load ``values`` with ``schema`` and run ``act(uow, data)``; errors come back next to the fields."""
    if not who.has_any(VERIFIER):
        abort(403)
    try:
        data = schema.load(values)
        with unit_of_work() as uow:
            return act(uow, data), None
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status == 404:
            raise
        errors, general = field_errors(exc)
        status = status_of(exc)
        return None, _kim_page(who, group_id, status, values=values, errors=errors, problem=general)


@pages.post("/konsol/kim")
@staff
def create_kim(who):
    """Register a KIM of a village or kecamatan (its Kemendagri code)."""
    from registry.use_cases import kim

    made, failed = _kim_form(schemas.KimIn(), form_values(), who, None,
                             lambda uow, data: kim.create(uow, data, who).id)  # fmt: skip
    return failed or redirect(url_for("registry_pages.kim_detail", group_id=made, pesan="KIM terdaftar."), code=303)


@pages.get("/konsol/kim/<int:group_id>")
@staff
def kim_detail(who, group_id):
    return _kim_page(who, group_id)


@pages.post("/konsol/kim/<int:group_id>/anggota")
@staff
def add_kim_member(who, group_id):
    from registry.use_cases import kim

    _done, failed = _kim_form(schemas.KimMemberIn(), form_values(), who, group_id,
                             lambda uow, data: kim.add_member(uow, group_id, data))  # fmt: skip
    return failed or redirect(url_for("registry_pages.kim_detail", group_id=group_id, pesan="Anggota ditambahkan."),
                              code=303)  # fmt: skip


@pages.post("/konsol/kim/<int:group_id>/kegiatan")
@staff
def add_kim_activity(who, group_id):
    """An activity, with a photo (JPEG or PNG, checked by content) when there is one."""
    from chassis import files
    from registry.use_cases import kim

    def act(uow, data):
        photo = files.accept_image(request.files.get("photo"), suite().settings.document_max_bytes, "photo")
        return kim.add_activity(uow, group_id, data, photo, who)

    _done, failed = _kim_form(schemas.KimActivityIn(), form_values(), who, group_id, act)
    return failed or redirect(url_for("registry_pages.kim_detail", group_id=group_id, pesan="Kegiatan dicatat."),
                              code=303)  # fmt: skip

"""The press outlet's pages (``media:partner``): its profile and journalists, its application with one upload per
requirement and the verifier's notes, its contract, proofs and what it is owed per month."""

from __future__ import annotations

from flask import redirect, request, url_for
from marshmallow import ValidationError, fields
from sqlalchemy import select

from chassis import files
from chassis.auth import page_login_required
from chassis.db import values as db_values
from chassis.problems import Problem, field_problem
from chassis.web import suite, unit_of_work
from registry import schemas, uploads
from registry.domain.applications import PARTNER
from registry.models import Application, Contract, Journalist, Outlet, Period, Proof, Release
from registry.use_cases import applications, membership, payments, proofs
from registry.use_cases import outlets as services
from registry.web import application_summary, field_errors, form_values, page, pages, period_state, status_of

partner = page_login_required(PARTNER)


def _outlet(session, who) -> Outlet | None:
    return membership.outlet_of_account(session, who.username)


def _dashboard(who, status: int = 200, **context):
    with suite().db.session() as session:
        outlet = _outlet(session, who)
        current, upcoming = period_state(session)
        mine, contracts, people = [], [], []
        if outlet is not None:
            people = list(session.scalars(select(Journalist).where(Journalist.outlet_id == outlet.id)
                                          .order_by(Journalist.id)))  # fmt: skip
            mine = session.execute(
                select(Application, Period).join(Period, Period.id == Application.period_id)
                .where(Application.outlet_id == outlet.id).order_by(Application.id.desc())
            ).all()  # fmt: skip
            contracts = list(session.scalars(
                select(Contract).join(Application, Application.id == Contract.application_id)
                .where(Application.outlet_id == outlet.id).order_by(Contract.id.desc())
            ))  # fmt: skip
        applied = {a.period_id for a, _ in mine}
        staff = membership.members(session, outlet.id, who, False) if outlet is not None else []
        today = suite().settings.local_date()
        context.setdefault("profile_values", _profile_values(outlet) if outlet is not None else {})
        return page("registry/partner_home.html", status, who=who, outlet=outlet,
                    journalists=[j for j in people if j.left_on is None or j.left_on > today],
                    former=[j for j in people if j.left_on is not None and j.left_on <= today],
                    applications=mine, contracts=contracts, open_periods=[p for p in current if p.id not in applied],
                    any_open=bool(current), upcoming=upcoming, members=staff,
                    message=request.args.get("pesan"), **context)  # fmt: skip


PROFILE_OPTIONAL = ("entity_type", "city", "email", "phone", "website")
JOURNALIST_OPTIONAL = ("ukw_certificate_no", "ukw_certified_on", "press_card")


def _profile_values(outlet: Outlet) -> dict:
    return {"brand": outlet.name, **{k: getattr(outlet, k) or "" for k in (
        "legal_name", "entity_type", "media_type", "npwp", "nib", "address", *PROFILE_OPTIONAL[1:])}}  # fmt: skip


def _emptied(values: dict, optional: tuple[str, ...]) -> dict:
    """The form's values for a schema: an optional field left empty clears it."""
    return {k: (None if k in optional and v == "" else v) for k, v in values.items()}


@pages.get("/mitra")
@partner
def partner_home(who):
    return _dashboard(who)


@pages.route("/mitra/perusahaan", methods=["GET", "POST"])
@partner
def register_outlet(who):
    """Register the outlet this account manages: every field of the API, errors next to each field."""
    values = form_values() if request.method == "POST" else {}
    if request.method == "GET":
        return page("registry/partner_outlet.html", who=who, values=values, errors={})
    try:
        data = schemas.OutletInput().load(values)
        with unit_of_work() as uow:
            services.register_outlet(uow, data, who)
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return page("registry/partner_outlet.html", status_of(exc),
                    who=who, values=values, errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_home", pesan="Perusahaan pers terdaftar."), code=303)


@pages.post("/mitra/wartawan")
@partner
def add_journalist(who):
    values = form_values()
    try:
        data = schemas.JournalistIn().load(values)
        with unit_of_work() as uow:
            applications.add_journalist(uow, applications.my_outlet(uow.session, who).id, data, who)
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _dashboard(who, 422, values=values, errors=errors, problem=general)
    return redirect(url_for("registry_pages.partner_home", pesan="Wartawan ditambahkan.") + "#wartawan", code=303)


@pages.post("/mitra/profil")
@partner
def update_profile(who):
    """Ubah profil: every field of the outlet, checked as at registration; the verifier sees who changed what."""
    values = form_values(*PROFILE_OPTIONAL)
    try:
        data = schemas.OutletPatch(partial=True).load(_emptied(values, PROFILE_OPTIONAL))
        with unit_of_work() as uow:
            services.update_outlet(uow, applications.my_outlet(uow.session, who).id, data, who)
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _dashboard(who, status_of(exc), profile_values=values, profile_errors=errors, problem=general)
    return redirect(url_for("registry_pages.partner_home", pesan="Profil diperbarui.") + "#profil", code=303)


def _journalist_refused(who, exc, journalist_id: int, values: dict):
    """The dashboard again with the refused journalist form's errors (another outlet's journalist stays 404)."""
    if isinstance(exc, Problem) and exc.status == 404:
        raise exc
    errors, general = field_errors(exc)
    return _dashboard(who, status_of(exc), journalist_id=journalist_id, journalist_values=values,
                      journalist_errors=errors, problem=general)  # fmt: skip


@pages.post("/mitra/wartawan/<int:journalist_id>")
@partner
def update_journalist(who, journalist_id):
    """Change one journalist's role, UKW level and certificate, or press card."""
    values = form_values(*JOURNALIST_OPTIONAL)
    try:
        data = schemas.JournalistPatch().load(_emptied(values, JOURNALIST_OPTIONAL))
        with unit_of_work() as uow:
            services.update_journalist(uow, applications.my_outlet(uow.session, who).id, journalist_id, data, who,
                                       suite().settings.local_date())  # fmt: skip
    except (ValidationError, Problem) as exc:
        return _journalist_refused(who, exc, journalist_id, values)
    return redirect(url_for("registry_pages.partner_home", pesan="Data wartawan diperbarui.") + "#wartawan", code=303)


@pages.post("/mitra/wartawan/<int:journalist_id>/keluar")
@partner
def remove_journalist(who, journalist_id):
    """A journalist leaves the outlet (from the given day, or today); the history keeps them."""
    values = form_values()
    try:
        data = schemas.JournalistLeave().load(values)
        with unit_of_work() as uow:
            services.remove_journalist(uow, applications.my_outlet(uow.session, who).id, journalist_id,
                                       data.get("left_on"), who, suite().settings.local_date())  # fmt: skip
    except (ValidationError, Problem) as exc:
        return _journalist_refused(who, exc, journalist_id, values)
    return redirect(url_for("registry_pages.partner_home", pesan="Wartawan dicatat keluar.") + "#wartawan", code=303)


@pages.post("/mitra/daftar")
@partner
def apply(who):
    """Apply to the open period with the chosen tier."""
    values = form_values()
    try:
        data = schemas.ApplicationIn().load(values)
        with unit_of_work() as uow:
            application = applications.apply(uow, data, who, suite().settings.office_timezone)
            application_id = application.id
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _dashboard(who, status_of(exc), apply_errors=errors,
                          problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_application", application_id=application_id,
                            pesan="Pendaftaran dibuat. Unggah dokumennya, lalu ajukan."), code=303)  # fmt: skip


def _application_page(who, application_id: int, status: int = 200, **context):
    with suite().db.session() as session:
        application = applications.load(session, application_id, who)  # 404 for another outlet's application
        summary = application_summary(session, application, who)
        return page("registry/partner_application.html", status, who=who, message=request.args.get("pesan"),
                    **summary, **context)  # fmt: skip


@pages.get("/mitra/pendaftaran/<int:application_id>")
@partner
def partner_application(who, application_id):
    return _application_page(who, application_id)


@pages.post("/mitra/pendaftaran/<int:application_id>/dokumen/<string:code>")
@partner
def upload(who, application_id, code):
    settings = suite().settings
    try:
        try:
            expires_on = fields.Date(allow_none=True).deserialize(request.form.get("expires_on") or None)
        except ValidationError:
            raise field_problem("expires_on", "Tanggal tidak valid.") from None
        stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes)
        if stored is None:
            raise field_problem("file", "Pilih berkas.")
        with unit_of_work() as uow:
            application = applications.load(uow.session, application_id, who, lock=True)
            applications.upload(uow, application, code, stored, expires_on, who)
    except Problem as exc:
        if exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, exc.status, upload_code=code, upload_errors=errors,
                                 problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_application", application_id=application_id,
                            pesan="Dokumen diunggah.") + f"#dok-{code}", code=303)  # fmt: skip


@pages.post("/mitra/pendaftaran/<int:application_id>/ajukan")
@partner
def submit(who, application_id):
    try:
        with unit_of_work() as uow:
            application = applications.load(uow.session, application_id, who, lock=True)
            applications.act(uow, application, "submit", who, None, suite().settings.local_date())
    except Problem as exc:
        if exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, exc.status, errors=errors, problem=general)
    return redirect(url_for("registry_pages.partner_application", application_id=application_id,
                            pesan="Pendaftaran diajukan untuk diperiksa."), code=303)  # fmt: skip


@pages.post("/mitra/pendaftaran/<int:application_id>/skor/<string:code>")
@partner
def claim_score(who, application_id, code):
    """The outlet's claim on one scoring criterion, with its evidence (a file, a link or a statement)."""
    from registry.use_cases import scoring

    settings = suite().settings
    values = form_values()
    try:
        data = schemas.ClaimIn().load(values)
        stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes)
        with unit_of_work() as uow:
            application = applications.load(uow.session, application_id, who, lock=True)
            scoring.claim(uow, application, code, data, stored, who)
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, status_of(exc),
                                 claim_code=code, claim_errors=errors, claim_values=values,
                                 problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_application", application_id=application_id,
                            pesan="Klaim skor tersimpan.") + f"#skor-{code}", code=303)  # fmt: skip


@pages.post("/mitra/pendaftaran/<int:application_id>/banding")
@partner
def appeal(who, application_id):
    """A rejected outlet appeals once, within the period's days, with its reasons."""
    values = form_values()
    try:
        data = schemas.AppealIn().load(values)
        with unit_of_work() as uow:
            application = applications.load(uow.session, application_id, who, lock=True)
            applications.appeal(uow, application, data["reason"], who, suite().settings.local_date(),
                                suite().settings.office_timezone)  # fmt: skip
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _application_page(who, application_id, status_of(exc),
                                 errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_application", application_id=application_id,
                            pesan="Banding diajukan; pimpinan akan memutuskannya."), code=303)  # fmt: skip


def _about(exc: Problem, field: str) -> bool:
    return any(e.get("field") == field for e in exc.extra.get("errors") or [])


def _contract_page(who, contract_id: int, status: int = 200, **context):
    with suite().db.session() as session:
        contract = proofs.contract_of_partner(session, contract_id, who)
        application = session.get(Application, contract.application_id)
        period = session.get(Period, contract.period_id)
        mine = session.execute(
            select(Proof, Release.title).join(Release, Release.article_id == Proof.release_id)
            .where(Proof.contract_id == contract.id).order_by(Proof.id.desc())
        ).all()  # fmt: skip
        releases = list(session.scalars(
            select(Release).where(Release.state != "withdrawn")
            .order_by(Release.published_at.desc(), Release.article_id.desc()).limit(100)
        ))  # fmt: skip
        return page("registry/partner_contract.html", status, who=who, contract=db_values(contract),
                    application=application, period=period, proofs=mine, releases=releases,
                    months=payments.contract_records(session, contract, suite().settings.local_date(), who.roles),
                    message=request.args.get("pesan"),
                    today=suite().settings.local_date(), **context)  # fmt: skip


@pages.get("/mitra/bukti/<int:proof_id>/tangkapan-layar")
@partner
def proof_screenshot(who, proof_id):
    with suite().db.session() as session:
        proof = proofs.screenshot_of(session, proof_id, who)
    return uploads.response(proof.file_sha256, proof.file_type, proof.file_name, shown=True)


@pages.get("/mitra/kontrak/<int:contract_id>")
@partner
def partner_contract(who, contract_id):
    return _contract_page(who, contract_id)


@pages.post("/mitra/kontrak/<int:contract_id>/bukti")
@partner
def submit_proof(who, contract_id):
    values = {**form_values(), "contract_id": contract_id}
    settings = suite().settings
    try:
        data = schemas.ProofIn().load({k: v for k, v in values.items() if k in schemas.ProofIn().fields})
        screenshot = files.accept_image(request.files.get("screenshot"), settings.document_max_bytes, "screenshot")
        with unit_of_work() as uow:
            proofs.submit_proof(uow, data, screenshot, who, settings)
    except (ValidationError, Problem) as exc:
        if isinstance(exc, Problem) and exc.status == 404 and not _about(exc, "release_id"):
            raise  # the contract is not this outlet's
        errors, general = field_errors(exc)
        return _contract_page(who, contract_id, status_of(exc),
                              values=values, errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_contract", contract_id=contract_id,
                            pesan="Bukti tayang dikirim untuk diperiksa.") + "#bukti", code=303)  # fmt: skip


def _month_action(who, contract_id: int, month: str, act):
    """Run ``act(uow, contract, today)`` on one month of the partner's contract; errors are shown at that month."""
    try:
        with unit_of_work() as uow:
            contract = proofs.contract_of_partner(uow.session, contract_id, who)
            act(uow, contract, suite().settings.local_date())
    except Problem as exc:
        if exc.status == 404:
            raise
        errors, general = field_errors(exc)
        return _contract_page(who, contract_id, exc.status, spj_month=month, spj_errors=errors,
                              problem=general or "; ".join(m for found in errors.values() for m in found))  # fmt: skip
    return None


@pages.post("/mitra/kontrak/<int:contract_id>/bulan/<string:month>/spj")
@partner
def upload_spj(who, contract_id, month):
    """One accountability document (SPJ) of a month, while the month's payment is still open."""
    settings = suite().settings
    try:
        stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes)
        if stored is None:
            raise field_problem("file", "Pilih berkas.")
    except Problem as exc:
        errors, general = field_errors(exc)
        return _contract_page(who, contract_id, exc.status, spj_month=month, spj_errors=errors, problem=general)
    failed = _month_action(
        who,
        contract_id,
        month,
        lambda uow, contract, today: payments.add_document(uow, contract, month, stored, who, today),
    )
    return failed or redirect(url_for("registry_pages.partner_contract", contract_id=contract_id,
                                      pesan=f"Dokumen SPJ {month} diunggah.") + "#pembayaran", code=303)  # fmt: skip


@pages.post("/mitra/kontrak/<int:contract_id>/bulan/<string:month>/ajukan")
@partner
def submit_spj(who, contract_id, month):
    failed = _month_action(
        who,
        contract_id,
        month,
        lambda uow, contract, today: payments.move(uow, contract, month, "submit", {}, who, today),
    )
    return failed or redirect(url_for("registry_pages.partner_contract", contract_id=contract_id,
                                      pesan=f"SPJ {month} diajukan.") + "#pembayaran", code=303)  # fmt: skip


@pages.post("/mitra/staf")
@partner
def invite(who):
    """The outlet's account invites a staff member by email (the link is mailed)."""
    values = form_values()
    try:
        data = schemas.InvitationIn().load(values)
        with unit_of_work() as uow:
            outlet = applications.my_outlet(uow.session, who)
            membership.invite(uow, outlet.id, data["email"], who, suite().settings.public_base_url)
    except (ValidationError, Problem) as exc:
        errors, general = field_errors(exc)
        return _dashboard(who, status_of(exc), invite_values=values,
                          invite_errors=errors, problem=general)  # fmt: skip
    return redirect(url_for("registry_pages.partner_home", pesan=f"Undangan dikirim ke {data['email']}.") + "#staf",
                    code=303)  # fmt: skip


@pages.post("/mitra/staf/<int:member_id>/hapus")
@partner
def remove_member(who, member_id):
    try:
        with unit_of_work() as uow:
            membership.remove(uow, applications.my_outlet(uow.session, who).id, member_id, who)
    except Problem as exc:
        if exc.status == 404:
            raise
        return _dashboard(who, exc.status, problem=exc.detail)
    return redirect(url_for("registry_pages.partner_home", pesan="Staf dikeluarkan.") + "#staf", code=303)


@pages.route("/mitra/undangan/<string:token>", methods=["GET", "POST"])
@partner
def invitation(who, token):
    """The link in the invitation mail: after logging in (or signing up), the partner account joins the outlet."""
    if request.method == "GET":
        return page("registry/partner_invitation.html", who=who, token=token)
    try:
        with unit_of_work() as uow:
            membership.accept(uow, token, who)
    except Problem as exc:
        return page("registry/partner_invitation.html", exc.status, who=who, token=token, problem=exc.detail)
    return redirect(url_for("registry_pages.partner_home", pesan="Anda kini staf perusahaan pers ini."), code=303)

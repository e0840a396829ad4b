"""The press outlet's pages (``media:partner``): its profile and journalists, its application with one upload per
requirement and the verifier's notes, and its staff; the contract's pages are in ``partner_contract``."""

from __future__ import annotations

from flask import redirect, request, url_for
from marshmallow import ValidationError, fields

from chassis import files
from chassis.auth import page_login_required
from chassis.errors import Invalid
from chassis.forms import attempt, form_values
from registry import schemas
from registry.use_cases import appeals, application_views, applications, membership, outlets, scoring
from registry.web import page, pages, perform, shown, working

# A partner's pages: the use cases decide which outlet, application and contract are the caller's own.
partner = page_login_required(applications.apply)

PROFILE_OPTIONAL = ("entity_type", "city", "email", "phone", "website")
JOURNALIST_OPTIONAL = ("ukw_certificate_no", "ukw_certified_on", "press_card")


def _dashboard(who, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = outlets.dashboard(uow, ctx)
        outlet = found["outlet"]
        context.setdefault("profile_values", _profile_values(outlet) if outlet is not None else {})
        return page(
            "registry/partner_home.html", status, who=who, message=request.args.get("pesan"), **found, **context
        )


def _profile_values(outlet) -> dict:
    return {
        "brand": outlet.name,
        **{
            k: getattr(outlet, k) or ""
            for k in ("legal_name", "entity_type", "media_type", "npwp", "nib", "address", *PROFILE_OPTIONAL[1:])
        },
    }


def _emptied(values: dict, optional: tuple[str, ...]) -> dict:
    """The form's values for a schema: an optional field left empty clears it."""
    return {k: (None if k in optional and v == "" else v) for k, v in values.items()}


def _home(message: str, anchor: str = ""):
    return redirect(url_for("registry_pages.partner_home", pesan=message) + anchor, code=303)


@pages.get("/mitra")
@partner
def partner_home(who):
    return _dashboard(who)


@pages.route("/mitra/perusahaan", methods=["GET", "POST"])
@partner
def register_outlet(who):
    """Register the outlet this account manages: every field of the API, errors next to each field."""
    if request.method == "GET":
        return page("registry/partner_outlet.html", who=who, values={}, errors={})
    values = form_values()
    _done, refused = attempt(lambda: perform(who, outlets.register_outlet, schemas.OutletInput().load(values)))
    if refused:
        return page(
            "registry/partner_outlet.html",
            refused.status,
            who=who,
            values=values,
            errors=shown(refused),
            problem=refused.general,
        )
    return _home("Perusahaan pers terdaftar.")


@pages.post("/mitra/wartawan")
@partner
def add_journalist(who):
    values = form_values()
    _done, refused = attempt(lambda: perform(who, outlets.add_journalist, None, schemas.JournalistIn().load(values)))
    if refused:
        return _dashboard(who, 422, values=values, errors=shown(refused), problem=refused.general)
    return _home("Wartawan ditambahkan.", "#wartawan")


@pages.post("/mitra/profil")
@partner
def update_profile(who):
    """Ubah profil: every field of the outlet, checked as at registration; the verifier sees who changed what."""
    values = form_values(*PROFILE_OPTIONAL)
    _done, refused = attempt(
        lambda: perform(
            who, outlets.update_outlet, None, schemas.OutletPatch(partial=True).load(_emptied(values, PROFILE_OPTIONAL))
        )
    )
    if refused:
        return _dashboard(
            who, refused.status, profile_values=values, profile_errors=shown(refused), problem=refused.general
        )
    return _home("Profil diperbarui.", "#profil")


def _journalist_form(who, journalist_id: int, values: dict, run, message: str):
    """Run the journalist form's work; refused, the dashboard again with its errors (another outlet's journalist
    stays 404)."""
    _done, refused = attempt(run, reraise=(404,))
    if refused:
        return _dashboard(
            who,
            refused.status,
            journalist_id=journalist_id,
            journalist_values=values,
            journalist_errors=shown(refused),
            problem=refused.general,
        )
    return _home(message, "#wartawan")


@pages.post("/mitra/wartawan/<int:journalist_id>")
@partner
def update_journalist(who, journalist_id):
    """Change one journalist's role, UKW level and certificate, or press card."""
    values = form_values(*JOURNALIST_OPTIONAL)
    return _journalist_form(
        who,
        journalist_id,
        values,
        lambda: perform(
            who,
            outlets.update_journalist,
            None,
            journalist_id,
            schemas.JournalistPatch().load(_emptied(values, JOURNALIST_OPTIONAL)),
        ),
        "Data wartawan diperbarui.",
    )


@pages.post("/mitra/wartawan/<int:journalist_id>/keluar")
@partner
def remove_journalist(who, journalist_id):
    """A journalist leaves the outlet (from the given day, or today); the history keeps them."""
    values = form_values()
    return _journalist_form(
        who,
        journalist_id,
        values,
        lambda: perform(
            who,
            outlets.remove_journalist,
            None,
            journalist_id,
            schemas.JournalistLeave().load(values).get("left_on"),
        ),
        "Wartawan dicatat keluar.",
    )


@pages.post("/mitra/daftar")
@partner
def apply(who):
    """Apply to the open period with the chosen tier."""
    values = form_values()
    made, refused = attempt(lambda: perform(who, applications.apply, schemas.ApplicationIn().load(values)))
    if refused:
        return _dashboard(who, refused.status, apply_errors=shown(refused), problem=refused.general)
    return redirect(
        url_for(
            "registry_pages.partner_application",
            application_id=made.id,
            pesan="Pendaftaran dibuat. Unggah dokumennya, lalu ajukan.",
        ),
        code=303,
    )


def _application_page(who, application_id: int, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = application_views.page_view(uow, ctx, application_id)  # 404 for another outlet's application
        return page(
            "registry/partner_application.html", status, who=who, message=request.args.get("pesan"), **found, **context
        )


def _to_application(application_id: int, message: str, anchor: str = ""):
    return redirect(
        url_for("registry_pages.partner_application", application_id=application_id, pesan=message) + anchor, code=303
    )


@pages.get("/mitra/pendaftaran/<int:application_id>")
@partner
def partner_application(who, application_id):
    return _application_page(who, application_id)


@pages.post("/mitra/pendaftaran/<int:application_id>/dokumen/<string:code>")
@partner
def upload(who, application_id, code):
    def run():
        try:
            expires_on = fields.Date(allow_none=True).deserialize(request.form.get("expires_on") or None)
        except ValidationError:
            raise Invalid("expires_on", "Tanggal tidak valid.") from None
        with working(who) as (_uow, ctx):
            stored = files.accept_upload(request.files.get("file"), ctx.settings.document_max_bytes)
        if stored is None:
            raise Invalid("file", "Pilih berkas.")
        return perform(who, applications.upload, application_id, code, stored, expires_on)

    _done, refused = attempt(run, reraise=(404,))
    if refused:
        return _application_page(
            who, application_id, refused.status, upload_code=code, upload_errors=shown(refused), problem=refused.general
        )
    return _to_application(application_id, "Dokumen diunggah.", f"#dok-{code}")


@pages.post("/mitra/pendaftaran/<int:application_id>/ajukan")
@partner
def submit(who, application_id):
    _done, refused = attempt(lambda: perform(who, applications.act, application_id, "submit"), reraise=(404,))
    if refused:
        return _application_page(who, application_id, refused.status, errors=shown(refused), problem=refused.general)
    return _to_application(application_id, "Pendaftaran diajukan untuk diperiksa.")


@pages.post("/mitra/pendaftaran/<int:application_id>/skor/<string:code>")
@partner
def claim_score(who, application_id, code):
    """The outlet's claim on one scoring criterion, with its evidence (a file, a link or a statement)."""
    values = form_values()

    def run():
        data = schemas.ClaimIn().load(values)
        with working(who) as (_uow, ctx):
            stored = files.accept_upload(request.files.get("file"), ctx.settings.document_max_bytes)
        return perform(who, scoring.claim, application_id, code, data, stored)

    _done, refused = attempt(run, reraise=(404,))
    if refused:
        return _application_page(
            who,
            application_id,
            refused.status,
            claim_code=code,
            claim_errors=shown(refused),
            claim_values=values,
            problem=refused.general,
        )
    return _to_application(application_id, "Klaim skor tersimpan.", f"#skor-{code}")


@pages.post("/mitra/pendaftaran/<int:application_id>/banding")
@partner
def appeal(who, application_id):
    """A rejected outlet appeals once, within the period's days, with its reasons."""
    values = form_values()
    _done, refused = attempt(
        lambda: perform(who, appeals.appeal, application_id, schemas.AppealIn().load(values)["reason"]),
        reraise=(404,),
    )
    if refused:
        return _application_page(who, application_id, refused.status, errors=shown(refused), problem=refused.general)
    return _to_application(application_id, "Banding diajukan; pimpinan akan memutuskannya.")


@pages.post("/mitra/staf")
@partner
def invite(who):
    """The outlet's account invites a staff member by email (the link is mailed)."""
    values = form_values()
    data, refused = attempt(lambda: schemas.InvitationIn().load(values))
    if not refused:
        _done, refused = attempt(lambda: perform(who, membership.invite, None, data["email"]))
    if refused:
        return _dashboard(
            who, refused.status, invite_values=values, invite_errors=shown(refused), problem=refused.general
        )
    return _home(f"Undangan dikirim ke {data['email']}.", "#staf")


@pages.post("/mitra/staf/<int:member_id>/hapus")
@partner
def remove_member(who, member_id):
    _done, refused = attempt(lambda: perform(who, membership.remove, None, member_id), reraise=(404,))
    if refused:
        return _dashboard(who, refused.status, problem=refused.message)
    return _home("Staf dikeluarkan.", "#staf")


@pages.route("/mitra/undangan/<string:token>", methods=["GET", "POST"])
@partner
def invitation(who, token):
    """The link in the invitation mail: after logging in (or signing up), the partner account joins the outlet."""
    if request.method == "GET":
        return page("registry/partner_invitation.html", who=who, token=token)
    _done, refused = attempt(lambda: perform(who, membership.accept, token))
    if refused:
        return page("registry/partner_invitation.html", refused.status, who=who, token=token, problem=refused.message)
    return _home("Anda kini staf perusahaan pers ini.")

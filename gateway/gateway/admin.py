"""The admin's pages under /admin: the accounts, a new staff account, roles, deactivation, a one-time password or a
one-time link to choose a new one, the office's OPD list (``/admin/opd``, published to the services by
``gateway.opds``) and the audit log of these changes.

Who may is one permission (``accounts.MANAGE_ACCOUNTS``); what a change may be is ``accounts``' (the same
functions as the JSON API's, through ``auth_api``). Each form answers Post/Redirect/Get, except where a one-time
password is shown: that page is the POST's own answer, never stored (no-store), and shown only then. The gateway's
origin check (``guards``) covers these forms as every cookie-carrying write.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from aiohttp import web
from marshmallow import ValidationError

from chassis import caching, formats
from chassis.auth import Principal
from chassis.problems import Problem, flatten_errors
from gateway import accounts, auth_api, opds, signup
from gateway.context import DB, SETTINGS, STORE, page
from gateway.identity import verified

# What the page says after a redirect; the query names one of these, never free text.
NOTICES = {
    "peran": "Peran akun disimpan. Sesi akun itu yang sedang berjalan berakhir; ia masuk lagi dengan peran barunya.",
    "aktif": "Akun diaktifkan kembali; ia dapat masuk lagi.",
    "nonaktif": "Akun dinonaktifkan: ia tidak dapat masuk dan sesinya yang berjalan berakhir.",
    "opd-baru": "OPD ditambahkan; layanan menerimanya dalam beberapa detik.",
    "opd-nama": "Nama OPD disimpan; layanan menerimanya dalam beberapa detik.",
    "opd-status": "Status OPD disimpan; OPD nonaktif tidak lagi ditawarkan sebagai pilihan.",
}
# What each line of the audit log says was done.
AUDIT_ACTIONS = {
    "account_created": "Membuat akun",
    "account_changed": "Mengubah akun",
    "password_issued": "Memberi kata sandi sekali pakai",
    "password_link": "Memberi tautan kata sandi",
    "opd_added": "Menambah OPD",
    "opd_renamed": "Mengganti nama OPD",
    "opd_deactivated": "Menonaktifkan OPD",
    "opd_reactivated": "Mengaktifkan kembali OPD",
}


async def admin_of(request: web.Request) -> Principal:
    """The signed-in admin; the login page for nobody, 403 (a page saying as whom) for anyone else."""
    who = await verified(request)
    if who is None:
        raise web.HTTPSeeOther(f"/masuk?next={quote(request.path)}")
    if not accounts.MANAGE_ACCOUNTS.allows(who):
        raise Problem(403, accounts.MANAGE_ACCOUNTS.label, title="Forbidden")
    return who


def field_errors(found: list[dict]) -> dict[str, list[str]]:
    """Problems by the form field they belong beside (``roles.0`` is the roles' checkboxes)."""
    errors: dict[str, list[str]] = {}
    for item in found:
        errors.setdefault(item["field"].split(".", 1)[0], []).append(item["message"])
    return errors


def view(account: dict, timezone: str) -> dict:
    last = account.get("last_login_at")
    return {
        **account,
        "role_labels": [(role, accounts.ROLES.get(role, role)) for role in account["roles"]],
        "last_login": formats.datetime_numeric(last, timezone) if last else "belum pernah",
    }


def render(request: web.Request, template: str, status: int = 200, **values) -> web.Response:
    return page(
        template,
        status,
        headers=caching.NO_STORE,
        office=request.app[SETTINGS].org_name,
        signed_in=True,
        role_choices=accounts.ROLES,
        opd_roles=accounts.OPD_ROLES,
        wide=True,
        **values,
    )


async def _opd_lists(request: web.Request) -> dict:
    """The OPD choices of the account forms and the names shown beside codes."""
    listed = await asyncio.to_thread(opds.listing, request.app[DB])
    return {
        "opd_choices": [(o["code"], o["name"]) for o in listed if o["active"]],
        "opd_names": {o["code"]: o["name"] for o in listed},
    }


async def list_page(
    request: web.Request, *, status: int = 200, values: dict | None = None, errors: dict | None = None
) -> web.Response:
    await admin_of(request)
    timezone = request.app[SETTINGS].office_timezone
    items = await asyncio.to_thread(request.app[STORE].list)
    log = await asyncio.to_thread(request.app[STORE].audit_log)
    return render(
        request,
        "admin.html",
        status,
        accounts=[view(a, timezone) for a in items],
        values={"username": "", "email": "", "roles": [], "opd": "", **(values or {})},
        errors=errors or {},
        audit=[
            {
                **r,
                "when": formats.datetime_numeric(r["at"], timezone),
                "what": AUDIT_ACTIONS.get(r["action"], r["action"]),
            }
            for r in log
        ],  # fmt: skip
        **await _opd_lists(request),
    )


async def create(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    values = {
        "username": str(form.get("username", "")).strip().lower(),
        "email": str(form.get("email", "")).strip() or None,
        "roles": [str(r) for r in form.getall("roles", [])],
        "opd": str(form.get("opd", "")).strip() or None,
    }
    shown = {**values, "email": values["email"] or "", "opd": values["opd"] or ""}
    try:
        data = accounts.StaffAccountSchema().load({k: v for k, v in values.items() if v not in (None, "")})
        created, password = await asyncio.to_thread(request.app[STORE].create_staff, data, who.username)
    except ValidationError as exc:
        return await list_page(request, status=422, values=shown, errors=field_errors(flatten_errors(exc.messages)))
    except accounts.Conflict:
        taken = {"username": ["Nama pengguna atau email ini sudah dipakai akun lain."]}
        return await list_page(request, status=409, values=shown, errors=taken)
    except accounts.Refused as exc:
        return await list_page(request, status=422, values=shown, errors={exc.field: [exc.message]})
    return render(request, "admin-sandi.html", account=created, password=password, created=True)


async def account_page(
    request: web.Request, *, status: int = 200, values: dict | None = None, errors: dict | None = None
) -> web.Response:
    await admin_of(request)
    account = await asyncio.to_thread(request.app[STORE].get, request.match_info["username"])
    if account is None:
        raise Problem(404, f"Tidak ada akun {request.match_info['username']}.", title="Not Found")
    shown = view(account, request.app[SETTINGS].office_timezone)
    return render(
        request,
        "admin-akun.html",
        status,
        account=shown,
        values={"roles": account["roles"], "opd": account["opd"] or "", **(values or {})},
        errors=errors or {},
        notice=NOTICES.get(request.query.get("ok", "")),
        **await _opd_lists(request),
    )


async def change(request: web.Request, username: str, data: dict, by: str, values: dict) -> web.Response:
    try:
        await auth_api.apply_change(request, username, data, by)
    except Problem as exc:
        if exc.status != 422:
            raise
        return await account_page(request, status=422, values=values, errors=field_errors(exc.extra["errors"]))
    outcome = "peran" if "roles" in data else ("aktif" if data["active"] else "nonaktif")
    raise web.HTTPSeeOther(f"/admin/akun/{quote(username)}?ok={outcome}")


async def save_roles(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    roles = [str(r) for r in form.getall("roles", [])]
    opd = str(form.get("opd", "")).strip() or None
    values = {"roles": roles, "opd": opd or ""}
    try:
        data = accounts.AccountChangeSchema().load({"roles": roles, "opd": opd})
    except ValidationError as exc:
        found = flatten_errors(exc.messages)
        if not roles:
            found = [e for e in found if not e["field"].startswith("roles")]
            found.append({"field": "roles", "message": "Pilih minimal satu peran."})
        return await account_page(request, status=422, values=values, errors=field_errors(found))
    return await change(request, request.match_info["username"], data, who.username, values)


async def set_active(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    data = {"active": str(form.get("active", "")) == "1"}
    return await change(request, request.match_info["username"], data, who.username, {})


async def reset_password(request: web.Request) -> web.Response:
    who = await admin_of(request)
    account, password = await auth_api.issue_password(request, request.match_info["username"], who.username)
    return render(request, "admin-sandi.html", account=account, password=password, created=False)


async def reset_link(request: web.Request) -> web.Response:
    """A one-time link to choose a new password, shown once like a one-time password (no-store, never again)."""
    who = await admin_of(request)
    username = request.match_info["username"]
    link = await signup.staff_reset_link(request, username, who.username)
    if link is None:
        raise Problem(404, f"Tidak ada akun {username}.", title="Not Found")
    return render(request, "admin-tautan.html", username=username, link=link, hours=signup.STAFF_LINK_HOURS)


async def opd_page(
    request: web.Request, *, status: int = 200, values: dict | None = None, errors: dict | None = None
) -> web.Response:
    await admin_of(request)
    listed = await asyncio.to_thread(opds.listing, request.app[DB])
    return render(
        request,
        "admin-opd.html",
        status,
        opds=listed,
        values={"code": "", "name": "", **(values or {})},
        errors=errors or {},
        notice=NOTICES.get(request.query.get("ok", "")),
    )


async def add_opd(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    values = {"code": str(form.get("code", "")).strip().lower(), "name": str(form.get("name", "")).strip()}
    try:
        data = opds.OpdIn().load({k: v for k, v in values.items() if v})
        settings = request.app[SETTINGS]
        await asyncio.to_thread(opds.add, request.app[DB], settings.source, data, who.username)
    except ValidationError as exc:
        return await opd_page(request, status=422, values=values, errors=field_errors(flatten_errors(exc.messages)))
    except opds.Taken:
        return await opd_page(request, status=409, values=values, errors={"code": ["Kode ini sudah dipakai OPD lain."]})
    raise web.HTTPSeeOther("/admin/opd?ok=opd-baru")


async def rename_opd(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    code = request.match_info["code"]
    try:
        name = opds.OpdRename().load({"name": str(form.get("name", "")).strip()} if form.get("name") else {})["name"]
        await asyncio.to_thread(opds.rename, request.app[DB], request.app[SETTINGS].source, code, name, who.username)
    except ValidationError:
        return await opd_page(request, status=422, errors={f"name-{code}": ["Nama OPD wajib diisi."]})
    except opds.Unknown:
        raise Problem(404, f"Tidak ada OPD {code}.", title="Not Found") from None
    raise web.HTTPSeeOther("/admin/opd?ok=opd-nama")


async def set_opd_active(request: web.Request) -> web.Response:
    who = await admin_of(request)
    form = await request.post()
    code, active = request.match_info["code"], str(form.get("active", "")) == "1"
    try:
        await asyncio.to_thread(
            opds.set_active, request.app[DB], request.app[SETTINGS].source, code, active, who.username
        )
    except opds.Unknown:
        raise Problem(404, f"Tidak ada OPD {code}.", title="Not Found") from None
    raise web.HTTPSeeOther("/admin/opd?ok=opd-status")


def setup(app: web.Application) -> None:
    routes = app.router
    routes.add_get("/admin", list_page)
    routes.add_post("/admin/akun", create)
    routes.add_get("/admin/akun/{username}", account_page)
    routes.add_post("/admin/akun/{username}/peran", save_roles)
    routes.add_post("/admin/akun/{username}/status", set_active)
    routes.add_post("/admin/akun/{username}/sandi", reset_password)
    routes.add_post("/admin/akun/{username}/tautan", reset_link)
    routes.add_get("/admin/opd", opd_page)
    routes.add_post("/admin/opd", add_opd)
    routes.add_post("/admin/opd/{code}/nama", rename_opd)
    routes.add_post("/admin/opd/{code}/status", set_opd_active)

"""The data protection officer's view of a service's access log (UU 27/2022): who looked at, exported or changed
whose personal data, when and why, as JSON or CSV, and a count per month.

A service that holds personal data defines the log (``chassis.personal_data.define_access_log_table``), writes to
it from its use cases, and registers ``access_log_blueprint`` with the permission its ``domain/permissions.py``
gives the data protection officer (role ``privacy:officer``). The reading is a use case like any other: the
permission is checked inside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from zoneinfo import ZoneInfo

from flask_smorest import Blueprint
from marshmallow import ValidationError, fields, validate, validates_schema
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from chassis import caching
from chassis.errors import Invalid
from chassis.permissions import Permission, authorized, calls
from chassis.personal_data import access_rows
from chassis.schemas import Schema
from chassis.security import export_cell

# The data protection officer (pejabat pelindungan data pribadi, UU 27/2022 Pasal 53): one role, one label, in
# every service that holds personal data and in the gateway's list of roles.
PRIVACY_OFFICER = "privacy:officer"
PRIVACY_OFFICER_LABEL = "Pejabat pelindungan data pribadi"

# A data subject's rights a service answers (UU 27/2022 Pasal 32-34, 40-41: access and copy, correction, erasure,
# restriction of processing), all within 3 x 24 hours of the request; a restriction applies at once on filing.
RIGHTS_CLOCK = dt.timedelta(hours=72)
RIGHTS_CLOCK_RULE = (
    "UU 27/2022: permintaan salinan, perbaikan, penghapusan atau pembatasan dijawab paling lambat 3 x 24 jam"
)


class RightKind(enum.StrEnum):
    COPY = "copy"
    CORRECT = "correct"
    ERASE = "erase"
    RESTRICT = "restrict"


# What each action of the access log reads as on the data protection officer's pages.
ACCESS_ACTIONS = {
    "reveal": "Membuka",
    "export": "Mengekspor",
    "change": "Mengubah",
    "erase": "Menghapus",
    "restrict": "Membatasi",
    "copy": "Menyalin untuk pemiliknya",
}

MAX_DAYS = 366
COLUMNS = ("at", "actor", "roles", "action", "record_kind", "record_id", "fields", "reason", "detail", "request_id")


class AccessLogQuery(Schema):
    start = fields.Date(data_key="from", metadata={"description": "Hari pertama (TTTT-BB-HH, waktu kantor)"})
    end = fields.Date(data_key="to", metadata={"description": "Hari terakhir, termasuk (TTTT-BB-HH)"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @validates_schema
    def _in_order(self, data, **_):
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.", "to")


def page_window(args) -> tuple[dict, str | None]:
    """The ``from``/``to`` of a DPO's log page read as the API reads them (so the page and its CSV agree on what a
    valid window is): the loaded query, or an empty one and the problem in words."""
    from chassis.forms import FormErrors

    given = {key: args.get(key) for key in ("from", "to") if args.get(key)}
    try:
        return AccessLogQuery().load(given), None
    except ValidationError as exc:
        return {}, FormErrors.of(exc).message


class SummaryQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


def _window(ctx, start: dt.date | None, end: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    """The office-zone days ``start``..``end`` (this month so far when not given) as a UTC window."""
    today = ctx.today()
    start = start or today.replace(day=1)
    end = end or today
    if (end - start).days >= MAX_DAYS:
        raise Invalid("to", f"Paling lama {MAX_DAYS} hari sekali baca.")
    zone = ctx.timezone

    def midnight(day):
        return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)

    return midnight(start), midnight(end + dt.timedelta(days=1))


def read_access_log(session: Session, table: Table, ctx, start=None, end=None) -> list[dict]:
    first, after = _window(ctx, start, end)
    return access_rows(session, table, first, after)


def monthly_counts(session: Session, table: Table, ctx, year: int) -> dict:
    """Per month of ``year`` (office time): how many looks in all and of each kind (reveal, export, change...)."""
    zone: ZoneInfo = ctx.timezone
    first = dt.datetime(year, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    after = dt.datetime(year + 1, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    months = [{"month": m, "total": 0, "by_action": {}} for m in range(1, 13)]
    for at, action in session.execute(
        select(table.c.at, table.c.action).where(table.c.at >= first, table.c.at < after)
    ):
        month = months[at.astimezone(zone).month - 1]
        month["total"] += 1
        month["by_action"][action] = month["by_action"].get(action, 0) + 1
    return {"year": year, "total": sum(m["total"] for m in months), "months": months}


def as_csv(rows: list[dict], zone: ZoneInfo) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        values = {**row, "at": row["at"].astimezone(zone).isoformat(), "roles": " ".join(row["roles"])}
        values["fields"] = " ".join(row["fields"])
        writer.writerow([export_cell(values[c]) for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def access_log_blueprint(service: str, table: Table, permission: Permission, context) -> Blueprint:
    """``GET /api/<service>/privacy/access-log`` and ``.../access-log/summary``, for ``permission``'s roles.
    ``context`` builds the service's use-case context for the request."""
    from flask import current_app

    from chassis.web import download

    blp = Blueprint(f"{service}_privacy", __name__, url_prefix=f"/api/{service}/privacy")

    @authorized(permission)
    def read(uow, ctx, start=None, end=None):
        return read_access_log(uow.session, table, ctx, start, end)

    @authorized(permission)
    def summary(uow, ctx, year):
        return monthly_counts(uow.session, table, ctx, year)

    @blp.get("/access-log")
    @blp.arguments(AccessLogQuery, location="query")
    @calls(read)
    def access_log(query):
        from chassis.web import unit_of_work

        ctx = context()
        with unit_of_work() as uow:
            rows = read(uow, ctx, query.get("start"), query.get("end"))
        if query["format"] == "csv":
            name = f"log-akses-data-pribadi-{current_app.extensions['suite'].settings.service_name}.csv"
            return download(as_csv(rows, ctx.timezone), name, headers=caching.PRIVATE)
        items = [{**row, "at": row["at"].isoformat()} for row in rows]
        return {"items": items, "count": len(items)}, 200, caching.PRIVATE

    @blp.get("/access-log/summary")
    @blp.arguments(SummaryQuery, location="query")
    @calls(summary)
    def access_log_summary(query):
        from chassis.web import unit_of_work

        with unit_of_work() as uow:
            return summary(uow, context(), query["year"]), 200, caching.PRIVATE

    return blp

"""How long the registry keeps journalists' NIK and KIM members' phones, and who a breach touched (UU 27/2022).

- A journalist's NIK is erased ``RETENTION_JOURNALIST_YEARS`` after the last day anything of the partnership needed
  it: the outlet's last contract's end, the close of the last period it applied in, the day the journalist left, or
  the day they were entered, whichever is latest (an outlet that never got a contract counts from its application
  period, or from when the journalist left). A contract still running or being paid ends later than any of them.
- A KIM member's phone is erased ``RETENTION_KIM_MONTHS`` after the group's last activity (its registration when it
  has none): a group that no longer does anything is the signal that nobody needs to call its members.

Erasing replaces the NIK with ``(dihapus)`` and blanks the phone; rows, names, roles, UKW levels and every count the
figures and the payment report read stay, so they are the same before and after. The worker's daily job and
``flask --app registry personal-data retention [--dry-run]`` run these rules (chassis.retention).
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from chassis.retention import Rule
from registry.models import Application, Contract, Journalist, KimActivity, KimGroup, KimMember, Outlet, Period

ERASED = "(dihapus)"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _local(moment: dt.datetime | None, zone: ZoneInfo) -> dt.date | None:
    return moment.astimezone(zone).date() if moment else None


def journalist_needed_until(session: Session, zone: ZoneInfo) -> dict[int, dt.date]:
    """Per journalist, the last day the partnership needed their NIK (see the module's docstring)."""
    last_contract = dict(
        session.execute(
            select(Application.outlet_id, func.max(Contract.ends_on))
            .join(Contract, Contract.application_id == Application.id)
            .group_by(Application.outlet_id)
        ).all()
    )
    last_period = dict(
        session.execute(
            select(Application.outlet_id, func.max(Period.closes_at))
            .join(Period, Period.id == Application.period_id)
            .group_by(Application.outlet_id)
        ).all()
    )
    needed = {}
    for journalist_id, outlet_id, left_on, created_at in session.execute(
        select(Journalist.id, Journalist.outlet_id, Journalist.left_on, Journalist.created_at)
    ):
        days = [last_contract.get(outlet_id), _local(last_period.get(outlet_id), zone), left_on]
        needed[journalist_id] = max([d for d in days if d] + [_local(created_at, zone)])
    return needed


def rules(settings) -> list[Rule]:
    zone = ZoneInfo(settings.office_timezone)

    def journalists_lapsed(session: Session, now: dt.datetime) -> list[int]:
        cutoff = _years_before(now.astimezone(zone).date(), settings.retention_journalist_years)
        ids = sorted(j for j, day in journalist_needed_until(session, zone).items() if day < cutoff)
        if not ids:
            return []
        return [j.id for j in session.scalars(select(Journalist).where(Journalist.id.in_(ids))) if j.nik != ERASED]

    def erase_journalists(session: Session, ids, now: dt.datetime) -> None:
        session.execute(update(Journalist).where(Journalist.id.in_(ids)).values(nik=ERASED))

    def members_lapsed(session: Session, now: dt.datetime) -> list[int]:
        cutoff = _months_before(now.astimezone(zone).date(), settings.retention_kim_months)
        last = (
            select(KimActivity.group_id, func.max(KimActivity.held_on).label("held_on"))
            .group_by(KimActivity.group_id)
            .subquery()
        )
        rows = session.execute(
            select(KimMember.id, KimGroup.created_at, last.c.held_on)
            .join(KimGroup, KimGroup.id == KimMember.group_id)
            .outerjoin(last, last.c.group_id == KimGroup.id)
            .where(KimMember.phone.is_not(None))
            .order_by(KimMember.id)
        )
        return [member for member, created, held in rows if (held or _local(created, zone)) < cutoff]

    def erase_members(session: Session, ids, now: dt.datetime) -> None:
        session.execute(update(KimMember).where(KimMember.id.in_(ids)).values(phone=None))

    return [
        Rule("journalist", "NIK wartawan", ("nik",), journalists_lapsed, erase_journalists),
        Rule("kim_member", "Telepon anggota KIM", ("phone",), members_lapsed, erase_members),
    ]


def breach_affected(session: Session, start: dt.datetime, end: dt.datetime, records: tuple[str, ...]):
    """For ``flask --app registry personal-data breach``: the journalists and KIM members whose NIK or phone the
    database held during the window (entered before its end, not yet erased), or only the records named
    (``journalist:7``, ``kim_member:3``), each with the fields held and the contact a notice goes to (the outlet's
    email or phone for a journalist, the member's phone)."""
    from chassis.breach import Affected

    wanted: dict[str, set[int]] = {}
    for record in records:
        kind, _, number = record.strip().partition(":")
        if number.isdigit():
            wanted.setdefault(kind, set()).add(int(number))
    if not records or "journalist" in wanted:
        query = select(Journalist, Outlet).join(Outlet, Outlet.id == Journalist.outlet_id)
        query = query.where(Journalist.created_at < end).order_by(Journalist.id)
        if records:
            query = query.where(Journalist.id.in_(wanted["journalist"]))
        for journalist, outlet in session.execute(query):
            if journalist.nik != ERASED:
                contact = outlet.email or outlet.phone or ""
                yield Affected("wartawan", str(journalist.id), journalist.name, contact, ("name", "nik"))
    if not records or "kim_member" in wanted:
        query = select(KimMember).join(KimGroup, KimGroup.id == KimMember.group_id)
        query = query.where(KimGroup.created_at < end, KimMember.phone.is_not(None)).order_by(KimMember.id)
        if records:
            query = query.where(KimMember.id.in_(wanted["kim_member"]))
        for member in session.scalars(query):
            yield Affected("anggota KIM", str(member.id), member.name, member.phone or "", ("name", "phone"))


def privacy_contact(settings) -> str:
    return settings.privacy_officer_contact or settings.org_name

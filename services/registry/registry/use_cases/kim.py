"""Community information groups (KIM, Kelompok Informasi Masyarakat): per village or kecamatan by Kemendagri code,
with members and activities. Staff manage them; the public sees groups and activities, never members' phones."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chassis import files, pagination
from chassis.db import values as db_values
from chassis.errors import NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import uploads
from registry.context import Context
from registry.domain import permissions as can
from registry.domain.personal_data import masked
from registry.models import KimActivity, KimGroup, KimMember
from registry.use_cases import personal_data

VILLAGE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def level(region_code: str) -> str:
    """``desa`` for a village code (province.regency.district.village), ``kecamatan`` for a district code."""
    return "desa" if VILLAGE.match(region_code) else "kecamatan"


def group(session: Session, group_id: int, *, lock: bool = False) -> KimGroup:
    query = select(KimGroup).where(KimGroup.id == group_id)
    found = session.scalars(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFound("KIM tidak ada.")
    return found


@authorized(can.VERIFY)
def create(uow: UnitOfWork, ctx: Context, data: dict) -> KimGroup:
    kim = KimGroup(**data, created_by=ctx.principal.username)
    uow.session.add(kim)
    uow.commit()
    return kim


@authorized(can.VERIFY)
def update(uow: UnitOfWork, ctx: Context, group_id: int, data: dict) -> KimGroup:
    kim = group(uow.session, group_id, lock=True)
    for key, value in data.items():
        setattr(kim, key, value)
    uow.commit()
    return kim


@authorized(can.VERIFY)
def add_member(uow: UnitOfWork, ctx: Context, group_id: int, data: dict) -> KimMember:
    kim = group(uow.session, group_id, lock=True)
    member = KimMember(**data)
    kim.members.append(member)
    uow.session.flush()
    personal_data.changed(uow, ctx, "kim_member", member.id, [k for k, v in data.items() if v])
    uow.commit()
    return member


@authorized(can.VERIFY)
def remove_member(uow: UnitOfWork, ctx: Context, group_id: int, member_id: int) -> None:
    kim = group(uow.session, group_id, lock=True)
    member = next((m for m in kim.members if m.id == member_id), None)
    if member is None:
        raise NotFound("Anggota tidak ada.")
    kim.members.remove(member)
    uow.commit()


@authorized(can.VERIFY)
def add_activity(uow: UnitOfWork, ctx: Context, group_id: int, data: dict, photo: files.Upload | None) -> KimActivity:
    """An activity of an existing group; its photo (an image, checked by content) is kept only with it."""
    kim = group(uow.session, group_id, lock=True)
    activity = KimActivity(**data, created_by=ctx.principal.username)
    if photo is not None:
        kept = uploads.keep(uow, photo)
        activity.photo_sha256, activity.photo_type = kept["file_sha256"], kept["file_type"]
    kim.activities.append(activity)
    uow.commit()
    return activity


@authorized(can.VERIFY)
def remove_activity(uow: UnitOfWork, ctx: Context, group_id: int, activity_id: int) -> None:
    kim = group(uow.session, group_id, lock=True)
    activity = next((a for a in kim.activities if a.id == activity_id), None)
    if activity is None:
        raise NotFound("Kegiatan tidak ada.")
    kim.activities.remove(activity)
    uow.commit()


def activity_view(activity: KimActivity) -> dict:
    view = {k: v for k, v in db_values(activity).items() if k not in ("photo_sha256", "photo_type", "created_by")}
    view["photo_url"] = f"/api/registry/kim/activities/{activity.id}/photo" if activity.photo_sha256 else None
    return view


def show(uow: UnitOfWork, ctx: Context, group_id: int) -> dict:
    """One group: the public's view, or the verifier's (members, their phones masked)."""
    return view(group(uow.session, group_id), can.VERIFY.allows(ctx.principal))


@authorized(can.STAFF_WORK)
def manage(uow: UnitOfWork, ctx: Context, group_id: int) -> dict:
    """The office's view of one group in its console: with the members (their phones masked) and whether the
    viewer may reveal one."""
    return view(group(uow.session, group_id), True) | {"may_reveal": can.REVEAL_PERSONAL_DATA.allows(ctx.principal)}


@authorized(can.STAFF_WORK)
def manage_list(uow: UnitOfWork, ctx: Context, query: dict) -> dict:
    """Every group for the console (the same list as the public's)."""
    return listing(uow.session, query)


def view(kim: KimGroup, staff: bool) -> dict:
    """The group as the public sees it (no people's contacts), or as staff see it (members, phones masked)."""
    shown = {k: v for k, v in db_values(kim).items() if k != "created_by"}
    shown["level"] = level(kim.region_code)
    shown["activities"] = [activity_view(a) for a in kim.activities]
    shown["member_count"] = len(kim.members)
    if staff:
        shown["members"] = [
            {k: v for k, v in db_values(m).items() if k != "group_id"} | masked("kim_member", m) for m in kim.members
        ]
    else:
        shown.pop("chair")
    return shown


def listing(session: Session, query: dict) -> dict:
    """Groups ordered by region code, filtered by a code prefix (a province, regency, kecamatan or village)."""
    members = (
        select(func.count(KimMember.id)).where(KimMember.group_id == KimGroup.id).correlate(KimGroup).scalar_subquery()
    )
    base = select(KimGroup, members.label("member_count"))
    if query.get("region"):
        prefix = query["region"]
        base = base.where((KimGroup.region_code == prefix) | KimGroup.region_code.startswith(prefix + "."))
    limit = query["limit"]
    statement = pagination.keyset(
        base, [(KimGroup.region_code, False), (KimGroup.id, False)], query.get("after"), limit
    )
    rows, cursor = pagination.page(list(session.execute(statement)), limit, lambda r: (r[0].region_code, r[0].id))
    counts = {}
    if rows:
        ids = [r[0].id for r in rows]
        counts = {
            gid: (n, last)
            for gid, n, last in session.execute(
                select(KimActivity.group_id, func.count(KimActivity.id), func.max(KimActivity.held_on))
                .where(KimActivity.group_id.in_(ids))
                .group_by(KimActivity.group_id)
            )
        }
    items = []
    for kim, member_count in rows:
        n, last = counts.get(kim.id, (0, None))
        items.append(
            {
                "id": kim.id,
                "name": kim.name,
                "region_code": kim.region_code,
                "region_name": kim.region_name,
                "level": level(kim.region_code),
                "address": kim.address,
                "founded_on": kim.founded_on,
                "decree_number": kim.decree_number,
                "member_count": member_count,
                "activity_count": n,
                "last_activity_on": last,
            }
        )
    return {"items": items, "next": cursor}


def photo_of(session: Session, activity_id: int) -> KimActivity:
    activity = session.get(KimActivity, activity_id)
    if activity is None or not activity.photo_sha256:
        raise NotFound("Foto tidak ada.")
    return activity

"""The province's view of its regencies' media partnerships (kemitraan media), from their federated events.

At a province (PROVINCE_EXCHANGE set) the worker hands the regencies' registry events to ``province_handlers``;
each keeps one fact row per (region, contract), (region, payment month) and (region, journalist): identifiers,
dates, amounts and a UKW level (Uji Kompetensi Wartawan, the journalists' competence test: muda, madya, utama),
never a name, NIK or contact. A row carries the time of the event that last wrote it, so a duplicate, a replay or
a snapshot after live events changes nothing and an older event never overwrites a newer state. The yearly
figures are counted from these rows. ``snapshot`` sends a regency's current state once after it joins.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from chassis import province
from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from chassis.settings import ServiceSettings
from registry import events
from registry.figures import UKW_LEVELS
from registry.models import Application, Contract, Journalist, PaymentRecord
from registry.province_facts import RegionContract, RegionJournalist, RegionPayment

province_handlers = Handlers()


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _row(session: Session, model, event: CloudEvent, **key: int):
    """The fact row of ``key`` in the event's region (new if none) and whether the event is not older than what
    the row holds; a fresh event stamps the row with its time."""
    region = province.region_of(event)
    row = session.get(model, (region, *key.values()))
    if row is None:
        row = model(region_code=region, event_time="", **key)
        session.add(row)
    fresh = not province.is_stale(row.event_time or None, event.time or None)
    if fresh:
        row.event_time = event.time or row.event_time
    return row, fresh


@province_handlers.on(events.CONTRACT_STARTED)
@province_handlers.on(events.CONTRACT_SNAPSHOT)
def contract_state(uow: UnitOfWork, event: CloudEvent) -> None:
    data = event.data
    row, fresh = _row(uow.session, RegionContract, event, contract_id=int(data["id"]))
    # The terms never change after signing: a late start event still brings them; its state may be stale.
    row.outlet_id = data.get("outlet_id")
    row.starts_on, row.ends_on = _date(data.get("starts_on")), _date(data.get("ends_on"))
    row.value = int(data.get("value") or 0)
    if fresh:
        row.status = data.get("status") or "active"


@province_handlers.on(events.CONTRACT_SUSPENDED)
@province_handlers.on(events.CONTRACT_RESUMED)
@province_handlers.on(events.CONTRACT_ENDED)
def contract_moved(uow: UnitOfWork, event: CloudEvent) -> None:
    row, fresh = _row(uow.session, RegionContract, event, contract_id=int(event.data["id"]))
    if fresh:
        row.status = event.data.get("status") or row.status


@province_handlers.on(events.PAYMENT_PAID)
@province_handlers.on(events.PAYMENT_HELD)
@province_handlers.on(events.PAYMENT_SNAPSHOT)
def payment(uow: UnitOfWork, event: CloudEvent) -> None:
    data = event.data
    row, fresh = _row(uow.session, RegionPayment, event, record_id=int(data["id"]))
    row.contract_id = int(data["contract_id"])
    if not fresh:
        return
    paid = event.type == events.PAYMENT_PAID or data.get("status") == "paid"
    row.status = "paid" if paid else "held"
    row.amount = int(data.get("amount") or 0) if paid else 0
    row.paid_on = _date(data.get("paid_on")) if paid else None


@province_handlers.on(events.JOURNALIST_CHANGED)
@province_handlers.on(events.JOURNALIST_SNAPSHOT)
def journalist(uow: UnitOfWork, event: CloudEvent) -> None:
    data = event.data
    row, fresh = _row(uow.session, RegionJournalist, event, journalist_id=int(data["id"]))
    row.outlet_id = int(data["outlet_id"])
    if fresh:
        row.ukw_level = data.get("ukw_level") if data.get("ukw_level") in UKW_LEVELS else "none"
        row.left_on = _date(data.get("left_on"))


def snapshot(uow: UnitOfWork) -> int:
    """Emit the current state of every contract, paid or held payment month and journalist of this office."""
    session, sent = uow.session, 0
    contracts = session.execute(
        select(Contract, Application.outlet_id).join(Application, Application.id == Contract.application_id)
    )
    for contract, outlet_id in contracts:
        uow.emit(events.CONTRACT_SNAPSHOT, events.contract_state(contract, outlet_id), subject=str(contract.id))
        sent += 1
    for record in session.scalars(select(PaymentRecord).where(PaymentRecord.status.in_(("paid", "held")))):
        uow.emit(events.PAYMENT_SNAPSHOT, events.payment_state(record), subject=str(record.id))
        sent += 1
    for person in session.scalars(select(Journalist)):
        uow.emit(events.JOURNALIST_SNAPSHOT, events.journalist_state(person), subject=str(person.id))
        sent += 1
    return sent


def regions_of_year(session: Session, settings: ServiceSettings, year: int, today: dt.date) -> list[dict]:
    """Per region, for ``year``: partners (press companies with a contract not ended whose term meets the
    year), the value those contracts commit (the registry's own "committed": contracts not ended), what was
    paid in the year, and the partners' journalists on staff (on the year's last day, or today in the current
    year) per UKW level."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    day = min(last, today)
    in_force = (RegionContract.status != "ended", RegionContract.starts_on <= last, RegionContract.ends_on >= first)
    contracts = {
        code: (partners, value)
        for code, partners, value in session.execute(
            select(
                RegionContract.region_code,
                func.count(func.distinct(RegionContract.outlet_id)),
                func.coalesce(func.sum(RegionContract.value), 0),
            )
            .where(*in_force)
            .group_by(RegionContract.region_code)
        )
    }
    paid = dict(
        session.execute(
            select(RegionPayment.region_code, func.coalesce(func.sum(RegionPayment.amount), 0))
            .where(RegionPayment.status == "paid", RegionPayment.paid_on.between(first, last))
            .group_by(RegionPayment.region_code)
        ).all()
    )
    partner_outlets = (
        select(RegionContract.region_code, RegionContract.outlet_id).where(*in_force).distinct().subquery()
    )
    journalists: dict[str, dict[str, int]] = {}
    for code, level, count in session.execute(
        select(RegionJournalist.region_code, RegionJournalist.ukw_level, func.count())
        .join(
            partner_outlets,
            (partner_outlets.c.region_code == RegionJournalist.region_code)
            & (partner_outlets.c.outlet_id == RegionJournalist.outlet_id),
        )
        .where(or_(RegionJournalist.left_on.is_(None), RegionJournalist.left_on > day))
        .group_by(RegionJournalist.region_code, RegionJournalist.ukw_level)
    ):
        journalists.setdefault(code, {})[level] = count
    # Every region heard from, also in the years it has no figure.
    seen = set(session.scalars(select(RegionContract.region_code).distinct()))
    seen |= set(session.scalars(select(RegionJournalist.region_code).distinct())) | set(paid)
    items = []
    for code, name in province.listed_regions(settings, seen):
        partners, value = contracts.get(code, (0, 0))
        levels = journalists.get(code, {})
        items.append(
            {
                "region_code": code,
                "region_name": name,
                "active_partners": int(partners),
                "contract_value": int(value),
                "paid": int(paid.get(code, 0)),
                "journalists": {level: int(levels.get(level, 0)) for level in UKW_LEVELS},
            }
        )
    return items

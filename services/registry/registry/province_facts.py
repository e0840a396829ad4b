"""The province's fact rows of its regencies' partnerships (see registry.province, which writes and counts them).

One row per (region, contract), (region, payment month) and (region, journalist): identifiers, dates, amounts and
a UKW level, never a person's name, NIK or contact; ``event_time`` is the time of the event that last wrote it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models import Base


class RegionContract(Base):
    """A regency's contract with a press company: its term, value and state."""

    __tablename__ = "province_contracts"
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    contract_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    outlet_id: Mapped[int | None] = mapped_column(BigInteger)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    event_time: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class RegionPayment(Base):
    """One month of a regency's contract that was paid (or held)."""

    __tablename__ = "province_payments"
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    contract_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    event_time: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class RegionJournalist(Base):
    """A journalist of a regency's press company: only the UKW level and whether they still work there."""

    __tablename__ = "province_journalists"
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    journalist_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    outlet_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    ukw_level: Mapped[str] = mapped_column(String(10), nullable=False, default="none")
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    event_time: Mapped[str] = mapped_column(String(40), nullable=False, default="")

"""PPID tables (this service's database only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.db import UtcDateTime, service_metadata
from chassis.messaging import define_tables, utcnow


class Base(DeclarativeBase):
    metadata = service_metadata()


messaging = define_tables(Base.metadata)


class RegistrationCounter(Base):
    """The last registration number given per year (numbers restart each year)."""

    __tablename__ = "registration_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Request(Base):
    """A request for public information (permohonan informasi publik)."""

    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    # Only a hash of the tracking code is kept: a leaked database does not reveal the codes.
    tracking_code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    requester_type: Mapped[str] = mapped_column(String(20), nullable=False, default="individual")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    nik: Mapped[str] = mapped_column(String(100), nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254))
    occupation: Mapped[str] = mapped_column(String(100), nullable=False)
    information: Mapped[str] = mapped_column(Text, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    obtain_method: Mapped[str] = mapped_column(String(20), nullable=False)
    delivery_method: Mapped[str] = mapped_column(String(20), nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    history: Mapped[list[RequestLog]] = relationship(
        back_populates="request", order_by="RequestLog.id", cascade="all, delete-orphan"
    )


class RequestLog(Base):
    """The audit trail of a request: who moved it, when, from which state to which, and why."""

    __tablename__ = "request_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    # Public entries are shown on the tracking page; internal notes are not.
    public: Mapped[bool] = mapped_column(default=True, nullable=False)
    request: Mapped[Request] = relationship(back_populates="history")

"""PPID tables (this service's database only)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis import opds as chassis_opds
from chassis import personal_data
from chassis.db import UtcDateTime, service_metadata
from chassis.mail import define_mail_table
from chassis.messaging import define_tables, utcnow
from chassis.personal_data import Sealed, define_access_log_table
from ppid.domain.requests import EMAIL_INDEX, NIK_INDEX, PHONE_INDEX, nik_key, phone_key


class Base(DeclarativeBase):
    metadata = service_metadata()


messaging = define_tables(Base.metadata)
mail_outbox = define_mail_table(Base.metadata)
# Who revealed, exported or changed whose personal data, when and why (UU 27/2022); rows are only ever added.
ACCESS_LOG = define_access_log_table(Base.metadata)


class SequenceCounter(Base):
    """The last number given per kind (request, objection) and year (numbers restart each year)."""

    __tablename__ = "sequence_counters"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Request(Base):
    """A request for public information (permohonan informasi publik)."""

    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_inbox", "status", "due_date", "id"),
        Index("ix_requests_due", "due_date", "id"),
        Index("ix_requests_received", "received_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    # Only a hash of the tracking code is kept: a leaked database does not reveal the codes.
    tracking_code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    requester_type: Mapped[str] = mapped_column(String(20), nullable=False, default="individual")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # Sealed at rest (AES-GCM under PERSONAL_DATA_KEYS): the database holds no NIK or phone number in clear.
    nik: Mapped[str] = mapped_column(Sealed("ppid.request.nik"), nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    phone: Mapped[str | None] = mapped_column(Sealed("ppid.request.phone"))
    email: Mapped[str | None] = mapped_column(String(254))
    # Keyed hashes of the email and phone (``contact_indexes``), to find a requester's requests by the contact they
    # gave when a tracking code is lost, with no contact in clear in an index; kept by the set events below.
    email_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    # The keyed hash of a person's NIK (``nik_index``): the officer finds the requests of someone who calls with a
    # KTP at hand without the NIK in clear anywhere.
    nik_index: Mapped[str | None] = mapped_column(String(64), index=True)
    occupation: Mapped[str] = mapped_column(String(100), nullable=False)
    information: Mapped[str] = mapped_column(Text, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    obtain_method: Mapped[str] = mapped_column(String(20), nullable=False)
    delivery_method: Mapped[str] = mapped_column(String(20), nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    registered_by: Mapped[str | None] = mapped_column(String(64))
    # Completeness: what is missing and until when the requester may complete it.
    missing: Mapped[str | None] = mapped_column(Text)
    completion_due: Mapped[dt.date | None] = mapped_column(Date)
    # The window's start and length, so a calendar change can count it again.
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    completion_days: Mapped[int | None] = mapped_column(Integer)
    # The one extension (Pasal 22 ayat 8).
    original_due_date: Mapped[dt.date | None] = mapped_column(Date)
    extended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    extension_reason: Mapped[str | None] = mapped_column(Text)
    # The written notice, drafted then signed.
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    refusal_grounds: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    consequence_test: Mapped[str | None] = mapped_column(Text)
    fee: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    payment_note: Mapped[str | None] = mapped_column(Text)
    notice_form: Mapped[str | None] = mapped_column(String(20))
    delivery_on: Mapped[dt.date | None] = mapped_column(Date)
    notice_number: Mapped[str | None] = mapped_column(String(60))
    notice_drafted_by: Mapped[str | None] = mapped_column(String(64))
    signed_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    delivery_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    overdue_notified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # When a recovery last gave it a new tracking code (a second recovery soon after sends nothing new).
    code_renewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The earlier request this one repeats: closed as "Duplikat dari <nomor>", counted apart in the yearly report.
    duplicate_of: Mapped[str | None] = mapped_column(String(40))
    history: Mapped[list[RequestLog]] = relationship(
        back_populates="request", order_by="RequestLog.id", cascade="all, delete-orphan"
    )
    dispositions: Mapped[list[Disposition]] = relationship(
        back_populates="request", order_by="Disposition.id", cascade="all, delete-orphan"
    )
    objections: Mapped[list[Objection]] = relationship(
        back_populates="request", order_by="Objection.id", cascade="all, delete-orphan"
    )
    messages: Mapped[list[Message]] = relationship(order_by="Message.id", cascade="all, delete-orphan")


def contact_indexes(email: str | None, phone: str | None) -> dict[str, str | None]:
    """The index columns of a requester's email and phone (for an insert without the ORM; the ORM's sets keep
    them through the events below)."""
    seal = personal_data.active()
    return {
        "email_index": seal.index(email, EMAIL_INDEX) if email else None,
        "phone_index": seal.index(phone_key(phone), PHONE_INDEX) if phone else None,
    }


def nik_index(nik: str | None) -> str | None:
    key = nik_key(nik)
    return personal_data.active().index(key, NIK_INDEX) if key else None


def reindex_contacts(session, seal, batch: int = 500) -> int:
    """Recompute every request's contact hashes from its email and phone under ``seal``'s index key (after
    PERSONAL_DATA_INDEX_KEY is replaced: ``flask personal-data reseal``); returns how many rows changed."""
    table = Request.__table__
    changed, after = 0, 0
    while True:
        rows = session.execute(
            select(
                table.c.id,
                table.c.nik,
                table.c.email,
                table.c.phone,
                table.c.nik_index,
                table.c.email_index,
                table.c.phone_index,
            )
            .where(table.c.id > after)
            .order_by(table.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return changed
        for row in rows:
            nik = nik_key(row.nik)
            wanted = {
                "nik_index": seal.index(nik, NIK_INDEX) if nik else None,
                "email_index": seal.index(row.email, EMAIL_INDEX) if row.email else None,
                "phone_index": seal.index(phone_key(row.phone), PHONE_INDEX) if row.phone else None,
            }
            if wanted != {k: getattr(row, k) for k in wanted}:
                session.execute(update(table).where(table.c.id == row.id).values(wanted))
                changed += 1
        after = rows[-1].id


@event.listens_for(Request.nik, "set")
def _index_nik(target, value, oldvalue, initiator) -> None:
    target.nik_index = nik_index(value)


@event.listens_for(Request.email, "set")
def _index_email(target, value, oldvalue, initiator) -> None:
    target.email_index = contact_indexes(value, None)["email_index"]


@event.listens_for(Request.phone, "set")
def _index_phone(target, value, oldvalue, initiator) -> None:
    target.phone_index = contact_indexes(None, value)["phone_index"]


class RequestLog(Base):
    """The audit trail of a request: who moved it, when, from which state to which, and why."""

    __tablename__ = "request_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30), nullable=False)
    action: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    # Public entries are shown on the tracking page; internal notes are not.
    public: Mapped[bool] = mapped_column(default=True, nullable=False)
    request: Mapped[Request] = relationship(back_populates="history")


class Disposition(Base):
    """The request sent to one OPD (department) that holds the information, and its answer."""

    __tablename__ = "dispositions"
    __table_args__ = (UniqueConstraint("request_id", "opd"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    opd: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # Working days from the disposition to ``due_date``, so a calendar change can count it again.
    working_days: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    disposed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    disposed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    held: Mapped[bool | None] = mapped_column()
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    request: Mapped[Request] = relationship(back_populates="dispositions")
    # The OPD of the office's list it names, for its name; none for a code the list never held.
    listed: Mapped[Opd | None] = relationship(
        primaryjoin="foreign(Disposition.opd) == Opd.code", viewonly=True, lazy="selectin"
    )

    @property
    def opd_name(self) -> str:
        """The OPD's name from the office's list, its code when the list does not know it."""
        return self.listed.name if self.listed is not None else self.opd


# The office's OPD list from its gateway (chassis.opds): the disposition's choices, names for codes.
opd_tables = chassis_opds.define_tables(Base.metadata)


class Opd(Base):
    """An OPD (organisasi perangkat daerah: a department of the office) of the office's list. One dropped from the
    list stays, inactive: past dispositions name it."""

    __table__ = opd_tables.opds


class Objection(Base):
    """A keberatan to the PPID's superior (Pasal 35-36), and a dispute filed afterwards (Pasal 37)."""

    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    grounds: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    filed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    outcome: Mapped[str | None] = mapped_column(String(20))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    dispute_due: Mapped[dt.date | None] = mapped_column(Date)
    dispute_filed_on: Mapped[dt.date | None] = mapped_column(Date)
    dispute_reference: Mapped[str | None] = mapped_column(String(100))
    # Set once by the worker when the superior lets the answer deadline lapse (Pasal 36 ayat 2).
    overdue_notified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The Komisi Informasi's outcome: mediation or the adjudication decision, with its date and number.
    dispute_outcome: Mapped[str | None] = mapped_column(String(30))
    dispute_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    dispute_decision_number: Mapped[str | None] = mapped_column(String(100))
    request: Mapped[Request] = relationship(back_populates="objections")


class ReportObstacle(Base):
    """An obstacle (hambatan) in serving information in a year and its cause, for the yearly report (Perki 1/2021)."""

    __tablename__ = "report_obstacles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    obstacle: Mapped[str] = mapped_column(Text, nullable=False)
    cause: Mapped[str] = mapped_column(Text, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class ClosedDay(Base):
    """A day the office is closed besides national holidays and cuti bersama (set by an officer)."""

    __tablename__ = "closed_days"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class DipEntry(Base):
    """One entry of the public information list (DIP, Daftar Informasi Publik, Pasal 9-11 and 17 UU 14/2008)."""

    __tablename__ = "dip_entries"
    __table_args__ = (Index("ix_dip_entries_public", "published", "title", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    # The OPD (department) that holds it, by code (``dinkes``).
    opd: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    responsible: Mapped[str] = mapped_column(String(200), nullable=False)
    made_on: Mapped[dt.date | None] = mapped_column(Date)
    period: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20), nullable=False)
    retention: Mapped[str] = mapped_column(String(100), nullable=False)
    url: Mapped[str | None] = mapped_column(String(500))
    # Pasal 17 letters (a-j) and the consequence test (Pasal 19), for exempt entries only.
    exemption_grounds: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    exemption_reason: Mapped[str | None] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(default=False, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow)
    # An optional attached document, stored by checksum like every uploaded file.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(50))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))


class Guidance(Base):
    """What an OPD holds and cannot give, so requesters address the right department before they ask."""

    __tablename__ = "guidance"
    opd: Mapped[str] = mapped_column(String(64), primary_key=True)
    opd_name: Mapped[str] = mapped_column(String(200), nullable=False)
    holds: Mapped[str] = mapped_column(Text, nullable=False)
    cannot_give: Mapped[str] = mapped_column(Text, nullable=False)
    contact: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow)


class SurveyResponse(Base):
    """A requester's answer to the satisfaction survey (SKM, PermenPANRB 14/2017): one per request, 1-4 each."""

    __tablename__ = "survey_responses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, unique=True)
    requirements: Mapped[int] = mapped_column(Integer, nullable=False)
    procedure: Mapped[int] = mapped_column(Integer, nullable=False)
    time: Mapped[int] = mapped_column(Integer, nullable=False)
    cost: Mapped[int] = mapped_column(Integer, nullable=False)
    product: Mapped[int] = mapped_column(Integer, nullable=False)
    competence: Mapped[int] = mapped_column(Integer, nullable=False)
    behaviour: Mapped[int] = mapped_column(Integer, nullable=False)
    complaints: Mapped[int] = mapped_column(Integer, nullable=False)
    facilities: Mapped[int] = mapped_column(Integer, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    answered_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)


class Message(Base):
    """One message of the thread between the officers and the requester, with an optional attached file."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True)
    from_requester: Mapped[bool] = mapped_column(nullable=False)
    author: Mapped[str] = mapped_column(String(64), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    # The file is stored under the storage directory by its checksum, never under the name the sender gave.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(50))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))


# Tables kept by their own modules (counts kept with every change, the calendar's version, the province's fact
# rows of its regencies' requests): in this metadata too.
from ppid import office_calendar, privacy_records, province, summary  # noqa: E402, F401

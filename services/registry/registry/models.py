"""Registry tables (this service's database only).

Over 400 lines on purpose: every table of one database in one metadata, column lists and their indexes only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    or_,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from chassis.db import UtcDateTime, service_metadata
from chassis.mail import define_mail_table
from chassis.messaging import define_tables, utcnow
from chassis.personal_data import Sealed, define_access_log_table


class Base(DeclarativeBase):
    metadata = service_metadata()


messaging = define_tables(Base.metadata)
mail_outbox = define_mail_table(Base.metadata)
# Who revealed, exported or changed journalists' and KIM members' personal data, when and why (UU 27/2022).
ACCESS_LOG = define_access_log_table(Base.metadata)


class Outlet(Base):
    """A press company (perusahaan pers) and its medium."""

    __tablename__ = "outlets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    legal_name: Mapped[str] = mapped_column(String(200), nullable=False)
    media_type: Mapped[str] = mapped_column(String(20), nullable=False)
    npwp: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    nib: Mapped[str] = mapped_column(String(13), nullable=False)
    address: Mapped[str] = mapped_column(Text, nullable=False)
    entity_type: Mapped[str | None] = mapped_column(String(30))
    city: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    website: Mapped[str | None] = mapped_column(String(300))
    registered_by: Mapped[str] = mapped_column(String(64), nullable=False)
    # The media partner account that manages this outlet (one outlet per account).
    account: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Dewan Pers: not registered, administratively verified, factually verified (with the date).
    dewan_pers_status: Mapped[str] = mapped_column(String(20), nullable=False, default="none", server_default="none")
    dewan_pers_on: Mapped[dt.date | None] = mapped_column(Date)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class Release(Base):
    """Read model of the newsroom's published items: what partners may carry and prove."""

    __tablename__ = "releases"
    __table_args__ = (Index("ix_releases_recent", "published_at", "article_id"),)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    slug: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    opd: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    # published, corrected or withdrawn; a withdrawn release cannot back a publication proof.
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="published")
    correction_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    # The newsroom that published it (CloudEvents source, "/<org code>/newsroom"): only this office's own are kept.
    source: Mapped[str | None] = mapped_column(String(200))


class ReleaseMail(Base):
    """A mail about a release sent to one outlet: the release itself, its withdrawal or one of its corrections
    (``ref``: when it was corrected). Who received a release is who must hear of its withdrawal, each once."""

    __tablename__ = "release_mails"
    __table_args__ = (UniqueConstraint("release_id", "outlet_id", "kind", "ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.article_id"), nullable=False, index=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False)
    # release, withdrawn or corrected
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    ref: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    mailed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class DocumentType(Base):
    """A document the office may require of an outlet (the catalogue the office manages)."""

    __tablename__ = "document_types"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(200), nullable=False)
    # Media types it applies to (print, online, television, radio); empty: all.
    media_types: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    expires: Mapped[bool] = mapped_column(nullable=False, default=False)


class Period(Base):
    """An application period (per fiscal year), open between two moments in the office's time zone."""

    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False, default="kemitraan")
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    opens_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    closes_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    budget: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    # [{"code", "required"}]: which documents of the catalogue this period asks for.
    requirements: Mapped[list[dict]] = mapped_column(JSON, nullable=False, default=list)
    # [{"code", "label", "rate", "quota"}]: the tiers an outlet may apply for (the rate sets the price).
    tiers: Mapped[list[dict]] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    # Rules of the period besides documents.
    requires_ukw_utama: Mapped[bool] = mapped_column(nullable=False, default=False, server_default="0")
    requires_dewan_pers: Mapped[bool] = mapped_column(nullable=False, default=False, server_default="0")
    # [{"code", "label", "media_type" (None: all), "max_points", "unit", "options": [{"code", "label", "points"}] or
    # "bands": [{"min", "points", "label"}]}]: how an application is scored (registry.domain.scoring); the tiers then
    # carry a "min_score".
    criteria: Mapped[list[dict]] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    # Days after a rejection (office's local date) within which the outlet may appeal, once; 0: no appeal.
    appeal_days: Mapped[int] = mapped_column(Integer, nullable=False, default=14, server_default="14")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class Application(Base):
    """One outlet's application in one period."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("period_id", "outlet_id"),
        # The verifier's queue (registry.queries): by submission time, optionally per period and status.
        Index("ix_applications_queue", "submitted_at", "id"),
        Index("ix_applications_period_queue", "period_id", "status", "submitted_at", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False, index=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    # The tier the outlet applied for (claimed). When the period scores applications, ``scored_tier`` is the one the
    # confirmed score set at verification, and it is the one that counts (rate, quota); otherwise ``tier`` counts.
    tier: Mapped[str | None] = mapped_column(String(40))
    score: Mapped[int | None] = mapped_column(Integer)
    scored_tier: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list[ApplicationDocument]] = relationship(
        order_by="ApplicationDocument.type_code", cascade="all, delete-orphan"
    )
    log: Mapped[list[ApplicationLog]] = relationship(order_by="ApplicationLog.id", cascade="all, delete-orphan")


class ApplicationDocument(Base):
    """A document uploaded for one requirement; the verifier accepts it or rejects it with a note."""

    __tablename__ = "application_documents"
    __table_args__ = (UniqueConstraint("application_id", "type_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), nullable=False)
    type_code: Mapped[str] = mapped_column(ForeignKey("document_types.code"), nullable=False)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    file_type: Mapped[str] = mapped_column(String(50), nullable=False)
    file_size: Mapped[int] = mapped_column(Integer, nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    # Re-registration: the earlier application this accepted, still valid document was carried over from.
    carried_over_from: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ApplicationLog(Base):
    """Who moved an application, when, from which state to which, and why."""

    __tablename__ = "application_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)


class Journalist(Base):
    """A journalist of an outlet; the NIK is personal data (the outlet and verifiers only)."""

    __tablename__ = "journalists"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    nik: Mapped[str] = mapped_column(Sealed("registry.journalist.nik"), nullable=False)  # sealed at rest
    role: Mapped[str] = mapped_column(String(30), nullable=False)
    ukw_level: Mapped[str] = mapped_column(String(10), nullable=False, default="none")
    ukw_certificate: Mapped[str | None] = mapped_column(String(60))
    ukw_certified_on: Mapped[dt.date | None] = mapped_column(Date)
    press_card: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    # The day the journalist left the outlet (office's local date): kept for history, no longer counted from then on.
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    @classmethod
    def on_staff(cls, day: dt.date) -> ColumnElement[bool]:
        """SQL condition: the journalist still works for the outlet on ``day`` (period rules, figures, the decree)."""
        return or_(cls.left_on.is_(None), cls.left_on > day)


class OutletChange(Base):
    """Who changed an outlet's profile, its Dewan Pers status or its journalists, when, and which fields (names
    only: the values are in the profile itself, and a journalist's NIK never enters this log)."""

    __tablename__ = "outlet_changes"
    __table_args__ = (Index("ix_outlet_changes_outlet", "outlet_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    # profile, dewan_pers, journalist_updated, journalist_removed
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    fields: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    journalist_id: Mapped[int | None] = mapped_column(Integer)


class Decree(Base):
    """The head of office's decree (SK) over a period's verified applications, which become approved."""

    __tablename__ = "decrees"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    signed_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    signer: Mapped[str] = mapped_column(String(200), nullable=False)
    application_ids: Mapped[list[int]] = mapped_column(JSON, nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class Contract(Base):
    """The contract with an approved outlet: value in whole rupiah, quota and rate; active, suspended or ended."""

    __tablename__ = "contracts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True, nullable=False)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)
    quota: Mapped[int] = mapped_column(Integer, nullable=False)
    rate: Mapped[int] = mapped_column(BigInteger, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class Proof(Base):
    """A partner's proof that it carried a government release: where, when; the verifier accepts or rejects it."""

    __tablename__ = "proofs"
    # The proofs queue (registry.queries): oldest first, optionally per status or per contract.
    __table_args__ = (
        Index("ix_proofs_queue", "created_at", "id"),
        Index("ix_proofs_status_queue", "status", "created_at", "id"),
        Index("ix_proofs_contract_queue", "contract_id", "created_at", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), nullable=False, index=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.article_id"), nullable=False, index=True)
    # One URL proves one publication, once.
    url: Mapped[str] = mapped_column(String(500), unique=True, nullable=False)
    published_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # The capture of the published page (PNG or JPEG, by checksum); required of new proofs, absent on older ones.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(50))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The release was withdrawn or corrected after this proof was filed (the partner was told; the verifier sees it).
    release_notice: Mapped[str | None] = mapped_column(String(20))
    release_notice_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class PaymentRecord(Base):
    """One month of a contract: where the partner's money is (SPJ submitted, checked, paid or held).

    What the month is worth (accepted proofs, billable, amount due) is computed from the proofs; the record keeps
    the steps and what was paid. Created when a proof of the month is accepted or the partner first acts on it."""

    __tablename__ = "payment_records"
    __table_args__ = (
        UniqueConstraint("contract_id", "month"),
        Index("ix_payment_records_status", "status", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), nullable=False)
    # "2027-02": the month in the office's time zone.
    month: Mapped[str] = mapped_column(String(7), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    note: Mapped[str | None] = mapped_column(Text)
    spj_submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    checked_by: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_amount: Mapped[int | None] = mapped_column(BigInteger)
    # Income tax (PPh) withheld by the office, whole rupiah; net = paid_amount - tax_withheld.
    tax_withheld: Mapped[int | None] = mapped_column(BigInteger)
    net_amount: Mapped[int | None] = mapped_column(BigInteger)
    paid_by: Mapped[str | None] = mapped_column(String(64))
    held_reason: Mapped[str | None] = mapped_column(Text)
    # What the month was worth when its SPJ was submitted (billable proofs, rupiah): from then on the month's amount
    # is this one, whatever proof of an earlier month is accepted later; cleared when the SPJ is returned.
    recorded_billable: Mapped[int | None] = mapped_column(Integer)
    recorded_amount: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    documents: Mapped[list[PaymentDocument]] = relationship(order_by="PaymentDocument.id", cascade="all, delete-orphan")


class PaymentDocument(Base):
    """An accountability document (SPJ) the partner uploaded for one payment record; several per record."""

    __tablename__ = "payment_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("payment_records.id", ondelete="CASCADE"), nullable=False, index=True
    )
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    file_type: Mapped[str] = mapped_column(String(50), nullable=False)
    file_size: Mapped[int] = mapped_column(Integer, nullable=False)
    file_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String(64), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class KimGroup(Base):
    """A community information group (Kelompok Informasi Masyarakat) of a village or kecamatan."""

    __tablename__ = "kim_groups"
    __table_args__ = (Index("ix_kim_groups_region", "region_code", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Kemendagri code: 71.74.01 (kecamatan) or 71.74.01.2001 (village).
    region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    region_name: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str | None] = mapped_column(Text)
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    decree_number: Mapped[str | None] = mapped_column(String(100))
    chair: Mapped[str] = mapped_column(String(200), nullable=False)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    members: Mapped[list[KimMember]] = relationship(order_by="KimMember.id", cascade="all, delete-orphan")
    activities: Mapped[list[KimActivity]] = relationship(
        order_by=lambda: [KimActivity.held_on.desc(), KimActivity.id.desc()], cascade="all, delete-orphan"
    )


class KimMember(Base):
    """A member of a KIM; the phone number is personal data (verifiers only)."""

    __tablename__ = "kim_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("kim_groups.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(100), nullable=False)
    phone: Mapped[str | None] = mapped_column(Sealed("registry.kim_member.phone"))  # sealed at rest


class KimActivity(Base):
    """Something a KIM did: when, what, and optionally a photo (by checksum) or a link."""

    __tablename__ = "kim_activities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("kim_groups.id", ondelete="CASCADE"), nullable=False, index=True)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    photo_type: Mapped[str | None] = mapped_column(String(50))
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class ScoreClaim(Base):
    """The outlet's claim on one scoring criterion, with its evidence, and the verifier's confirmation or correction."""

    __tablename__ = "score_claims"
    __table_args__ = (UniqueConstraint("application_id", "criterion"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), nullable=False)
    criterion: Mapped[str] = mapped_column(String(40), nullable=False)
    claimed_value: Mapped[str] = mapped_column(String(100), nullable=False)
    claimed_points: Mapped[int] = mapped_column(Integer, nullable=False)
    # Evidence: a stored file (by checksum), and/or a link or a text.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(50))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_text: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    claimed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    confirmed_value: Mapped[str | None] = mapped_column(String(100))
    confirmed_points: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Appeal(Base):
    """A rejected outlet's one appeal (unique per application) and the approver's decision on it."""

    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    filed_by: Mapped[str] = mapped_column(String(64), nullable=False)
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    # None while pending; granted or dismissed.
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class OutletMember(Base):
    """A staff member of an outlet invited by the account that manages it: once the invitation is accepted by a
    ``media:partner`` account, that account works for the outlet too (applications, documents, proofs, SPJ)."""

    __tablename__ = "outlet_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), nullable=False, index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    # Only the SHA-256 of the invitation's secret is kept; the secret travels in the mailed link alone.
    token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_by: Mapped[str] = mapped_column(String(64), nullable=False)
    invited_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False)
    account: Mapped[str | None] = mapped_column(String(64), unique=True)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


# The province's fact rows of its regencies' partnerships (registry.province_facts) and the partners' data-subject
# requests (registry.privacy_records) are in this metadata too.
from registry import privacy_records as _privacy_records  # noqa: E402, F401
from registry import province_facts as _province_facts  # noqa: E402, F401

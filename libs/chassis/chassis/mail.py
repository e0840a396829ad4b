"""Email through an outbox: a message is queued in the same transaction as the change, sent later by the worker.

So a request is never lost because the mail server is down, and no mail
goes out for a change that was rolled back. SMTP settings come from the
service's settings; with no ``SMTP_HOST`` messages wait in the queue.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, insert, select, update
from sqlalchemy.orm import Session

from chassis.db import Database, UtcDateTime
from chassis.messaging import utcnow
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    from chassis.cli import Periodic

log = logging.getLogger("chassis.mail")


def define_mail_table(metadata: MetaData) -> Table:
    return Table(
        "mail_outbox",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("to_address", String(254), nullable=False),
        Column("subject", String(300), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False, default=utcnow),
        Column("sent_at", UtcDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
        Index("ix_mail_outbox_unsent", "sent_at", "id"),
    )


def queue(session: Session, table: Table, to: str, subject: str, body: str) -> None:
    """Queue one message inside the caller's transaction."""
    session.execute(insert(table).values(to_address=to, subject=subject, body=body, created_at=utcnow(), attempts=0))


def send_pending(settings: ServiceSettings, db: Database, table: Table, limit: int = 50) -> int:
    """Send up to ``limit`` queued messages of ``table``; how many went out (the gateway's mail loop calls this)."""
    return Mailer(settings, db, table).send_pending(limit)


def job(table: Table) -> Callable[[], int]:
    """The mail job of a Flask service: send its queue with the settings and database of the running app."""

    def send_mail() -> int:
        from chassis.web import suite

        s = suite()
        return send_pending(s.settings, s.db, table)

    return send_mail


def periodic(table: Table, seconds: float) -> Periodic:
    """The worker's ``mail`` job, every ``seconds`` (the service's ``MAIL_POLL_SECONDS``)."""
    from chassis.cli import Periodic

    return Periodic("mail", seconds, job(table))


class Mailer:
    def __init__(self, settings: ServiceSettings, db: Database, table: Table):
        self.settings = settings
        self.db = db
        self.table = table

    def send_pending(self, limit: int = 50) -> int:
        """Send what is queued, one message per transaction with its row locked (several workers never send the
        same message twice on PostgreSQL); a failure is counted and retried later, up to ``mail_max_attempts``."""
        s = self.settings
        if not s.smtp_host:
            return 0
        t = self.table
        sent = 0
        smtp = None
        try:
            for _ in range(limit):
                with self.db.session() as session:
                    row = session.execute(
                        select(t)
                        .where(t.c.sent_at.is_(None), t.c.attempts < s.mail_max_attempts)
                        .order_by(t.c.id)
                        .limit(1)
                        .with_for_update(skip_locked=True)
                    ).first()
                    if row is None:
                        break
                    if smtp is None:
                        try:
                            smtp = self._connect()
                        except (OSError, smtplib.SMTPException) as exc:  # down, untrusted certificate, refused login
                            log.warning("SMTP server not reachable: %s", exc)
                            break
                    outcome = {"sent_at": utcnow()}
                    try:
                        smtp.send_message(self._message(row))
                        sent += 1
                    except smtplib.SMTPException as exc:
                        outcome = {"attempts": row.attempts + 1, "last_error": str(exc)[:500]}
                    session.execute(update(t).where(t.c.id == row.id).values(**outcome))
                    session.commit()
        finally:
            if smtp is not None:
                try:
                    smtp.quit()
                except smtplib.SMTPException:
                    pass
        return sent

    def tls_context(self) -> ssl.SSLContext:
        """The server's certificate and name are verified (against ``SMTP_CA_FILE`` when set): without a context,
        smtplib encrypts but accepts any certificate, so anyone on the path could read the password and the mail."""
        return ssl.create_default_context(cafile=self.settings.smtp_ca_file or None)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_ssl:
            smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=20, context=self.tls_context())
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=20)
        try:
            if s.smtp_starttls and not s.smtp_ssl:
                smtp.starttls(context=self.tls_context())
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _message(self, row) -> EmailMessage:
        s = self.settings
        message = EmailMessage()
        message["From"] = s.mail_from
        message["To"] = row.to_address
        message["Subject"] = row.subject
        message["Message-ID"] = make_msgid(domain=s.mail_from.rpartition("@")[2].strip(">") or None)
        message.set_content(row.body)
        return message

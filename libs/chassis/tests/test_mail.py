"""Outgoing mail talks TLS only to a server whose certificate and name check out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import smtplib
import ssl

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from chassis import mail
from chassis.db import Database
from chassis.settings import ServiceSettings
from chassis.testing import Inbox, free_port


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (the mail server's); its PEM path and the server's TLS context."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mail.kantor.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_path, key_path)
    return str(cert_path), server


@pytest.fixture
def tls_server(certificate):
    """A real SMTP server that takes mail only after STARTTLS; yields (port, inbox)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=certificate[1],
                            require_starttls=True)  # fmt: skip
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def smtps_server(certificate):
    """A real SMTP server speaking TLS from the first byte (SMTPS); yields (port, inbox)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), ssl_context=certificate[1])
    controller.start()
    yield controller.port, inbox
    controller.stop()


def mailer(tmp_path, port: int, **settings) -> mail.Mailer:
    metadata = sa.MetaData()
    table = mail.define_mail_table(metadata)
    db = Database(f"sqlite:///{tmp_path / 'mail.db'}")
    metadata.create_all(db.engine)
    with db.session() as session:
        mail.queue(session, table, "warga@example.id", "Permohonan diterima", "Nomor registrasi 1.")
        session.commit()
    config = ServiceSettings(service_name="probe", smtp_host="127.0.0.1", smtp_port=port, **settings)
    return mail.Mailer(config, db, table)


def unsent(m: mail.Mailer) -> list:
    with m.db.session() as session:
        return session.execute(sa.select(m.table).where(m.table.c.sent_at.is_(None))).all()


def test_starttls_is_given_a_context_that_verifies_the_certificate_and_name(tmp_path, monkeypatch, smtp_server):
    contexts = []
    monkeypatch.setattr(smtplib.SMTP, "starttls", lambda self, **kwargs: contexts.append(kwargs.get("context")))
    mailer(tmp_path, smtp_server[0], smtp_starttls=True).send_pending()
    assert len(contexts) == 1 and isinstance(contexts[0], ssl.SSLContext)
    assert contexts[0].verify_mode == ssl.CERT_REQUIRED and contexts[0].check_hostname


def test_a_mail_server_with_an_untrusted_certificate_gets_no_mail_and_the_message_waits(tmp_path, tls_server, caplog):
    port, inbox = tls_server
    m = mailer(tmp_path, port, smtp_starttls=True, smtp_username="ppid", smtp_password="rahasia")
    assert m.send_pending() == 0
    assert inbox.messages == [] and len(unsent(m)) == 1
    assert any("CERTIFICATE_VERIFY_FAILED" in r.getMessage() for r in caplog.records)


def test_a_mail_server_signed_by_the_configured_ca_gets_the_mail_over_starttls(tmp_path, tls_server, certificate):
    port, inbox = tls_server
    assert mailer(tmp_path, port, smtp_starttls=True, smtp_ca_file=certificate[0]).send_pending() == 1
    assert [m["Subject"] for m in inbox.to("warga@example.id")] == ["Permohonan diterima"]


def test_smtps_verifies_the_certificate_too(tmp_path, smtps_server, certificate):
    port, inbox = smtps_server
    m = mailer(tmp_path, port, smtp_ssl=True)
    assert m.send_pending() == 0 and inbox.messages == []
    m.settings = dataclasses.replace(m.settings, smtp_ca_file=certificate[0])
    assert m.send_pending() == 1 and len(inbox.messages) == 1 and unsent(m) == []


def test_a_server_without_starttls_is_not_sent_mail_in_clear_when_tls_is_asked(tmp_path, smtp_server):
    port, inbox = smtp_server
    m = mailer(tmp_path, port, smtp_starttls=True)
    assert m.send_pending() == 0 and inbox.messages == [] and len(unsent(m)) == 1


def test_send_pending_sends_the_queue_and_marks_it_sent(tmp_path, smtp_server):
    port, inbox = smtp_server
    m = mailer(tmp_path, port)
    assert mail.send_pending(m.settings, m.db, m.table) == 1
    assert [x["Subject"] for x in inbox.to("warga@example.id")] == ["Permohonan diterima"] and unsent(m) == []
    assert mail.send_pending(m.settings, m.db, m.table) == 0 and len(inbox.messages) == 1


def test_the_service_mail_job_sends_with_the_running_apps_settings_and_database(tmp_path, smtp_server, monkeypatch):
    import types

    from chassis import web

    port, inbox = smtp_server
    m = mailer(tmp_path, port)
    monkeypatch.setattr(web, "suite", lambda: types.SimpleNamespace(settings=m.settings, db=m.db))
    job = mail.periodic(m.table, 7.5)
    assert (job.name, job.seconds) == ("mail", 7.5)
    assert job.run() == 1 and len(inbox.messages) == 1 and unsent(m) == []

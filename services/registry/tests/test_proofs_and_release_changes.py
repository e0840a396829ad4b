"""Issue 13, registry: withdrawals and corrections reach the partners who got the release, one billable proof per
release with its screenshot, and a recorded month that never changes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select

from chassis.consumer import Consumer
from chassis.events import CloudEvent
from registry.events import handlers
from registry.models import PaymentRecord, Proof, mail_outbox


def worker(app) -> Consumer:
    suite = app.extensions["suite"]
    return Consumer(suite.settings, suite.db, suite.tables, handlers)


def published(article_id: int, at: dt.datetime, title: str = "Jadwal vaksinasi") -> CloudEvent:
    return CloudEvent.new(
        source="/71.74/newsroom",
        type="newsroom.article.published.v1",
        data={
            "id": article_id,
            "type": "release",
            "title": title,
            "opd": "dinkes",
            "url": f"https://diskominfo.example.go.id/berita/{article_id}",
            "published_at": at.isoformat(),
        },
    )


def mails(app, prefix: str) -> list:
    with app.extensions["suite"].db.session() as session:
        query = select(mail_outbox).where(mail_outbox.c.subject.like(f"{prefix}%")).order_by(mail_outbox.c.id)
        return session.execute(query).all()


@pytest.fixture
def running(app, contract_with):
    """A partner with a contract running from yesterday to next month (office's dates)."""
    today = app.extensions["suite"].settings.local_date()
    days = {
        "starts_on": (today - dt.timedelta(days=1)).isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
    }
    return contract_with(value=10_000_000, quota=5, rate=1_000_000, **days)


def test_withdrawn_release_is_mailed_once_to_every_partner_that_received_it_with_the_reason(
    app, client, verifier, running, file_proof
):
    partner, contract = running
    consumer = worker(app)
    now = dt.datetime.now(dt.UTC)
    assert consumer.handle(published(90, now - dt.timedelta(hours=1))) == "handled"
    today = app.extensions["suite"].settings.local_date().isoformat()
    proof = file_proof(
        partner, contract_id=contract["id"], release_id=90, url="https://totabuan.example.id/v", published_on=today
    )
    assert proof.status_code == 201, proof.json
    withdrawn = CloudEvent.new(
        source="/71.74/newsroom",
        type="newsroom.article.withdrawn.v1",
        data={"id": 90, "reason": "Angka sasaran vaksinasi keliru", "withdrawn_at": now.isoformat()},
    )
    assert consumer.handle(withdrawn) == "handled"
    assert consumer.handle(withdrawn) == "duplicate"
    again = CloudEvent.new(source="/71.74/newsroom", type="newsroom.article.withdrawn.v1", data={"id": 90})
    assert consumer.handle(again) == "handled"
    (mail,) = mails(app, "[Siaran pers ditarik]")
    assert mail.to_address == "redaksi@totabuan.example.id"
    assert "Angka sasaran vaksinasi keliru" in mail.body and "https://totabuan.example.id/v" in mail.body
    with app.extensions["suite"].db.session() as session:
        assert session.get(Proof, proof.json["id"]).release_notice == "withdrawn"
    queue = client.get("/registry/konsol/bukti", headers=verifier).text
    assert "ditarik redaksi sesudah bukti dikirim" in queue
    capture = f"/registry/konsol/bukti/{proof.json['id']}/tangkapan-layar"
    assert f'src="{capture}"' in queue
    assert client.get(capture, headers=verifier).mimetype == "image/png"
    listed = client.get("/api/registry/proofs", headers=verifier).json["items"]
    assert [(p["release_notice"], p["screenshot"]) for p in listed] == [("withdrawn", True)]


def test_corrected_release_is_mailed_to_partners_that_received_it_once_per_correction(app, running):
    consumer = worker(app)
    consumer.handle(published(91, dt.datetime.now(dt.UTC)))
    assert len(mails(app, "[Siaran pers] ")) == 1

    def corrected(at: str) -> CloudEvent:
        return CloudEvent.new(
            source="/71.74/newsroom",
            type="newsroom.article.corrected.v1",
            data={
                "id": 91,
                "title": "Jadwal vaksinasi (ralat)",
                "url": "https://diskominfo.example.go.id/berita/91",
                "correction_note": "Lokasi diperbaiki",
                "corrected_at": at,
            },
        )

    consumer.handle(corrected("2027-02-01T03:00:00+00:00"))
    consumer.handle(corrected("2027-02-01T03:00:00+00:00"))  # the same correction sent again, under another id
    consumer.handle(corrected("2027-02-02T03:00:00+00:00"))
    sent = mails(app, "[Siaran pers diralat]")
    assert len(sent) == 2 and all("Lokasi diperbaiki" in m.body for m in sent)


def test_a_release_mailed_before_a_contract_ran_is_not_retracted_to_partners_that_never_got_it(app, client, running):
    consumer = worker(app)
    with app.extensions["suite"].db.session() as session:
        session.execute(mail_outbox.delete())
        session.commit()
    consumer.handle(CloudEvent.new(source="/71.74/newsroom", type="newsroom.article.withdrawn.v1", data={"id": 404}))
    assert mails(app, "[Siaran pers") == []


def test_a_second_proof_of_the_same_release_is_refused_naming_the_first(app, client, verifier, running, file_proof):
    partner, contract = running
    worker(app).handle(published(92, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    today = app.extensions["suite"].settings.local_date().isoformat()
    fields = {"contract_id": contract["id"], "release_id": 92, "published_on": today}
    first = file_proof(partner, url="https://totabuan.example.id/a", **fields)
    assert first.status_code == 201
    second = file_proof(partner, url="https://totabuan.example.id/another-url", **fields)
    assert second.status_code == 409 and second.json["first_proof_id"] == first.json["id"]
    assert f"#{first.json['id']}" in second.json["detail"]
    rejected = client.post(
        f"/api/registry/proofs/{first.json['id']}/review",
        headers=verifier,
        json={"accepted": False, "note": "Tautan mati"},
    )
    assert rejected.status_code == 200
    retry = file_proof(partner, url="https://totabuan.example.id/b", **fields)
    assert retry.status_code == 201, "a rejected proof does not hold the release"
    assert (
        client.post(
            f"/api/registry/proofs/{retry.json['id']}/review", headers=verifier, json={"accepted": True}
        ).status_code
        == 200
    )
    months = client.get(f"/api/registry/contracts/{contract['id']}/payments", headers=partner).json["months"]
    assert [(m["accepted"], m["billable"]) for m in months] == [(1, 1)]


def test_two_accepted_proofs_of_one_release_count_once_toward_the_quota(app, client, verifier, running):
    """Rows filed before the rule (both accepted) still bill the release once."""
    partner, contract = running
    worker(app).handle(published(93, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    today = app.extensions["suite"].settings.local_date()
    with app.extensions["suite"].db.session() as session:
        session.add_all(
            Proof(
                contract_id=contract["id"],
                release_id=93,
                url=f"https://t.example.id/{n}",
                published_on=today,
                status="accepted",
                created_by="lama",
            )
            for n in range(2)
        )
        session.commit()
    months = client.get(f"/api/registry/contracts/{contract['id']}/payments", headers=partner).json["months"]
    assert [(m["accepted"], m["billable"], m["amount"]) for m in months] == [(1, 1, 1_000_000)]


def test_a_proof_needs_a_screenshot_checked_by_content(app, client, running, file_proof):
    partner, contract = running
    worker(app).handle(published(94, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    today = app.extensions["suite"].settings.local_date().isoformat()
    fields = {
        "contract_id": contract["id"],
        "release_id": 94,
        "url": "https://totabuan.example.id/s",
        "published_on": today,
    }
    missing = file_proof(partner, screenshot=None, **fields)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "screenshot"
    html = file_proof(partner, screenshot=b"<html><script>alert(1)</script></html>", **fields)
    assert html.status_code == 415 and html.json["errors"][0]["field"] == "screenshot"
    as_json = client.post("/api/registry/proofs", json=fields, headers=partner)
    assert as_json.status_code == 422 and [e["field"] for e in as_json.json["errors"]] == ["screenshot"]
    made = file_proof(partner, **fields)
    assert made.status_code == 201 and made.json["screenshot"] is True
    shot = client.get(f"/api/registry/proofs/{made.json['id']}/screenshot", headers=partner)
    assert shot.status_code == 200 and shot.mimetype == "image/png"
    assert shot.headers["X-Content-Type-Options"] == "nosniff"


def test_an_accepted_proof_for_an_earlier_month_never_changes_a_recorded_month(
    app, client, verifier, contract_with, file_proof
):
    today = app.extensions["suite"].settings.local_date()
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    partner, contract = contract_with(
        value=3_000_000,
        quota=2,
        rate=1_000_000,
        starts_on=last_month.isoformat(),
        ends_on=(today + dt.timedelta(days=60)).isoformat(),
    )
    consumer = worker(app)
    for n in (1, 2, 3):
        consumer.handle(published(100 + n, dt.datetime.combine(last_month, dt.time(3), dt.UTC)))

    def prove(release_id, day):
        made = file_proof(
            partner,
            contract_id=contract["id"],
            release_id=release_id,
            published_on=day.isoformat(),
            url=f"https://totabuan.example.id/{release_id}",
        )
        assert made.status_code == 201, made.json
        return made.json["id"]

    early = [prove(101, last_month), prove(102, last_month)]
    for proof_id in (prove(103, this_month),):
        assert (
            client.post(
                f"/api/registry/proofs/{proof_id}/review", json={"accepted": True}, headers=verifier
            ).status_code
            == 200
        )
    month = this_month.strftime("%Y-%m")
    base = f"/api/registry/contracts/{contract['id']}/payments/{month}"
    spj = client.post(
        f"{base}/documents",
        data={"file": (io.BytesIO(b"%PDF-1.7\n%%EOF\n"), "spj.pdf")},
        headers=partner,
        content_type="multipart/form-data",
    )
    assert spj.status_code in (200, 201), spj.json
    assert client.post(f"{base}/submit", json={}, headers=partner).status_code == 200
    # The earlier month is still open: its proofs are accepted, and they take only what the recorded month left.
    for proof_id in early:
        assert (
            client.post(
                f"/api/registry/proofs/{proof_id}/review", json={"accepted": True}, headers=verifier
            ).status_code
            == 200
        )
    months = {
        m["month"]: m
        for m in client.get(f"/api/registry/contracts/{contract['id']}/payments", headers=partner).json["months"]
    }
    assert (months[month]["billable"], months[month]["amount"]) == (1, 1_000_000), "the recorded month as recorded"
    earlier = last_month.strftime("%Y-%m")
    assert (months[earlier]["accepted"], months[earlier]["billable"]) == (2, 1), "quota 2: one left"
    with app.extensions["suite"].db.session() as session:
        record = session.scalars(select(PaymentRecord).where(PaymentRecord.month == month)).one()
        assert (record.recorded_billable, record.recorded_amount) == (1, 1_000_000)


def test_a_proof_of_a_recorded_month_is_refused(app, client, verifier, running, file_proof):
    partner, contract = running
    worker(app).handle(published(95, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)))
    today = app.extensions["suite"].settings.local_date()
    made = file_proof(
        partner,
        contract_id=contract["id"],
        release_id=95,
        url="https://totabuan.example.id/r",
        published_on=today.isoformat(),
    )
    month = today.strftime("%Y-%m")
    base = f"/api/registry/contracts/{contract['id']}/payments/{month}"
    client.post(
        f"{base}/documents",
        data={"file": (io.BytesIO(b"%PDF-1.7\n%%EOF\n"), "spj.pdf")},
        headers=partner,
        content_type="multipart/form-data",
    )
    assert client.post(f"{base}/submit", json={}, headers=partner).status_code == 200
    late = client.post(f"/api/registry/proofs/{made.json['id']}/review", json={"accepted": True}, headers=verifier)
    assert late.status_code == 409 and late.json["month"] == month

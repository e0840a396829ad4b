"""Payment records through the API on SQLite and PostgreSQL: the partner's SPJ, the office's check, payment and hold,
who may do what (403/404/409), events without personal data, mail to the partner, and the report's downloads."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.testing import TINY_PNG
from registry.events import handlers
from registry.models import mail_outbox, messaging

PDF = b"%PDF-1.7\n% spj\n%%EOF\n"
PNG = TINY_PNG


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def first_of_month(day: dt.date, back: int) -> dt.date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


@pytest.fixture
def partner(tokens):
    return tokens.headers("media:partner", username="mitra")


@pytest.fixture
def contract(app, client, verifier, approver, partner, outlet, file_proof):
    """An active contract that began two months ago (office time): quota 3, rate 1.5M, value 4M; four releases and
    four accepted proofs (one per release), two in each of the first two months."""
    today = app.extensions["suite"].settings.local_date()
    start = first_of_month(today, 2)
    second = first_of_month(today, 1)
    suite = app.extensions["suite"]
    worker = Consumer(suite.settings, suite.db, suite.tables, handlers)
    for article_id in (1, 2, 3, 4):
        worker.handle(
            CloudEvent.new(
                source="/71.74/newsroom",
                type="newsroom.article.published.v1",
                data={
                    "id": article_id,
                    "type": "release",
                    "title": f"Siaran {article_id}",
                    "url": f"https://x/{article_id}",
                    "opd": "dinkes",
                    "published_at": f"{start.isoformat()}T02:00:00+00:00",
                },
            )
        )
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan",
        "opens_at": (now() - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=5)).isoformat(),
        "requirements": [{"code": "akta"}],
        "budget": 50_000_000,
    }
    period_id = client.post("/api/registry/periods", json=period, headers=verifier).json["id"]
    assert client.post("/api/registry/outlets", json=outlet, headers=partner).status_code == 201
    app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner).json["id"]
    url = f"/api/registry/applications/{app_id}"
    client.put(
        f"{url}/documents/akta",
        data={"file": (io.BytesIO(PDF), "akta.pdf")},
        headers=partner,
        content_type="multipart/form-data",
    )
    client.post(f"{url}/submit", headers=partner)
    verified = client.post(
        f"{url}/review", json={"documents": {"akta": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    assert verified.status_code == 200, verified.json
    client.post(
        "/api/registry/decrees",
        headers=approver,
        json={"period_id": period_id, "number": "SK-1", "signed_on": start.isoformat(), "application_ids": [app_id]},
    )
    created = client.post(
        "/api/registry/contracts",
        headers=verifier,
        json={
            "application_id": app_id,
            "number": "K-1",
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=365)).isoformat(),
            "value": 4_000_000,
            "quota": 3,
            "rate": 1_500_000,
        },
    )
    assert created.status_code == 201, created.json
    contract = created.json
    for n, day in enumerate((start, start + dt.timedelta(days=1), second, second + dt.timedelta(days=1))):
        proof = file_proof(
            partner,
            contract_id=contract["id"],
            release_id=1 + n,
            url=f"https://totabuan.example.id/{n}",
            published_on=day.isoformat(),
        )
        assert proof.status_code == 201, proof.json
        review = client.post(
            f"/api/registry/proofs/{proof.json['id']}/review", json={"accepted": True}, headers=verifier
        )
        assert review.status_code == 200
    return {
        **contract,
        "months": [start.strftime("%Y-%m"), second.strftime("%Y-%m"), today.strftime("%Y-%m")],
        "period_id": period_id,
    }


def spj(client, headers, contract_id, month, data=PDF, name="kuitansi.pdf"):
    return client.post(
        f"/api/registry/contracts/{contract_id}/payments/{month}/documents",
        headers=headers,
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def events_of(app, kind: str) -> list[dict]:
    with app.extensions["suite"].db.session() as session:
        rows = session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq)).all()
    return [e for e in (json.loads(r.payload) for r in rows) if e["type"] == kind]


def mails(app) -> list:
    with app.extensions["suite"].db.session() as session:
        return session.execute(select(mail_outbox).order_by(mail_outbox.c.id)).all()


def test_every_month_of_the_contract_shows_what_is_due_and_where_the_payment_is(client, partner, contract):
    first, second, this = contract["months"]
    body = client.get(f"/api/registry/contracts/{contract['id']}/payments", headers=partner).json
    assert body["months"] == [
        {"month": first, "accepted": 2, "billable": 2, "amount": 3_000_000},
        {"month": second, "accepted": 2, "billable": 1, "amount": 1_000_000},
    ], "quota 3 leaves one billable proof in the second month, the value 4M leaves 1M of its 1.5M"
    records = body["records"]
    assert [(r["month"], r["amount_due"], r["status"]) for r in records] == [
        (first, 3_000_000, "open"),
        (second, 1_000_000, "open"),
        (this, 0, "open"),
    ]
    assert records[0]["id"] is not None, "accepting a proof creates the month's record"
    assert records[2]["id"] is None, "a month without proofs has no record until someone acts on it"
    assert records[0]["allowed_actions"] == ["submit"]


def test_the_partner_submits_spj_the_verifier_checks_and_the_office_pays(
    app, client, verifier, approver, partner, contract, outlet
):
    first = contract["months"][0]
    url = f"/api/registry/contracts/{contract['id']}/payments/{first}"
    empty = client.post(f"{url}/submit", headers=partner)
    assert empty.status_code == 409 and empty.json["errors"][0]["field"] == "documents"
    assert spj(client, partner, contract["id"], first, b"MZ\x90\x00not a pdf", "spj.pdf").status_code == 415
    assert spj(client, verifier, contract["id"], first).status_code == 403
    added = spj(client, partner, contract["id"], first, PNG, "../../foto kegiatan.png")
    assert added.status_code == 201 and added.json["documents"][0]["file_name"] == "foto-kegiatan.png"
    assert spj(client, partner, contract["id"], first).status_code == 201
    assert client.post(f"{url}/check", headers=verifier).json["current_state"] == "open"
    assert client.post(f"{url}/submit", headers=verifier).status_code == 403
    submitted = client.post(f"{url}/submit", headers=partner)
    assert submitted.status_code == 200 and submitted.json["status"] == "spj_submitted"
    assert spj(client, partner, contract["id"], first).status_code == 409, "no changes once submitted"
    document_id = submitted.json["documents"][1]["id"]
    got = client.get(f"{url}/documents/{document_id}/file", headers=verifier)
    assert got.status_code == 200 and got.data == PDF

    assert client.post(f"{url}/return", json={}, headers=verifier).json["errors"][0]["field"] == "note"
    returned = client.post(f"{url}/return", json={"note": "Kuitansi belum bermeterai"}, headers=verifier)
    assert returned.json["status"] == "open" and returned.json["note"] == "Kuitansi belum bermeterai"
    client.post(f"{url}/submit", headers=partner)
    assert client.post(f"{url}/check", headers=partner).status_code == 403
    assert client.post(f"{url}/check", headers=verifier).json["status"] == "checked"

    too_much = client.post(f"{url}/pay", json={"paid_on": "2026-01-02", "amount": 3_000_001}, headers=approver)
    assert too_much.status_code == 422 and too_much.json["errors"][0]["field"] == "amount"
    taxed = {"paid_on": "2026-01-02", "amount": 3_000_000, "tax_withheld": 3_000_001}
    assert client.post(f"{url}/pay", json=taxed, headers=approver).json["errors"][0]["field"] == "tax_withheld"
    assert client.post(f"{url}/pay", json={"amount": 3_000_000}, headers=approver).json["errors"][0]["field"] == (
        "paid_on"
    )
    paid = client.post(f"{url}/pay", json={**taxed, "tax_withheld": 60_000}, headers=approver)
    assert paid.status_code == 200, paid.json
    assert (paid.json["status"], paid.json["paid_amount"], paid.json["tax_withheld"], paid.json["net_amount"]) == (
        "paid",
        3_000_000,
        60_000,
        2_940_000,
    )
    assert paid.json["paid_on"] == "2026-01-02" and paid.json["spj_submitted_at"].startswith("20")
    again = client.post(f"{url}/pay", json={**taxed, "tax_withheld": 0}, headers=approver)
    assert again.status_code == 409 and again.json["current_state"] == "paid"

    (event,) = events_of(app, "registry.payment.paid.v1")
    assert event["data"] == {
        "id": paid.json["id"],
        "contract_id": contract["id"],
        "period_id": contract["period_id"],
        "month": first,
        "amount": 3_000_000,
        "tax_withheld": 60_000,
        "net_amount": 2_940_000,
        "paid_on": "2026-01-02",
    }
    sent = [(m.to_address, m.subject) for m in mails(app) if m.subject.startswith("[Pembayaran]")]
    assert sent == [
        (outlet["email"], f"[Pembayaran] SPJ kontrak K-1 bulan {first} dikembalikan"),
        (outlet["email"], f"[Pembayaran] kontrak K-1 bulan {first} dibayar"),
    ]
    assert "Rp 2.940.000" in mails(app)[-1].body


def test_a_payment_is_held_with_a_reason_and_released_for_a_new_check(
    app, client, verifier, approver, partner, contract, outlet
):
    second = contract["months"][1]
    url = f"/api/registry/contracts/{contract['id']}/payments/{second}"
    assert client.post(f"{url}/hold", json={"note": "x"}, headers=approver).json["current_state"] == "open"
    spj(client, partner, contract["id"], second)
    client.post(f"{url}/submit", headers=partner)
    client.post(f"{url}/check", headers=verifier)
    assert client.post(f"{url}/hold", json={}, headers=approver).status_code == 422
    assert client.post(f"{url}/hold", json={"note": "x"}, headers=partner).status_code == 403
    held = client.post(f"{url}/hold", json={"note": "Anggaran perubahan belum disahkan"}, headers=approver)
    assert (held.json["status"], held.json["held_reason"]) == ("held", "Anggaran perubahan belum disahkan")
    (event,) = events_of(app, "registry.payment.held.v1")
    assert event["data"] == {
        "id": held.json["id"],
        "contract_id": contract["id"],
        "period_id": contract["period_id"],
        "month": second,
        "amount_due": 1_000_000,
    }
    assert "Anggaran" not in json.dumps(event) and outlet["email"] not in json.dumps(event)
    assert mails(app)[-1].subject.endswith("ditahan") and "Anggaran perubahan" in mails(app)[-1].body
    assert client.post(f"{url}/release", json={}, headers=verifier).json["status"] == "spj_submitted"


def test_spj_is_removed_only_while_open_and_served_only_to_the_partner_and_staff(
    client, tokens, partner, approver, contract
):
    first = contract["months"][0]
    url = f"/api/registry/contracts/{contract['id']}/payments/{first}"
    kept = spj(client, partner, contract["id"], first).json["documents"][0]["id"]
    dropped = spj(client, partner, contract["id"], first, PNG, "salah.png").json["documents"][1]["id"]
    assert client.delete(f"{url}/documents/{dropped}", headers=approver).status_code == 403
    after = client.delete(f"{url}/documents/{dropped}", headers=partner)
    assert after.status_code == 200 and [d["id"] for d in after.json["documents"]] == [kept]
    assert client.delete(f"{url}/documents/{dropped}", headers=partner).status_code == 404
    assert client.get(f"{url}/documents/{kept}/file", headers=partner).data == PDF
    assert client.get(f"{url}/documents/{kept}/file", headers=approver).status_code == 200
    stranger = tokens.headers("media:partner", username="lain")
    assert client.get(f"{url}/documents/{kept}/file", headers=stranger).status_code == 404
    client.post(f"{url}/submit", headers=partner)
    assert client.delete(f"{url}/documents/{kept}", headers=partner).json["current_state"] == "spj_submitted"


def test_other_partners_and_unknown_months_are_not_found(client, tokens, partner, verifier, contract):
    stranger = tokens.headers("media:partner", username="lain")
    base = f"/api/registry/contracts/{contract['id']}/payments"
    first = contract["months"][0]
    assert client.get(base, headers=stranger).status_code == 404
    assert client.get(f"{base}/{first}", headers=stranger).status_code == 404
    assert spj(client, stranger, contract["id"], first).status_code == 404
    assert client.post(f"{base}/{first}/submit", headers=stranger).status_code == 404
    assert client.post(f"{base}/2020-01/submit", headers=partner).json["errors"][0]["field"] == "month"
    assert client.post(f"{base}/13-2026/submit", headers=partner).status_code == 404
    assert client.post(f"{base}/{first}/dance", headers=verifier).status_code == 404
    assert client.get(f"{base}/{first}", headers=tokens.headers("newsroom:editor")).status_code == 403


def test_the_office_sees_what_it_owes_page_by_page(client, verifier, approver, partner, contract, tokens):
    first, second, _ = contract["months"]
    assert client.get("/api/registry/payments", headers=partner).status_code == 403
    listed = client.get("/api/registry/payments", headers=approver).json
    assert [(i["month"], i["amount_due"], i["contract"], i["outlet"]) for i in listed["items"]] == [
        (first, 3_000_000, "K-1", "Totabuan News"),
        (second, 1_000_000, "K-1", "Totabuan News"),
    ]
    assert listed["totals"] == {"records": 2, "amount_due": 4_000_000, "paid": 0, "unpaid": 4_000_000}
    one = client.get("/api/registry/payments", query_string={"limit": 1}, headers=verifier).json
    rest = client.get("/api/registry/payments", query_string={"limit": 1, "after": one["next"]}, headers=verifier).json
    assert [i["month"] for i in one["items"] + rest["items"]] == [first, second] and rest["next"] is None
    url = f"/api/registry/contracts/{contract['id']}/payments/{first}"
    spj(client, partner, contract["id"], first)
    client.post(f"{url}/submit", headers=partner)
    client.post(f"{url}/check", headers=verifier)
    client.post(f"{url}/pay", json={"paid_on": "2026-01-05", "amount": 3_000_000}, headers=verifier)
    paid = client.get("/api/registry/payments", query_string={"status": "paid"}, headers=verifier).json
    assert [i["month"] for i in paid["items"]] == [first] and paid["totals"]["paid"] == 3_000_000
    everything = client.get(
        "/api/registry/payments", query_string={"period_id": contract["period_id"]}, headers=verifier
    ).json
    assert everything["totals"] == {"records": 2, "amount_due": 4_000_000, "paid": 3_000_000, "unpaid": 1_000_000}
    other = client.get("/api/registry/payments", query_string={"period_id": 999}, headers=verifier).json
    assert other["items"] == [] and other["totals"]["records"] == 0
    bad = client.get("/api/registry/payments", query_string={"status": "lost"}, headers=verifier)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "status"


def test_the_payment_report_downloads_as_csv_xlsx_and_pdf_with_the_same_rows(
    client, verifier, approver, partner, contract
):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    first, second, _ = contract["months"]
    url = f"/api/registry/contracts/{contract['id']}/payments/{first}"
    spj(client, partner, contract["id"], first)
    client.post(f"{url}/submit", headers=partner)
    client.post(f"{url}/check", headers=verifier)
    client.post(f"{url}/pay", json={"paid_on": "2026-01-05", "amount": 2_500_000}, headers=verifier)
    query = {"period_id": contract["period_id"]}
    report = client.get("/api/registry/reports/payments", query_string=query, headers=approver).json
    assert (report["budget"], report["committed"], report["used"], report["paid"]) == (
        50_000_000,
        4_000_000,
        4_000_000,
        2_500_000,
    )
    lines = [(r["month"], r["accepted"], r["billable"], r["amount"], r["paid"], r["status"]) for r in report["rows"]]
    assert lines == [(first, 2, 2, 3_000_000, 2_500_000, "paid"), (second, 2, 1, 1_000_000, 0, "open")]

    xlsx = client.get("/api/registry/reports/payments", query_string={**query, "format": "xlsx"}, headers=verifier)
    assert xlsx.status_code == 200
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.headers["Content-Disposition"] == f'attachment; filename="pembayaran-masa-{query["period_id"]}.xlsx"'
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = [r for r in book["Pembayaran"].iter_rows(min_row=4, values_only=True)]
    assert rows == [
        ("K-1", "Totabuan News", first, 2, 2, 3_000_000, 2_500_000, 0, "paid"),
        ("K-1", "Totabuan News", second, 2, 1, 1_000_000, 0, 0, "open"),
    ]
    totals = dict(book["Ringkasan"].iter_rows(values_only=True))
    assert totals == {"Anggaran": 50_000_000, "Terikat kontrak": 4_000_000, "Terpakai": 4_000_000, "Dibayar": 2_500_000}

    pdf = client.get("/api/registry/reports/payments", query_string={**query, "format": "pdf"}, headers=verifier)
    assert pdf.mimetype == "application/pdf" and pdf.headers["Content-Disposition"].endswith('.pdf"')
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("K-1", "Totabuan News", first, second, "Rp 3.000.000", "Rp 2.500.000", "Rp 50.000.000"):
        assert expected in text
    csv_file = client.get("/api/registry/reports/payments", query_string={**query, "format": "csv"}, headers=verifier)
    assert csv_file.mimetype == "text/csv"
    assert f"K-1;Totabuan News;{first};2;2;3000000;2500000;0;paid" in csv_file.data.decode("utf-8-sig")
    assert (
        client.get("/api/registry/reports/payments", query_string={**query, "format": "doc"}, headers=verifier).json[
            "errors"
        ][0]["field"]
        == "format"
    )
    assert client.get("/api/registry/reports/payments", query_string=query, headers=partner).status_code == 403


def test_the_grouped_sql_report_equals_the_reference_on_generated_data(app):
    import random

    from registry.domain import payments as rules
    from registry.models import Application, Contract, Outlet, PaymentRecord, Period, Proof, Release
    from registry.use_cases import payables

    rng = random.Random(7)
    suite = app.extensions["suite"]
    with suite.db.session() as session:
        periods = [
            Period(year=2027, title=f"Masa {n}", opens_at=now(), closes_at=now(), budget=900_000_000, created_by="t")
            for n in range(2)
        ]
        session.add_all(periods)
        session.add_all(Release(article_id=n, type="release", title=f"S{n}", published_at=now()) for n in range(1, 81))
        session.flush()
        for n in range(6):
            outlet = Outlet(
                name=f"Media {n}",
                legal_name=f"PT {n}",
                media_type="online",
                npwp=f"{n:015d}",
                nib="9120001234567",
                address="-",
                registered_by="t",
            )
            session.add(outlet)
            session.flush()
            period = periods[n % 2]
            application = Application(period_id=period.id, outlet_id=outlet.id, status="approved", created_by="t")
            session.add(application)
            session.flush()
            contract = Contract(
                application_id=application.id,
                period_id=period.id,
                number=f"K-{n}",
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 12, 31),
                value=rng.choice((5, 20, 60)) * 1_000_000,
                quota=rng.randint(5, 60),
                rate=rng.choice((500_000, 1_000_000, 2_500_000)),
                status=rng.choice(("active", "active", "ended")),
                created_by="t",
            )
            session.add(contract)
            session.flush()
            for k in range(rng.randint(0, 80)):
                session.add(
                    Proof(
                        contract_id=contract.id,
                        release_id=k + 1,
                        url=f"https://m{n}/{k}",
                        published_on=dt.date(2027, rng.randint(1, 12), rng.randint(1, 28)),
                        status=rng.choice(("accepted", "accepted", "rejected", "pending")),
                        created_by="t",
                    )
                )
            for month in rng.sample(range(1, 13), 4):
                status = rng.choice(("open", "paid", "held", "checked"))
                paid = rng.randint(1, 9) * 100_000 if status == "paid" else None
                session.add(
                    PaymentRecord(contract_id=contract.id, month=f"2027-{month:02d}", status=status, paid_amount=paid)
                )
        session.commit()
        period_id = periods[0].id
        joined = (
            select(Contract, Outlet)
            .join(Application, Application.id == Contract.application_id)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .where(Contract.period_id == period_id)
        )
        contracts = [
            {
                "id": c.id,
                "number": c.number,
                "outlet": o.name,
                "value": c.value,
                "quota": c.quota,
                "rate": c.rate,
                "status": c.status,
            }
            for c, o in session.execute(joined)
        ]
        ids = {c["id"] for c in contracts}
        every_proof = [
            {
                "contract_id": p.contract_id,
                "release_id": p.release_id,
                "published_on": p.published_on,
                "status": p.status,
            }
            for p in session.scalars(select(Proof))
            if p.contract_id in ids
        ]
        records = [
            {"contract_id": r.contract_id, "month": r.month, "status": r.status, "paid_amount": r.paid_amount}
            for r in session.scalars(select(PaymentRecord))
            if r.contract_id in ids
        ]
        expected = rules.report_reference(contracts, every_proof, records, 900_000_000)
        got = payables.payment_report(session, period_id)
    assert len(expected["rows"]) > 10
    assert {k: got[k] for k in expected} == expected

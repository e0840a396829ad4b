"""The registry's long lists: per role (staff see all, a partner only its own outlet's), filters, keyset pages."""

from __future__ import annotations

import datetime as dt

import pytest

from registry.models import Application, Contract, Decree, Outlet, Period, Proof, Release

T0 = dt.datetime(2027, 1, 5, 1, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def rows(app):
    """Two periods; outlets A (account mitra-a), B (mitra-b), C (no account); contracts, proofs and a decree."""
    db = app.extensions["suite"].db
    with db.session() as session:
        periods = [
            Period(
                id=n,
                year=2026 + n,
                title=f"Kemitraan {2026 + n}",
                opens_at=T0,
                closes_at=at(9999),
                budget=100_000_000,
                created_by="verifikator",
            )
            for n in (1, 2)
        ]
        outlets = [
            Outlet(
                id=n,
                name=name,
                legal_name=f"PT {name}",
                media_type="online",
                npwp=f"{n:015d}",
                nib=f"{n:013d}",
                address="Kotamobagu",
                registered_by="verifikator",
                account=account,
            )
            for n, name, account in (
                (1, "Totabuan News", "mitra-a"),
                (2, "Bolmong Pos", "mitra-b"),
                (3, "Radio Kotamobagu", None),
            )
        ]
        # id, period, outlet, status, submitted (minutes after T0) -- submission order differs from id order
        shapes = [
            (1, 1, 1, "submitted", 30),
            (2, 1, 2, "submitted", 10),
            (3, 1, 3, "verified", 20),
            (4, 2, 1, "draft", None),
            (5, 2, 2, "revision", 40),
            (6, 2, 3, "submitted", 50),
        ]
        applications = [
            Application(
                id=i,
                period_id=p,
                outlet_id=o,
                status=s,
                created_by="x",
                created_at=at(0),
                submitted_at=at(m) if m is not None else None,
            )
            for i, p, o, s, m in shapes
        ]
        releases = [Release(article_id=n, type="release", title=f"Siaran {n}", published_at=at(0)) for n in (1, 2)]
        contracts = [
            Contract(
                id=n,
                application_id=a,
                period_id=1,
                number=f"K-{n}",
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 12, 31),
                value=10_000_000,
                quota=10,
                rate=1_000_000,
                status=s,
                created_by="verifikator",
                created_at=at(n),
            )
            for n, a, s in ((1, 1, "active"), (2, 2, "active"), (3, 3, "suspended"))
        ]
        proofs = [
            Proof(
                id=n,
                contract_id=c,
                release_id=1 + n % 2,
                url=f"https://media.example.id/{n}",
                published_on=dt.date(2027, 2, 1),
                status=s,
                created_by="x",
                created_at=at(100 - n),
            )
            for n, c, s in (
                (1, 1, "pending"),
                (2, 1, "accepted"),
                (3, 2, "pending"),
                (4, 3, "rejected"),
                (5, 1, "pending"),
            )
        ]
        decree = Decree(
            id=1,
            period_id=1,
            number="SK-1/2027",
            signed_on=dt.date(2027, 1, 10),
            signer="Kadis",
            application_ids=[1, 2, 3],
            created_by="kadis",
        )
        for batch in (periods, outlets, applications, releases, contracts, proofs, [decree]):
            session.add_all(batch)
            session.flush()
        session.commit()


def every_page(client, path, headers, **query):
    """Follow the cursor to the end with pages of two; every row comes once."""
    seen, after = [], None
    for _ in range(20):
        params = {**query, "limit": 2, **({"after": after} if after else {})}
        answer = client.get(path, query_string=params, headers=headers)
        assert answer.status_code == 200, answer.json
        seen += answer.json["items"]
        after = answer.json["next"]
        if after is None:
            return seen
    raise AssertionError("the cursor never ends")


@pytest.fixture
def partner_a(tokens):
    return tokens.headers("media:partner", username="mitra-a")


def test_the_verifier_queue_is_in_submission_order_without_drafts_and_filters(client, rows, verifier, approver):
    queue = every_page(client, "/api/registry/applications", verifier)
    assert [a["id"] for a in queue] == [2, 3, 1, 5, 6], "by submission time; the draft is the outlet's own"
    assert queue[0]["outlet"] == "Bolmong Pos" and queue[0]["status_label"] == "Diajukan"
    by_period = every_page(client, "/api/registry/applications", approver, period_id=1, status="submitted")
    assert [a["id"] for a in by_period] == [2, 1]
    assert [a["id"] for a in every_page(client, "/api/registry/applications", verifier, q="bolmong")] == [2, 5]
    assert every_page(client, "/api/registry/applications", verifier, q="100%_") == [], "wildcards are literal"
    bad = client.get("/api/registry/applications", query_string={"status": "paid"}, headers=verifier)
    assert bad.status_code == 422


def test_a_partner_lists_only_its_own_outlets_applications_drafts_included(client, rows, partner_a, tokens):
    assert [a["id"] for a in every_page(client, "/api/registry/applications", partner_a)] == [1, 4]
    assert [a["id"] for a in every_page(client, "/api/registry/applications", partner_a, q="Bolmong")] == []
    stranger = tokens.headers("media:partner", username="tanpa-outlet")
    assert every_page(client, "/api/registry/applications", stranger) == []


def test_proofs_oldest_first_filtered_for_staff_and_own_only_for_a_partner(client, rows, verifier, partner_a, tokens):
    proofs = every_page(client, "/api/registry/proofs", verifier)
    assert [p["id"] for p in proofs] == [5, 4, 3, 2, 1]
    assert (
        proofs[0]["contract"] == "K-1" and proofs[0]["release"] == "Siaran 2" and proofs[0]["outlet"] == "Totabuan News"
    )
    pending = every_page(client, "/api/registry/proofs", verifier, status="pending", period_id=1)
    assert [p["id"] for p in pending] == [5, 3, 1]
    assert [p["id"] for p in every_page(client, "/api/registry/proofs", verifier, contract_id=1)] == [5, 2, 1]
    assert every_page(client, "/api/registry/proofs", verifier, period_id=2) == []
    assert [p["id"] for p in every_page(client, "/api/registry/proofs", partner_a)] == [5, 2, 1]
    assert every_page(client, "/api/registry/proofs", partner_a, contract_id=2) == [], "another outlet's contract"
    partner_b = tokens.headers("media:partner", username="mitra-b")
    assert [p["id"] for p in every_page(client, "/api/registry/proofs", partner_b)] == [3]


def test_contracts_for_staff_and_own_for_a_partner_and_decrees_for_staff_only(
    client, rows, verifier, approver, partner_a
):
    assert [c["number"] for c in every_page(client, "/api/registry/contracts", approver)] == ["K-3", "K-2", "K-1"]
    assert [c["id"] for c in every_page(client, "/api/registry/contracts", verifier, status="suspended")] == [3]
    own = every_page(client, "/api/registry/contracts", partner_a)
    assert [(c["number"], c["outlet"], c["value"]) for c in own] == [("K-1", "Totabuan News", 10_000_000)]
    decrees = every_page(client, "/api/registry/decrees", verifier, period_id=1)
    assert [(d["number"], d["period"], d["applications"]) for d in decrees] == [("SK-1/2027", "Kemitraan 2027", 3)]
    assert every_page(client, "/api/registry/decrees", approver, period_id=2) == []
    assert client.get("/api/registry/decrees", headers=partner_a).status_code == 403


@pytest.mark.parametrize("path", ["applications", "proofs", "contracts", "decrees"])
def test_lists_refuse_other_roles_and_anonymous_callers_and_bad_cursors(client, rows, tokens, verifier, path):
    url = f"/api/registry/{path}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=tokens.headers("newsroom:editor")).status_code == 403
    bad = client.get(url, query_string={"after": "bm90LWEtY3Vyc29y"}, headers=verifier)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "after"

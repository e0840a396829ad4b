"""KIM groups (public list without personal data, verifiers manage them) and the office's figures, on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

from chassis import files
from chassis.testing import TINY_PNG

PNG = TINY_PNG
PDF = b"%PDF-1.7\n%%EOF\n"


def kim(client, verifier, code, name, **extra):
    created = client.post(
        "/api/registry/kim",
        headers=verifier,
        json={"region_code": code, "name": name, "chair": "Siti Mokodompit", **extra},
    )
    assert created.status_code == 201, created.json
    return created.json


def test_region_codes_are_kemendagri_codes_of_a_village_or_kecamatan(client, verifier):
    for bad in ("71.74", "71.74.1.2001", "71-74-01-2001", "71.74.01.20011", "7174012001"):
        response = client.post(
            "/api/registry/kim", headers=verifier, json={"region_code": bad, "name": "KIM", "chair": "Ani"}
        )
        assert response.status_code == 422 and response.json["errors"][0]["field"] == "region_code", bad
    missing = client.post("/api/registry/kim", headers=verifier, json={"region_code": "71.74.01"})
    assert {e["field"] for e in missing.json["errors"]} == {"name", "chair"}
    assert kim(client, verifier, "71.74.01.2001", "KIM Motoboi Kecil")["level"] == "desa"
    assert kim(client, verifier, "71.74.01", "KIM Kotamobagu Barat")["level"] == "kecamatan"


def test_only_verifiers_manage_groups(client, tokens, verifier, approver):
    body = {"region_code": "71.74.01.2001", "name": "KIM", "chair": "Ani"}
    assert client.post("/api/registry/kim", json=body).status_code == 401
    assert client.post("/api/registry/kim", json=body, headers=approver).status_code == 403
    assert client.post("/api/registry/kim", json=body, headers=tokens.headers("media:partner")).status_code == 403
    group = kim(client, verifier, "71.74.01.2001", "KIM")
    member = {"name": "Budi", "role": "sekretaris", "phone": "0812-4400-1122"}
    assert client.post(f"/api/registry/kim/{group['id']}/members", json=member, headers=approver).status_code == 403
    assert client.post("/api/registry/kim/999/members", json=member, headers=verifier).status_code == 404
    bad_phone = client.post(
        f"/api/registry/kim/{group['id']}/members", json={**member, "phone": "telp saya"}, headers=verifier
    )
    assert bad_phone.json["errors"][0]["field"] == "phone"
    renamed = client.put(
        f"/api/registry/kim/{group['id']}",
        headers=verifier,
        json={**body, "name": "KIM Motoboi", "decree_number": "SK-KIM/1"},
    )
    assert renamed.status_code == 200 and renamed.json["name"] == "KIM Motoboi"
    assert client.put(f"/api/registry/kim/{group['id']}", json=body, headers=approver).status_code == 403


def test_the_public_sees_groups_and_activities_but_no_phones_nor_names(client, verifier, approver):
    group = kim(client, verifier, "71.74.01.2001", "KIM Motoboi Kecil", founded_on="2019-05-02")
    url = f"/api/registry/kim/{group['id']}"
    client.post(
        f"{url}/members",
        json={"name": "Budi Paputungan", "role": "sekretaris", "phone": "081244001122"},
        headers=verifier,
    )
    with_photo = client.post(
        f"{url}/activities",
        headers=verifier,
        content_type="multipart/form-data",
        data={
            "held_on": "2026-10-02",
            "title": "Sosialisasi cek fakta",
            "description": "Bersama Diskominfo",
            "photo": (io.BytesIO(PNG), "../../foto.png"),
        },
    )
    assert with_photo.status_code == 201, with_photo.json
    radio = {"held_on": "2026-11-01", "title": "Siaran radio komunitas", "url": "https://kim.example.id/siaran"}
    link = client.post(f"{url}/activities", headers=verifier, json=radio)
    assert [a["title"] for a in link.json["activities"]] == ["Siaran radio komunitas", "Sosialisasi cek fakta"]
    not_image = client.post(
        f"{url}/activities",
        headers=verifier,
        content_type="multipart/form-data",
        data={"held_on": "2026-10-02", "title": "x", "photo": (io.BytesIO(PDF), "foto.png")},
    )
    assert not_image.status_code == 415 and not_image.json["errors"][0]["field"] == "photo"
    no_date = client.post(f"{url}/activities", headers=verifier, json={"title": "x"})
    assert no_date.status_code == 422 and no_date.json["errors"][0]["field"] == "held_on"

    staff = client.get(url, headers=verifier).json
    assert staff["members"][0]["phone"] == "0812*****122" and staff["chair"] == "Siti Mokodompit", "phone masked"
    assert staff["founded_on"] == "2019-05-02" and staff["activities"][0]["held_on"] == "2026-11-01"
    for who in ({}, approver):
        public = client.get(url, headers=who)
        assert public.status_code == 200
        text = public.get_data(as_text=True)
        assert "081244001122" not in text and "Budi" not in text and "Mokodompit" not in text
        assert public.json["member_count"] == 1
    photo_url = next(a["photo_url"] for a in staff["activities"] if a["photo_url"])
    photo = client.get(photo_url)
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert files.decoded_image(photo.data).size == (1, 1)  # the picture, written anew
    listed = client.get("/api/registry/kim").json["items"]
    assert listed[0]["member_count"] == 1 and listed[0]["activity_count"] == 2
    assert listed[0]["last_activity_on"] == "2026-11-01"
    assert "Budi" not in str(listed) and "Mokodompit" not in str(listed) and "0812" not in str(listed)

    member_id = staff["members"][0]["id"]
    assert client.delete(f"{url}/members/{member_id}", headers=verifier).json["member_count"] == 0
    assert client.delete(f"{url}/members/{member_id}", headers=verifier).status_code == 404
    activity_id = staff["activities"][0]["id"]
    assert len(client.delete(f"{url}/activities/{activity_id}", headers=verifier).json["activities"]) == 1
    assert client.get("/api/registry/kim/999").status_code == 404


def test_the_public_list_filters_by_region_prefix_page_by_page(client, verifier):
    for code, name in (
        ("71.74.02.1001", "KIM C"),
        ("71.74.01.2002", "KIM B"),
        ("71.74.01", "KIM Kecamatan"),
        ("71.74.01.2001", "KIM A"),
        ("71.71.01.2001", "KIM Manado"),
    ):
        kim(client, verifier, code, name)
    everyone = client.get("/api/registry/kim").json["items"]
    assert [k["region_code"] for k in everyone] == [
        "71.71.01.2001",
        "71.74.01",
        "71.74.01.2001",
        "71.74.01.2002",
        "71.74.02.1001",
    ]
    district = client.get("/api/registry/kim", query_string={"region": "71.74.01"}).json["items"]
    assert [k["name"] for k in district] == ["KIM Kecamatan", "KIM A", "KIM B"]
    assert [k["name"] for k in client.get("/api/registry/kim", query_string={"region": "71.75"}).json["items"]] == []
    assert client.get("/api/registry/kim", query_string={"region": "71.74.0x"}).json["errors"][0]["field"] == "region"
    pages, after = [], None
    while True:
        page = client.get("/api/registry/kim", query_string={"limit": 2, **({"after": after} if after else {})}).json
        pages.append([k["name"] for k in page["items"]])
        after = page["next"]
        if after is None:
            break
    assert pages == [["KIM Manado", "KIM Kecamatan"], ["KIM A", "KIM B"], ["KIM C"]]


def test_figures_of_a_period_for_the_office(app, client, verifier, approver, tokens, outlet):
    from registry.models import Application, Contract, Journalist, Outlet, PaymentRecord, Period, Proof, Release

    now = dt.datetime.now(dt.UTC)
    with app.extensions["suite"].db.session() as session:
        period, other = (
            Period(year=2027, title=t, opens_at=now, closes_at=now, budget=100_000_000, created_by="t")
            for t in ("Masa 2027", "Masa lain")
        )
        session.add_all([period, other])
        session.add_all(
            Release(article_id=n, type="release", title=f"Siaran {n}", opd="dinkes", published_at=now)
            for n in (1, 2, 3)
        )
        session.flush()
        shapes = [
            ("online", "a", period, ["utama", "madya"]),
            ("online", "a", period, ["muda"]),
            ("print", "b", period, ["none"]),
            ("radio", "a", other, ["utama"]),
        ]
        contracts = []
        for n, (media, tier, which, levels) in enumerate(shapes):
            out = Outlet(
                name=f"Media {n}",
                legal_name=f"PT {n}",
                media_type=media,
                npwp=f"{n:015d}",
                nib="9120001234567",
                address="-",
                registered_by="t",
            )
            session.add(out)
            session.flush()
            session.add_all(
                Journalist(outlet_id=out.id, name=f"W{n}{k}", nik=f"{n}{k}".zfill(16), role="reporter", ukw_level=level)
                for k, level in enumerate(levels)
            )
            application = Application(
                period_id=which.id, outlet_id=out.id, status="approved", tier=tier, created_by="t"
            )
            session.add(application)
            session.flush()
            contract = Contract(
                application_id=application.id,
                period_id=which.id,
                number=f"K-{n}",
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 12, 31),
                value=20_000_000,
                quota=10,
                rate=1_000_000,
                created_by="t",
            )
            session.add(contract)
            session.flush()
            contracts.append(contract)
        for n, (contract, release, status) in enumerate(
            [
                (0, 2, "accepted"),
                (1, 2, "accepted"),
                (2, 2, "accepted"),
                (0, 1, "accepted"),
                (1, 1, "rejected"),
                (3, 3, "accepted"),
                (3, 3, "accepted"),
            ]
        ):
            session.add(
                Proof(
                    contract_id=contracts[contract].id,
                    release_id=release,
                    url=f"https://m/{n}",
                    published_on=dt.date(2027, 2, 1),
                    status=status,
                    created_by="t",
                )
            )
        session.add(PaymentRecord(contract_id=contracts[0].id, month="2027-02", status="paid", paid_amount=2_000_000))
        session.commit()
        period_id = period.id

    assert (
        client.get(
            "/api/registry/figures", query_string={"period_id": period_id}, headers=tokens.headers("media:partner")
        ).status_code
        == 403
    )
    assert client.get("/api/registry/figures", query_string={"period_id": 999}, headers=verifier).status_code == 404
    figures = client.get(
        "/api/registry/figures", query_string={"period_id": period_id, "top": 1}, headers=approver
    ).json
    assert figures["partners"] == [
        {"media_type": "online", "tier": "a", "count": 2},
        {"media_type": "print", "tier": "b", "count": 1},
    ]
    assert figures["partners_total"] == 3
    assert figures["journalists"] == [
        {"ukw_level": "utama", "count": 1},
        {"ukw_level": "madya", "count": 1},
        {"ukw_level": "muda", "count": 1},
        {"ukw_level": "none", "count": 1},
    ]
    assert figures["releases"] == [{"release_id": 2, "title": "Siaran 2", "opd": "dinkes", "proofs": 3}]
    assert figures["budget"] == {"budget": 100_000_000, "committed": 60_000_000, "used": 4_000_000, "paid": 2_000_000}
    more = client.get("/api/registry/figures", query_string={"period_id": period_id}, headers=verifier).json
    assert [(r["release_id"], r["proofs"]) for r in more["releases"]] == [(2, 3), (1, 1)]

"""Scenarios that cross services, through the gateway only, on a real broker."""

from __future__ import annotations

import itertools
import json
import secrets

import pytest
import requests

from chassis import broker
from chassis.testing import TINY_PNG, wait_for, watch

# A capture of the partner's published page, as every proof carries.
SCREENSHOT = TINY_PNG

pytestmark = pytest.mark.xdist_group("suite")

REQUEST = {
    "name": "Budi Santoso",
    "nik": "7174010101900003",
    "address": "Jl. Ahmad Yani 12, Kotamobagu",
    "phone": "081234567890",
    "email": "budi@example.id",
    "occupation": "Mahasiswa",
    "information": "Data jumlah penerima beasiswa daerah 2026",
    "purpose": "Penelitian skripsi",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}


def go(locator) -> None:
    """Click and wait for the page it leads to (form posts and links), so the next check reads the new page."""
    with locator.page.expect_navigation():
        locator.click()


def test_publishing_an_article_makes_it_appear_in_the_registry(suite):
    editor = suite.account("redaktur1", "newsroom:editor")
    verifier = suite.account("verifikator1", "registry:verifier")
    title = f"Bupati meresmikan pasar rakyat {secrets.token_hex(3)}"
    created = suite.http.post(
        suite.url("/api/newsroom/articles"),
        json={"type": "release", "title": title, "body_html": "<p>Pasar baru dibuka.</p>", "opd": "diskominfo"},
        headers=editor,
    )
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "draft"
    article_id = created.json()["id"]
    published = suite.http.post(suite.url(f"/api/newsroom/articles/{article_id}/publish"), headers=editor)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"

    public = suite.http.get(suite.url("/api/newsroom/articles")).json()
    assert any(item["id"] == article_id for item in public["items"])

    def in_registry():
        releases = suite.http.get(suite.url("/api/registry/releases"), headers=verifier).json()
        return [r for r in releases["items"] if r["title"] == title]

    found = wait_for(in_registry, 15)
    assert found, "the published article never reached the registry"
    assert str(found[0]["article_id"]) == str(article_id)


def test_tokens_are_checked_by_the_services_behind_the_gateway(suite):
    contributor = suite.account("humas-dinkes", "newsroom:contributor", opd="dinkes")
    article = {"type": "release", "title": "Vaksinasi", "body_html": "<p>Jadwal</p>", "opd": "dinkes"}
    assert suite.http.post(suite.url("/api/newsroom/articles"), json=article).status_code == 401
    created = suite.http.post(suite.url("/api/newsroom/articles"), json=article, headers=contributor)
    assert created.status_code == 201
    publish = suite.http.post(suite.url(f"/api/newsroom/articles/{created.json()['id']}/publish"), headers=contributor)
    assert publish.status_code == 403
    assert publish.headers["Content-Type"].startswith("application/problem+json")
    assert suite.http.get(suite.url("/api/registry/releases"), headers=contributor).status_code == 403


def test_a_citizen_submits_and_tracks_a_request(suite):
    receipt = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST)
    assert receipt.status_code == 201, receipt.text
    body = receipt.json()
    assert receipt.headers.get("X-Request-ID")
    tracked = suite.http.post(
        suite.url("/api/ppid/track"),
        json={"registration_number": body["registration_number"], "tracking_code": body["tracking_code"]},
    )
    assert tracked.status_code == 200
    assert tracked.json()["due_date"] == body["due_date"]
    assert REQUEST["nik"] not in tracked.text and REQUEST["phone"] not in tracked.text
    wrong = suite.http.post(
        suite.url("/api/ppid/track"),
        json={"registration_number": body["registration_number"], "tracking_code": "AAAAAAAAAA"},
    )
    assert wrong.status_code == 404
    assert wrong.headers["Content-Type"].startswith("application/problem+json")


def test_requests_are_accepted_while_the_broker_is_down_and_their_events_follow(suite):
    with watch(suite.broker.url, suite.prefix, "ppid", "ppid.request.submitted.v1") as events:
        suite.broker.stop()
        try:
            numbers = []
            for _ in range(5):
                response = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST)
                assert response.status_code == 201, response.text
                numbers.append(response.json()["registration_number"])
        finally:
            suite.broker.start()

        seen: set[str] = set()

        def delivered():
            for event in events.drain():
                seen.add(event["data"]["registration_number"])
                assert "nik" not in event["data"] and "email" not in event["data"]
            return set(numbers) <= seen

        assert wait_for(delivered, 60, 0.5), f"missing events for {set(numbers) - seen}"


def test_ppid_events_reach_the_broker_as_cloudevents_without_personal_data(suite):
    watch = suite.prefix + "watch.ppid.all"
    connection = broker.connect(suite.broker.url)
    channel = connection.channel()
    channel.exchange_declare(suite.prefix + "suite.events", exchange_type="topic", durable=True)
    channel.queue_declare(watch, durable=True)
    channel.queue_bind(watch, suite.prefix + "suite.events", routing_key="ppid.#")
    connection.close()

    officer = suite.account("petugas-ppid", "ppid:officer")
    receipt = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST).json()
    number = receipt["registration_number"]
    steps = [
        ("dispose", {"opds": ["dinkes"]}),
        ("extend", {"reason": "Data tersebar di beberapa bidang"}),
    ]
    for action, body in steps:
        response = suite.http.post(suite.url(f"/api/ppid/requests/{number}/{action}"), json=body, headers=officer)
        assert response.status_code == 200, response.text

    wanted = {"ppid.request.submitted.v1", "ppid.request.routed.v1", "ppid.request.extended.v1"}
    seen: dict[str, tuple] = {}

    def arrived():
        connection = broker.connect(suite.broker.url)
        try:
            channel = connection.channel()
            while True:
                method, properties, body = channel.basic_get(watch, auto_ack=True)
                if method is None:
                    break
                event = json.loads(body)
                if event["data"].get("registration_number") == number:
                    seen[event["type"]] = (method, properties, event, body)
        finally:
            connection.close()
        return wanted <= set(seen)

    assert wait_for(arrived, 30, 0.3), f"missing {wanted - set(seen)}"
    for event_type, (method, properties, event, body) in seen.items():
        assert method.routing_key == event_type
        assert properties.message_id == event["id"] and properties.delivery_mode == 2
        assert event["specversion"] == "1.0" and event["source"] == "/71.74/ppid" and event["subject"] == number
        assert event["time"] and event["datacontenttype"] == "application/json"
        text = body.decode()
        for key in ("nik", "name", "address", "phone", "email"):
            assert key not in event["data"]
            assert REQUEST[key] not in text
    connection = broker.connect(suite.broker.url)
    connection.channel().queue_delete(watch)
    connection.close()


def test_staff_log_in_on_the_gateway_page_and_work_in_the_ppid_console(suite, page):
    admin = suite.login("admin", suite.admin_password)
    password = "konsol-" + secrets.token_hex(6)
    account = {"username": "petugas-loket", "password": password, "roles": ["ppid:officer"]}
    created = suite.http.post(suite.url("/api/auth/accounts"), headers=admin, json=account)
    assert created.status_code == 201, created.text
    number = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST).json()["registration_number"]

    page.goto(suite.url("/ppid/petugas"))
    assert "/masuk" in page.url
    page.get_by_label("Nama pengguna").fill("petugas-loket")
    page.get_by_label("Kata sandi").fill(password)
    go(page.get_by_role("button", name="Masuk"))
    go(page.get_by_role("link", name=number))
    assert page.locator("#status").inner_text() == "Diterima"
    go(page.get_by_role("button", name="Diperiksa langsung oleh PPID"))
    assert "selesai" in page.get_by_role("status").inner_text()
    go(page.get_by_role("button", name="Keluar"))
    page.goto(suite.url("/ppid/petugas"))
    assert "/masuk" in page.url, "after logging out the console asks for a login again"


def test_the_registry_follows_corrections_and_withdrawals(suite):
    editor = suite.account("redaktur2", "newsroom:editor")
    verifier = suite.account("verifikator2", "registry:verifier")
    title = f"Jadwal vaksinasi keliling {secrets.token_hex(3)}"
    created = suite.http.post(suite.url("/api/newsroom/articles"), headers=editor,
                              json={"type": "release", "title": title, "body_html": "<p>12 kelurahan</p>",
                                    "opd": "dinkes"}).json()  # fmt: skip
    url = suite.url(f"/api/newsroom/articles/{created['id']}")
    assert suite.http.post(f"{url}/publish", headers=editor).status_code == 200

    def release_state():
        items = suite.http.get(suite.url("/api/registry/releases"), headers=verifier).json()["items"]
        found = [r for r in items if r["article_id"] == created["id"]]
        return found[0]["state"] if found else None

    assert wait_for(lambda: release_state() == "published", 15)
    correction = {"note": "14 kelurahan, bukan 12", "body_html": "<p>14 kelurahan</p>"}
    assert suite.http.post(f"{url}/correct", json=correction, headers=editor).status_code == 200
    assert wait_for(lambda: release_state() == "corrected", 15)
    assert suite.http.post(f"{url}/withdraw", json={"reason": "Belum diverifikasi"}, headers=editor).status_code == 200
    assert wait_for(lambda: release_state() == "withdrawn", 15)
    assert suite.http.get(url).status_code == 410
    assert suite.http.get(suite.url(f"/newsroom/berita/{created['slug']}")).status_code == 410


def test_a_partner_is_paid_for_carrying_a_release_published_in_the_newsroom(suite):
    import datetime as dt
    import io

    verifier = suite.account("verifikator3", "registry:verifier")
    approver = suite.account("kadis3", "registry:approver")
    editor = suite.account("redaktur3", "newsroom:editor")
    partner = suite.account("mitra3", "media:partner")
    now = dt.datetime.now(dt.UTC)
    period = {"fiscal_year": now.year, "name": f"Kemitraan {secrets.token_hex(2)}",
              "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
              "closes_at": (now + dt.timedelta(days=3)).isoformat(),
              "requirements": [{"code": "akta", "label": "Akta pendirian"}], "budget": 50_000_000}  # fmt: skip
    created = suite.http.post(suite.url("/api/registry/periods"), json=period, headers=verifier)
    assert created.status_code == 201, created.text
    outlet = {"brand": "Bolmong Raya", "legal_name": "PT Bolmong Raya Media", "media_type": "online",
              "npwp": "019876543210000", "nib": "9120009876543", "address": "Kotamobagu",
              "email": "redaksi@bolmong.example.id"}  # fmt: skip
    assert suite.http.post(suite.url("/api/registry/outlets"), json=outlet, headers=partner).status_code == 201
    application = suite.http.post(suite.url("/api/registry/applications"), json={"period_id": created.json()["id"]},
                                  headers=partner).json()  # fmt: skip
    base = suite.url(f"/api/registry/applications/{application['id']}")
    pdf = io.BytesIO(b"%PDF-1.7\n% akta\n%%EOF\n")
    uploaded = suite.http.put(f"{base}/documents/akta", files={"file": ("akta.pdf", pdf, "application/pdf")},
                              headers=partner)  # fmt: skip
    assert uploaded.status_code == 200, uploaded.text
    assert suite.http.post(f"{base}/submit", headers=partner).status_code == 200
    review = {"documents": {"akta": {"accepted": True}}, "decision": "verify"}
    assert suite.http.post(f"{base}/review", json=review, headers=verifier).status_code == 200
    decree = {"period_id": created.json()["id"], "number": f"SK-{secrets.token_hex(3)}",
              "signed_on": now.date().isoformat(), "application_ids": [application["id"]]}  # fmt: skip
    assert suite.http.post(suite.url("/api/registry/decrees"), json=decree, headers=approver).status_code == 201
    contract = {"application_id": application["id"], "number": f"K-{secrets.token_hex(3)}",
                "starts_on": now.date().isoformat(), "ends_on": (now + dt.timedelta(days=300)).date().isoformat(),
                "value": 12_000_000, "quota": 12, "rate": 1_000_000}  # fmt: skip
    contract = suite.http.post(suite.url("/api/registry/contracts"), json=contract, headers=verifier).json()

    title = f"Festival budaya Kotamobagu {secrets.token_hex(3)}"
    article = suite.http.post(suite.url("/api/newsroom/articles"), headers=editor,
                              json={"type": "release", "title": title, "body_html": "<p>Festival</p>",
                                    "opd": "disbudpar"}).json()  # fmt: skip
    assert suite.http.post(suite.url(f"/api/newsroom/articles/{article['id']}/publish"), headers=editor).ok

    def in_registry():
        items = suite.http.get(suite.url("/api/registry/releases"), headers=verifier).json()["items"]
        return any(r["article_id"] == article["id"] for r in items)

    assert wait_for(in_registry, 15), "the release never reached the registry"
    from zoneinfo import ZoneInfo

    local_day = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the office's date, as the registry counts it
    proof = {"contract_id": contract["id"], "release_id": article["id"], "published_on": local_day.isoformat(),
             "url": f"https://bolmong.example.id/{article['slug']}"}  # fmt: skip
    screenshot = {"screenshot": ("tayang.png", SCREENSHOT, "image/png")}
    made = suite.http.post(suite.url("/api/registry/proofs"), data=proof, files=screenshot, headers=partner)
    assert made.status_code == 201, made.text
    assert suite.http.post(suite.url(f"/api/registry/proofs/{made.json()['id']}/review"), json={"accepted": True},
                           headers=verifier).status_code == 200  # fmt: skip
    months = suite.http.get(suite.url(f"/api/registry/contracts/{contract['id']}/payments"), headers=partner).json()
    assert months["months"] == [
        {"month": local_day.strftime("%Y-%m"), "accepted": 1, "billable": 1, "amount": 1_000_000}
    ]


# Every OPD code the scenarios sharing this suite use: once the list exists, the gateway, PPID and the newsroom
# take only these.
SUITE_OPDS = {
    "diskominfo": "Dinas Komunikasi dan Informatika",
    "dinkes": "Dinas Kesehatan",
    "disbudpar": "Dinas Kebudayaan dan Pariwisata",
    "dishub": "Dinas Perhubungan",
}


def test_the_admins_opd_list_reaches_ppid_and_the_newsroom_over_the_broker(suite):
    admin = requests.Session()
    admin.headers.update({"Origin": suite.gateway, "Accept": "text/html,*/*;q=0.8"})
    signed = admin.post(suite.url("/masuk"), data={"username": "admin", "password": suite.admin_password},
                        allow_redirects=False)  # fmt: skip
    assert signed.status_code == 303, signed.text
    for code, name in SUITE_OPDS.items():
        added = admin.post(suite.url("/admin/opd"), data={"code": code, "name": name}, allow_redirects=False)
        assert added.status_code == 303, added.text
    tries = itertools.count()  # past the gateway's shared cache of public pages

    def newsroom_names_it():
        page = suite.http.get(suite.url(f"/newsroom/opd/dinkes?coba={next(tries)}"), headers={"Accept": "text/html"})
        return "Berita Dinas Kesehatan" in page.text

    assert wait_for(newsroom_names_it, 30, 0.3), "the list never reached the newsroom"

    officer = suite.account("petugas-daftar-opd", "ppid:officer")
    number = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST).json()["registration_number"]

    def ppid_offers_it():
        page = suite.http.get(
            suite.url(f"/ppid/petugas/permohonan/{number}"), headers={**officer, "Accept": "text/html"}
        )
        return "Dinas Kesehatan" in page.text and "Dinas Perhubungan" in page.text

    assert wait_for(ppid_offers_it, 30, 0.3), "the list never reached PPID's disposition form"
    refused = suite.http.post(suite.url(f"/api/ppid/requests/{number}/dispose"), json={"opds": ["dinsos"]},
                              headers=officer)  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"].startswith("opds")
    routed = suite.http.post(suite.url(f"/api/ppid/requests/{number}/dispose"), json={"opds": ["dinkes"]},
                             headers=officer)  # fmt: skip
    assert routed.status_code == 200, routed.text

"""``GET /api/ppid/work``: what the gateway's start page shows each person, counted as their inbox lists it."""

from __future__ import annotations

import datetime as dt


def submit(client, valid_request, headers=None, **extra):
    response = client.post("/api/ppid/requests", json={**valid_request, **extra}, headers=headers or {})
    assert response.status_code == 201, response.json
    return response.json["registration_number"]


def by_label(answer) -> dict[str, dict]:
    return {item["label"]: item for item in answer["items"]}


def test_each_role_sees_the_counts_of_its_own_work_with_the_list_they_link_to(
    client, officer, superior, opd_officer, valid_request
):
    assert client.get("/api/ppid/work").status_code == 401
    first = submit(client, valid_request)
    submit(client, valid_request)
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
    late = submit(client, valid_request, officer, channel="letter", received_at=long_ago)
    moved = client.post(f"/api/ppid/requests/{first}/dispose", json={"opds": ["dinkes"], "note": "Data kesehatan"},
                        headers=officer)  # fmt: skip
    assert moved.status_code == 200, moved.json

    answer = client.get("/api/ppid/work", headers=officer)
    assert answer.status_code == 200 and answer.headers["Cache-Control"].startswith("private")
    mine = by_label(answer.json)
    assert mine["Permohonan baru yang belum diperiksa"]["count"] == 2  # the disposed one is no longer new
    assert mine["Permohonan yang melewati tenggat"]["count"] == 1
    assert mine["Permohonan yang jatuh tempo dalam 2 hari kerja"]["count"] >= 1
    assert mine["Keberatan yang menunggu tanggapan atasan"]["count"] == 0
    listed = client.get("/api/ppid/requests?overdue=true", headers=officer).json
    assert [i["registration_number"] for i in listed["items"]] == [late], "the count is the inbox's own filter"

    health = by_label(client.get("/api/ppid/work", headers=opd_officer("dinkes")).json)
    assert (
        "Permohonan baru yang belum diperiksa" not in health
        and "Keberatan yang menunggu tanggapan atasan" not in health
    )
    assert health["Permohonan yang melewati tenggat"]["count"] == 0, "an OPD counts only what was disposed to it"
    other = by_label(client.get("/api/ppid/work", headers=opd_officer("dishub")).json)
    assert all(item["count"] == 0 for item in other.values())

    assert "Keberatan yang menunggu tanggapan atasan" in by_label(client.get("/api/ppid/work", headers=superior).json)

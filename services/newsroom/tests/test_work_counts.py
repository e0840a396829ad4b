"""GET /api/newsroom/work: what waits for each caller, counted from the items' states and history."""

from __future__ import annotations


def create(client, headers, release, **changes):
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def move(client, headers, article_id, action, **body):
    response = client.post(f"/api/newsroom/articles/{article_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def counts(client, headers) -> dict[str, int]:
    response = client.get("/api/newsroom/work", headers=headers)
    assert response.status_code == 200, response.json
    assert all(item["href"] == "/newsroom/redaksi" for item in response.json["items"])
    return {item["label"]: item["count"] for item in response.json["items"]}


def test_each_role_sees_its_own_waiting_work(client, editor, humas_dinkes, tokens, release):
    returned = create(client, humas_dinkes, release, title="Naskah yang dikembalikan")
    in_review = create(client, humas_dinkes, release, title="Naskah yang diperiksa")
    create(client, humas_dinkes, release, title="Draf biasa")
    move(client, humas_dinkes, returned["id"], "submit")
    move(client, editor, returned["id"], "return", note="Lengkapi sumber data.")
    move(client, humas_dinkes, in_review["id"], "submit")

    assert counts(client, humas_dinkes) == {
        "Naskah Anda yang dikembalikan redaktur": 1,
        "Naskah Anda yang sedang diperiksa redaktur": 1,
    }
    assert counts(client, editor) == {
        "Naskah yang menunggu pemeriksaan redaktur": 1,
        "Naskah terjadwal terbit": 0,
    }
    other = tokens.headers("newsroom:contributor", username="humas.lain", opd="dinkes")
    assert set(counts(client, other).values()) == {0}


def test_the_work_needs_a_login_and_a_newsroom_role(client, tokens):
    assert client.get("/api/newsroom/work").status_code == 401
    assert client.get("/api/newsroom/work", headers=tokens.headers("registry:verifier")).status_code == 403

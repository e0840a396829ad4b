"""An outlet's staff: the managing account invites by email, the invited partner account accepts and then works
for the outlet like the owner (applications, journalists), without inviting or removing anyone itself."""

from __future__ import annotations

import re

from sqlalchemy import select, update

API = "/api/registry"


def mailed_link(app, email: str) -> str:
    from registry.models import mail_outbox

    with app.extensions["suite"].db.session() as session:
        bodies = [m.body for m in session.execute(select(mail_outbox).where(mail_outbox.c.to_address == email))]
    return re.search(r"/registry/mitra/undangan/(\S+)", bodies[-1]).group(1)


def test_an_invited_colleague_joins_the_outlet_and_works_for_it(app, client, tokens, verifier, outlet):
    owner = tokens.headers("media:partner", username="pemilik")
    colleague = tokens.headers("media:partner", username="rekan")
    outlet_id = client.post(f"{API}/outlets", json=outlet, headers=owner).json["id"]

    assert (
        client.post(f"{API}/outlets/{outlet_id}/members", json={"email": "bukan surel"}, headers=owner).json["errors"][
            0
        ]["field"]
        == "email"
    )
    invited = client.post(
        f"{API}/outlets/{outlet_id}/members", json={"email": "Rekan@Totabuan.example.id"}, headers=owner
    )
    assert invited.status_code == 201 and invited.json["status"] == "invited"
    assert "token" not in str(invited.json), "the secret travels in the mail only"
    token = mailed_link(app, "rekan@totabuan.example.id")

    assert client.get(f"{API}/outlets/{outlet_id}/journalists", headers=colleague).status_code == 404
    accepted = client.post(f"{API}/invitations/{token}/accept", headers=colleague)
    assert accepted.status_code == 200 and accepted.json["account"] == "rekan"
    assert client.post(f"{API}/invitations/{token}/accept", headers=colleague).status_code == 404, "used once"

    journalist = {"name": "Rina", "nik": "7174015505900001", "role": "reporter"}
    assert client.post(f"{API}/outlets/{outlet_id}/journalists", json=journalist, headers=colleague).status_code == 201
    listed = client.get(f"{API}/outlets/{outlet_id}/journalists", headers=colleague).json
    assert listed[0]["nik"] == "7174015505900001", "staff of the outlet see its journalists' NIK"
    members = client.get(f"{API}/outlets/{outlet_id}/members", headers=verifier).json["items"]
    assert [(m["account"], m["status"]) for m in members] == [("rekan", "active")]

    assert (
        client.post(f"{API}/outlets/{outlet_id}/members", json={"email": "x@y.id"}, headers=colleague).status_code
        == 403
    ), "only the managing account invites"
    assert (
        client.post(f"{API}/outlets", json={**outlet, "npwp": "019999999999000"}, headers=colleague).status_code == 409
    ), "one outlet per account, staff included"
    member_id = members[0]["id"]
    assert client.delete(f"{API}/outlets/{outlet_id}/members/{member_id}", headers=colleague).status_code == 403
    assert client.delete(f"{API}/outlets/{outlet_id}/members/{member_id}", headers=owner).status_code == 204
    assert client.get(f"{API}/outlets/{outlet_id}/journalists", headers=colleague).status_code == 404


def test_invitations_expire_belong_to_one_outlet_and_stay_private(app, client, tokens, outlet):
    from registry.models import OutletMember

    owner = tokens.headers("media:partner", username="pemilik")
    other_owner = tokens.headers("media:partner", username="lain")
    outlet_id = client.post(f"{API}/outlets", json=outlet, headers=owner).json["id"]
    other_id = client.post(
        f"{API}/outlets", json={**outlet, "brand": "Lain", "npwp": "019999999999000"}, headers=other_owner
    ).json["id"]
    assert client.get(f"{API}/outlets/{outlet_id}/members", headers=other_owner).status_code == 404
    assert (
        client.post(f"{API}/outlets/{outlet_id}/members", json={"email": "a@b.id"}, headers=other_owner).status_code
        == 404
    )

    client.post(f"{API}/outlets/{outlet_id}/members", json={"email": "a@b.id"}, headers=owner)
    token = mailed_link(app, "a@b.id")
    assert client.post(f"{API}/invitations/{token}/accept", headers=other_owner).status_code == 409, (
        "an account managing another outlet cannot join a second"
    )
    with app.extensions["suite"].db.session() as session:
        session.execute(update(OutletMember).values(expires_at=OutletMember.invited_at))
        session.commit()
    late = client.post(f"{API}/invitations/{token}/accept", headers=tokens.headers("media:partner", username="baru"))
    assert late.status_code == 410
    assert client.get(f"{API}/outlets/{other_id}/members", headers=other_owner).json["items"] == []
    assert (
        client.post(f"{API}/invitations/{token}/accept", headers=tokens.headers("registry:verifier")).status_code == 403
    )

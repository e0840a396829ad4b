"""The office's OPD list, copied from the gateway's ``gateway.opds.changed.v1``: applied only when newer, kept
whole (an OPD dropped from it stays, inactive), and used as the disposition's choices and the names shown."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from chassis import opds as chassis_opds
from chassis.consumer import Consumer
from chassis.events import CloudEvent, InvalidEvent
from ppid import events
from ppid.models import Opd, opd_tables

DINKES = {"code": "dinkes", "name": "Dinas Kesehatan", "active": True}
DISHUB = {"code": "dishub", "name": "Dinas Perhubungan", "active": True}
# A published entry of the public information list (DIP) of that OPD.
ENTRY = {
    "title": "Anggaran Dinas Kesehatan 2026",
    "summary": "DPA dan realisasi anggaran Dinas Kesehatan",
    "category": "berkala",
    "opd": "dinkes",
    "responsible": "Sekretaris Dinas Kesehatan",
    "made_on": "2026-01-15",
    "form": "both",
    "retention": "5 tahun",
    "published": True,
}
BAPPEDA = {"code": "bappeda", "name": "Badan Perencanaan Pembangunan Daerah", "active": True}


def consumer(app) -> Consumer:
    suite = app.extensions["suite"]
    return Consumer(suite.settings, suite.db, suite.tables, events.handlers)


def gateway(app) -> str:
    return app.extensions["suite"].settings.source.rsplit("/", 1)[0] + "/gateway"


def opd_list(app, version: int, opds: list[dict], source: str | None = None) -> CloudEvent:
    event = CloudEvent.new(
        source=source or gateway(app), type=events.OPDS_CHANGED, data={"version": version, "opds": opds}
    )
    return CloudEvent.from_json(event.to_json())  # as it comes off the broker


def held(app) -> tuple[int | None, dict[str, tuple[str, bool]]]:
    with app.extensions["suite"].db.session() as session:
        version = session.scalar(select(opd_tables.version.c.version))
        rows = {o.code: (o.name, o.active) for o in session.scalars(select(Opd))}
        return (version or None), rows


def receive(app, version: int, opds: list[dict], source: str | None = None) -> str:
    return consumer(app).handle(opd_list(app, version, opds, source))


def submit(client, valid_request) -> str:
    created = client.post("/api/ppid/requests", json=valid_request)
    assert created.status_code == 201, created.json
    return created.json["registration_number"]


def dispose(client, officer, number, opds, expect=200):
    response = client.post(f"/api/ppid/requests/{number}/dispose", json={"opds": opds}, headers=officer)
    assert response.status_code == expect, response.json
    return response.json


def test_the_gateways_list_is_kept_whole_and_a_dropped_opd_stays_inactive(app):
    assert receive(app, 1, [DINKES, DISHUB]) == "handled"
    assert held(app) == (1, {"dinkes": ("Dinas Kesehatan", True), "dishub": ("Dinas Perhubungan", True)})

    renamed = {**DINKES, "name": "Dinas Kesehatan Daerah"}
    assert receive(app, 2, [renamed, {**BAPPEDA, "active": False}]) == "handled"
    assert held(app) == (
        2,
        {
            "dinkes": ("Dinas Kesehatan Daerah", True),
            "dishub": ("Dinas Perhubungan", False),
            "bappeda": ("Badan Perencanaan Pembangunan Daerah", False),
        },
    )


def test_an_older_list_arriving_late_changes_nothing(app):
    receive(app, 5, [DINKES])
    assert receive(app, 4, [DINKES, DISHUB]) == "handled"
    assert receive(app, 5, [DISHUB]) == "handled", "the same version under another id is not newer either"
    assert held(app) == (5, {"dinkes": ("Dinas Kesehatan", True)})


def test_the_same_event_delivered_twice_is_handled_once(app):
    event = opd_list(app, 3, [DINKES])
    assert consumer(app).handle(event) == "handled"
    receive(app, 4, [DISHUB])
    assert consumer(app).handle(CloudEvent.from_json(event.to_json())) == "duplicate"
    assert held(app) == (4, {"dinkes": ("Dinas Kesehatan", False), "dishub": ("Dinas Perhubungan", True)})


def test_another_offices_list_is_ignored(app):
    assert receive(app, 1, [DINKES], source="/9999/gateway") == "handled"
    assert receive(app, 2, [DISHUB], source=app.extensions["suite"].settings.source) == "handled"
    assert held(app) == (None, {})


def test_a_malformed_list_is_not_applied_in_part(app):
    receive(app, 1, [DINKES])
    with pytest.raises(InvalidEvent):  # dead-lettered by the worker's consumer, where an operator sees it
        receive(app, 2, [DISHUB, {"code": "Bad Code", "name": "X", "active": True}])
    assert held(app) == (1, {"dinkes": ("Dinas Kesehatan", True)})


@pytest.mark.parametrize(
    "data",
    [
        {"version": "2", "opds": []},
        {"version": True, "opds": []},
        {"version": 2},
        {"version": 2, "opds": [{"code": "dinkes", "name": "  ", "active": True}]},
        {"version": 2, "opds": [{"code": "dinkes", "name": "Dinkes", "active": "yes"}]},
    ],
)
def test_parse_list_refuses_a_malformed_list(data):
    with pytest.raises(InvalidEvent):
        chassis_opds.parse(data)


def test_without_a_list_any_well_formed_code_may_be_disposed_to():
    assert chassis_opds.unusable(["dinkes", "apa-saja"], {}) == []
    assert chassis_opds.unusable(["dinkes", "dishub"], {"dinkes": True}) == ["dishub"]
    assert chassis_opds.unusable(["dinkes"], {"dinkes": False}) == ["dinkes"], "a list with none active refuses all"


def test_disposing_to_an_unknown_or_inactive_opd_is_refused_naming_the_field(app, client, officer, valid_request):
    receive(app, 1, [DINKES, {**DISHUB, "active": False}])
    number = submit(client, valid_request)
    for code in ("dishub", "dinsos"):
        refused = dispose(client, officer, number, ["dinkes", code], expect=422)
        assert refused["errors"][0]["field"] == "opds"
        assert refused["errors"][0]["message"] == (
            f"OPD tidak dikenal atau tidak aktif: {code}. Pilih dari daftar OPD kantor."
        )
    routed = dispose(client, officer, number, ["dinkes"])
    assert routed["status"] == "disposed"
    assert [(d["opd"], d["opd_name"]) for d in routed["dispositions"]] == [("dinkes", "Dinas Kesehatan")]


def test_without_a_list_the_officer_disposes_to_codes_as_before(client, officer, valid_request):
    number = submit(client, valid_request)
    routed = dispose(client, officer, number, ["dinkes"])
    assert [(d["opd"], d["opd_name"]) for d in routed["dispositions"]] == [("dinkes", "dinkes")]


def test_the_dispose_form_offers_the_active_opds_by_name(app, client, officer, valid_request):
    number = submit(client, valid_request)
    text_field = client.get(f"/ppid/petugas/permohonan/{number}", headers=officer).text
    assert "OPD tujuan (pisahkan dengan koma)" in text_field, "no list yet: the codes are typed"

    receive(app, 1, [DISHUB, DINKES, {**BAPPEDA, "active": False}])
    page = client.get(f"/ppid/petugas/permohonan/{number}", headers=officer).text
    choices = page.split('<fieldset id="opd-choices">', 1)[1].split("</fieldset>", 1)[0]
    assert "<legend>OPD tujuan (pilih satu atau lebih)</legend>" in choices
    assert choices.index("Dinas Kesehatan") < choices.index("Dinas Perhubungan"), "by name"
    assert '<label><input type="checkbox" name="opds" value="dinkes"> Dinas Kesehatan</label>' in choices
    assert "bappeda" not in choices, "an inactive OPD is not offered"

    form = {"opds": ["dinkes", "dishub"]}
    done = client.post(f"/ppid/petugas/permohonan/{number}/dispose", data=form, headers=officer)
    assert done.status_code == 303
    detail = client.get(f"/ppid/petugas/permohonan/{number}", headers=officer).text
    table = detail.split("<h2>Disposisi</h2>", 1)[1].split("</table>", 1)[0]
    assert "<td>Dinas Kesehatan</td>" in table and "<td>Dinas Perhubungan</td>" in table
    assert "Diteruskan ke Dinas Kesehatan, Dinas Perhubungan" in html.unescape(detail)

    inbox = client.get("/ppid/petugas", headers=officer).text
    assert "Dinas Kesehatan, Dinas Perhubungan" in inbox
    listed = client.get("/api/ppid/requests", headers=officer).json["items"][0]
    assert listed["opds"] == ["dinkes", "dishub"] and listed["opd_names"] == ["Dinas Kesehatan", "Dinas Perhubungan"]


def test_a_form_refused_for_an_inactive_opd_says_so_on_the_page(app, client, officer, valid_request):
    receive(app, 1, [DINKES, {**DISHUB, "active": False}])
    number = submit(client, valid_request)
    refused = client.post(f"/ppid/petugas/permohonan/{number}/dispose", data={"opds": "dishub"}, headers=officer)
    assert refused.status_code == 422
    assert "OPD tidak dikenal atau tidak aktif: dishub" in html.unescape(refused.text)


def test_a_dropped_opd_keeps_its_name_on_past_dispositions(app, client, officer, opd_officer, valid_request):
    receive(app, 1, [DINKES])
    number = submit(client, valid_request)
    dispose(client, officer, number, ["dinkes"])
    receive(app, 2, [DISHUB])
    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert detail["dispositions"][0]["opd_name"] == "Dinas Kesehatan"
    page = client.get(f"/ppid/petugas/permohonan/{number}", headers=opd_officer("dinkes")).text
    assert "· Dinas Kesehatan" in page, "the OPD officer sees their own OPD by name"
    assert "<td>Dinas Kesehatan</td>" in page


def test_the_yearly_report_names_each_opd(app, client, officer, valid_request):
    receive(app, 1, [DINKES])
    number = submit(client, valid_request)
    dispose(client, officer, number, ["dinkes"])
    year = client.get(f"/api/ppid/requests/{number}", headers=officer).json["received_on"][:4]
    report = client.get(f"/api/ppid/reports/yearly?year={year}", headers=officer).json
    assert [(o["opd"], o["opd_name"]) for o in report["per_opd"]] == [("dinkes", "Dinas Kesehatan")]
    csv = client.get(f"/api/ppid/reports/yearly?year={year}&format=csv", headers=officer).data.decode("utf-8-sig")
    assert "Dinas Kesehatan;1" in csv
    page = client.get(f"/ppid/petugas/laporan?year={year}", headers=officer).text
    assert '<th scope="row">Dinas Kesehatan</th>' in page


def test_the_public_pages_show_the_opds_by_name(app, client, officer):
    receive(app, 1, [DINKES])
    created = client.post("/api/ppid/dip", json=ENTRY, headers=officer)
    assert created.status_code == 201, created.json
    assert "· Dinas Kesehatan</p>" in client.get("/ppid/dip").text
    guidance = {"opd_name": "Dinkes", "holds": "DPA, profil kesehatan", "cannot_give": "Rekam medis pasien"}
    assert client.put("/api/ppid/guidance/dinkes", json=guidance, headers=officer).status_code in (200, 201)
    assert '<h2 class="guidance-title">Dinas Kesehatan</h2>' in client.get("/ppid/permohonan").text
    staff = client.get("/ppid/petugas/dip", headers=officer).text
    assert '<select id="opd" name="opd" required><option value="dinkes">Dinas Kesehatan</option></select>' in staff

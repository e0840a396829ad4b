"""The newsroom's copy of the office's OPD list, kept from the gateway's ``gateway.opds.changed.v1``, and the pages
that name an OPD by it.

Events are built as the office's gateway sends them (source ``/<org_code>/gateway``, the whole list each time) and
handed to the consumer the worker runs (inbox on (source, id), then the handler, in one transaction).
"""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from chassis.consumer import Consumer
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork
from newsroom.domain import opds as rules
from newsroom.events import OPDS_CHANGED, handlers
from newsroom.models import Opd, opd_tables
from newsroom.use_cases import opds

DINKES = {"code": "dinkes", "name": "Dinas Kesehatan", "active": True}
BPBD = {"code": "bpbd", "name": "Badan Penanggulangan Bencana Daerah", "active": True}
DISHUB = {"code": "dishub", "name": "Dinas Perhubungan", "active": False}
UNKNOWN = "OPD tidak dikenal atau tidak aktif. Pilih dari daftar OPD kantor."


def opd_list(app, version: int, *opds: dict, source: str | None = None) -> CloudEvent:
    office = app.extensions["suite"].settings.org_code
    return CloudEvent.new(
        source=source or f"/{office}/gateway", type=OPDS_CHANGED, data={"version": version, "opds": list(opds)}
    )


def deliver(app, event: CloudEvent) -> str:
    suite = app.extensions["suite"]
    return Consumer(suite.settings, suite.db, suite.tables, handlers).handle(event)


def held(app) -> tuple[int | None, dict[str, tuple[str, bool]]]:
    """The list's version and ``{code: (name, active)}`` as the newsroom holds them."""
    with app.extensions["suite"].db.session() as session:
        version = session.scalar(select(opd_tables.version.c.version))
        return version, {o.code: (o.name, o.active) for o in session.scalars(select(Opd))}


def offered(page) -> list[tuple[str, str]]:
    """The choices of the form's OPD select, as (value, text)."""
    select_ = page.text.split('<select id="opd"', 1)[1].split("</select>", 1)[0]
    return [(v, html.unescape(t)) for v, t in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select_)]


def published(client, editor, release, **changes) -> dict:
    created = client.post("/api/newsroom/articles", json={**release, **changes}, headers=editor)
    assert created.status_code == 201, created.json
    done = client.post(f"/api/newsroom/articles/{created.json['id']}/publish", headers=editor)
    assert done.status_code == 200, done.json
    return created.json


def test_the_public_list_item_and_opd_pages_name_the_opd_once_the_list_arrives(app, client, editor, release):
    article = published(client, editor, release)
    before = client.get("/newsroom/")
    assert '<a href="/newsroom/opd/dinkes">dinkes</a>' in before.text, "the code while the list is unknown"
    assert deliver(app, opd_list(app, 1, DINKES, BPBD)) == "handled"

    listing = client.get("/newsroom/")
    assert '<a href="/newsroom/opd/dinkes">Dinas Kesehatan</a>' in listing.text
    assert ">dinkes<" not in listing.text
    item = client.get(f"/newsroom/berita/{article['slug']}")
    assert "· Dinas Kesehatan</p>" in html.unescape(item.text)
    assert "· dinkes</p>" not in item.text
    page = client.get("/newsroom/opd/dinkes")
    assert "<h1>Berita Dinas Kesehatan</h1>" in page.text
    assert "<title>Berita Dinas Kesehatan" in page.text
    assert article["title"] in page.text
    assert "<h1>Berita lain-lain</h1>" in client.get("/newsroom/opd/lain-lain").text, "an unknown code: the code"
    assert before.headers["ETag"] != listing.headers["ETag"], "a cached list is not served with the old names"


def test_an_older_or_repeated_list_changes_nothing(app):
    first = opd_list(app, 2, DINKES, BPBD)
    assert deliver(app, first) == "handled"
    assert deliver(app, first) == "duplicate", "the same event again stops at the inbox"
    renamed = {**DINKES, "name": "Dinas Kesehatan Lama"}
    assert deliver(app, opd_list(app, 1, renamed)) == "handled"
    assert deliver(app, opd_list(app, 2, renamed)) == "handled", "the same version under another id"
    assert held(app) == (2, {"dinkes": ("Dinas Kesehatan", True), "bpbd": (BPBD["name"], True)})
    assert deliver(app, opd_list(app, 3, renamed, BPBD)) == "handled"
    assert held(app)[1]["dinkes"] == ("Dinas Kesehatan Lama", True)


def test_an_opd_the_list_no_longer_names_is_kept_inactive_and_its_items_keep_its_name(app, client, editor, release):
    article = published(client, editor, release, opd="bpbd")
    deliver(app, opd_list(app, 1, DINKES, BPBD))
    deliver(app, opd_list(app, 2, DINKES, DISHUB))
    assert held(app) == (
        2,
        {"dinkes": ("Dinas Kesehatan", True), "bpbd": (BPBD["name"], False), "dishub": (DISHUB["name"], False)},
    )
    assert f"· {BPBD['name']}</p>" in client.get(f"/newsroom/berita/{article['slug']}").text
    assert deliver(app, opd_list(app, 3, DINKES, {**BPBD, "active": True})) == "handled"
    assert held(app)[1]["bpbd"] == (BPBD["name"], True), "listed again: active again"


@pytest.mark.parametrize("source", ["/35.78/gateway", "/{office}/ppid", "/{office}/gateway/extra"])
def test_a_list_from_anywhere_but_this_offices_gateway_is_ignored(app, source):
    office = app.extensions["suite"].settings.org_code
    assert deliver(app, opd_list(app, 5, DINKES, source=source.format(office=office))) == "handled"
    assert held(app) == (None, {})


def test_a_malformed_list_is_refused_whole_and_changes_nothing(app):
    deliver(app, opd_list(app, 1, DINKES))
    for event in (
        opd_list(app, 2, DINKES, {"code": "Dinas Kesehatan", "name": "x", "active": True}),
        opd_list(app, 2, BPBD, {**BPBD, "name": "lagi"}),
        opd_list(app, 2, {"code": "bpbd", "active": True}),
        opd_list(app, 2, {"code": "bpbd", "name": "BPBD", "active": "ya"}),
        CloudEvent.new(source=opd_list(app, 1).source, type=OPDS_CHANGED, data={"version": "2", "opds": []}),
    ):
        with pytest.raises(InvalidEvent):
            deliver(app, event)
    assert held(app) == (1, {"dinkes": ("Dinas Kesehatan", True)})


def test_the_form_offers_the_active_opds_the_writer_may_write_for_once_the_list_exists(
    app, client, editor, humas_dinkes
):
    before = client.get("/newsroom/redaksi/naskah/baru", headers=humas_dinkes)
    assert '<input type="text" id="opd" name="opd" value="dinkes" required>' in before.text
    deliver(app, opd_list(app, 1, DINKES, BPBD, DISHUB))

    editors = client.get("/newsroom/redaksi/naskah/baru", headers=editor)
    assert '<select id="opd" name="opd" required>' in editors.text
    assert 'id="opd" name="opd" value=' not in editors.text
    assert offered(editors) == [("", "Pilih OPD"), ("bpbd", BPBD["name"]), ("dinkes", "Dinas Kesehatan")]
    suite = app.extensions["suite"]
    with UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
        assert opds.active_choices(uow) == [("bpbd", BPBD["name"]), ("dinkes", "Dinas Kesehatan")]
        assert opds.names(uow) == {"dinkes": "Dinas Kesehatan", "bpbd": BPBD["name"], "dishub": DISHUB["name"]}
    contributors = client.get("/newsroom/redaksi/naskah/baru", headers=humas_dinkes)
    assert '<option value="dinkes" selected>Dinas Kesehatan</option>' in contributors.text
    assert offered(contributors) == [("dinkes", "Dinas Kesehatan")], "a contributor writes for their own OPD only"


def test_a_new_item_names_an_active_opd_of_the_list_once_there_is_one(app, client, editor, humas_dinkes, release):
    assert client.post("/api/newsroom/articles", json={**release, "opd": "dishub"}, headers=editor).status_code == 201
    deliver(app, opd_list(app, 1, DINKES, DISHUB))
    for opd in ("dishub", "lain-lain"):
        refused = client.post("/api/newsroom/articles", json={**release, "opd": opd}, headers=editor)
        assert refused.status_code == 422
        assert refused.json["errors"] == [{"field": "opd", "message": UNKNOWN}]
    form = client.post("/newsroom/redaksi/naskah/baru", data={**release, "opd": "dishub"}, headers=editor)
    assert form.status_code == 422 and UNKNOWN in html.unescape(form.text)
    assert '<option value="dishub"' not in form.text
    assert client.post("/api/newsroom/articles", json=release, headers=humas_dinkes).status_code == 201
    other = client.post("/api/newsroom/articles", json={**release, "opd": "dishub"}, headers=humas_dinkes)
    assert other.status_code == 403, "a contributor's own OPD rule comes first, as before"


def test_the_desk_and_the_figures_name_the_opd(app, client, editor, release):
    published(client, editor, release)
    deliver(app, opd_list(app, 1, DINKES))
    desk = client.get("/newsroom/redaksi", headers=editor)
    assert "<td>Dinas Kesehatan</td>" in desk.text and "<td>dinkes</td>" not in desk.text
    figures = client.get("/newsroom/redaksi/angka", headers=editor)
    assert '<th scope="row">Dinas Kesehatan</th>' in figures.text


def test_a_new_item_may_name_any_code_before_the_list_and_only_an_active_opd_after():
    assert rules.writable("apa-saja", {}), "no list yet: any code, as before"
    assert rules.writable("dinkes", {"dinkes": True}) and not rules.writable("dinkes", {"dinkes": False})
    assert not rules.writable("apa-saja", {"dinkes": True})

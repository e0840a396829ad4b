"""The console's period form: scoring criteria typed as blocks of rows (no JSON, no JavaScript), stored as the API
stores them, with each error next to the row's field and the typed values kept."""

from __future__ import annotations

import re

URL = "/registry/konsol/masa"

PERIOD = {
    "name": "Kemitraan 2028",
    "fiscal_year": "2028",
    "kind": "kemitraan",
    "budget": "50000000",
    "opens_at": "2028-01-05T08:00",
    "closes_at": "2028-01-31T16:00",
    "tier-code-0": "a",
    "tier-label-0": "Tingkat A",
    "tier-rate-0": "1500000",
    "tier-quota-0": "12",
    "tier-min_score-0": "20",
}

# Block 1 by options (its second row left blank), block 2 left blank, block 3 by bands for online outlets.
CRITERIA_ROWS = {
    "criterion-0-code": "dewan_pers",
    "criterion-0-label": "Verifikasi Dewan Pers",
    "criterion-0-max_points": "30",
    "criterion-0-media_type": "",
    "criterion-0-kind": "options",
    "criterion-0-options-0-code": "factual",
    "criterion-0-options-0-label": "Terverifikasi faktual",
    "criterion-0-options-0-points": "30",
    "criterion-0-options-2-code": "none",
    "criterion-0-options-2-label": "Belum",
    "criterion-0-options-2-points": "0",
    "criterion-1-media_type": "",
    "criterion-1-kind": "options",
    "criterion-2-code": "months",
    "criterion-2-label": "Lama terbit teratur",
    "criterion-2-max_points": "20",
    "criterion-2-unit": "bulan",
    "criterion-2-media_type": "online",
    "criterion-2-kind": "bands",
    "criterion-2-bands-0-min": "6",
    "criterion-2-bands-0-points": "10",
    "criterion-2-bands-1-min": "12",
    "criterion-2-bands-1-points": "20",
    "criterion-2-bands-1-label": "Setahun",
}

SAME_AS_JSON = [
    {
        "code": "dewan_pers",
        "label": "Verifikasi Dewan Pers",
        "max_points": 30,
        "options": [
            {"code": "factual", "label": "Terverifikasi faktual", "points": 30},
            {"code": "none", "label": "Belum", "points": 0},
        ],
    },
    {
        "code": "months",
        "label": "Lama terbit teratur",
        "max_points": 20,
        "unit": "bulan",
        "media_type": "online",
        "bands": [{"min": 6, "points": 10}, {"min": 12, "points": 20, "label": "Setahun"}],
    },
]


def periods(client) -> list[dict]:
    return client.get("/api/registry/periods").json["items"]


def error(html: str, name: str) -> str | None:
    found = re.search(rf'<p class="error" id="{re.escape(name)}-error">([^<]*)</p>', html)
    return found[1] if found else None


def test_criteria_typed_as_rows_are_stored_exactly_as_the_api_stores_the_same_criteria(client, verifier):
    opened = client.post(URL, data={**PERIOD, **CRITERIA_ROWS}, headers=verifier)
    assert opened.status_code == 303, opened.text
    (by_form,) = periods(client)
    assert [c["code"] for c in by_form["criteria"]] == ["dewan_pers", "months"], "the blank block is left out"
    assert by_form["criteria"][0]["media_type"] is None and by_form["criteria"][1]["media_type"] == "online"
    assert [o["code"] for o in by_form["criteria"][0]["options"]] == ["factual", "none"], "the blank row too"
    assert by_form["criteria"][1]["bands"] == [
        {"min": "6", "points": 10, "label": ""},
        {"min": "12", "points": 20, "label": "Setahun"},
    ]
    body = {
        "fiscal_year": 2029,
        "name": "Lewat API",
        "opens_at": "2029-01-05T08:00:00+07:00",
        "closes_at": "2029-01-31T16:00:00+07:00",
        "criteria": SAME_AS_JSON,
    }
    assert client.post("/api/registry/periods", json=body, headers=verifier).status_code == 201
    by_api = next(p for p in periods(client) if p["name"] == "Lewat API")
    assert by_form["criteria"] == by_api["criteria"]
    assert by_form["tiers"][0]["min_score"] == 20


def test_the_form_has_criterion_rows_and_no_json_box(client, verifier):
    html = client.get(URL, headers=verifier).text
    assert 'name="criteria"' not in html and "<textarea" not in html
    assert 'name="criterion-2-kind"' in html and 'name="criterion-3-kind"' not in html, "three blocks at first"
    assert 'name="criterion-0-bands-2-min"' in html and 'name="criterion-0-bands-3-min"' not in html
    assert '<label for="criterion-0-media_type">' in html and '<option value="television">Televisi</option>' in html
    assert 'aria-label="Poin baris 1, pilihan tetap kriteria 1"' in html


def test_a_half_filled_row_shows_its_error_next_to_that_field_and_keeps_every_typed_value(client, verifier):
    typed = {**PERIOD, **CRITERIA_ROWS, "criterion-2-bands-2-label": "Dua tahun", "criterion-0-max_points": ""}
    refused = client.post(URL, data=typed, headers=verifier)
    assert refused.status_code == 422
    html = refused.text
    assert error(html, "criteria.2.bands.2.min") == "Wajib diisi." and error(html, "criteria.2.bands.2.points")
    assert 'id="criterion-2-bands-2-min" name="criterion-2-bands-2-min" value="" step="any" min="0" ' in html
    assert error(html, "criteria.0.max_points") == "Wajib diisi."
    assert error(html, "criteria.0.options.2.points") is None and error(html, "criteria.1.options.1.points") is None
    for name in ("criterion-2-bands-2-label", "criterion-0-options-2-code", "criterion-2-bands-1-label", "tier-rate-0"):
        assert f'name="{name}" value="{typed[name]}"' in html, name
    assert 'id="name" value="Kemitraan 2028"' in html
    assert '<option value="online" selected>' in html and '<option value="bands" selected>' in html
    assert periods(client) == []


def test_a_row_over_the_criterions_maximum_is_named_at_its_own_row_by_the_domains_check(client, verifier):
    typed = {**PERIOD, **CRITERIA_ROWS, "criterion-2-bands-1-points": "25"}
    refused = client.post(URL, data=typed, headers=verifier)
    assert refused.status_code == 422
    assert error(refused.text, "criteria.2.bands.1.points") == "Melebihi poin maksimum kriteria (20)."
    assert 'name="criterion-2-bands-1-points" value="25"' in refused.text
    twice = {**PERIOD, **CRITERIA_ROWS, "criterion-0-options-2-code": "factual"}
    assert error(client.post(URL, data=twice, headers=verifier).text, "criteria.0.options") == "Kode pilihan ganda."
    assert periods(client) == []


def test_rows_typed_under_the_kind_not_chosen_are_refused_at_the_kind(client, verifier):
    typed = {**PERIOD, **CRITERIA_ROWS, "criterion-2-kind": "options"}
    refused = client.post(URL, data=typed, headers=verifier)
    assert refused.status_code == 422
    assert error(refused.text, "criteria.2.kind") == (
        "Jenis kriteria ini pilihan tetap: kosongkan baris rentang angka, atau ganti jenisnya."
    )
    with_schema_errors = client.post(URL, data={**typed, "name": ""}, headers=verifier).text
    assert error(with_schema_errors, "name") and error(with_schema_errors, "criteria.2.kind")
    assert periods(client) == []


def test_tambah_baris_shows_the_form_again_with_more_blocks_and_rows_and_the_values_kept(client, verifier):
    more = client.post(URL, data={**PERIOD, **CRITERIA_ROWS, "tambah": "baris"}, headers=verifier)
    assert more.status_code == 200 and periods(client) == [], "nothing is opened yet"
    html = more.text
    assert 'name="criterion-3-code"' in html and 'name="criterion-4-code"' not in html
    assert 'name="criterion-0-options-4-code"' in html and 'name="criterion-0-options-5-code"' not in html
    assert 'name="criterion_blocks" value="4"' in html and 'name="criterion_rows" value="5"' in html
    assert 'name="criterion-2-bands-1-label" value="Setahun"' in html and 'name="tier-code-0" value="a"' in html
    assert 'class="error"' not in html
    extra = {
        "criterion_blocks": "4",
        "criterion_rows": "5",
        "criterion-3-code": "siaran",
        "criterion-3-label": "Siaran",
        "criterion-3-max_points": "5",
        "criterion-3-media_type": "radio",
        "criterion-3-kind": "options",
        "criterion-3-options-4-code": "ya",
        "criterion-3-options-4-label": "Ya",
        "criterion-3-options-4-points": "5",
    }
    opened = client.post(URL, data={**PERIOD, **CRITERIA_ROWS, **extra}, headers=verifier)
    assert opened.status_code == 303, opened.text
    (period,) = periods(client)
    assert period["criteria"][-1] == {
        "code": "siaran",
        "label": "Siaran",
        "max_points": 5,
        "media_type": "radio",
        "unit": "",
        "options": [{"code": "ya", "label": "Ya", "points": 5}],
        "bands": [],
    }


def test_enter_in_a_field_opens_the_period_rather_than_adding_rows(app, chromium, tokens):
    from chassis.testing import live_server

    headers = {"Authorization": f"Bearer {tokens.token('registry:verifier', username='verifikator')}"}
    context = chromium.new_context(locale="id-ID", extra_http_headers=headers)
    try:
        page = context.new_page()
        with live_server(app) as site:
            page.goto(f"{site}{URL}")
            page.get_by_label("Nama masa").fill("Kemitraan 2029")
            with page.expect_request(lambda r: r.method == "POST") as posted:
                page.get_by_label("Nama masa").press("Enter")
            sent = posted.value.post_data
    finally:
        context.close()
    assert "name=Kemitraan+2029" in sent and "tambah=baris" not in sent, sent

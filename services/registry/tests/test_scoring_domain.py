"""Scoring rules without a database: options and bands, caps, the tier a total sets, quotas, criteria checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.domain import scoring

CRITERIA = scoring.criteria_from(
    [
        {
            "code": "dewan_pers",
            "label": "Verifikasi Dewan Pers",
            "max_points": 30,
            "options": [
                {"code": "factual", "label": "Faktual", "points": 30},
                {"code": "administrative", "label": "Administratif", "points": 15},
                {"code": "none", "label": "Belum", "points": 0},
            ],
        },
        {
            "code": "months",
            "label": "Terbit teratur",
            "max_points": 20,
            "unit": "bulan",
            "bands": [{"min": 6, "points": 10}, {"min": "12", "points": 20}, {"min": 3, "points": 5, "label": "Baru"}],
        },
        {
            "code": "audience",
            "label": "Pembaca per bulan",
            "max_points": 25,
            "media_type": "online",
            "bands": [{"min": 10000, "points": 10}, {"min": 100000, "points": 40}],
        },
        {"code": "audience", "label": "Oplah", "max_points": 25, "bands": [{"min": 1000, "points": 10}]},
    ]
)
TIERS = scoring.tiers_from(
    [
        {"code": "a", "label": "Utama", "rate": 2_000_000, "quota": 24, "seats": 2, "min_score": 60},
        {"code": "b", "label": "Madya", "rate": 1_000_000, "quota": 12, "min_score": 30},
        {"code": "c", "label": "Pratama", "rate": 500_000, "quota": 12, "seats": 5, "min_score": 10},
    ]
)


def criterion(code, media_type="online"):
    return next(c for c in scoring.applicable(CRITERIA, media_type) if c.code == code)


def test_an_option_earns_its_points_and_an_unknown_option_is_refused():
    dewan_pers = criterion("dewan_pers")
    scored = dewan_pers.score("administrative")
    assert (scored.points, scored.option, scored.band) == (15, "administrative", None)
    assert "Administratif" in scored.explanation
    with pytest.raises(ValueError, match="factual, administrative, none"):
        dewan_pers.score("gold")


def test_a_measure_earns_the_points_of_the_highest_band_it_reaches():
    months = criterion("months")
    assert [months.score(v).points for v in ("0", "2.9", "3", "5", "6", "11", "12", "120")] == [
        0,
        0,
        5,
        5,
        10,
        10,
        20,
        20,
    ]
    assert months.score("6,5").value == "6.5" and months.score("6,5").band == "6"
    assert "Baru" in months.score(4).explanation and "bulan" in months.score(4).explanation
    for wrong in ("enam", "-1", "nan", True):
        with pytest.raises(ValueError):
            months.score(wrong)


def test_points_never_exceed_the_criterions_maximum():
    assert criterion("audience").score("500000").points == 25


def test_a_criterion_for_one_media_type_replaces_the_one_for_all():
    assert criterion("audience", "online").label == "Pembaca per bulan"
    assert criterion("audience", "print").label == "Oplah"
    assert [c.code for c in scoring.applicable(CRITERIA, "radio")] == ["dewan_pers", "months", "audience"]


def test_the_highest_tier_whose_minimum_is_met():
    assert [getattr(scoring.tier_for(total, TIERS), "code", None) for total in (0, 9, 10, 29, 30, 59, 60, 75)] == [
        None,
        None,
        "c",
        "c",
        "b",
        "b",
        "a",
        "a",
    ]
    assert scoring.lowest_minimum(TIERS) == 10 and scoring.tier_for(5, []) is None


@given(st.integers(min_value=0, max_value=200))
def test_a_higher_total_never_gets_a_lower_tier(total):
    rank = {None: 0, "c": 1, "b": 2, "a": 3}
    here, above = scoring.tier_for(total, TIERS), scoring.tier_for(total + 1, TIERS)
    assert rank[getattr(here, "code", None)] <= rank[getattr(above, "code", None)]
    if here is not None:
        assert total >= here.min_score


def test_a_tier_is_full_at_its_seats_and_zero_seats_have_no_cap():
    utama, madya = TIERS[0], TIERS[1]
    assert not scoring.seats_full(utama, 1) and scoring.seats_full(utama, 2)
    assert not scoring.seats_full(madya, 10_000)


def test_criteria_must_be_either_options_or_bands_within_their_maximum():
    rows = [
        {"code": "x", "label": "X", "max_points": 10, "options": [], "bands": []},
        {"code": "y", "label": "Y", "max_points": 10, "options": [{"code": "a", "label": "A", "points": 11}]},
        {
            "code": "z",
            "label": "Z",
            "max_points": 10,
            "bands": [{"min": Decimal(1), "points": 1}, {"min": Decimal("1.0"), "points": 2}],
        },
        {"code": "z", "label": "Z again", "max_points": 5, "bands": [{"min": 1, "points": 1}]},
    ]
    assert [p["field"] for p in scoring.criteria_problems(rows)] == [
        "criteria.0",
        "criteria.1.options.0.points",
        "criteria.2.bands",
        "criteria.3.code",
    ]
    assert scoring.criteria_problems(rows[3:]) == []

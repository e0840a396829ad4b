"""The SKM index and its bands (PermenPANRB 14/2017), without a database."""

from __future__ import annotations

import pytest

from ppid.domain import survey


@pytest.mark.parametrize(
    ("index", "grade", "label"),
    [
        (100.00, "A", "Sangat Baik"),
        (88.31, "A", "Sangat Baik"),
        (88.30, "B", "Baik"),
        (76.61, "B", "Baik"),
        (76.60, "C", "Kurang Baik"),
        (65.00, "C", "Kurang Baik"),
        (64.99, "D", "Tidak Baik"),
        (25.00, "D", "Tidak Baik"),
    ],
)
def test_bands_follow_the_conversion_table_of_the_annex(index, grade, label):
    assert (survey.band(index).grade, survey.band(index).label) == (grade, label)


@pytest.mark.parametrize("index", [24.99, 100.01, 0])
def test_an_index_outside_25_to_100_has_no_band(index):
    with pytest.raises(ValueError):
        survey.band(index)


def test_index_is_the_mean_of_element_means_times_25_to_two_decimals():
    codes = list(survey.ELEMENTS)
    assert len(codes) == 9
    best = survey.element_means(dict.fromkeys(codes, 8), 2)
    assert survey.index(best) == 100.00
    worst = survey.element_means(dict.fromkeys(codes, 3), 3)
    assert survey.index(worst) == 25.00
    mixed = survey.element_means({**dict.fromkeys(codes, 9), "time": 5}, 3)
    assert mixed["requirements"] == 3 and mixed["time"] == pytest.approx(5 / 3)
    assert survey.index(mixed) == round((8 * 3 + 5 / 3) / 9 * 25, 2) == 71.30
    assert survey.band(survey.index(mixed)).grade == "C"


def test_a_year_without_answers_has_no_index():
    means = survey.element_means(dict.fromkeys(survey.ELEMENTS, 0), 0)
    assert set(means.values()) == {None}
    assert survey.index(means) is None

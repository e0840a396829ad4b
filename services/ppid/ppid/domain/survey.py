"""The satisfaction survey (SKM, Survei Kepuasan Masyarakat) of PermenPANRB 14/2017: elements, index, bands.

Every public service asks its users at least once a year to rate nine
elements on a scale of 1 to 4. Pure: plain numbers in, plain numbers out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ppid.domain.workflow import Status

ELEMENTS = {
    "requirements": "Persyaratan",
    "procedure": "Sistem, mekanisme, dan prosedur",
    "time": "Waktu penyelesaian",
    "cost": "Biaya/tarif",
    "product": "Produk spesifikasi jenis pelayanan",
    "competence": "Kompetensi pelaksana",
    "behaviour": "Perilaku pelaksana",
    "complaints": "Penanganan pengaduan, saran dan masukan",
    "facilities": "Sarana dan prasarana",
}
"""The nine elements (unsur) of the survey, by our code, with their names in the regulation."""

LOWEST, HIGHEST = 1, 4

# A request can be rated once the service was given: the notice is out, the information handed over, or it closed.
ANSWERABLE = frozenset({Status.DECIDED, Status.DELIVERED, Status.CLOSED})


@dataclasses.dataclass(frozen=True)
class Band:
    grade: str
    label: str
    lowest: float


# The conversion table of the annex of PermenPANRB 14/2017 (nilai interval konversi -> mutu pelayanan and
# kinerja unit pelayanan): 88,31-100,00 A; 76,61-88,30 B; 65,00-76,60 C; 25,00-64,99 D. Highest first.
BANDS = (
    Band("A", "Sangat Baik", 88.31),
    Band("B", "Baik", 76.61),
    Band("C", "Kurang Baik", 65.00),
    Band("D", "Tidak Baik", 25.00),
)


def element_means(totals: Mapping[str, int], responses: int) -> dict[str, float | None]:
    """The mean answer per element (nilai rata-rata per unsur) from the sum of its answers over ``responses``."""
    return {code: (totals[code] / responses if responses else None) for code in ELEMENTS}


def index(means: Mapping[str, float | None]) -> float | None:
    """The survey index (25-100): the mean of the nine element means times 25, to 2 decimals.

    The annex weighs each element with 0.111 (about 1/9); the exact 1/9 used here makes a full score 100.00.
    """
    values = [means[code] for code in ELEMENTS]
    if any(v is None for v in values):
        return None
    return round(sum(values) / len(values) * 25, 2)


def band(value: float) -> Band:
    """The quality band of an index; raises ``ValueError`` outside 25-100."""
    value = round(value, 2)
    if not BANDS[-1].lowest <= value <= 100:
        raise ValueError(f"survey index {value} outside 25-100")
    return next(b for b in BANDS if value >= b.lowest)

"""Scoring an application: the period's criteria, the points a claim earns, and the tier the total sets.

A period may define criteria per media type. Each criterion gives at most ``max_points`` and is scored either by
fixed options (e.g. Dewan Pers level: factual 30, administrative 15, none 0) or by a numeric measure with bands
(e.g. months of regular publication: from 6 -> 10, from 12 -> 20). The outlet claims a value per criterion with
evidence; the verifier confirms it or corrects it. Only confirmed points count: their total sets the tier, the
highest one whose ``min_score`` is met (and so the rate), provided the tier still has room in its quota.

Nothing here touches the database; the service functions in ``registry.use_cases.scoring`` load and store.
"""

from __future__ import annotations

import dataclasses
import enum
from decimal import Decimal, InvalidOperation


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"  # claimed by the outlet, not yet looked at
    CONFIRMED = "confirmed"  # the verifier agrees with the claimed value
    CORRECTED = "corrected"  # the verifier set another value (with a note)


@dataclasses.dataclass(frozen=True)
class Option:
    code: str
    label: str
    points: int


@dataclasses.dataclass(frozen=True)
class Band:
    """From ``min`` (inclusive) up to the next band's ``min``."""

    min: Decimal
    points: int
    label: str = ""


@dataclasses.dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    max_points: int
    media_type: str | None = None  # None: every media type
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    unit: str = ""

    @property
    def kind(self) -> str:
        return "options" if self.options else "measure"

    def applies_to(self, media_type: str) -> bool:
        return self.media_type is None or self.media_type == media_type

    def score(self, value) -> Scored:
        """The points ``value`` earns and which option or band gave them; ValueError when it is not a valid value."""
        if self.options:
            option = next((o for o in self.options if o.code == str(value)), None)
            if option is None:
                raise ValueError(f"Pilih salah satu: {', '.join(o.code for o in self.options)}.")
            return Scored(
                option.code,
                min(option.points, self.max_points),
                option=option.code,
                band=None,
                explanation=f"{option.label}: {option.points} poin",
            )
        number = measure(value)
        band = None
        for candidate in sorted(self.bands, key=lambda b: b.min):
            if number >= candidate.min:
                band = candidate
        if band is None:
            below = f"{plain(number)} {self.unit}".strip() + " di bawah batas terendah: 0 poin"
            return Scored(plain(number), 0, option=None, band=None, explanation=below)
        label = band.label or f"mulai {plain(band.min)} {self.unit}".strip()
        why = f"{plain(number)} {self.unit}".strip() + f" ({label}): {band.points} poin"
        return Scored(
            plain(number), min(band.points, self.max_points), option=None, band=plain(band.min), explanation=why
        )


@dataclasses.dataclass(frozen=True)
class Scored:
    value: str  # normalised: the option code, or the number as text
    points: int
    option: str | None
    band: str | None  # the lower bound of the band that gave the points
    explanation: str


@dataclasses.dataclass(frozen=True)
class Tier:
    code: str
    label: str
    rate: int
    quota: int  # publications per contract (the contract's default quota)
    min_score: int = 0
    seats: int = 0  # outlets the tier can take in the period; 0: no cap


def measure(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("Isi dengan angka.")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError("Isi dengan angka.") from None
    if not number.is_finite() or number < 0:
        raise ValueError("Isi dengan angka nol atau lebih.")
    return number


def plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def criteria_from(rows: list[dict]) -> list[Criterion]:
    """The criteria as the period stores them (JSON) turned into domain objects."""
    found = []
    for row in rows or []:
        found.append(
            Criterion(
                code=row["code"],
                label=row.get("label") or row["code"],
                max_points=int(row["max_points"]),
                media_type=row.get("media_type"),
                unit=row.get("unit") or "",
                options=tuple(
                    Option(o["code"], o.get("label") or o["code"], int(o["points"])) for o in row.get("options") or []
                ),
                bands=tuple(
                    Band(Decimal(str(b["min"])), int(b["points"]), b.get("label") or "") for b in row.get("bands") or []
                ),
            )
        )
    return found


def tiers_from(rows: list[dict]) -> list[Tier]:
    return [
        Tier(
            t["code"],
            t.get("label") or t["code"],
            int(t.get("rate") or 0),
            int(t.get("quota") or 0),
            int(t.get("min_score") or 0),
            int(t.get("seats") or 0),
        )
        for t in rows or []
    ]


def criteria_problems(rows: list[dict]) -> list[dict]:
    """What is wrong with a period's criteria, as ``[{"field", "message"}]`` (empty when they are sound)."""
    problems = []
    seen = set()
    for n, row in enumerate(rows):
        field = f"criteria.{n}"
        if (row["code"], row.get("media_type")) in seen:
            problems.append({"field": f"{field}.code", "message": "Kode kriteria ganda untuk jenis media yang sama."})
        seen.add((row["code"], row.get("media_type")))
        options, bands = row.get("options") or [], row.get("bands") or []
        if bool(options) == bool(bands):
            problems.append({"field": field, "message": "Isi pilihan tetap atau rentang angka, salah satu."})
            continue
        for kind, items in (("options", options), ("bands", bands)):
            for m, item in enumerate(items):
                if item["points"] > row["max_points"]:
                    problems.append(
                        {
                            "field": f"{field}.{kind}.{m}.points",
                            "message": f"Melebihi poin maksimum kriteria ({row['max_points']}).",
                        }
                    )
        codes = [o["code"] for o in options]
        if len(codes) != len(set(codes)):
            problems.append({"field": f"{field}.options", "message": "Kode pilihan ganda."})
        mins = [Decimal(str(b["min"])) for b in bands]
        if len(mins) != len(set(mins)):
            problems.append({"field": f"{field}.bands", "message": "Batas bawah rentang ganda."})
    return problems


def applicable(criteria: list[Criterion], media_type: str) -> list[Criterion]:
    """The criteria for an outlet of this media type: its own ones, and those for every type, unless a criterion of
    the same code is defined for its type (the specific one wins)."""
    specific = {c.code for c in criteria if c.media_type == media_type}
    return [c for c in criteria if c.media_type == media_type or (c.media_type is None and c.code not in specific)]


def tier_for(total: int, tiers: list[Tier]) -> Tier | None:
    """The highest tier whose minimum score the total meets (a higher minimum ranks higher), or None."""
    met = [t for t in tiers if total >= t.min_score]
    return max(met, key=lambda t: (t.min_score, t.rate)) if met else None


def lowest_minimum(tiers: list[Tier]) -> int | None:
    return min((t.min_score for t in tiers), default=None)


def seats_full(tier: Tier, taken: int) -> bool:
    """Whether the tier has no room for one more outlet; ``taken``: outlets already placed in it. Seats 0: no cap."""
    return tier.seats > 0 and taken >= tier.seats

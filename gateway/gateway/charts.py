"""Line charts of twelve months drawn on the server as SVG geometry, so a page shows them without JavaScript.

Only layout lives here (scales, ticks, points, a legend); the figures come from the services' APIs as they are.
Each series has its colour (Okabe-Ito, readable by most colour-blind readers), a dash pattern and a marker shape,
so two regions can be told apart without colour; a missing value (no decision that month) breaks the line.
"""

from __future__ import annotations

import dataclasses
import math

from chassis import formats

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")
WIDTH, PLOT_HEIGHT = 760, 260
LEFT, RIGHT, TOP = 64, 16, 16
LEGEND_ROW, LEGEND_COLUMNS = 22, 3


@dataclasses.dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per month


@dataclasses.dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclasses.dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    segments: tuple[str, ...]  # SVG polyline points, one string per unbroken run
    points: tuple[tuple[float, float, str], ...]  # x, y, what the point says (its <title>)
    legend_x: float
    legend_y: float


@dataclasses.dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    y_label: str
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    plot_left: float
    plot_right: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]


def nice_maximum(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1), for a readable axis."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _number(value: float, unit: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}{unit}"


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    y_label: str,
    series: list[Series],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Chart:
    """Twelve months on x, 0 to ``maximum`` (else a nice bound over the data) on y, one line per series."""
    short, names = formats.month_names("abbreviated"), formats.month_names()
    top = max((v for s in series for v in s.values if v is not None), default=0)
    # Counts: at least 5, so the five steps of the axis are whole numbers.
    y_max = maximum if maximum is not None else max(5, nice_maximum(top))
    legend_rows = math.ceil(len(series) / LEGEND_COLUMNS)
    plot_bottom = TOP + PLOT_HEIGHT
    height = int(plot_bottom + 48 + legend_rows * LEGEND_ROW + 8)
    step = (WIDTH - LEFT - RIGHT) / 12

    def x(month: int) -> float:
        return round(LEFT + step * (month + 0.5), 1)

    def y(value: float) -> float:
        return round(plot_bottom - (value / y_max) * PLOT_HEIGHT, 1)

    y_ticks = tuple(Tick(y(y_max * i / 5), _number(y_max * i / 5, unit)) for i in range(6))
    x_ticks = tuple(Tick(x(m), short[m]) for m in range(12))
    lines = []
    column_width = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS
    for n, one in enumerate(series):
        segments, run, points = [], [], []
        for month, value in enumerate(one.values[:12]):
            if value is None:
                if run:
                    segments.append(" ".join(run))
                run = []
                continue
            run.append(f"{x(month)},{y(value)}")
            points.append((x(month), y(value), f"{one.label}, {names[month]}: {_number(value, unit)}"))
        if run:
            segments.append(" ".join(run))
        row, column = divmod(n, LEGEND_COLUMNS)
        lines.append(
            Line(
                label=one.label,
                colour=COLOURS[n % len(COLOURS)],
                dash=DASHES[n % len(DASHES)],
                marker=MARKERS[n % len(MARKERS)],
                segments=tuple(segments),
                points=tuple(points),
                legend_x=round(LEFT + column * column_width, 1),
                legend_y=plot_bottom + 48 + row * LEGEND_ROW,
            )
        )
    return Chart(
        chart_id,
        title,
        description,
        y_label,
        WIDTH,
        height,
        TOP,
        plot_bottom,
        LEFT,
        WIDTH - RIGHT,
        x_ticks,
        y_ticks,
        tuple(lines),
    )

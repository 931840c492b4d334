"""The geometry of the dashboard's chart: each therapist's workload per FTE as a bar,
against their capacity per FTE, for a server-drawn SVG (templates/main/_workload_chart.html).

Two layouts of the same figures: `WIDE` puts names left of the bars and values after them
(a desktop), `NARROW` puts each name and value on a line above its bar, so that at a
390 px phone the text stays at its size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from schoolot.caseload.workload import Workload

STATUS_WORDS = {"over": "over capacity", "ok": "within capacity", "under": "under-used"}
NICE_STEPS = (60, 120, 300, 600, 900, 1200, 1800, 3000, 6000)
MOST_TICKS = 6


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    row_height: int
    bar_height: int
    plot_left: int  # where bars start
    plot_right: int  # where the scale ends; values are written after it
    names_above: bool  # a name on its own line above its bar
    top: int = 8
    font_size: int = 13


WIDE = Layout("wide", 720, 26, 14, 190, 560, names_above=False)
NARROW = Layout("narrow", 360, 38, 12, 4, 340, names_above=True)


@dataclass(frozen=True)
class Bar:
    therapist_id: int
    name: str
    status: str
    status_words: str
    percent: int  # of capacity
    name_x: float
    name_y: float
    x: float
    y: float
    width: float
    height: float
    capacity_x: float  # the therapist's capacity per FTE on the scale
    value_text: str
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    layout: Layout
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    axis_y: float  # the scale's line, below the last bar
    title: str
    description: str


def workload_chart(loads: Sequence[Workload], layout: Layout = WIDE) -> Chart:
    """Bars of workload per FTE (minutes a week) with each therapist's capacity per FTE
    marked, in the order given, on a scale from 0 past the largest of both."""
    capacities = [_capacity_per_fte(load) for load in loads]
    largest = max([load.workload_per_fte for load in loads] + capacities + [1.0])
    step = _step(largest)
    top = step * math.ceil(largest * 1.02 / step)
    span = layout.plot_right - layout.plot_left

    def x_of(minutes: float) -> float:
        return round(layout.plot_left + span * min(minutes, top) / top, 1)

    bars = []
    for row, (load, capacity) in enumerate(zip(loads, capacities, strict=True)):
        row_top = layout.top + row * layout.row_height
        bar_y = row_top + (layout.row_height - layout.bar_height - 4 if layout.names_above else 4)
        percent = round(100 * load.workload_per_fte / capacity) if capacity else 0
        words = STATUS_WORDS.get(load.status, load.status)
        bars.append(
            Bar(
                therapist_id=load.therapist_id,
                name=load.name,
                status=load.status,
                status_words=words,
                percent=percent,
                name_x=0 if layout.names_above else layout.plot_left - 8,
                name_y=row_top + layout.font_size if layout.names_above else bar_y + 11,
                x=layout.plot_left,
                y=bar_y,
                width=round(x_of(load.workload_per_fte) - layout.plot_left, 1),
                height=layout.bar_height,
                capacity_x=x_of(capacity),
                value_text=f"{load.workload_per_fte:,.0f} ({percent}%, {load.status})",
                value_x=layout.width - 2 if layout.names_above else layout.plot_right + 6,
                value_y=row_top + layout.font_size if layout.names_above else bar_y + 11,
            )
        )
    axis_y = layout.top + len(bars) * layout.row_height + 2
    ticks = [
        Tick(x_of(minutes), axis_y + 16, f"{minutes:,}") for minutes in range(0, int(top) + 1, step)
    ]
    return Chart(
        layout=layout,
        height=int(axis_y + 24),
        bars=bars,
        ticks=ticks,
        axis_y=axis_y,
        title="Workload per FTE against capacity, minutes a week",
        description=_description(loads, capacities),
    )


def _capacity_per_fte(load: Workload) -> float:
    return load.capacity_minutes / load.fte if load.fte else 0.0


def _step(largest: float) -> int:
    """The smallest of NICE_STEPS that draws the scale in at most MOST_TICKS intervals."""
    for step in NICE_STEPS:
        if largest / step <= MOST_TICKS - 1:
            return step
    return NICE_STEPS[-1] * math.ceil(largest / (NICE_STEPS[-1] * (MOST_TICKS - 1)))


def _description(loads: Sequence[Workload], capacities: Sequence[float]) -> str:
    """The chart in a sentence, for whoever does not see it."""
    if not loads:
        return "No therapists yet."
    over = sum(load.status == "over" for load in loads)
    under = sum(load.status == "under" for load in loads)
    distinct = sorted({round(c) for c in capacities})
    capacity = (
        f"capacity is {distinct[0]:,} minutes a week per FTE"
        if len(distinct) == 1
        else "each bar's mark is that therapist's capacity per FTE"
    )
    return (
        f"One bar per therapist, {len(loads)} in all: workload per FTE in minutes a week; "
        f"{capacity}. {over} over capacity, {under} under-used. "
        "The table below gives every figure."
    )

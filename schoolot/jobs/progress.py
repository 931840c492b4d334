"""A solve's progress in a coordinator's words: lines met of lines owed, the most any
schedule could meet, driving and idle minutes a week.

A progress point is a list `[seconds, objective, bound, lines_met, lines_owed,
most_lines_met, drive_minutes, idle_minutes]`; the last five are None where unknown, and
points written before these words existed have the first three only. While the search
runs, the solver counts the lines its best weeks meet and the most they can (`solve`'s
`on_progress`; a caller that gives objective and bound alone has them read from those,
`searching_point`); the driving and idle minutes are known once the schedule found is
stored (`version_point`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from schoolot.models import ScheduleVersion
from schoolot.solver.runner import SearchCounts

# Positions in a point.
SECONDS, OBJECTIVE, BOUND, LINES_MET, LINES_OWED, MOST_LINES_MET, DRIVE, IDLE = range(8)

Point = list[float | int | None]


def searching_point(
    seconds: float,
    objective: float,
    bound: float,
    lines_owed: int,
    line_weight: int,
    counted: SearchCounts | None = None,
) -> Point:
    """A point of the running search: its lines as the solver `counted` them, else read
    from the objective and the bound.

    Every line left out costs `line_weight` in the objective (far more than a week's
    travel, idle and other costs), so `objective // line_weight` lines are left out so
    far (a week not searched yet counts all its lines as left out) and `bound //
    line_weight` lines must be left out by any schedule. Lines the solver proved out
    before the search are in neither until the end (`version_point`).
    """
    if counted is None:
        counted = SearchCounts(
            lines_met=max(0, lines_owed - int(objective // line_weight)),
            most_lines_met=max(0, lines_owed - int(bound // line_weight)),
        )
    return [
        round(seconds, 2),
        round(objective, 3),
        round(bound, 3),
        counted.lines_met,
        lines_owed,
        counted.most_lines_met,
        counted.drive_minutes,
        counted.idle_minutes,
    ]


def per_week(minutes: int | None, weeks: int | None) -> int | None:
    """Minutes of a whole cycle of `weeks` weeks (a version's driving and idle figures
    are stored for its cycle) as an average week of it."""
    return None if minutes is None else round(minutes / max(weeks or 1, 1))


def version_point(version: ScheduleVersion) -> Point:
    """The point of the schedule found, as stored (counted from its sessions); driving
    and idle as an average week of its cycle."""
    return [
        round(version.seconds, 2),
        round(version.objective, 3),
        round(version.bound, 3),
        version.lines_met,
        version.lines_owed,
        version.most_lines_met,
        per_week(version.travel_minutes, version.cycle_weeks),
        per_week(version.idle_minutes, version.cycle_weeks),
    ]


def is_finite(objective: float, bound: float) -> bool:
    return math.isfinite(objective) and math.isfinite(bound)


@dataclass(frozen=True)
class Summary:
    """What the progress and result pages say, each as one sentence (None: not known)."""

    lines: str | None
    drive: str | None
    idle: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"lines": self.lines, "drive": self.drive, "idle": self.idle}


def count(number: int) -> str:
    """1298 -> '1,298'."""
    return f"{number:,}"


def lines_sentence(
    lines_met: int, lines_owed: int, most_lines_met: int | None, so_far: bool = False
) -> str:
    """'Lines met: 1,298 of 1,315 (proven most: 1,309)' ('Lines met so far' while the
    search runs); the proof is left out while it says no more than that every line may
    be met."""
    sentence = f"Lines met{' so far' if so_far else ''}: {count(lines_met)} of {count(lines_owed)}"
    if most_lines_met is not None and most_lines_met < lines_owed:
        sentence += f" (proven most: {count(most_lines_met)})"
    return sentence


def summarise(
    lines_met: int | None,
    lines_owed: int | None,
    most_lines_met: int | None,
    drive_minutes: int | None,
    idle_minutes: int | None,
    so_far: bool = False,
) -> Summary:
    """The sentences for a schedule's numbers, or (`so_far`) a running search's."""
    lines = None
    if lines_met is not None and lines_owed is not None:
        lines = lines_sentence(lines_met, lines_owed, most_lines_met, so_far)
    drive = f"Driving: {count(drive_minutes)} minutes a week" if drive_minutes is not None else None
    idle = (
        f"Idle time between sessions: {count(idle_minutes)} minutes a week"
        if idle_minutes is not None
        else None
    )
    return Summary(lines, drive, idle)


def summarise_version(version: ScheduleVersion) -> Summary:
    """The sentences for a stored schedule (driving and idle: an average week of its
    cycle)."""
    return summarise(
        version.lines_met,
        version.lines_owed,
        version.most_lines_met,
        per_week(version.travel_minutes, version.cycle_weeks),
        per_week(version.idle_minutes, version.cycle_weeks),
    )


def summarise_points(points: Sequence[Sequence[float | int | None]]) -> Summary:
    """The sentences for the last point that carries each number; lines counted during
    the search (a point without driving minutes) are 'so far'."""
    lines_point = next((p for p in reversed(points) if _known(p, LINES_MET)), None)
    drive_point = next((p for p in reversed(points) if _known(p, DRIVE)), None)
    idle_point = next((p for p in reversed(points) if _known(p, IDLE)), None)
    return summarise(
        _int(lines_point, LINES_MET),
        _int(lines_point, LINES_OWED),
        _int(lines_point, MOST_LINES_MET),
        _int(drive_point, DRIVE),
        _int(idle_point, IDLE),
        so_far=lines_point is not None and not _known(lines_point, DRIVE),
    )


def chart_points(points: Sequence[Sequence[float | int | None]]) -> list[list[float | int]]:
    """(seconds, lines met, proven most) of the points that carry lines, for the chart."""
    chart = []
    for p in points:
        met, owed = _int(p, LINES_MET), _int(p, LINES_OWED)
        if met is None or owed is None:
            continue
        most = _int(p, MOST_LINES_MET)
        chart.append([float(p[SECONDS] or 0), met, owed if most is None else most])
    return chart


def _known(point: Sequence[float | int | None], position: int) -> bool:
    return len(point) > position and point[position] is not None


def _int(point: Sequence[float | int | None] | None, position: int) -> int | None:
    if point is None or not _known(point, position):
        return None
    return int(point[position])  # type: ignore[arg-type]

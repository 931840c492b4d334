"""A therapist's idle minutes in the schedule in force: the time between a day's first
and last session that is neither session, drive nor lunch (as the solver counts it); in
a cycle of several weeks, each (cycle week, weekday) is a day and the figure is the
cycle's idle minutes / its weeks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from schoolot.caseload.facts import DriveFacts, SessionFacts
from schoolot.solver.windows import intersect, merge, subtract, total


def idle_minutes(
    sessions: Sequence[SessionFacts],
    drives: Sequence[DriveFacts],
    lunch_minutes: int,
    lunch_window: tuple[int, int],
    weeks: int = 1,
) -> int:
    """Idle minutes a week (of a `weeks`-week cycle: its total / `weeks`, rounded);
    lunch is taken from a gap that holds it in the window."""
    days: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for session in sessions:
        days[session.cycle_week, session.weekday].append((session.start, session.end))
    idle = 0
    for key, spans in days.items():
        day = (min(a for a, _ in spans), max(b for _, b in spans))
        legs = [(d.start, d.end) for d in drives if (d.cycle_week, d.weekday) == key]
        gaps = subtract([day], merge(spans + legs))
        has_lunch = lunch_minutes > 0 and any(
            total(intersect([gap], [lunch_window])) >= lunch_minutes for gap in gaps
        )
        idle += total(gaps) - (lunch_minutes if has_lunch else 0)
    return round(idle / max(weeks, 1))

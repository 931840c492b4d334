"""A therapist's idle minutes in the schedule in force: the time between a day's first
and last session that is neither session, drive nor lunch (as the solver counts it)."""

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
) -> int:
    """Idle minutes a week; lunch is taken from a gap that holds it in the window."""
    days: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for session in sessions:
        days[session.weekday].append((session.start, session.end))
    idle = 0
    for weekday, spans in days.items():
        day = (min(a for a, _ in spans), max(b for _, b in spans))
        legs = [(d.start, d.end) for d in drives if d.weekday == weekday]
        gaps = subtract([day], merge(spans + legs))
        has_lunch = lunch_minutes > 0 and any(
            total(intersect([gap], [lunch_window])) >= lunch_minutes for gap in gaps
        )
        idle += total(gaps) - (lunch_minutes if has_lunch else 0)
    return idle

"""What a weekly schedule is worth, in numbers a coordinator reads: coverage, travel,
school switches, idle time, workload balance and groups.

`measure` reads any `Solution` (the solver's, the by-hand baseline's, one stored
earlier) against its `Problem`; it trusts nothing the solution says about itself
(its `unscheduled` list, its stats) and counts from the sessions and travel legs.
Standard library only, like the rest of the solver package.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session, Solution, TravelLeg
from schoolot.solver.windows import Span, intersect, merge, subtract, total


@dataclass(frozen=True)
class ScheduleMetrics:
    """A schedule's numbers; minutes are per week (the repeating pattern; in a cycle of
    weeks, the cycle's over its weeks)."""

    lines_owed: int
    # Lines that get every one of their weekly sessions.
    lines_met: int
    # Student minutes: sessions x length over all lines.
    minutes_owed: int
    # Student minutes delivered, each line counted up to what it owes.
    minutes_met: int
    sessions: int
    # Sessions holding more than one line (a group of students).
    groups_formed: int
    travel_minutes: int
    # Changes of school between consecutive sessions of a therapist's day, summed.
    school_switches: int
    # Minutes between a therapist's first and last session of a day that hold no
    # session, no travel and no lunch, summed over therapists and days.
    idle_minutes: int
    # Per therapist (problem index): (session + travel minutes) / FTE; None at FTE 0.
    workload_per_fte: tuple[float | None, ...]
    # Over the therapists with an FTE: max - min, and the population standard deviation.
    workload_spread: float
    workload_stdev: float

    @property
    def coverage(self) -> float:
        """Share of the lines met (1.0 when nothing is owed)."""
        return self.lines_met / self.lines_owed if self.lines_owed else 1.0

    @property
    def minutes_coverage(self) -> float:
        """Share of the student minutes met (1.0 when nothing is owed)."""
        return self.minutes_met / self.minutes_owed if self.minutes_owed else 1.0


def measure(problem: Problem, solution: Solution) -> ScheduleMetrics:
    """The metrics of `solution`, counted from its sessions and travel legs. In a cycle
    of weeks the minutes (and workload) are a week's: the cycle's over its weeks,
    rounded; the counts (sessions, groups, switches) are the whole cycle's."""
    weeks = problem.cycle_weeks
    lines_met, minutes_met = _coverage(problem, solution.sessions)
    workload = tuple(None if w is None else w / weeks for w in _workload_per_fte(problem, solution))
    loads = [w for w in workload if w is not None]
    return ScheduleMetrics(
        lines_owed=len(problem.services),
        lines_met=lines_met,
        minutes_owed=round(sum(line.sessions * line.length for line in problem.services) / weeks),
        minutes_met=round(minutes_met / weeks),
        sessions=len(solution.sessions),
        groups_formed=sum(1 for s in solution.sessions if len(s.services) > 1),
        travel_minutes=round(sum(leg.end - leg.start for leg in solution.travel) / weeks),
        school_switches=school_switches(solution),
        idle_minutes=round(idle_minutes(problem, solution) / weeks),
        workload_per_fte=workload,
        workload_spread=max(loads) - min(loads) if loads else 0.0,
        workload_stdev=statistics.pstdev(loads) if loads else 0.0,
    )


def _coverage(problem: Problem, sessions: tuple[Session, ...]) -> tuple[int, int]:
    """(lines met, student minutes met)."""
    held: dict[int, int] = defaultdict(int)
    for session in sessions:
        for service in session.services:
            held[service] += 1
    lines_met = minutes_met = 0
    for service, count in held.items():
        line = problem.services[service]
        lines_met += count >= line.sessions
        # A line given more sessions than it owes (an invalid schedule) earns no extra.
        minutes_met += min(count, line.sessions) * line.length
    return lines_met, minutes_met


def _days(solution: Solution) -> dict[tuple[int, int], tuple[list[Session], list[TravelLeg]]]:
    """Sessions (by start) and travel legs per (therapist, day)."""
    days: dict[tuple[int, int], tuple[list[Session], list[TravelLeg]]] = defaultdict(
        lambda: ([], [])
    )
    for session in solution.sessions:
        days[session.therapist, session.day][0].append(session)
    for leg in solution.travel:
        days[leg.therapist, leg.day][1].append(leg)
    for sessions, _ in days.values():
        sessions.sort(key=lambda s: (s.start, s.end))
    return days


def school_switches(solution: Solution) -> int:
    """Changes of school between consecutive sessions of one therapist's day, summed."""
    switches = 0
    for sessions, _ in _days(solution).values():
        switches += sum(1 for a, b in pairwise(sessions) if a.school != b.school)
    return switches


def idle_minutes(problem: Problem, solution: Solution) -> int:
    """Minutes between each therapist's first and last session of a day that are
    neither session, travel nor lunch, summed.

    Lunch is taken out of a gap that holds `lunch_minutes` inside the lunch window;
    when no gap does, the lunch lies before the first or after the last session and
    no gap is excused.
    """
    idle = 0
    for sessions, legs in _days(solution).values():
        if not sessions:
            continue
        day: Span = (min(s.start for s in sessions), max(s.end for s in sessions))
        busy = merge([(s.start, s.end) for s in sessions] + [(g.start, g.end) for g in legs])
        gaps = subtract([day], busy)
        lunch = problem.lunch_minutes
        has_lunch = lunch > 0 and any(
            total(intersect([gap], [problem.lunch_window])) >= lunch for gap in gaps
        )
        idle += total(gaps) - (lunch if has_lunch else 0)
    return idle


def _workload_per_fte(problem: Problem, solution: Solution) -> tuple[float | None, ...]:
    # A group session is one session of the therapist's time, whatever its size.
    minutes = [0] * len(problem.therapists)
    for session in solution.sessions:
        minutes[session.therapist] += session.end - session.start
    for leg in solution.travel:
        minutes[leg.therapist] += leg.end - leg.start
    return tuple(
        minutes[t] / therapist.fte if therapist.fte > 0 else None
        for t, therapist in enumerate(problem.therapists)
    )


__all__ = ["ScheduleMetrics", "idle_minutes", "measure", "school_switches"]

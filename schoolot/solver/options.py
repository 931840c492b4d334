"""Options of one solve: up to three schedules from differently weighted objectives.

Each option is a whole solve (`solve.solve`) of the same problem with its weights
reweighed by a named profile (week.WEIGHT_PROFILES: fewer drives, fewer moves from the
schedule in force, more compact days), each with an equal share of the time limit. An
option whose assignments and sessions equal an earlier one's is dropped (the earlier
one is then the best found for both profiles). The options are ranked by lines met
first, then by how far each leads the others on its own profile's figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from schoolot.solver.metrics import idle_minutes
from schoolot.solver.problem import Problem
from schoolot.solver.runner import Progress, SearchCounts
from schoolot.solver.solution import Solution
from schoolot.solver.solve import Cancelled, solve
from schoolot.solver.week import WEIGHT_PROFILES

MAX_OPTIONS = 3
# The profiles tried, in order: with no schedule in force "moves" has nothing to
# favour, and the plain weighing takes its place.
WITH_IN_FORCE = ("drives", "moves", "compact")
WITHOUT_IN_FORCE = ("drives", "compact", "balanced")


@dataclass(frozen=True)
class Figures:
    """What a coordinator compares options by."""

    lines_met: int
    travel_minutes: int
    idle_minutes: int
    # Sessions of the schedule in force not kept at their day, time and school with
    # each of their lines (week_replan.moved_penalties' count).
    moved_sessions: int
    # Days on which a therapist visits a school, summed over therapists and schools.
    school_days: int

    def of(self, name: str) -> int:
        value = getattr(self, name)
        assert isinstance(value, int)
        return value


@dataclass(frozen=True)
class Option:
    rank: int
    # The profiles this schedule is the best found for: the first solved it, the
    # others found the very same schedule.
    profiles: tuple[str, ...]
    solution: Solution
    figures: Figures

    @property
    def profile(self) -> str:
        return self.profiles[0]


def profiles_for(problem: Problem, count: int) -> tuple[str, ...]:
    """The names of the `count` profiles a solve of `problem` tries (1 to MAX_OPTIONS)."""
    if not 1 <= count <= MAX_OPTIONS:
        raise ValueError(f"options: {count} is out of range (1 to {MAX_OPTIONS})")
    return (WITH_IN_FORCE if problem.in_force else WITHOUT_IN_FORCE)[:count]


def solve_options(
    problem: Problem,
    count: int,
    time_limit: float,
    seed: int = 0,
    workers: int | None = None,
    on_progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[Option]:
    """Up to `count` ranked schedules of `problem`, each solved in `time_limit / count`
    seconds. A stop keeps the options found so far (Cancelled when there is none)."""
    names = profiles_for(problem, count)
    share = time_limit / len(names)
    found: list[tuple[str, Solution]] = []
    for number, name in enumerate(names):
        if found and should_stop is not None and should_stop():
            break
        weighed = replace(problem, weights=WEIGHT_PROFILES[name].weigh(problem.weights))
        try:
            solution = solve(
                weighed,
                time_limit=share,
                seed=seed,
                workers=workers,
                on_progress=_shifted(on_progress, number * share),
                should_stop=should_stop,
            )
        except Cancelled:
            if not found:
                raise
            break
        found.append((name, solution))
    return rank_options(problem, found)


def _shifted(on_progress: Progress | None, offset: float) -> Progress | None:
    """The progress of the option solved `offset` seconds into the job."""
    if on_progress is None:
        return None
    report = on_progress

    def shifted(seconds: float, objective: float, bound: float, counts: SearchCounts) -> None:
        report(seconds + offset, objective, bound, counts)

    return shifted


def rank_options(problem: Problem, found: Sequence[tuple[str, Solution]]) -> list[Option]:
    """Collapse identical schedules (the first profile keeps it) and rank the rest."""
    kept: list[tuple[list[str], Solution, Figures]] = []
    seen: dict[tuple, int] = {}
    for name, solution in found:
        key = schedule_key(solution)
        if key in seen:
            kept[seen[key]][0].append(name)
            continue
        seen[key] = len(kept)
        kept.append(([name], solution, measure_option(problem, solution)))
    order = sorted(
        range(len(kept)),
        key=lambda i: (-kept[i][2].lines_met, -_lead(kept, i), i),
    )
    return [
        Option(rank, tuple(kept[i][0]), kept[i][1], kept[i][2])
        for rank, i in enumerate(order, start=1)
    ]


def _lead(kept: Sequence[tuple[list[str], Solution, Figures]], i: int) -> float:
    """How far option `i` leads the worst of the options on its own profile's figure,
    as a share of that worst figure (0 when it leads nothing)."""
    figure = WEIGHT_PROFILES[kept[i][0][0]].figure
    if figure == "lines_met":
        return 0.0
    values = [figures.of(figure) for _, _, figures in kept]
    worst = max(values)
    return (worst - values[i]) / worst if worst else 0.0


def schedule_key(solution: Solution) -> tuple:
    """Two solutions with equal keys are the same schedule: the same assignments and
    the same sessions (therapist, school, day, times, delivery, lines)."""
    sessions = sorted(
        (s.therapist, s.day, s.start, s.end, s.school, s.delivery, tuple(sorted(s.services)))
        for s in solution.sessions
    )
    return (solution.assignments, tuple(sessions))


def measure_option(problem: Problem, solution: Solution) -> Figures:
    unscheduled = {u.service for u in solution.unscheduled}
    weeks = problem.cycle_weeks
    return Figures(
        lines_met=len(problem.services) - len(unscheduled),
        # a week's minutes (in a cycle of weeks, the cycle's over its weeks)
        travel_minutes=round(sum(leg.end - leg.start for leg in solution.travel) / weeks),
        idle_minutes=round(idle_minutes(problem, solution) / weeks),
        moved_sessions=moved_sessions(problem, solution),
        school_days=len({(s.therapist, s.day, s.school) for s in solution.sessions}),
    )


def moved_sessions(problem: Problem, solution: Solution) -> int:
    """Sessions of the schedule in force not kept: kept when each of its lines is still
    in a session of the same therapist at that day, time and school."""
    where = {
        (s.therapist, s.day, s.start, s.school, line)
        for s in solution.sessions
        for line in s.services
    }
    return sum(
        1
        for placed in problem.in_force
        if not all(
            (placed.therapist, placed.day, placed.start, placed.school, line) in where
            for line in placed.services
        )
    )

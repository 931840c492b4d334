"""Choose one therapist's makeups for all their owed lines together, with CP-SAT.

Each candidate is a slot where a makeup fits the day as it stands (`rules`). The model
picks candidates: at most one a line a date, never more minutes for a line than it is
owed, no two at once; it covers as many owed minutes as it can and, among equal
covers, prefers earlier dates, days the therapist is at that school already and
sessions of the line's own length (costs the caller gives). Whether several makeups
on one day still leave the drives and the lunch is checked after each solve by the
caller's `fits_together`; a day that fails is cut off and the model solved again, so
what comes back keeps every rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

# One owed minute covered outweighs any preference (costs stay below this).
MINUTE_WEIGHT = 1_000
MAX_ROUNDS = 40


@dataclass(frozen=True)
class Candidate:
    line: int  # the caller's line key
    day: int  # the caller's date key (days from the first date)
    start: int
    end: int
    cost: int  # the preferences against it (later date, a new school that day...)

    @property
    def minutes(self) -> int:
        return self.end - self.start


def choose(
    candidates: Sequence[Candidate],
    owed: dict[int, int],
    fits_together: Callable[[list[Candidate]], bool],
    *,
    time_limit: float = 5.0,
    seed: int = 0,
) -> list[Candidate]:
    """The chosen candidates (in day and time order): at most `owed[line]` minutes a
    line, every day's choice accepted by `fits_together`."""
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"take_{i}") for i in range(len(candidates))]
    _at_most_owed(model, candidates, chosen, owed)
    _one_a_line_a_day(model, candidates, chosen)
    _no_overlap(model, candidates, chosen)
    model.maximize(
        sum(
            x * (MINUTE_WEIGHT * c.minutes - c.cost)
            for c, x in zip(candidates, chosen, strict=True)
        )
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    for _ in range(MAX_ROUNDS):
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return []
        taken = [i for i, x in enumerate(chosen) if solver.value(x)]
        failed = _days_that_fail(candidates, taken, fits_together)
        if not failed:
            return sorted((candidates[i] for i in taken), key=lambda c: (c.day, c.start))
        for day_taken in failed:
            model.add_bool_or([~chosen[i] for i in day_taken])
    return []


def _at_most_owed(model, candidates, chosen, owed: dict[int, int]) -> None:
    by_line: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_line[c.line].append(i)
    for line, indices in by_line.items():
        model.add(sum(chosen[i] * candidates[i].minutes for i in indices) <= owed.get(line, 0))


def _one_a_line_a_day(model, candidates, chosen) -> None:
    by_line_day: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_line_day[c.line, c.day].append(i)
    for indices in by_line_day.values():
        if len(indices) > 1:
            model.add_at_most_one(chosen[i] for i in indices)


def _no_overlap(model, candidates, chosen) -> None:
    by_day: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_day[c.day].append(i)
    for indices in by_day.values():
        intervals = [
            model.new_optional_fixed_size_interval_var(
                candidates[i].start, candidates[i].minutes, chosen[i], f"slot_{i}"
            )
            for i in indices
        ]
        model.add_no_overlap(intervals)


def _days_that_fail(
    candidates: Sequence[Candidate],
    taken: list[int],
    fits_together: Callable[[list[Candidate]], bool],
) -> list[list[int]]:
    by_day: dict[int, list[int]] = defaultdict(list)
    for i in taken:
        by_day[candidates[i].day].append(i)
    return [
        indices
        for indices in by_day.values()
        if len(indices) > 1 and not fits_together([candidates[i] for i in indices])
    ]

"""Choose one therapist's makeups for all their owed lines together, with CP-SAT.

Each candidate is a slot where a makeup fits the day as it stands (`rules`). The model
picks candidates: at most one a line a date, never more minutes for a line than it is
owed, no two at once, the drive between two at different schools (`drive`), and on
each date a lunch clear of the makeups and of what the day already holds (`Day.busy`);
a makeup joining a group session takes none of the therapist's time.
It covers as many owed minutes as it can and, among equal covers, the cheapest (the
caller's preferences: earlier dates, days at that school already, the line's own
length).

The model's lunch and drives are its own statement of the rules; the caller's
`fits_together` (the rules themselves) has the last word: a date whose makeups fail it
is cut off and the model solved again while time remains, and what still fails at the
end keeps only the makeups that fit one after another. So what comes back keeps every
rule.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# One owed minute covered outweighs any preference (costs stay below this).
MINUTE_WEIGHT = 1_000
MAX_ROUNDS = 10


@dataclass(frozen=True)
class Candidate:
    line: int  # the caller's line key
    day: int  # the caller's date key (days from the first date)
    start: int
    end: int
    cost: int  # the preferences against it (later date, a new school that day...)
    place: int = 0  # the school
    student: int = 0
    # The session it joins as one more student of a group (None: a session of its own,
    # which takes the therapist's time).
    joins: str | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Day:
    """What a date already holds, for the model's lunch: busy spans (sessions and
    drives), and the lunch starts still possible (none: no lunch to keep)."""

    busy: tuple[tuple[int, int], ...] = ()
    lunch_starts: tuple[int, ...] = ()
    lunch_minutes: int = 0


@dataclass
class _Model:
    model: cp_model.CpModel
    chosen: list[cp_model.IntVar] = field(default_factory=list)


def choose(
    candidates: Sequence[Candidate],
    owed: dict[int, int],
    fits_together: Callable[[list[Candidate]], bool],
    *,
    days: dict[int, Day] | None = None,
    drive: Callable[[int, int], int | None] = lambda a, b: 0,
    time_limit: float = 5.0,
    seed: int = 0,
) -> list[Candidate]:
    """The chosen candidates (in day and time order): at most `owed[line]` minutes a
    line, every day's choice accepted by `fits_together`."""
    built = _build(candidates, owed, days or {}, drive)
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 1
    deadline = time.monotonic() + time_limit
    taken: list[int] = []
    for _ in range(MAX_ROUNDS):
        solver.parameters.max_time_in_seconds = max(deadline - time.monotonic(), 0.05)
        status = solver.solve(built.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        taken = [i for i, x in enumerate(built.chosen) if solver.value(x)]
        failed = _days_that_fail(candidates, taken, fits_together)
        if not failed or time.monotonic() >= deadline:
            break
        for day_taken in failed:
            built.model.add_bool_or([~built.chosen[i] for i in day_taken])
    return _keep_what_fits([candidates[i] for i in taken], fits_together)


def _build(
    candidates: Sequence[Candidate],
    owed: dict[int, int],
    days: dict[int, Day],
    drive: Callable[[int, int], int | None],
) -> _Model:
    built = _Model(cp_model.CpModel())
    model = built.model
    built.chosen = [model.new_bool_var(f"take_{i}") for i in range(len(candidates))]
    _at_most_owed(built, candidates, owed)
    _one_a_line_a_day(built, candidates)
    _drives_between(built, candidates, drive)
    _joins(built, candidates)
    _no_overlap_and_lunch(built, candidates, days)
    model.maximize(
        sum(
            x * (MINUTE_WEIGHT * c.minutes - c.cost)
            for c, x in zip(candidates, built.chosen, strict=True)
        )
    )
    return built


def _grouped(candidates: Sequence[Candidate], key: Callable[[Candidate], object]) -> dict:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[key(c)].append(i)
    return groups


def _at_most_owed(built: _Model, candidates: Sequence[Candidate], owed: dict[int, int]) -> None:
    for line, indices in _grouped(candidates, lambda c: c.line).items():
        minutes = sum(built.chosen[i] * candidates[i].minutes for i in indices)
        built.model.add(minutes <= owed.get(line, 0))


def _one_a_line_a_day(built: _Model, candidates: Sequence[Candidate]) -> None:
    for indices in _grouped(candidates, lambda c: (c.line, c.day)).values():
        if len(indices) > 1:
            built.model.add_at_most_one(built.chosen[i] for i in indices)


def _joins(built: _Model, candidates: Sequence[Candidate]) -> None:
    """One makeup joins a group session at most (the group's size was checked for one
    more), and a student joining one is in no other makeup then."""
    joining = [i for i, c in enumerate(candidates) if c.joins is not None]
    for indices in _grouped([candidates[i] for i in joining], lambda c: c.joins).values():
        if len(indices) > 1:
            built.model.add_at_most_one(built.chosen[joining[k]] for k in indices)
    for indices in _grouped(candidates, lambda c: (c.student, c.day)).values():
        for k, i in enumerate(indices):
            for j in indices[k + 1 :]:
                a, b = candidates[i], candidates[j]
                clash = a.start < b.end and b.start < a.end and a.line != b.line
                if clash and (a.joins is not None or b.joins is not None):
                    built.model.add_bool_or([~built.chosen[i], ~built.chosen[j]])


def _drives_between(
    built: _Model, candidates: Sequence[Candidate], drive: Callable[[int, int], int | None]
) -> None:
    """Two makeups of a date at different schools leave the drive between them (or
    are not both taken when the schools have no drive between them)."""
    for every in _grouped(candidates, lambda c: c.day).values():
        indices = [i for i in every if candidates[i].joins is None]
        for k, i in enumerate(indices):
            a = candidates[i]
            for j in indices[k + 1 :]:
                b = candidates[j]
                if a.place == b.place:
                    continue
                minutes = drive(a.place, b.place)
                if minutes is None or (a.end + minutes > b.start and b.end + minutes > a.start):
                    built.model.add_bool_or([~built.chosen[i], ~built.chosen[j]])


def _no_overlap_and_lunch(
    built: _Model, candidates: Sequence[Candidate], days: dict[int, Day]
) -> None:
    model = built.model
    for day, every in _grouped(candidates, lambda c: c.day).items():
        indices = [i for i in every if candidates[i].joins is None]
        intervals = [
            model.new_optional_fixed_size_interval_var(
                candidates[i].start, candidates[i].minutes, built.chosen[i], f"slot_{i}"
            )
            for i in indices
        ]
        known = days.get(day, Day())
        if known.lunch_starts and len(indices) > 1:
            start = model.new_int_var_from_domain(
                cp_model.Domain.from_values(known.lunch_starts), f"lunch_{day}"
            )
            intervals.append(
                model.new_fixed_size_interval_var(start, known.lunch_minutes, f"lunch_{day}")
            )
            intervals += [
                model.new_fixed_size_interval_var(b0, b1 - b0, f"busy_{day}_{k}")
                for k, (b0, b1) in enumerate(known.busy)
                if b1 > b0
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


def _keep_what_fits(
    chosen: list[Candidate], fits_together: Callable[[list[Candidate]], bool]
) -> list[Candidate]:
    """Per date, the chosen makeups that fit one after another (the first rounds'
    choice when time ran out before the cuts settled)."""
    kept: list[Candidate] = []
    for day in sorted({c.day for c in chosen}):
        today: list[Candidate] = []
        for candidate in sorted((c for c in chosen if c.day == day), key=lambda c: c.start):
            if fits_together([*today, candidate]):
                today.append(candidate)
        kept += today
    return kept

"""The most lines one therapist's week can meet, proven by a linear relaxation of
the week (`most_lines`), aware of what the therapist's time holds window by window:
each session lies in one run of starts where its line fits alone (the student's free
window, the therapist's hours there, lunch), a line at most once a day; a session's
minutes spread over the elementary segments of its run, each segment holding its
length; and a stretch of a day holds no more minutes than it has around lunch and
locked sessions. A group line takes its share of a session. What it leaves out
(contiguity, drives, group members' common windows) only loosens it, so its optimum
is never below what a valid week meets.
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ortools.linear_solver.python import model_builder as mb

from .capacity import caseloads, group_sizes, shortfalls
from .day_options import OK, LockedSessions, line_days, locked_sessions
from .problem import Problem
from .rules import may_join
from .windows import Span, merge, subtract, total

# Added to the LP's optimum before flooring it (GLOP's tolerances are near 1e-7).
TOLERANCE = 1e-3


@dataclass(frozen=True)
class WeekBound:
    """What the relaxation proved for one therapist's lines."""

    most: int  # no valid week meets more of `lines` than this
    lines: int


@dataclass(frozen=True)
class _Option:
    """A session of a line on a day, somewhere inside one run of its starts."""

    line: int
    day: int
    school: int
    span: Span  # from the run's first start to its last start's end
    minutes: float  # the therapist's minutes one session takes (a group line: its share)
    most: int  # sessions of the line this run holds at once


def _options(
    problem: Problem, therapist: int, lines: Sequence[int], locked: LockedSessions
) -> list[_Option]:
    found = []
    for j in lines:
        line = problem.services[j]
        school = problem.students[line.student].school
        for day in line_days(problem, j, therapist, locked):
            if day.status != OK:
                continue
            for first, last in _runs(day.starts, problem.grid):
                span = (first, last + line.length)
                one = problem.one_a_day(j, therapist)
                most = 1 if one else (span[1] - span[0]) // line.length
                found.append(_Option(j, day.day, school, span, float(line.length), most))
    return _shared(problem, lines, found)


def _shared(problem: Problem, lines: Sequence[int], options: list[_Option]) -> list[_Option]:
    """The options of group lines at their share of a session: its length over the
    largest group that could meet there (the line's `max_group`, capped by how many of
    the lines may join it and have a run that day overlapping this one by a session)."""
    size = group_sizes(problem, lines)
    runs: dict[tuple[int, int], list[Span]] = defaultdict(list)
    for o in options:
        runs[o.line, o.day].append(o.span)
    shared = []
    for o in options:
        if size[o.line] == 1:
            shared.append(o)
            continue
        line = problem.services[o.line]
        partners = sum(
            1
            for i in lines
            if i != o.line
            and any(min(o.span[1], b) - max(o.span[0], a) >= line.length for a, b in runs[i, o.day])
            and may_join(
                problem,
                o.line,
                [i],
                problem.students[problem.services[i].student].school,
                problem.services[i].delivery,
                problem.services[i].length,
            )
        )
        group = max(1, min(size[o.line], partners + 1))
        shared.append(replace(o, minutes=line.length / group))
    return shared


def _runs(starts: Sequence[int], grid: int) -> list[Span]:
    """Runs of consecutive grid starts, as (first, last)."""
    runs: list[list[int]] = []
    for s in starts:
        if runs and s - runs[-1][1] <= grid:
            runs[-1][1] = s
        else:
            runs.append([s, s])
    return [(a, b) for a, b in runs]


def most_lines(
    problem: Problem,
    therapist: int,
    lines: Sequence[int],
    locked: LockedSessions,
    time_limit: float = 1.0,
) -> WeekBound | None:
    """At most how many of `lines` (the therapist's, none proven out alone) a valid
    week of `therapist` meets: the optimum of the relaxation's linear programme, or
    None when it is not solved within `time_limit` seconds."""
    n_days = len(problem.weekdays)
    model = mb.Model()
    options = _options(problem, therapist, lines, locked)
    chosen = [model.new_num_var(0, o.most, "") for o in options]
    of_line: dict[int, list[int]] = defaultdict(list)
    for i, o in enumerate(options):
        of_line[o.line].append(i)
    met = []
    done = 0  # lines their locked sessions already meet
    for j in lines:
        line = problem.services[j]
        need = line.sessions - len(locked.line_days.get(j, []))
        if need <= 0:
            done += 1
            continue
        if sum(options[i].most for i in of_line[j]) < need:
            continue
        met.append(model.new_num_var(0, 1, ""))
        model.add(mb.LinearExpr.sum([chosen[i] for i in of_line[j]]) == need * met[-1])
        if problem.one_a_day(j, therapist):
            for d in range(n_days):
                on_day = [chosen[i] for i in of_line[j] if options[i].day == d]
                if len(on_day) > 1:
                    model.add(mb.LinearExpr.sum(on_day) <= 1)
        caps = problem.week_caps(j, therapist)
        for week, cap in enumerate(caps or (), start=1):
            in_week = [i for i in of_line[j] if problem.week_of(options[i].day) == week]
            if sum(options[i].most for i in in_week) > cap:
                model.add(mb.LinearExpr.sum([chosen[i] for i in in_week]) <= cap)
    for d in range(n_days):
        _add_day(problem, therapist, model, d, options, chosen, locked)
    model.maximize(mb.LinearExpr.sum(met))
    solver = mb.Solver("glop")
    solver.set_time_limit_in_seconds(max(0.01, time_limit))
    if solver.solve(model) != mb.SolveStatus.OPTIMAL:
        return None
    # GLOP's tolerances may put a whole optimum a hair below the whole number; rounding
    # up from further below only loosens the bound.
    most = min(len(met), math.floor(solver.objective_value + TOLERANCE))
    return WeekBound(done + most, len(lines))


def _add_day(
    problem: Problem,
    therapist: int,
    model: mb.Model,
    day: int,
    options: Sequence[_Option],
    chosen: Sequence[mb.Variable],
    locked: LockedSessions,
) -> None:
    """The day's sessions spread their minutes over the elementary segments of their
    runs, each segment holding its length; a stretch from a run's start to a run's end
    that lunch must partly fall in holds no more minutes than it has around lunch and
    locked sessions (other stretches hold the same runs and more time)."""
    today = [i for i, o in enumerate(options) if o.day == day]
    if not today:
        return
    busy = [(b[0], b[1]) for b in locked.therapist_day.get((therapist, day), [])]
    cuts = sorted(
        {p for i in today for p in options[i].span}
        | {p for b in busy for p in b}
        | set(problem.lunch_window)
    )
    in_segment: dict[Span, list[mb.Variable]] = defaultdict(list)
    for i in today:
        o = options[i]
        parts = []
        points = cuts[bisect.bisect_left(cuts, o.span[0]) : bisect.bisect_right(cuts, o.span[1])]
        for a, b in itertools.pairwise(points):
            part = model.new_num_var(0, b - a, "")
            in_segment[a, b].append(part)
            parts.append(part)
        model.add(mb.LinearExpr.sum(parts) == o.minutes * chosen[i])
    for (a, b), parts in in_segment.items():
        model.add(mb.LinearExpr.sum(parts) <= total(subtract([(a, b)], busy)))
    by_end = sorted(today, key=lambda i: options[i].span[1])
    for first in sorted({options[i].span[0] for i in today}):
        inside: list[int] = []
        for end, ending in itertools.groupby(by_end, key=lambda i: options[i].span[1]):
            inside.extend(i for i in ending if options[i].span[0] >= first)
            free, room = _room(problem, (first, end), busy)
            # The segments already hold `free`; only lunch makes a stretch tighter.
            if inside and room < free:
                minutes = [options[i].minutes * chosen[i] for i in inside]
                model.add(mb.LinearExpr.sum(minutes) <= room)


def _room(problem: Problem, stretch: Span, busy: Sequence[Span]) -> tuple[int, int]:
    """Minutes of `stretch` free of locked sessions, and those less the part of lunch
    that must fall inside it."""
    if busy:
        free_spans = subtract([stretch], busy)
        free = total(free_spans)
        outside = total(subtract((problem.lunch_window,), merge([*free_spans, *busy])))
    else:
        w0, w1 = problem.lunch_window
        free = stretch[1] - stretch[0]
        outside = (w1 - w0) - max(0, min(w1, stretch[1]) - max(w0, stretch[0]))
    return free, max(0, free - max(0, problem.lunch_minutes - outside))


def lines_out_of_reach(
    problem: Problem,
    assignments: Sequence[int | None],
    proofs: Iterable[int],
    seconds: float,
) -> dict[int, int]:
    """Per therapist, how many of their lines no valid week meets, beyond the lines of
    `proofs` (ruled out alone): the more of `shortfalls`' count (their minutes against
    their days) and `most_lines`' (their windows), the latter for the therapists owing
    the most minutes first, while `seconds` last."""
    deadline = time.monotonic() + seconds
    skip = set(proofs)
    out: dict[int, int] = defaultdict(int)
    for shortfall in shortfalls(problem, assignments, skip):
        # Shortfalls of one therapist may overlap: only the largest is certain.
        out[shortfall.therapist] = max(out[shortfall.therapist], shortfall.lines_short)
    lines_of = caseloads(problem, assignments, skip)
    locked = locked_sessions(problem)

    def owed(therapist: int) -> int:
        return sum(
            problem.services[j].sessions * problem.services[j].length for j in lines_of[therapist]
        )

    for therapist in sorted(lines_of, key=lambda t: (-owed(t), t)):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        bound = most_lines(problem, therapist, lines_of[therapist], locked, left)
        if bound is not None:
            out[therapist] = max(out[therapist], bound.lines - bound.most)
    return {t: n for t, n in out.items() if n > 0}

"""How much of a caseload a therapist's week can hold when students compete for the
same free minutes (window contention), before any week is built.

A max-flow per therapist: each line's minutes flow to the days it may be served
(at most one session a day for a line with no more sessions than days), then into
the stretches of the day its student (or teacher) is free, then into the
therapist's own time: each stretch of the day holds its minutes once, whichever
school it is spent at, and a day holds the therapist's hours less lunch and a
drive when they serve several schools. Students whose free windows overlap share
those minutes, so a therapist given a whole class with one free stretch a day sees
the flow fall short. Sessions are treated as divisible, so the flow is an
optimistic estimate; `Contention.unfit` is the minutes that cannot be placed even
so. `relieve` moves students off therapists whose caseload does not fit.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.graph.python import max_flow

from .instance import free_windows, therapist_at
from .problem import Problem
from .windows import Span, clip, merge

# Share of a group line's minutes counted as therapist time (groups of two or three).
GROUP_SHARE = 0.6
# Minutes a move must fit beyond the ones it loses to give a therapist a new school.
NEW_SCHOOL_MINUTES = 20


@dataclass(frozen=True)
class LineArcs:
    """One line with one therapist, prepared: its weekly minutes and, per day it can
    be served, the cap on that day's minutes and the stretches it may use."""

    minutes: int
    days: tuple[tuple[int, int, tuple[Span, ...]], ...]  # (day, cap, stretches)
    school: int


class Contention:
    """Prepared per-(therapist, line) arcs of a problem, and the flow that measures
    how many minutes of a caseload fit (cached per therapist and caseload)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._arcs: dict[tuple[int, int], LineArcs] = {}
        self._cache: dict[tuple[int, frozenset[int]], int] = {}
        self.day_minutes = [
            [
                0 if hours is None else max(0, hours[1] - hours[0] - problem.lunch_minutes)
                for hours in person.hours
            ]
            for person in problem.therapists
        ]

    def arcs(self, therapist: int, service: int) -> LineArcs:
        key = (therapist, service)
        found = self._arcs.get(key)
        if found is None:
            found = self._arcs[key] = _line_arcs(self.problem, therapist, service)
        return found

    def minutes(self, therapist: int, service: int) -> int:
        return self.arcs(therapist, service).minutes

    def fitted(self, therapist: int, services: Iterable[int]) -> int:
        """The most minutes of `services` the therapist's week can hold."""
        lines = frozenset(services)
        key = (therapist, lines)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._flow(therapist, lines)
        return found

    def unfit(self, therapist: int, services: Iterable[int]) -> int:
        """Minutes of `services` that do not fit the therapist's week."""
        lines = frozenset(services)
        owed = sum(self.minutes(therapist, j) for j in lines)
        return owed - self.fitted(therapist, lines)

    def _flow(self, therapist: int, lines: frozenset[int]) -> int:
        if not lines:
            return 0
        prepared = [self.arcs(therapist, j) for j in sorted(lines)]
        schools = {a.school for a in prepared if a.minutes}
        drive = _shortest_drive(self.problem, schools)
        cuts: dict[int, set[int]] = defaultdict(set)
        for line in prepared:
            for day, _, stretches in line.days:
                for start, end in stretches:
                    cuts[day].update((start, end))
        flow = max_flow.SimpleMaxFlow()
        source, sink = 0, 1
        nodes = 2
        # Per day: the cut points in order, and the node of the piece after each.
        points: dict[int, dict[int, int]] = {}
        first_piece: dict[int, int] = {}
        for day, found in cuts.items():
            day_node = nodes
            nodes += 1
            flow.add_arc_with_capacity(
                day_node, sink, max(0, self.day_minutes[therapist][day] - drive)
            )
            ordered = sorted(found)
            points[day] = {point: rank for rank, point in enumerate(ordered)}
            first_piece[day] = nodes
            for start, end in itertools.pairwise(ordered):
                flow.add_arc_with_capacity(nodes, day_node, end - start)
                nodes += 1
        for line in prepared:
            if not line.minutes:
                continue
            line_node = nodes
            nodes += 1
            flow.add_arc_with_capacity(source, line_node, line.minutes)
            for day, cap, stretches in line.days:
                line_day = nodes
                nodes += 1
                flow.add_arc_with_capacity(line_node, line_day, cap)
                rank, base = points[day], first_piece[day]
                for start, end in stretches:
                    for piece in range(rank[start], rank[end]):
                        # The piece's length is on its own arc to the day.
                        flow.add_arc_with_capacity(line_day, base + piece, end - start)
        if flow.solve(source, sink) != flow.OPTIMAL:
            return 0
        return flow.optimal_flow()


def _line_arcs(problem: Problem, therapist: int, service: int) -> LineArcs:
    line = problem.services[service]
    school = problem.students[line.student].school
    share = GROUP_SHARE if line.group else 1.0
    one_a_day = problem.one_a_day(service, therapist)
    caps = problem.week_caps(service, therapist)
    days = []
    for day in range(len(problem.weekdays)):
        at = therapist_at(problem, therapist, school, day)
        if at is None or (caps is not None and not caps[problem.week_of(day) - 1]):
            continue
        windows = merge(clip(free_windows(problem, service, day), at))
        stretches = tuple(w for w in windows if w[1] - w[0] >= line.length)
        if not stretches:
            continue
        cap = line.length if one_a_day else line.length * line.sessions
        days.append((day, round(cap * share), stretches))
    return LineArcs(
        minutes=round(line.sessions * line.length * share), days=tuple(days), school=school
    )


def _shortest_drive(problem: Problem, schools: set[int]) -> int:
    drives = [
        minutes
        for a in schools
        for b in schools
        if a != b and (minutes := problem.travel[a][b]) is not None
    ]
    return min(drives, default=0)


def relieve(
    problem: Problem,
    chosen: Sequence[int | None],
    movable: Iterable[int],
    until: float,
) -> tuple[int | None, ...]:
    """Move students off therapists whose caseload does not fit (by the flow) to a
    candidate with room, one move at a time, the one that fits the most minutes
    first, while any move helps and time remains. A move never gives a therapist a
    school with no drive to any they already serve, and one to a new school must
    fit at least NEW_SCHOOL_MINUTES more."""
    contention = Contention(problem)
    chosen = list(chosen)
    movable = set(movable)
    lines_of: dict[int, set[int]] = defaultdict(set)
    for index, line in enumerate(problem.services):
        if chosen[line.student] is not None:
            lines_of[line.student].add(index)
    caseload: dict[int, set[int]] = defaultdict(set)
    for student, therapist in enumerate(chosen):
        if therapist is not None:
            caseload[therapist] |= lines_of[student]
    while time.monotonic() < until:
        move = _best_move(problem, contention, chosen, movable, lines_of, caseload, until)
        if move is None:
            break
        student, giver, taker = move
        caseload[giver] -= lines_of[student]
        caseload[taker] |= lines_of[student]
        chosen[student] = taker
    return tuple(chosen)


def _best_move(
    problem: Problem,
    contention: Contention,
    chosen: Sequence[int | None],
    movable: set[int],
    lines_of: dict[int, set[int]],
    caseload: dict[int, set[int]],
    until: float,
) -> tuple[int, int, int] | None:
    """The move that fits the most minutes off the fullest therapist with one to
    make; the best found so far when time runs out."""
    unfit = {t: contention.unfit(t, lines) for t, lines in caseload.items()}
    schools = {
        t: {problem.students[problem.services[j].student].school for j in lines}
        for t, lines in caseload.items()
    }
    best: tuple[int, tuple[int, int, int]] | None = None
    for giver in sorted(unfit, key=lambda t: -unfit[t]):
        if unfit[giver] <= 0:
            break
        for student in sorted(s for s in movable if chosen[s] == giver and lines_of[s]):
            if time.monotonic() >= until:
                return None if best is None else best[1]
            school = problem.students[student].school
            relief = unfit[giver] - contention.unfit(giver, caseload[giver] - lines_of[student])
            if relief <= 0:
                continue  # the student does not compete for the minutes short
            for taker in sorted(problem.students[student].candidates - {giver}):
                theirs = schools.get(taker, set())
                if theirs and all(problem.travel[school][k] is None for k in theirs):
                    continue
                added = contention.unfit(taker, caseload[taker] | lines_of[student])
                gain = relief + unfit.get(taker, 0) - added
                if school not in theirs:
                    gain -= NEW_SCHOOL_MINUTES
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, (student, giver, taker))
        if best is not None:
            return best[1]
    return None

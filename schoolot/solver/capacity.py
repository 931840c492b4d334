"""Groups of lines a therapist's time cannot hold together (`shortfalls`): a
max-flow of the minutes owed onto the therapist's days, naming the bottleneck days
and the minutes short."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.graph.python import max_flow

from .day_options import OK, LockedSessions, days_text, disjoint_count, line_days, locked_sessions
from .instance import therapist_at
from .problem import Problem
from .proofs import analyse, therapists_for
from .rules import may_join
from .windows import (
    Span,
    Spans,
    join_words,
    merge,
    subtract,
    total,
)


@dataclass(frozen=True)
class Shortfall:
    """Lines of one therapist whose minutes their days cannot hold."""

    therapist: int
    schools: tuple[int, ...]
    days: tuple[int, ...]  # the saturated days the lines are confined to
    owed: int  # minutes owed by `services`
    available: int  # the most of those minutes the days can hold
    services: tuple[int, ...]
    reason: str
    # The minutes each of `services` owes, as `owed` counts them.
    minutes: tuple[int, ...] = ()

    @property
    def short(self) -> int:
        return self.owed - self.available

    @property
    def lines_short(self) -> int:
        """How many of the lines at least go unmet: the fewest whose minutes cover the
        shortfall (leaving a line out frees at most its own minutes)."""
        freed = dropped = 0
        for minutes in sorted(self.minutes or [self.owed], reverse=True):
            if freed >= self.short:
                break
            freed, dropped = freed + minutes, dropped + 1
        return dropped


class _Network:
    """A flow network whose nodes are numbered as they are made, solved by OR-Tools'
    SimpleMaxFlow."""

    def __init__(self) -> None:
        self.solver = max_flow.SimpleMaxFlow()
        self.nodes = 0

    def node(self) -> int:
        self.nodes += 1
        return self.nodes - 1

    def edge(self, a: int, b: int, capacity: int) -> None:
        self.solver.add_arc_with_capacity(a, b, capacity)

    def max_flow(self, source: int, sink: int) -> int:
        status = self.solver.solve(source, sink)
        if status != self.solver.OPTIMAL:
            raise RuntimeError(f"max-flow of the therapist's minutes failed: {status}")
        return int(self.solver.optimal_flow())

    def source_side(self) -> set[int]:
        """The nodes still reachable from the source after the flow: the minimum cut."""
        return set(self.solver.get_source_side_min_cut())


def _day_capacity(problem: Problem, spans: Spans, locked_busy: Sequence[Span]) -> int:
    """An upper bound on session minutes in `spans` around locked sessions and lunch."""
    free = subtract(spans, locked_busy)
    outside = subtract((problem.lunch_window,), merge([*free, *locked_busy]))
    lunch_cost = max(0, problem.lunch_minutes - total(outside))
    return max(0, total(free) - lunch_cost)


def shortfalls(
    problem: Problem,
    assignments: Sequence[int | None],
    skip: Iterable[int] | None = None,
) -> list[Shortfall]:
    """Groups of lines a therapist's time provably cannot hold together.

    Per therapist, the minutes owed by their lines (those of `skip`, by default the
    lines `analyse` already rules out, left aside) flow to the (school, day) pairs
    where each line fits, at most one session a day, then to the day; each
    (school, day) and each day holds at most the therapist's minutes there, less
    locked sessions and the part of lunch that must fall in working time. A flow
    short of the minutes owed proves that some of those lines cannot be met; the
    minimum cut names which lines and days form the bottleneck.
    """
    locked = locked_sessions(problem)
    skipped = set(analyse(problem, assignments) if skip is None else skip)
    found = []
    for therapist, lines in sorted(caseloads(problem, assignments, skipped).items()):
        shortfall = therapist_shortfall(problem, therapist, lines, locked)
        if shortfall is not None:
            found.append(shortfall)
    return found


def caseloads(
    problem: Problem, assignments: Sequence[int | None], skip: Iterable[int]
) -> dict[int, list[int]]:
    """Per therapist, the lines only they can serve (their students' lines, or those
    of students whose one candidate they are), less those of `skip`."""
    skipped = set(skip)
    by_therapist: dict[int, list[int]] = defaultdict(list)
    for j, line in enumerate(problem.services):
        if j in skipped or line.sessions <= 0:
            continue
        therapists = therapists_for(problem, assignments, line.student)
        if len(therapists) == 1:
            by_therapist[therapists[0]].append(j)
    return by_therapist


def group_sizes(problem: Problem, lines: Sequence[int]) -> dict[int, int]:
    """The largest group each line could sit in among `lines`: its `max_group`, capped
    by how many of the lines may join it (1 for a line that never joins). A session
    of a group line takes at least its length shared by this many."""
    size = {}
    for j in lines:
        line = problem.services[j]
        partners = sum(
            1
            for i in lines
            if i != j
            and may_join(
                problem,
                j,
                [i],
                problem.students[problem.services[i].student].school,
                problem.services[i].delivery,
                problem.services[i].length,
            )
        )
        size[j] = max(1, min(line.max_group, partners + 1))
    return size


def therapist_shortfall(
    problem: Problem, therapist: int, lines: Sequence[int], locked: LockedSessions
) -> Shortfall | None:
    t = problem.therapists[therapist]
    n_days = len(problem.weekdays)
    flow = _Network()
    source, sink = flow.node(), flow.node()
    day_node: dict[int, int] = {}
    place_node: dict[tuple[int, int], int] = {}
    line_node: dict[int, int] = {}
    owed: dict[int, int] = {}
    for d in range(n_days):
        busy = [(b[0], b[1]) for b in locked.therapist_day.get((therapist, d), [])]
        spans = [at for k in sorted(t.schools) if (at := therapist_at(problem, therapist, k, d))]
        if not spans:
            continue
        day_node[d] = flow.node()
        flow.edge(day_node[d], sink, _day_capacity(problem, merge(spans), busy))
        for k in sorted(t.schools):
            at = therapist_at(problem, therapist, k, d)
            if at is not None:
                place_node[k, d] = flow.node()
                flow.edge(place_node[k, d], day_node[d], _day_capacity(problem, (at,), busy))
    # Rounded down, so the flow stays a relaxation.
    share = {
        j: problem.services[j].length // size for j, size in group_sizes(problem, lines).items()
    }
    for j in lines:
        line = problem.services[j]
        school = problem.students[line.student].school
        need = line.sessions - len(locked.line_days.get(j, []))
        if need <= 0:
            continue
        line_node[j] = flow.node()
        owed[j] = need * share[j]
        flow.edge(source, line_node[j], owed[j])
        for day in line_days(problem, j, therapist, locked):
            if day.status != OK or (school, day.day) not in place_node:
                continue
            per_day = (
                1 if problem.one_a_day(j, therapist) else disjoint_count(day.starts, line.length)
            )
            flow.edge(line_node[j], place_node[school, day.day], per_day * share[j])
    deficit = sum(owed.values()) - flow.max_flow(source, sink)
    if deficit <= 0:
        return None
    cut = flow.source_side()
    services = tuple(j for j, node in line_node.items() if node in cut)
    days = tuple(sorted({d for (_, d), node in place_node.items() if node in cut}))
    schools = tuple(
        sorted({problem.students[problem.services[j].student].school for j in services})
    )
    minutes_owed = sum(owed[j] for j in services)
    available = minutes_owed - deficit
    names = [problem.services[j].code for j in services]
    listed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    where = join_words([problem.schools[k].label for k in schools])
    grouped = any(share[j] < problem.services[j].length for j in services)
    owes = (
        f"needs at least {minutes_owed} min of {t.label}'s time at {where} this week, "
        f"groups counted at their largest"
        if grouped
        else f"owes {minutes_owed} min at {where} this week"
    )
    reason = (
        f"{t.label} {owes} ({listed}) but, on the "
        f"days those lines fit ({days_text(problem, days)}), has at most {available} min "
        f"there: {deficit} min cannot be scheduled; move a student to another therapist "
        f"or give {t.label} more time at {where}"
    )
    return Shortfall(
        therapist,
        schools,
        days,
        minutes_owed,
        available,
        services,
        reason,
        tuple(owed[j] for j in services),
    )

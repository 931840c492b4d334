"""Why a service line cannot be met, found from the instance, in words a coordinator
can act on.

- `analyse(problem, assignments)`: the lines that provably cannot be met, each
  alone (no therapist for the school; no free window of the session length on a day
  the therapist can be there; fewer distinct feasible days than sessions; no
  teacher time for a consult; locked sessions in the way), with the reason.
- `shortfalls(problem, assignments)`: groups of lines that cannot all be met because
  a therapist's time cannot hold them: a max-flow of the minutes owed onto the
  therapist's days, naming the bottleneck days and the minutes short.
- `explain_dropped(problem, assignments, solution, service)`: for a line that is
  feasible alone but was left out, what it competes with in that solution.

The helpers `therapist_at`, `free_windows` and `session_starts` are the instance
preparation the model and the by-hand baseline share.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .problem import CONSULT, PUSH_IN, Problem
from .rules import Booking, fits_therapist_day, may_join
from .solution import Session, Solution
from .validate import day_name, line_text
from .windows import (
    Span,
    Spans,
    clip,
    has_free_run,
    hhmm,
    join_words,
    longest,
    merge,
    overlaps,
    span_text,
    spans_text,
    starts_within,
    subtract,
    total,
)

# --- the instance, prepared --------------------------------------------------------


def therapist_at(problem: Problem, therapist: int, school: int, day: int) -> Span | None:
    """When `therapist` can be at `school` on `day`: their hours inside the school's
    student day; None when they are off, the school is closed or not theirs, or the
    day is pinned to another school."""
    t = problem.therapists[therapist]
    if school not in t.schools:
        return None
    pinned = t.pinned[day]
    if pinned is not None and pinned != school:
        return None
    hours, school_day = t.hours[day], problem.schools[school].day[day]
    if hours is None or school_day is None:
        return None
    start, end = max(hours[0], school_day[0]), min(hours[1], school_day[1])
    return (start, end) if start < end else None


def free_windows(problem: Problem, service: int, day: int) -> Spans:
    """When the line's student (for a consult: the student's teacher) is free for a
    session of the line's delivery on `day`, inside the school's student day."""
    line = problem.services[service]
    student = problem.students[line.student]
    if line.delivery == CONSULT:
        windows = problem.teachers[student.teacher].free[day]
    elif line.delivery == PUSH_IN:
        windows = student.free_push_in[day]
    else:
        windows = student.free_pull_out[day]
    return clip(windows, problem.schools[student.school].day[day])


def lunch_fits(problem: Problem, busy: Iterable[Span]) -> bool:
    """True when `busy` leaves a lunch of `lunch_minutes` inside `lunch_window`."""
    return has_free_run(busy, problem.lunch_window, problem.lunch_minutes)


def lunch_fits_around(problem: Problem, start: int, end: int) -> bool:
    """True when one session over [start, end) alone leaves room for lunch."""
    w0, w1 = problem.lunch_window
    if end <= w0 or start >= w1:
        return w1 - w0 >= problem.lunch_minutes
    return start - w0 >= problem.lunch_minutes or w1 - end >= problem.lunch_minutes


def lunch_safe_starts(problem: Problem, starts: Iterable[int], length: int) -> list[int]:
    """The starts whose session alone leaves room for lunch (`lunch_fits_around`,
    in one comparison per start)."""
    w0, w1 = problem.lunch_window
    lunch = problem.lunch_minutes
    if w1 - w0 < lunch:
        return []
    before = max(w0 - length, w1 - lunch - length)  # ends early enough
    after = min(w1, w0 + lunch)  # starts late enough
    return [s for s in starts if s <= before or s >= after]


def session_starts(problem: Problem, service: int, therapist: int, day: int) -> list[int]:
    """Grid starts of one session of the line with `therapist` on `day`, taken alone:
    inside the free windows and the therapist's time at the school, leaving room for
    lunch. Locked sessions and other lines are not considered."""
    line = problem.services[service]
    at = therapist_at(problem, therapist, problem.students[line.student].school, day)
    if at is None:
        return []
    starts = starts_within(clip(free_windows(problem, service, day), at), line.length, problem.grid)
    return lunch_safe_starts(problem, starts, line.length)


# --- sessions locked in place ------------------------------------------------------


@dataclass
class _Locked:
    """The locked sessions of the schedule in force, indexed; and, since they fix what
    a line's days look like, a cache of `_line_days` for one analysis."""

    therapist_day: dict[tuple[int, int], list[Booking]] = field(default_factory=dict)
    student_day: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    line_days: dict[int, list[int]] = field(default_factory=dict)
    days_of: dict[tuple[int, int], list[_Day]] = field(default_factory=dict)


def _locked(problem: Problem) -> _Locked:
    found = _Locked()
    for placed in problem.in_force:
        if not placed.locked or not placed.services:
            continue
        end = placed.start + problem.services[placed.services[0]].length
        found.therapist_day.setdefault((placed.therapist, placed.day), []).append(
            (placed.start, end, placed.school)
        )
        for j in placed.services:
            line = problem.services[j]
            found.line_days.setdefault(j, []).append(placed.day)
            if line.delivery != CONSULT:
                found.student_day.setdefault((line.student, placed.day), []).append(
                    (placed.start, end)
                )
    return found


# --- one line, one therapist, one day -----------------------------------------------

OK, USED, OFF, CLOSED, PINNED, NO_WINDOW, HOURS, LUNCH, LOCKED = (
    "ok",
    "used",
    "off",
    "closed",
    "pinned",
    "no window",
    "hours",
    "lunch",
    "locked",
)


@dataclass(frozen=True)
class _Day:
    day: int
    status: str
    starts: tuple[int, ...] = ()
    windows: Spans = ()  # the free windows, kept for the note


def _who(problem: Problem, service: int) -> str:
    line = problem.services[service]
    student = problem.students[line.student]
    if line.delivery == CONSULT:
        return f"teacher {problem.teachers[student.teacher].code}"
    return student.label


def _day_options(problem: Problem, service: int, therapist: int, day: int, locked: _Locked) -> _Day:
    line = problem.services[service]
    student = problem.students[line.student]
    school, length = student.school, line.length
    t = problem.therapists[therapist]
    if line.sessions <= len(problem.weekdays) and day in locked.line_days.get(service, []):
        return _Day(day, USED)
    if t.hours[day] is None:
        return _Day(day, OFF)
    if problem.schools[school].day[day] is None:
        return _Day(day, CLOSED)
    pinned = t.pinned[day]
    if pinned is not None and pinned != school:
        return _Day(day, PINNED)
    windows = free_windows(problem, service, day)
    if not starts_within(windows, length, problem.grid):
        return _Day(day, NO_WINDOW, windows=windows)
    at = therapist_at(problem, therapist, school, day)
    starts = starts_within(clip(windows, at), length, problem.grid) if at else []
    if not starts:
        return _Day(day, HOURS, windows=windows)
    mine = locked.therapist_day.get((therapist, day), [])
    busy = [(b[0], b[1]) for b in mine]
    if busy:
        starts = [s for s in starts if lunch_fits(problem, [*busy, (s, s + length)])]
    else:
        starts = lunch_safe_starts(problem, starts, length)
    if not starts:
        return _Day(day, LUNCH)
    student_busy = (
        [] if line.delivery == CONSULT else locked.student_day.get((line.student, day), [])
    )
    if mine or student_busy:
        starts = [
            s
            for s in starts
            if fits_therapist_day(problem, mine, school, s, s + length)
            and not any(overlaps((s, s + length), b) for b in student_busy)
        ]
    if not starts:
        return _Day(day, LOCKED)
    return _Day(day, OK, tuple(starts))


def _day_note(problem: Problem, service: int, therapist: int, d: _Day) -> str:
    """Why the day cannot take a session of the line, in a few words."""
    line = problem.services[service]
    t = problem.therapists[therapist]
    name = day_name(problem, d.day)
    school = problem.schools[problem.students[line.student].school].code
    if d.status == USED:
        return f"{name} already holds a locked session of {line.code}"
    if d.status == OFF:
        return f"{t.code} does not work {name}"
    if d.status == CLOSED:
        return f"{school} is closed {name}"
    if d.status == PINNED:
        pinned = t.pinned[d.day]
        assert pinned is not None
        return f"{t.code} is pinned to {problem.schools[pinned].code} on {name}"
    if d.status == NO_WINDOW:
        return f"{name}: {_who(problem, service)} free {spans_text(d.windows)}"
    if d.status == HOURS:
        hours = t.hours[d.day]
        assert hours is not None
        return (
            f"{name}: {t.code} works {span_text(hours)}, {_who(problem, service)} is free "
            f"{spans_text(d.windows)}"
        )
    if d.status == LUNCH:
        return f"{name}: every free time takes {t.code}'s lunch"
    if d.status == LOCKED:
        return f"{name}: locked sessions leave no room"
    return f"{name}: fits"


def _disjoint_count(starts: Sequence[int], length: int) -> int:
    """How many non-overlapping sessions of `length` the starts allow (earliest first)."""
    count, free_from = 0, None
    for s in starts:
        if free_from is None or s >= free_from:
            count, free_from = count + 1, s + length
    return count


def _line_days(problem: Problem, service: int, therapist: int, locked: _Locked) -> list[_Day]:
    key = (service, therapist)
    if key not in locked.days_of:
        locked.days_of[key] = [
            _day_options(problem, service, therapist, d, locked)
            for d in range(len(problem.weekdays))
        ]
    return locked.days_of[key]


def _sessions_possible(problem: Problem, service: int, days: Sequence[_Day]) -> int:
    line = problem.services[service]
    if line.sessions <= len(problem.weekdays):
        return sum(1 for d in days if d.status == OK)
    return sum(_disjoint_count(d.starts, line.length) for d in days if d.status == OK)


def _days_text(problem: Problem, days: Iterable[int]) -> str:
    return join_words([day_name(problem, d) for d in sorted(days)])


def _line_reason(problem: Problem, service: int, therapist: int, locked: _Locked) -> str | None:
    """Why the line cannot be met with `therapist`, or None when it can (taken alone)."""
    line = problem.services[service]
    student = problem.students[line.student]
    t = problem.therapists[therapist]
    school = problem.schools[student.school]
    if student.school not in t.schools:
        return (
            f"{t.code} does not serve {school.code}, {student.label}'s school: assign a "
            f"therapist who does, or add {school.code} to {t.code}'s schools"
        )
    done = len(locked.line_days.get(service, []))
    need = line.sessions - done
    if need <= 0:
        return None
    days = _line_days(problem, service, therapist, locked)
    if _sessions_possible(problem, service, days) >= need:
        return None
    return _reason_text(problem, service, therapist, days, done)


def _reason_text(
    problem: Problem, service: int, therapist: int, days: Sequence[_Day], done: int
) -> str:
    line = problem.services[service]
    student = problem.students[line.student]
    t = problem.therapists[therapist]
    k = problem.schools[student.school]
    n, length, n_days = line.sessions, line.length, len(problem.weekdays)
    distinct = n <= n_days
    head = f"needs {n} x {length} min" + (" on separate days" if distinct and n > 1 else "")
    at_days = [
        d.day for d in days if therapist_at(problem, therapist, student.school, d.day) is not None
    ]
    fit_days = [
        d
        for d in range(n_days)
        if starts_within(free_windows(problem, service, d), length, problem.grid)
    ]
    if line.delivery == CONSULT:
        teacher = problem.teachers[student.teacher].code
        windows = f"teacher {teacher}'s free time at {k.code} (consult for {student.label})"
    else:
        kind = "push-in" if line.delivery == PUSH_IN else "pull-out"
        windows = f"free {kind} windows at {k.code} for {student.label}"
    if not at_days:
        absent = _absence_text(problem, therapist, student.school)
        return f"{head}; {t.code} is never at {k.code}: {absent}"
    if not fit_days:
        most = max(longest(free_windows(problem, service, d)) for d in range(n_days))
        if line.delivery == CONSULT:
            teacher = problem.teachers[student.teacher].code
            return (
                f"{head}; teacher {teacher} ({student.label}'s teacher) has no free "
                f"{length}-min window at {k.code} on any day for a consult (longest {most} "
                f"min): free the teacher for {length} min"
            )
        blocks = "busy blocks" if line.delivery == PUSH_IN else "busy and protected blocks"
        kind = "push-in" if line.delivery == PUSH_IN else "pull-out"
        return (
            f"{head}; {student.label} has no free {kind} window of {length} min on any day "
            f"({blocks} leave at most {most} min): free the student for {length} min"
        )
    every = len(fit_days) == n_days
    fit = "on every day" if every else f"only on {_days_text(problem, fit_days)}"
    where = (
        f"{t.code} is at {k.code} every day"
        if len(at_days) == n_days
        else f"{t.code} is at {k.code} only on {_days_text(problem, at_days)}"
    )
    text = f"{head}; {windows} fit a {length}-min session {fit}, and {where}"
    both = set(fit_days) & set(at_days)
    notes = [
        _day_note(problem, service, therapist, d)
        for d in days
        if d.day in both and d.status in (HOURS, LUNCH, LOCKED)
    ]
    if notes:
        text += "; " + "; ".join(notes)
    if done:
        text += f" ({done} session(s) already locked)"
    if not distinct:
        text += f": room for only {_sessions_possible(problem, service, days) + done} sessions"
    return text


def _absence_text(problem: Problem, therapist: int, school: int) -> str:
    """Why the therapist is at the school on no day: off, closed, pinned elsewhere,
    or hours outside the student day."""
    t = problem.therapists[therapist]
    off: list[int] = []
    closed: list[int] = []
    outside: list[int] = []
    pinned_to: dict[int, list[int]] = defaultdict(list)
    for d in range(len(problem.weekdays)):
        pinned = t.pinned[d]
        if t.hours[d] is None:
            off.append(d)
        elif problem.schools[school].day[d] is None:
            closed.append(d)
        elif pinned is not None and pinned != school:
            pinned_to[pinned].append(d)
        else:
            outside.append(d)
    parts = []
    if off:
        parts.append(f"off {_days_text(problem, off)}")
    if closed:
        parts.append(f"school closed {_days_text(problem, closed)}")
    for other, pinned_days in sorted(pinned_to.items()):
        parts.append(
            f"pinned to {problem.schools[other].code} on {_days_text(problem, pinned_days)}"
        )
    if outside:
        parts.append(f"hours outside the school day on {_days_text(problem, outside)}")
    return "; ".join(parts)


def _therapists_for(problem: Problem, assignments: Sequence[int | None], student: int) -> list[int]:
    """The therapist who serves the student, or every candidate when none is chosen yet."""
    chosen = assignments[student] if student < len(assignments) else None
    if chosen is not None:
        return [chosen]
    pinned = problem.students[student].therapist
    if pinned is not None:
        return [pinned]
    return sorted(problem.students[student].candidates)


def _no_therapist_text(problem: Problem, student: int) -> str:
    st = problem.students[student]
    school = problem.schools[st.school].code
    serving = [t.code for t in problem.therapists if st.school in t.schools]
    if not serving:
        return (
            f"no therapist serves {school}: add {school} to a therapist's schools "
            f"so {st.label} can be served"
        )
    return (
        f"{st.label} has no candidate therapist: assign one of {', '.join(serving)} "
        f"(they serve {school})"
    )


def analyse(problem: Problem, assignments: Sequence[int | None]) -> dict[int, str]:
    """For every service line that provably cannot be met, the reason.

    A line is judged alone, with its student's therapist (`assignments[student]`,
    else the pinned one, else every candidate: then it fails only if it fails with
    each), around the locked sessions of the schedule in force. Lines that compete
    with each other for a therapist's time are `shortfalls`' business.
    """
    locked = _locked(problem)
    reasons: dict[int, str] = {}
    for j, line in enumerate(problem.services):
        if line.sessions <= 0:
            continue
        therapists = _therapists_for(problem, assignments, line.student)
        if not therapists:
            reasons[j] = _no_therapist_text(problem, line.student)
            continue
        found = [(t, _line_reason(problem, j, t, locked)) for t in therapists]
        if any(reason is None for _, reason in found):
            continue
        if len(found) == 1:
            reasons[j] = str(found[0][1])
        else:
            reasons[j] = "no candidate therapist can meet it: " + "; ".join(
                f"with {problem.therapists[t].code}: {reason}" for t, reason in found
            )
    return reasons


# --- therapist capacity: a max-flow of minutes onto days ---------------------------


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

    @property
    def short(self) -> int:
        return self.owed - self.available


class _Flow:
    """Dinic's max-flow on a small graph with integer capacities."""

    def __init__(self) -> None:
        self.graph: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[int] = []

    def node(self) -> int:
        self.graph.append([])
        return len(self.graph) - 1

    def edge(self, a: int, b: int, capacity: int) -> None:
        self.graph[a].append(len(self.to))
        self.to.append(b)
        self.cap.append(capacity)
        self.graph[b].append(len(self.to))
        self.to.append(a)
        self.cap.append(0)

    def _levels(self, source: int) -> list[int]:
        level = [-1] * len(self.graph)
        level[source] = 0
        queue = deque([source])
        while queue:
            a = queue.popleft()
            for e in self.graph[a]:
                if self.cap[e] > 0 and level[self.to[e]] < 0:
                    level[self.to[e]] = level[a] + 1
                    queue.append(self.to[e])
        return level

    def max_flow(self, source: int, sink: int) -> int:
        flow = 0
        while True:
            level = self._levels(source)
            if level[sink] < 0:
                return flow
            pointer = [0] * len(self.graph)
            while pushed := self._push(source, sink, 10**12, level, pointer):
                flow += pushed

    def _push(self, a: int, sink: int, limit: int, level: list[int], pointer: list[int]) -> int:
        if a == sink:
            return limit
        while pointer[a] < len(self.graph[a]):
            e = self.graph[a][pointer[a]]
            b = self.to[e]
            if self.cap[e] > 0 and level[b] == level[a] + 1:
                pushed = self._push(b, sink, min(limit, self.cap[e]), level, pointer)
                if pushed:
                    self.cap[e] -= pushed
                    self.cap[e ^ 1] += pushed
                    return pushed
            pointer[a] += 1
        return 0

    def reachable(self, source: int) -> set[int]:
        return {n for n, lv in enumerate(self._levels(source)) if lv >= 0}


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
    locked = _locked(problem)
    skipped = set(analyse(problem, assignments) if skip is None else skip)
    by_therapist: dict[int, list[int]] = defaultdict(list)
    for j, line in enumerate(problem.services):
        if j in skipped or line.sessions <= 0:
            continue
        therapists = _therapists_for(problem, assignments, line.student)
        if len(therapists) == 1:
            by_therapist[therapists[0]].append(j)
    found = []
    for therapist, lines in sorted(by_therapist.items()):
        shortfall = _therapist_shortfall(problem, therapist, lines, locked)
        if shortfall is not None:
            found.append(shortfall)
    return found


def _group_shares(problem: Problem, lines: Sequence[int]) -> dict[int, int]:
    """Therapist minutes one session of each line takes at least: its length, or for
    a group line its length shared by the largest group its partners allow (rounded
    down, so the flow stays a relaxation)."""
    share = {}
    for j in lines:
        line = problem.services[j]
        partners = sum(
            1
            for i in lines
            if may_join(
                problem,
                j,
                [i],
                problem.students[problem.services[i].student].school,
                problem.services[i].delivery,
                problem.services[i].length,
            )
        )
        share[j] = line.length // max(1, min(line.max_group, partners + 1))
    return share


def _therapist_shortfall(
    problem: Problem, therapist: int, lines: Sequence[int], locked: _Locked
) -> Shortfall | None:
    t = problem.therapists[therapist]
    n_days = len(problem.weekdays)
    flow = _Flow()
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
    share = _group_shares(problem, lines)
    for j in lines:
        line = problem.services[j]
        school = problem.students[line.student].school
        need = line.sessions - len(locked.line_days.get(j, []))
        if need <= 0:
            continue
        line_node[j] = flow.node()
        owed[j] = need * share[j]
        flow.edge(source, line_node[j], owed[j])
        for day in _line_days(problem, j, therapist, locked):
            if day.status != OK or (school, day.day) not in place_node:
                continue
            per_day = 1 if line.sessions <= n_days else _disjoint_count(day.starts, line.length)
            flow.edge(line_node[j], place_node[school, day.day], per_day * share[j])
    deficit = sum(owed.values()) - flow.max_flow(source, sink)
    if deficit <= 0:
        return None
    cut = flow.reachable(source)
    services = tuple(j for j, node in line_node.items() if node in cut)
    days = tuple(sorted({d for (_, d), node in place_node.items() if node in cut}))
    schools = tuple(
        sorted({problem.students[problem.services[j].student].school for j in services})
    )
    minutes_owed = sum(owed[j] for j in services)
    available = minutes_owed - deficit
    names = [problem.services[j].code for j in services]
    listed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    where = join_words([problem.schools[k].code for k in schools])
    grouped = any(share[j] < problem.services[j].length for j in services)
    owes = (
        f"needs at least {minutes_owed} min of {t.code}'s time at {where} this week, "
        f"groups counted at their largest"
        if grouped
        else f"owes {minutes_owed} min at {where} this week"
    )
    reason = (
        f"{t.code} {owes} ({listed}) but, on the "
        f"days those lines fit ({_days_text(problem, days)}), has at most {available} min "
        f"there: {deficit} min cannot be scheduled; move a student to another therapist "
        f"or give {t.code} more time at {where}"
    )
    return Shortfall(therapist, schools, days, minutes_owed, available, services, reason)


# --- a line the optimiser left out ---------------------------------------------------


def explain_dropped(
    problem: Problem, assignments: Sequence[int | None], solution: Solution, service: int
) -> str:
    """Why a line was left out of `solution`: the proof when it cannot be met alone;
    otherwise where it fits and what holds those times (the therapist's other
    sessions, the student's other sessions, lunch, travel), the therapist's free
    minutes at the school, and the therapist's shortfall when there is one. For many
    lines of one solution, `explain_all_dropped` indexes the solution once."""
    return _Explainer(problem, assignments, solution).explain(service)


def explain_all_dropped(
    problem: Problem,
    assignments: Sequence[int | None],
    solution: Solution,
    services: Iterable[int],
) -> dict[int, str]:
    """`explain_dropped` for each of `services`, sharing the work."""
    explainer = _Explainer(problem, assignments, solution)
    return {j: explainer.explain(j) for j in services}


class _Explainer:
    """A solution indexed by therapist-day and student-day, with each therapist's
    shortfall computed at most once."""

    def __init__(
        self, problem: Problem, assignments: Sequence[int | None], solution: Solution
    ) -> None:
        self.problem = problem
        self.solution = solution
        self.chosen = [
            mine if mine is not None else (assignments[i] if i < len(assignments) else None)
            for i, mine in enumerate(solution.assignments)
        ]
        self.locked = _locked(problem)
        self.sessions: dict[tuple[int, int], list[Session]] = defaultdict(list)
        self.attending: dict[tuple[int, int], list[Session]] = defaultdict(list)
        self.travel: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for session in solution.sessions:
            self.sessions[session.therapist, session.day].append(session)
            if session.delivery != CONSULT:
                for j in session.services:
                    self.attending[problem.services[j].student, session.day].append(session)
        for leg in solution.travel:
            self.travel[leg.therapist, leg.day].append((leg.start, leg.end))
        self._shortfalls: dict[int, Shortfall | None] = {}
        self.lines_of: dict[int, list[int]] = defaultdict(list)
        for j, line in enumerate(problem.services):
            owners = _therapists_for(problem, self.chosen, line.student)
            if line.sessions > 0 and len(owners) == 1:
                self.lines_of[owners[0]].append(j)

    def bookings(self, therapist: int, day: int) -> list[Booking]:
        return sorted((s.start, s.end, s.school) for s in self.sessions[therapist, day])

    def shortfall(self, therapist: int) -> Shortfall | None:
        if therapist not in self._shortfalls:
            problem = self.problem
            lines = [
                j
                for j in self.lines_of[therapist]
                if _line_reason(problem, j, therapist, self.locked) is None
            ]
            self._shortfalls[therapist] = _therapist_shortfall(
                problem, therapist, lines, self.locked
            )
        return self._shortfalls[therapist]

    def explain(self, service: int) -> str:
        problem = self.problem
        line = problem.services[service]
        student = problem.students[line.student]
        therapists = _therapists_for(problem, self.chosen, line.student)
        if not therapists:
            return _no_therapist_text(problem, line.student)
        therapist = therapists[0]
        proof = _line_reason(problem, service, therapist, self.locked)
        if proof is not None:
            return proof
        t = problem.therapists[therapist]
        school = problem.schools[student.school]
        n, length = line.sessions, line.length
        open_at: dict[int, int] = {}
        blocked: list[str] = []
        fits: list[tuple[int, Spans]] = []
        for d in _line_days(problem, service, therapist, self.locked):
            if d.status != OK:
                continue
            spans = merge((s, s + length) for s in d.starts)
            fits.append((d.day, spans))
            start = self.open_start(service, therapist, d)
            if start is not None:
                open_at[d.day] = start
            else:
                blocked.append(self.blocked_text(service, therapist, d.day, spans))
        if len(open_at) >= n or (n > len(problem.weekdays) and open_at):
            where = ", ".join(
                f"{day_name(problem, d)} {hhmm(s)}" for d, s in sorted(open_at.items())
            )
            return (
                f"still fits around this schedule ({t.code} at {school.code}: {where}); the "
                f"solver stopped before placing it: a longer time limit should place it"
            )
        head = f"needs {n} x {length} min" + (
            " on separate days" if 1 < n <= len(problem.weekdays) else ""
        )
        if sum(len(spans) for _, spans in fits) <= 3:
            fit_text = "it fits only " + "; ".join(
                f"{day_name(problem, d)} {spans_text(spans)}" for d, spans in fits
            )
        else:
            fit_text = f"it fits on {_days_text(problem, [d for d, _ in fits])}"
        room = (
            "none of those days has"
            if not open_at
            else f"only {_days_text(problem, open_at)} {'has' if len(open_at) == 1 else 'have'}"
        )
        free = self.free_minutes(therapist, student.school)
        text = (
            f"{head}; {fit_text} at {school.code}, and {room} room left: "
            f"{'; '.join(blocked)}; {t.code} has {free} free minutes at {school.code} this week"
        )
        shortfall = self.shortfall(therapist)
        if shortfall is not None and service in shortfall.services:
            text += f". {shortfall.reason}"
        return text

    def open_start(self, service: int, therapist: int, d: _Day) -> int | None:
        """A start on day `d` where the line could still be added (joining a group
        session or alone), or None."""
        problem = self.problem
        line = problem.services[service]
        school = problem.students[line.student].school
        allowed = set(d.starts)
        groups = [s for s in self.joinable(service, therapist, d.day) if s in allowed]
        bookings = self.bookings(therapist, d.day)
        theirs = [(s.start, s.end) for s in self.attending[line.student, d.day]]
        for start in [*groups, *d.starts]:
            end = start + line.length
            student_free = line.delivery == CONSULT or not any(
                overlaps((start, end), b) for b in theirs
            )
            if student_free and (
                start in groups or fits_therapist_day(problem, bookings, school, start, end)
            ):
                return start
        return None

    def joinable(self, service: int, therapist: int, day: int) -> list[int]:
        """Starts of the therapist's sessions that day the group rules let the line
        join. (A locked session is never offered: `_day_options` already takes its
        time out of the line's starts.)"""
        problem = self.problem
        return [
            s.start
            for s in self.sessions[therapist, day]
            if may_join(problem, service, s.services, s.school, s.delivery, s.end - s.start)
        ]

    def blocked_text(self, service: int, therapist: int, day: int, spans: Spans) -> str:
        problem = self.problem
        line = problem.services[service]
        t = problem.therapists[therapist]
        school = problem.students[line.student].school
        name = day_name(problem, day)
        visited = sorted({s.school for s in self.sessions[therapist, day]})
        cut_off = [k for k in visited if problem.travel[k][school] is None]
        if cut_off:
            where = join_words([problem.schools[k].code for k in cut_off])
            return (
                f"{name}: {t.code} is at {where}, with no travel to {problem.schools[school].code}"
            )
        holders = [
            s
            for s in self.sessions[therapist, day]
            if any(overlaps((s.start, s.end), w) for w in spans)
        ]
        parts = []
        if holders:
            served = sorted({j for s in holders for j in s.services})
            codes = ", ".join(line_text(problem, j) for j in served[:4])
            more = f" and {len(served) - 4} more" if len(served) > 4 else ""
            parts.append(f"{t.code} already serves {len(served)} other line(s) then: {codes}{more}")
        if line.delivery != CONSULT:
            for s in self.attending[line.student, day]:
                if any(overlaps((s.start, s.end), w) for w in spans):
                    parts.append(
                        f"{problem.students[line.student].label} is with "
                        f"{problem.therapists[s.therapist].code} {span_text((s.start, s.end))}"
                    )
        if not parts:
            parts.append(f"{t.code}'s lunch or travel that day")
        return f"{name}: " + ", ".join(parts)

    def free_minutes(self, therapist: int, school: int) -> int:
        """The therapist's minutes at the school this week not taken by sessions or
        travel, on days they are not at a school with no travel to it."""
        problem = self.problem
        minutes = 0
        for d in range(len(problem.weekdays)):
            at = therapist_at(problem, therapist, school, d)
            if at is None:
                continue
            sessions = self.sessions[therapist, d]
            if any(problem.travel[s.school][school] is None for s in sessions):
                continue
            busy = [(s.start, s.end) for s in sessions] + self.travel[therapist, d]
            minutes += total(subtract((at,), busy))
        return minutes

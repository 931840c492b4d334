"""One therapist's week as prepared data: every possible session, before any model.

A *session option* is one place and time where a session may happen: a day, a
school, a start on the grid, a delivery and a length, with the service lines that
could be in it. A line that may not be grouped gets one option per feasible start;
group lines of one school that share a delivery and a length (and, for push-in, a
teacher) share a *bucket* option per start, and the model picks its members.
Options exist only where every hard rule of place and time already holds: inside
the school day and the therapist's hours, on a day not pinned elsewhere, at one of
the therapist's schools, inside the student's (or, for consult, the teacher's) free
time. The model then only decides which options are held and by whom.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from schoolot.solver.problem import CONSULT, PULL_OUT, PUSH_IN, DayWindows, PlacedSession, Problem
from schoolot.solver.windows import Span, clip, intersect, merge, starts_within

# A line free most of the day (a consult, many push-in lines) has some 80 starts a
# day on the 5-minute grid. Above this many, its starts thin to a coarser step that
# is a multiple of the grid (10, 15, 30 or 60 minutes since midnight: a 7-hour day
# gets quarter hours) plus the first and last start of each free window: such a
# line fits around the others anyway, and the week's model stays a third the size.
# Lines with narrow windows keep every grid start.
MAX_STARTS_PER_DAY = 30


@dataclass(frozen=True)
class SessionOption:
    """One possible session; `lines` may be in it (one of them unless `grouped`)."""

    index: int
    day: int
    school: int
    start: int
    end: int
    delivery: str
    lines: tuple[int, ...]
    grouped: bool

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class WeekLine:
    service: int
    student: int
    sessions: int
    length: int
    delivery: str
    # At most one session a day (the line has no more sessions than the week has days).
    one_a_day: bool
    options: tuple[int, ...]
    # Days on which the line has at least one option.
    days: frozenset[int]
    # At most this many sessions in each cycle week (index 0 for week 1), or None in a
    # one-week cycle with no week off; with `days_per_week` to tell a day's week.
    caps: tuple[int, ...] | None = None
    days_per_week: int = 1

    def week_of(self, day: int) -> int:
        """The cycle week (from 1) of day index `day`."""
        return day // self.days_per_week + 1

    def weekday_of(self, day: int) -> int:
        """The weekday (an index into the first week's days) of day index `day`."""
        return day % self.days_per_week

    @property
    def can_fit(self) -> bool:
        """False when the line has too few feasible days for its sessions (in the weeks
        its caps allow)."""
        if not self.options:
            return False
        if self.caps is None:
            return len(self.days) >= self.sessions if self.one_a_day else True
        room = 0
        for week, cap in enumerate(self.caps, start=1):
            days = sum(1 for day in self.days if self.week_of(day) == week)
            room += min(cap, days) if self.one_a_day else (cap if days else 0)
        return room >= self.sessions


@dataclass(frozen=True)
class WeekData:
    therapist: int
    grid: int
    lines: tuple[WeekLine, ...]
    options: tuple[SessionOption, ...]
    # Days the therapist works and may hold a session on.
    days: tuple[int, ...]
    # Per day: the schools where some option lies.
    schools_by_day: dict[int, tuple[int, ...]]
    # Per day: the possible lunch starts (minutes).
    lunch_starts: dict[int, tuple[int, ...]]
    lunch_minutes: int

    def slots(self, start: int, end: int) -> range:
        """Grid slots covered by `[start, end)`."""
        return range(start // self.grid, -(-end // self.grid))


def line_windows(problem: Problem, service: int, day: int) -> DayWindows:
    """When the line's student (or teacher, for consult) is free on `day`."""
    line = problem.services[service]
    student = problem.students[line.student]
    if line.delivery == CONSULT:
        return problem.teachers[student.teacher].free[day]
    if line.delivery == PUSH_IN:
        return student.free_push_in[day]
    if line.delivery == PULL_OUT:
        return student.free_pull_out[day]
    raise ValueError(f"unknown delivery {line.delivery!r} on line {line.code}")


def on_site(problem: Problem, therapist: int, school: int, day: int) -> DayWindows:
    """When the therapist may hold a session at `school` on `day` (empty if never)."""
    person = problem.therapists[therapist]
    if school not in person.schools:
        return ()
    pinned = person.pinned[day]
    if pinned is not None and pinned != school:
        return ()
    hours = person.hours[day]
    if hours is None:
        return ()
    return clip((hours,), problem.schools[school].day[day])


def thinned_starts(
    windows: Iterable[Span], length: int, grid: int, keep: Iterable[int] = ()
) -> list[int]:
    """Starts of a `length` session inside `windows`: every grid start, or, when there
    are more than MAX_STARTS_PER_DAY, a coarser step plus each window's edges; with
    the feasible starts of `keep` (sessions in force, hints) always among them."""
    starts = starts_within(windows, length, grid)
    if len(starts) <= MAX_STARTS_PER_DAY:
        return starts
    edges: set[int] = set(starts).intersection(keep)
    for window in merge(windows):
        inside = starts_within((window,), length, grid)
        if inside:
            edges.update((inside[0], inside[-1]))
    for factor in (2, 3, 6, 12):
        step = grid * factor
        kept = sorted(edges | {start for start in starts if start % step == 0})
        if len(kept) <= MAX_STARTS_PER_DAY:
            break
    return kept


def prepare_week(
    problem: Problem,
    therapist: int,
    students: Iterable[int],
    excluded: Iterable[int] = (),
    keep: Iterable[PlacedSession] = (),
) -> WeekData:
    """Every session option of `therapist`'s week for the lines of `students`.

    Lines in `excluded` (found impossible beforehand) are left out of the model; the
    places of the sessions in `keep` (in force, hints) stay options where feasible.
    """
    grid = problem.grid
    day_count = len(problem.weekdays)
    student_set = set(students)
    skip = set(excluded)
    services = [
        index
        for index, line in enumerate(problem.services)
        if line.student in student_set and index not in skip
    ]

    kept: dict[tuple[int, int], set[int]] = defaultdict(set)
    for placed in keep:
        if placed.therapist == therapist:
            for service in placed.services:
                kept[service, placed.day].add(placed.start)
    starts_of: dict[tuple[int, int], list[int]] = {}
    for service in services:
        line = problem.services[service]
        school = problem.students[line.student].school
        caps = problem.week_caps(service, therapist)
        for day in range(day_count):
            if caps is not None and not caps[problem.week_of(day) - 1]:
                continue  # a week the line has no session in (3:1's off week)
            free = intersect(
                problem.fixed_windows(service, day, line_windows(problem, service, day)),
                on_site(problem, therapist, school, day),
            )
            starts = thinned_starts(free, line.length, grid, kept.get((service, day), ()))
            if starts:
                starts_of[service, day] = starts

    options: list[SessionOption] = []
    uses: dict[int, list[int]] = defaultdict(list)

    def add_option(
        day: int, school: int, start: int, length: int, delivery: str, lines: list[int]
    ) -> None:
        option = SessionOption(
            index=len(options),
            day=day,
            school=school,
            start=start,
            end=start + length,
            delivery=delivery,
            lines=tuple(lines),
            grouped=len(lines) > 1,
        )
        options.append(option)
        for service in lines:
            uses[service].append(option.index)

    buckets: dict[tuple[int, int, int, str, int, int], list[int]] = defaultdict(list)
    for (service, day), starts in sorted(starts_of.items()):
        line = problem.services[service]
        student = problem.students[line.student]
        if line.group and line.delivery != CONSULT:
            teacher = student.teacher if line.delivery == PUSH_IN else -1
            for start in starts:
                buckets[student.school, day, start, line.delivery, line.length, teacher].append(
                    service
                )
        else:
            for start in starts:
                add_option(day, student.school, start, line.length, line.delivery, [service])
    for (school, day, start, delivery, length, _teacher), members in sorted(buckets.items()):
        add_option(day, school, start, length, delivery, members)

    lines = []
    for service in services:
        line = problem.services[service]
        indices = tuple(uses.get(service, ()))
        lines.append(
            WeekLine(
                service=service,
                student=line.student,
                sessions=line.sessions,
                length=line.length,
                delivery=line.delivery,
                one_a_day=problem.one_a_day(service, therapist),
                options=indices,
                days=frozenset(options[i].day for i in indices),
                caps=problem.week_caps(service, therapist),
                days_per_week=problem.days_per_week,
            )
        )

    person = problem.therapists[therapist]
    days = tuple(
        day
        for day in range(day_count)
        if person.hours[day] is not None and any(o.day == day for o in options)
    )
    schools_by_day = {
        day: tuple(sorted({o.school for o in options if o.day == day})) for day in days
    }
    lunch = tuple(starts_within((problem.lunch_window,), problem.lunch_minutes, grid))
    return WeekData(
        therapist=therapist,
        grid=grid,
        lines=tuple(lines),
        options=tuple(options),
        days=days,
        schools_by_day=schools_by_day,
        lunch_starts=dict.fromkeys(days, lunch),
        lunch_minutes=problem.lunch_minutes,
    )

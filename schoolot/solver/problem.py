"""The scheduler's input: a district's cycle of weeks as prepared, integer data.

Times are minutes since midnight, spans half-open `[start, end)`. Days are indices
into `Problem.weekdays`: the school days of every week of the cycle, week 1 first
(`cycle_weeks` 1, the default, is one week; see schoolot/cycle.py). Schools,
therapists, teachers, students and service lines are referred to by their index in
the problem's tuples; `code` keeps the district's id for messages and for the bridge
that stores the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from schoolot.cycle import week_caps

PULL_OUT = "pull_out"
PUSH_IN = "push_in"
CONSULT = "consult"

Span = tuple[int, int]
DayWindows = tuple[Span, ...]  # disjoint, sorted spans of one day


@dataclass(frozen=True)
class School:
    code: str
    # Per day: the student day (start, end), or None when the school is closed that weekday.
    day: tuple[Span | None, ...]
    # What a coordinator reads in a reason ("Sara Rodriguez", "Hawthorne Elementary");
    # the code when no name is given.
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.code


@dataclass(frozen=True)
class Therapist:
    code: str
    fte: float
    schools: frozenset[int]
    # Per day: working hours, or None when the therapist does not work that weekday.
    hours: tuple[Span | None, ...]
    # Per day: the one school that day is pinned to, or None to let the scheduler choose.
    pinned: tuple[int | None, ...]
    # What a coordinator reads in a reason ("Sara Rodriguez", "Hawthorne Elementary");
    # the code when no name is given.
    name: str = ""
    # Cycle weeks (from 1) with no direct session (3:1 service: every fourth week).
    off_weeks: frozenset[int] = frozenset()

    @property
    def label(self) -> str:
        return self.name or self.code


@dataclass(frozen=True)
class Teacher:
    code: str
    school: int
    # Per day: when the teacher is free for a consult (the school day minus the
    # teacher's own `busy` blocks).
    free: tuple[DayWindows, ...]
    # What a coordinator reads in a reason ("Sara Rodriguez", "Hawthorne Elementary");
    # the code when no name is given.
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.code


@dataclass(frozen=True)
class Student:
    code: str
    label: str  # what a coordinator reads in a reason, e.g. "Ana L. (gr 3)"
    school: int
    grade: int  # PK = -1, K = 0, then 1..12
    teacher: int
    # A pinned therapist, or None to let the scheduler assign one of `candidates`.
    therapist: int | None
    # Therapists who may serve this student (they serve the student's school).
    candidates: frozenset[int]
    # Per day: when the student may leave class (no busy, no protected block).
    free_pull_out: tuple[DayWindows, ...]
    # Per day: when a therapist may come into class (no busy block; protected is fine).
    free_push_in: tuple[DayWindows, ...]


@dataclass(frozen=True)
class FixedTime:
    """A line's weekly session fixed to one weekday and start ("Mondays 10:00"), in
    every week of the cycle."""

    day: int  # the weekday: an index into the first week's days
    start: int
    # What holds the student (for a consult, the teacher) then, in words the builder
    # found in the blocks ("grade 3 has Reading"); empty when no block does.
    held_by: str = ""


@dataclass(frozen=True)
class ServiceLine:
    code: str
    student: int
    sessions: int  # sessions in the cycle (in the week, for a one-week cycle)
    length: int  # minutes per session
    delivery: str  # PULL_OUT, PUSH_IN or CONSULT
    group: bool  # may be served in a group
    max_group: int
    # Every session of the line starts exactly here (a hard rule), or None.
    fixed: FixedTime | None = None
    # The IEP's period: "week" (its sessions every cycle week) or "month" (in weeks
    # of the solver's choice); see schoolot.cycle.week_caps.
    per: str = "week"


@dataclass(frozen=True)
class PlacedSession:
    """A session of the schedule in force (for re-planning), or one locked in place."""

    therapist: int
    school: int
    day: int
    start: int
    services: tuple[int, ...]
    locked: bool = False


@dataclass(frozen=True)
class Weights:
    """The objective's weights, in order of importance (see schedule.md)."""

    unscheduled_line: int = 100_000
    travel_minute: int = 20
    school_change: int = 200
    workload_spread_minute: int = 5
    idle_minute: int = 1
    time_of_day_drift: int = 1  # per 5 minutes of spread in a line's start times
    # In a cycle of weeks: per weekday a line's sessions use (same weekdays every week).
    weekday_used: int = 30
    moved_session: int = 500
    moved_student: int = 300
    # Per minute the therapist spends in sessions: grouping students frees that time.
    session_minute: int = 1


@dataclass(frozen=True)
class Problem:
    weekdays: tuple[str, ...]
    lunch_minutes: int
    lunch_window: Span
    group_grade_span: int
    schools: tuple[School, ...]
    # travel[a][b]: driving minutes between schools a and b, or None when not
    # travelled between on one day. travel[a][a] == 0.
    travel: tuple[tuple[int | None, ...], ...]
    therapists: tuple[Therapist, ...]
    teachers: tuple[Teacher, ...]
    students: tuple[Student, ...]
    services: tuple[ServiceLine, ...]
    in_force: tuple[PlacedSession, ...] = ()
    grid: int = 5  # minutes between possible session starts
    weights: Weights = field(default_factory=Weights)
    # Weeks in the cycle; `weekdays` holds each week's days in turn.
    cycle_weeks: int = 1

    def travel_minutes(self, a: int, b: int) -> int | None:
        return self.travel[a][b]

    @property
    def days_per_week(self) -> int:
        return len(self.weekdays) // self.cycle_weeks

    def week_of(self, day: int) -> int:
        """The cycle week (from 1) of day index `day`."""
        return day // self.days_per_week + 1

    def weekday_of(self, day: int) -> int:
        """The weekday (an index into the first week's days) of day index `day`."""
        return day % self.days_per_week

    def week_caps(self, service: int, therapist: int) -> tuple[int, ...] | None:
        """At most how many of the line's sessions each cycle week holds with
        `therapist` (index 0 for week 1); None in a one-week cycle with no week off,
        where the line's sessions are the only count. Off weeks bar direct lines only."""
        line = self.services[service]
        off = self.therapists[therapist].off_weeks if line.delivery != CONSULT else frozenset()
        if self.cycle_weeks == 1 and not off:
            return None
        return week_caps(line.sessions, line.per, self.cycle_weeks, off)

    def one_a_day(self, service: int, therapist: int | None = None) -> bool:
        """Rule 6: a line with no more sessions in any cycle week than the week has days
        gets at most one session a day (`validate` keeps its own copy on purpose). The
        week's count is its cap with `therapist` (None: with no week off)."""
        line = self.services[service]
        caps = self.week_caps(service, therapist) if therapist is not None else None
        if caps is None and self.cycle_weeks > 1:
            caps = week_caps(line.sessions, line.per, self.cycle_weeks)
        most = max(caps) if caps else line.sessions
        return most <= self.days_per_week

    def week_room(self, service: int, therapist: int, days: Iterable[int], day: int) -> bool:
        """Whether line `service`, already holding sessions on `days` with `therapist`,
        may take one more on `day` under its cap for that cycle week."""
        caps = self.week_caps(service, therapist)
        if caps is None:
            return True
        week = self.week_of(day)
        return sum(1 for d in days if self.week_of(d) == week) < caps[week - 1]

    def room_in_weeks(self, service: int, therapist: int, days: Iterable[int]) -> int:
        """How many sessions of the line, one a day on `days`, its weekly caps with
        `therapist` let in (all of `days` in a one-week cycle)."""
        caps = self.week_caps(service, therapist)
        days = list(days)
        if caps is None:
            return len(days)
        held = [0] * self.cycle_weeks
        for day in days:
            held[self.week_of(day) - 1] += 1
        return sum(min(count, cap) for count, cap in zip(held, caps, strict=True))

    def days_fit(self, service: int, therapist: int, days: Iterable[int]) -> bool:
        """Whether feasible `days` (each with room for a session of the line) are enough
        for its sessions with `therapist`: one a day where `one_a_day`, at most its cap
        in each cycle week."""
        days = list(days)
        line = self.services[service]
        if self.one_a_day(service, therapist):
            return self.room_in_weeks(service, therapist, days) >= line.sessions
        caps = self.week_caps(service, therapist)
        if caps is None:
            return bool(days)
        weeks = {self.week_of(day) for day in days}
        return sum(caps[week - 1] for week in weeks) >= line.sessions

    def fixed_windows(self, service: int, day: int, windows: DayWindows) -> DayWindows:
        """`windows` as a fixed line may use them: on its day, only its session's own
        span (when free); on other days nothing. Other lines: `windows` unchanged."""
        fixed = self.services[service].fixed
        if fixed is None:
            return windows
        span = (fixed.start, fixed.start + self.services[service].length)
        if self.weekday_of(day) != fixed.day:
            return ()
        if not any(a <= span[0] and span[1] <= b for a, b in windows):
            return ()
        return (span,)

    def therapist_of(self, service: int, assignments: tuple[int | None, ...]) -> int | None:
        return assignments[self.services[service].student]

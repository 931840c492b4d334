"""Load the solver's `Problem` from the district's rows, as bundle.md defines them.

The problem is the district's cycle of weeks (schoolot/cycle.py) as one long week: its
days are the school days of week 1, then week 2, ... Blocks and therapist hours with a
`cycle_week` hold only in that week of the cycle (hours of one week take the place of
the every-week hours of that weekday); a 3:1 therapist's fourth weeks are off weeks;
a line has its sessions of the whole cycle (`sessions_per_cycle`); quarterly and
yearly lines are not in the problem (schoolot.dated places them on dates).

Everything the solver needs is computed here, once: the weekdays, each school's day,
each therapist's hours and pinned schools per weekday, each student's free windows
(pull-out and push-in), each teacher's consult windows, the service lines still owed
this school year, the travel matrix and the schedule in force. `Index` remembers which
database row each problem index stands for, so that `store` can write the result back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot import cycle
from schoolot.caseload.in_effect import lines_in_effect
from schoolot.district.cycle import district_cycle, service_model_of
from schoolot.district.settings import district_today
from schoolot.errors import SchoolotError
from schoolot.models import (
    Block,
    District,
    ScheduleVersion,
    School,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
)
from schoolot.models import ServiceLine as ServiceLineRow
from schoolot.scheduling.cycle_days import Blocks, CycleDays
from schoolot.scheduling.fixed_times import fixed_time
from schoolot.scheduling.in_force import in_force_sessions
from schoolot.solver import problem as p
from schoolot.values import grade_rank, minutes_of

Span = tuple[int, int]
# Per weekday: the spans of blocks of one kind.
DaySpans = list[list[Span]]


class NoDistrict(SchoolotError):
    """There is no district to schedule yet: a bundle must be imported first."""


@dataclass(frozen=True)
class HoursRow:
    """Working hours as a `TherapistHours` row holds them, for `Overrides.hours`."""

    weekdays: str
    start: dt.time
    end: dt.time
    school_id: int | None = None
    # The week of the cycle the hours hold in; None: every week.
    cycle_week: int | None = None


@dataclass(frozen=True)
class Overrides:
    """Changes to the district's data that a problem is built with, in memory only (a
    what-if's trial solve), and the part of the district it is built for.

    `pins`: student id -> the therapist id they are pinned to (None: no pin); `fte`,
    `hours` and `schools` (the school ids served): per therapist id, in place of their
    rows; `therapist_ids` and `student_ids`: only these (None: all). `dated_lines`: keep
    the quarterly and yearly lines too, with no session in the cycle, so that the rules
    of a session of theirs on a date find their windows (makeups, `schoolot.dated`).
    """

    pins: Mapping[int, int | None] = field(default_factory=dict)
    fte: Mapping[int, float] = field(default_factory=dict)
    hours: Mapping[int, Sequence[HoursRow]] = field(default_factory=dict)
    schools: Mapping[int, frozenset[int]] = field(default_factory=dict)
    therapist_ids: frozenset[int] | None = None
    student_ids: frozenset[int] | None = None
    dated_lines: bool = False

    def pin_of(self, student: Student) -> int | None:
        return self.pins.get(student.id, student.therapist_id)

    def schools_of(self, therapist: Therapist) -> frozenset[int]:
        return self.schools.get(therapist.id, frozenset(s.id for s in therapist.schools))


NO_OVERRIDES = Overrides()


@dataclass(frozen=True)
class Index:
    """Which database row (its integer `id`) each index of a `Problem` stands for.

    `*_ids[i]` is the row id of problem index `i`; `*_index[row_id]` goes back.
    """

    school_ids: tuple[int, ...]
    therapist_ids: tuple[int, ...]
    teacher_ids: tuple[int, ...]
    student_ids: tuple[int, ...]
    service_ids: tuple[int, ...]
    # The first day of the rest of the year that the problem schedules.
    as_of: dt.date
    # The version whose sessions became `Problem.in_force`, if any.
    in_force_id: int | None = None
    school_index: dict[int, int] = field(init=False, repr=False, compare=False)
    therapist_index: dict[int, int] = field(init=False, repr=False, compare=False)
    teacher_index: dict[int, int] = field(init=False, repr=False, compare=False)
    student_index: dict[int, int] = field(init=False, repr=False, compare=False)
    service_index: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("school", "therapist", "teacher", "student", "service"):
            ids = getattr(self, f"{name}_ids")
            object.__setattr__(self, f"{name}_index", {row: i for i, row in enumerate(ids)})


def build_problem(
    session: Session,
    in_force: ScheduleVersion | None = None,
    as_of: dt.date | None = None,
    overrides: Overrides = NO_OVERRIDES,
    cycle_weeks: int | None = None,
) -> tuple[p.Problem, Index]:
    """The district's week as a solver `Problem`, and the `Index` back to its rows.

    `in_force` is the schedule to re-plan from (its sessions become `Problem.in_force`,
    locks kept). Only service lines whose dates overlap the rest of the school year
    from `as_of` (default: today in the district's zone, clipped into the year) are
    scheduled, and only the students who have such a line (quarterly and yearly lines
    aside: they are placed on dates). The cycle is `cycle_weeks` weeks (a stored
    version's own cycle), else the district's (`district_cycle`). `overrides` change the data
    in memory and narrow the therapists and students (nothing is written); narrowed to
    some students, the problem's teachers are those of their schools. Raises
    NoDistrict before any bundle is imported.
    """
    district = session.scalar(select(District))
    if district is None:
        raise NoDistrict("there is no district to schedule: import a bundle first")
    first_day = _clip_into_year(as_of or district_today(district), district)
    weeks = cycle_weeks or district_cycle(session, district).weeks
    week_days = district.school_day_list
    weekdays = tuple(week_days) * weeks
    # A weekday's index in week 1; week w's is (w - 1) * len(week_days) + that.
    day_of = {name: d for d, name in enumerate(week_days)}
    days = CycleDays(day_of, weeks, district.school_days)

    schools = list(session.scalars(select(School).order_by(School.code)))
    school_index = {s.id: i for i, s in enumerate(schools)}
    school_days = {s.id: (minutes_of(s.day_start), minutes_of(s.day_end)) for s in schools}
    therapists = [
        t
        for t in session.scalars(
            select(Therapist)
            .options(selectinload(Therapist.schools), selectinload(Therapist.hours))
            .order_by(Therapist.code)
        )
        if overrides.therapist_ids is None or t.id in overrides.therapist_ids
    ]
    student_query = select(Student).options(selectinload(Student.services))
    teacher_query, block_query = select(Teacher), select(Block)
    if overrides.student_ids is not None:
        # Narrowed to some students, only their schools' teachers and blocks bear on
        # them: a week of one therapist then loads a few schools, not the district.
        student_query = student_query.where(Student.id.in_(overrides.student_ids))
        their_schools = select(Student.school_id).where(Student.id.in_(overrides.student_ids))
        teacher_query = teacher_query.where(Teacher.school_id.in_(their_schools))
        block_query = block_query.where(Block.school_id.in_(their_schools))
    teachers = list(session.scalars(teacher_query.order_by(Teacher.code)))
    students = [
        s
        for s in session.scalars(student_query.order_by(Student.code))
        if _lines_owed(s, first_day, district.year_end, overrides.dated_lines)
    ]
    lines = [
        line
        for s in students
        for line in _lines_owed(s, first_day, district.year_end, overrides.dated_lines)
    ]
    block_rows = list(session.scalars(block_query))
    blocks = Blocks(block_rows, days)
    candidates = _candidates(therapists, overrides)

    index = Index(
        school_ids=tuple(s.id for s in schools),
        therapist_ids=tuple(t.id for t in therapists),
        teacher_ids=tuple(t.id for t in teachers),
        student_ids=tuple(s.id for s in students),
        service_ids=tuple(line.id for line in lines),
        as_of=first_day,
        in_force_id=in_force.id if in_force is not None else None,
    )
    problem = p.Problem(
        weekdays=weekdays,
        lunch_minutes=district.lunch_minutes,
        lunch_window=(
            minutes_of(district.lunch_window_start),
            minutes_of(district.lunch_window_end),
        ),
        group_grade_span=district.group_grade_span,
        schools=tuple(
            p.School(code=s.code, day=(school_days[s.id],) * len(weekdays), name=s.name)
            for s in schools
        ),
        travel=_travel_matrix(session, school_index),
        therapists=tuple(
            _therapist(t, school_index, days, overrides, cycle.off_weeks(model, weeks))
            for t, model in ((t, service_model_of(t, district)) for t in therapists)
        ),
        teachers=tuple(
            p.Teacher(
                code=t.code,
                name=t.name,
                school=school_index[t.school_id],
                free=blocks.teacher_free(t, school_days[t.school_id], len(weekdays)),
            )
            for t in teachers
        ),
        students=tuple(
            _student(s, index, candidates, blocks, school_days[s.school_id], overrides.pin_of(s))
            for s in students
        ),
        services=tuple(
            p.ServiceLine(
                code=line.code,
                student=index.student_index[line.student_id],
                sessions=cycle.sessions_per_cycle(
                    line.minutes, line.per, line.session_minutes, weeks
                ),
                length=line.session_minutes,
                delivery=line.delivery,
                group=line.grouping == "group",
                max_group=line.max_group,
                fixed=fixed_time(line, block_rows, district.school_days, day_of),
                per=line.per,
            )
            for line in lines
        ),
        in_force=(),
        cycle_weeks=weeks,
    )
    problem = replace(
        problem, in_force=in_force_sessions(session, in_force, index, problem, day_of)
    )
    return problem, index


def student_label(student: Student) -> str:
    """What a reason calls a student: first name, last initial, grade ("Ana L. (gr 3)")."""
    initial = f" {student.last_name[:1]}." if student.last_name else ""
    return f"{student.first_name}{initial} (gr {student.grade})"


# --- the pieces --------------------------------------------------------------------


def _clip_into_year(day: dt.date, district: District) -> dt.date:
    return min(max(day, district.year_start), district.year_end)


def _lines_owed(
    student: Student, first_day: dt.date, year_end: dt.date, dated: bool = False
) -> list[ServiceLineRow]:
    """The student's lines in effect from `first_day` to `year_end` (the caseload's
    rule) that the cycle holds: not the quarterly and yearly ones, unless `dated`."""
    return [
        line
        for line in lines_in_effect(student, first_day, year_end)
        if dated or line.per not in cycle.DATED_PERIODS
    ]


def _travel_matrix(
    session: Session, school_index: dict[int, int]
) -> tuple[tuple[int | None, ...], ...]:
    n = len(school_index)
    matrix: list[list[int | None]] = [[None] * n for _ in range(n)]
    for i in range(n):
        matrix[i][i] = 0
    for row in session.scalars(select(TravelTime)):
        a, b = school_index[row.from_school_id], school_index[row.to_school_id]
        matrix[a][b] = matrix[b][a] = row.minutes
    return tuple(tuple(line) for line in matrix)


def _therapist(
    therapist: Therapist,
    school_index: dict[int, int],
    days: CycleDays,
    overrides: Overrides,
    off_weeks: frozenset[int],
) -> p.Therapist:
    """The therapist's hours and pinned school per day of the cycle: the hours of one
    cycle week take the place of the every-week hours on their weekdays."""
    hours: list[Span | None] = [None] * days.count
    pinned: list[int | None] = [None] * days.count
    rows: Sequence[TherapistHours | HoursRow] = overrides.hours.get(therapist.id, therapist.hours)
    for row in sorted(rows, key=lambda r: r.cycle_week is not None):
        for day in days.of(row.weekdays, row.cycle_week):
            hours[day] = (minutes_of(row.start), minutes_of(row.end))
            pinned[day] = school_index[row.school_id] if row.school_id is not None else None
    return p.Therapist(
        code=therapist.code,
        name=therapist.name,
        fte=overrides.fte.get(therapist.id, therapist.fte),
        schools=frozenset(school_index[s] for s in overrides.schools_of(therapist)),
        hours=tuple(hours),
        pinned=tuple(pinned),
        off_weeks=off_weeks,
    )


def _candidates(therapists: Sequence[Therapist], overrides: Overrides) -> dict[int, frozenset[int]]:
    """Per school id: the indices of the therapists whose schools include it."""
    serving: dict[int, set[int]] = defaultdict(set)
    for i, therapist in enumerate(therapists):
        for school_id in overrides.schools_of(therapist):
            serving[school_id].add(i)
    return defaultdict(frozenset, {school: frozenset(t) for school, t in serving.items()})


def _student(
    student: Student,
    index: Index,
    candidates: dict[int, frozenset[int]],
    blocks: Blocks,
    school_day: Span,
    pinned: int | None,
) -> p.Student:
    pull_out, push_in = blocks.student_free(student, school_day)
    if pinned is not None and pinned not in index.therapist_index:
        raise ValueError(f"student {student.code} is pinned to a therapist left out")
    return p.Student(
        code=student.code,
        label=student_label(student),
        school=index.school_index[student.school_id],
        grade=grade_rank(student.grade),
        teacher=index.teacher_index[student.teacher_id],
        therapist=index.therapist_index[pinned] if pinned is not None else None,
        candidates=candidates[student.school_id],
        free_pull_out=pull_out,
        free_push_in=push_in,
    )

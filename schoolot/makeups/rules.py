"""Whether a makeup fits on a date: the rules of the schedule in force, on real dates.

A makeup is one line's one-off session, with the line's student (or, for a consult, the
teacher), at the student's school, by the therapist who owes it. It fits when the date
is a school day there (not closed; ending by an early release's new end), the line is
in service, the therapist works that day at that school (hours, pinned days, their
schools, the student day), the student (or teacher) is free then (busy and protected
blocks, as the solver prepares them: `solver.week_data`), the student is in no other
session then, and the therapist's day still keeps its rules with the makeup in it: no
overlap, time to drive between schools, a lunch (`solver.rules.fits_therapist_day`).
A makeup may also join one of the therapist's group sessions of that date, at its very
times, as one more student (`solver.rules.may_join`: a group line of that delivery and
length, grades close enough, the group not full): the therapist's day is unchanged then.
The week's rules come from the solver's own `Problem` (`build_problem`), so they are
the same the weekly schedule keeps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.settings import get_district
from schoolot.models import District, Makeup, ServiceLine, Therapist
from schoolot.scheduling.problem_builder import Index, Overrides, build_problem, student_label
from schoolot.service_log.planned import PlannedSession, planned_sessions
from schoolot.solver.problem import Problem
from schoolot.solver.rules import Booking, fits_therapist_day, may_join, travel_legs
from schoolot.solver.week_data import line_windows, on_site
from schoolot.solver.windows import (
    contains,
    intersect,
    overlaps,
    span_text,
    spans_text,
    starts_within,
)
from schoolot.timetable.dated import cycle_week_on, service_dates
from schoolot.timetable.school_year import CLOSED, EARLY_RELEASE, NO_SCHOOL, SchoolYear
from schoolot.values import minutes_of

DELIVERY_WORDS = {"pull_out": "pull-out", "push_in": "push-in", "consult": "a consult"}


def date_text(date: dt.date) -> str:
    """'Tue 8 Dec 2026'."""
    return f"{date:%a} {date.day} {date:%b %Y}"


def as_time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


@dataclass(frozen=True)
class Slot:
    """A makeup's place in time: one line, one date, [start, end) in minutes."""

    line_id: int
    date: dt.date
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start


class MakeupRules:
    """The rules one therapist's makeups keep from `first` to `last`, loaded once.

    `lines`: the service lines makeups may be for (the therapist's owed lines, or the
    one being edited). `skip_makeup_ids`: makeups not to collide with (the one being
    moved). Proposed makeups of the therapist count as taken time when
    `with_proposed` (editing one proposal keeps clear of the others).
    """

    def __init__(
        self,
        session: Session,
        therapist: Therapist,
        lines: Sequence[ServiceLine],
        first: dt.date,
        last: dt.date,
        *,
        skip_makeup_ids: Iterable[int] = (),
        with_proposed: bool = False,
    ) -> None:
        district = get_district(session)
        assert district is not None
        self.district: District = district
        self.therapist = therapist
        self.first, self.last = first, last
        self.year = SchoolYear.of(session, district)
        self.lines = {line.id: line for line in lines}
        students = {line.student_id for line in lines}
        skip = set(skip_makeup_ids)
        mine = planned_sessions(session, first, last, therapist_id=therapist.id)
        # The students of the therapist's sessions too: a makeup may join their group.
        members = {p.student_id for planned in mine for p in planned.lines}
        self.problem, self.index = _problem(session, therapist, students | members, first)
        self.groups: dict[dt.date, list[PlannedSession]] = defaultdict(list)
        for planned in mine:
            if planned.happens and planned.makeup_id is None:
                self.groups[planned.date].append(planned)
        self.bookings: dict[dt.date, list[tuple[PlannedSession | Makeup, Booking]]] = defaultdict(
            list
        )
        for planned in mine:
            if planned.happens and planned.makeup_id not in skip:
                self._book(planned.date, planned, planned.start, planned.end, planned.school_id)
        if with_proposed:
            for makeup in _proposed(session, therapist.id, first, last):
                if makeup.id not in skip:
                    self._book(makeup.date, makeup, makeup.start, makeup.end, makeup.school_id)
        # The students' sessions with anyone, by (student, date): [(start, end)].
        self.student_busy: dict[tuple[int, dt.date], list[tuple[int, int]]] = defaultdict(list)
        for student_id in sorted(students):
            for planned in planned_sessions(session, first, last, student_id=student_id):
                if planned.happens and planned.makeup_id not in skip:
                    span = (minutes_of(planned.start), minutes_of(planned.end))
                    self.student_busy[student_id, planned.date].append(span)

    def _book(
        self,
        date: dt.date,
        item: PlannedSession | Makeup,
        start: dt.time,
        end: dt.time,
        school: int,
    ) -> None:
        booking = (minutes_of(start), minutes_of(end), self.index.school_index[school])
        self.bookings[date].append((item, booking))

    # ------------------------------------------------------------------ the check

    def check(self, slot: Slot, also: Sequence[Slot] = ()) -> str | None:
        """Why `slot` breaks a rule, in words; None when it fits. `also`: other makeups
        chosen for the therapist (taken time, like the day's sessions)."""
        line = self.lines.get(slot.line_id)
        if line is None:
            return "this service line is not one the makeup may be for"
        if slot.end <= slot.start:
            return "the makeup must end after it starts"
        if not self.first <= slot.date <= self.last:
            return (
                f"{date_text(slot.date)} is outside {date_text(self.first)} to "
                f"{date_text(self.last)}"
            )
        for rule in (self._in_service, self._school_day, self._on_site, self._student_free):
            broken = rule(line, slot)
            if broken:
                return broken
        if self.joins(slot) is not None:
            return None  # the therapist is there already, in that group
        return self._therapist_day(line, slot, also)

    def joins(self, slot: Slot) -> PlannedSession | None:
        """The therapist's session on the slot's date and times that the line may join
        as one more student of its group (the solver's rule 7: `may_join`), if any."""
        line = self.lines.get(slot.line_id)
        service = self.index.service_index.get(slot.line_id)
        if line is None or service is None:
            return None
        school = self.index.school_index[line.student.school_id]
        for planned in self.groups.get(slot.date, []):
            span = (minutes_of(planned.start), minutes_of(planned.end))
            if span != (slot.start, slot.end) or planned.school_id != line.student.school_id:
                continue
            members = [self.index.service_index.get(p.line_id) for p in planned.lines]
            if None in members or any(p.student_id == line.student_id for p in planned.lines):
                continue
            known = [m for m in members if m is not None]
            if may_join(self.problem, service, known, school, planned.delivery, slot.minutes):
                return planned
        return None

    def starts(self, line_id: int, date: dt.date, length: int) -> list[int]:
        """Every start on the grid where a `length`-minute makeup of the line fits on
        `date` with the day as it stands."""
        line = self.lines[line_id]
        service = self.index.service_index.get(line_id)
        day = self._weekday(date)
        if service is None or day is None:
            return []
        student = self.problem.students[self.problem.services[service].student]
        room = intersect(
            line_windows(self.problem, service, day), on_site(self.problem, 0, student.school, day)
        )
        found = []
        for start in starts_within(room, length, self.problem.grid):
            if self.check(Slot(line.id, date, start, start + length)) is None:
                found.append(start)
        return found

    def at_school(self, date: dt.date, school_id: int) -> bool:
        """Whether the therapist is at `school_id` on `date` already."""
        school = self.index.school_index.get(school_id)
        return any(booking[2] == school for _, booking in self.bookings.get(date, []))

    def drive_minutes(self, from_school_id: int, to_school_id: int) -> int | None:
        """Driving minutes between two schools (None: never both on one day)."""
        index = self.index.school_index
        return self.problem.travel[index[from_school_id]][index[to_school_id]]

    def busy(self, date: dt.date) -> list[tuple[int, int]]:
        """The therapist's sessions on `date` and the drives between them."""
        day = [booking for _, booking in self.bookings.get(date, [])]
        spans = [(start, end) for start, end, _ in day]
        return spans + [(start, end) for _, _, start, end in travel_legs(self.problem, day)]

    def gap_to_sessions(self, date: dt.date, school_id: int, start: int, end: int) -> int | None:
        """Minutes between [start, end) and the nearest of the therapist's sessions at
        `school_id` on `date`; None when they have none there."""
        school = self.index.school_index.get(school_id)
        gaps = [
            max(b_start - end, start - b_end, 0)
            for _, (b_start, b_end, where) in self.bookings.get(date, [])
            if where == school
        ]
        return min(gaps) if gaps else None

    # ------------------------------------------------------------------ the rules

    def _weekday(self, date: dt.date) -> int | None:
        """The problem's day index of `date`: its weekday in its week of the cycle
        (`Problem.weekdays` holds week 1's school days, then week 2's, ...); None on a
        day that is no school day of the week."""
        name = f"{date:%a}"
        per_week = self.problem.days_per_week
        names = self.problem.weekdays[:per_week]
        if name not in names:
            return None
        week = cycle_week_on(self.year, self.problem.cycle_weeks, date)
        return (week - 1) * per_week + names.index(name)

    def _in_service(self, line: ServiceLine, slot: Slot) -> str | None:
        first, last = service_dates(line)
        if first <= slot.date <= last and line.id in self.index.service_index:
            return None
        return (
            f"{line.code} is not in service on {date_text(slot.date)} "
            f"(from {date_text(first)} to {date_text(last)})"
        )

    def _school_day(self, line: ServiceLine, slot: Slot) -> str | None:
        school = line.student.school
        day = self.year.day(school.id, slot.date)
        note = f" ({day.note})" if day.note else ""
        if day.kind == NO_SCHOOL:
            return f"{date_text(slot.date)} is not a school day"
        if day.kind == CLOSED:
            return f"{school.name} is closed on {date_text(slot.date)}{note}"
        if day.kind == EARLY_RELEASE and day.end_time and slot.end > minutes_of(day.end_time):
            return (
                f"{school.name} releases early on {date_text(slot.date)}: students leave at "
                f"{day.end_time:%H:%M}{note}"
            )
        return None

    def _on_site(self, line: ServiceLine, slot: Slot) -> str | None:
        day = self._weekday(slot.date)
        assert day is not None  # a school day is one of the district's weekdays
        student = self.problem.students[self.index.student_index[line.student_id]]
        room = on_site(self.problem, 0, student.school, day)
        if contains(room, (slot.start, slot.end)):
            return None
        person = self.problem.therapists[0]
        school = self.problem.schools[student.school]
        when = date_text(slot.date)
        if student.school not in person.schools:
            return f"{person.label} does not serve {school.label}"
        if person.hours[day] is None:
            return f"{person.label} does not work on {when}"
        pinned = person.pinned[day]
        if pinned is not None and pinned != student.school:
            return f"{person.label} is at {self.problem.schools[pinned].label} on {when}"
        return (
            f"{span_text((slot.start, slot.end))} is outside {person.label}'s time at "
            f"{school.label} on {when} ({spans_text(room)})"
        )

    def _student_free(self, line: ServiceLine, slot: Slot) -> str | None:
        day = self._weekday(slot.date)
        assert day is not None
        service = self.index.service_index[line.id]
        free = line_windows(self.problem, service, day)
        span = (slot.start, slot.end)
        if line.delivery == "consult":
            if not contains(free, span):
                teacher = line.student.teacher.name
                return f"{teacher} is not free for a consult then (free {spans_text(free)})"
            return None
        who = student_label(line.student)
        if not contains(free, span):
            how = DELIVERY_WORDS.get(line.delivery, line.delivery)
            return f"{who} is not free for {how} then (free {spans_text(free)})"
        for busy in self.student_busy.get((line.student_id, slot.date), []):
            if overlaps(busy, span):
                return f"{who} has another session {span_text(busy)} that day"
        return None

    def _therapist_day(self, line: ServiceLine, slot: Slot, also: Sequence[Slot]) -> str | None:
        school = self.index.school_index[line.student.school_id]
        day = [booking for _, booking in self.bookings.get(slot.date, [])]
        for other in also:
            if other.date == slot.date and other != slot:
                other_school = self.index.school_index[self.lines[other.line_id].student.school_id]
                day.append((other.start, other.end, other_school))
        if fits_therapist_day(self.problem, day, school, slot.start, slot.end):
            return None
        # Which rule: the same check without lunch, then without the drives too.
        no_lunch = replace(self.problem, lunch_minutes=0)
        if fits_therapist_day(no_lunch, day, school, slot.start, slot.end):
            return (
                f"{self.therapist.name} would have no {self.problem.lunch_minutes}-minute "
                f"lunch inside {span_text(self.problem.lunch_window)} that day"
            )
        for start, end, where in sorted(day):
            if overlaps((start, end), (slot.start, slot.end)):
                place = self.problem.schools[where].label
                return (
                    f"{self.therapist.name} has a session {span_text((start, end))} at "
                    f"{place} that day"
                )
        others = sorted({self.problem.schools[w].label for _, _, w in day if w != school})
        return (
            f"{self.therapist.name} would not have time to drive between "
            f"{self.problem.schools[school].label} and {' or '.join(others)}"
        )


def _problem(
    session: Session, therapist: Therapist, students: set[int], first: dt.date
) -> tuple[Problem, Index]:
    """The solver's week of this therapist alone (index 0) and these students, pinned
    to them, with the rules as of `first`."""
    overrides = Overrides(
        pins=dict.fromkeys(students, therapist.id),
        therapist_ids=frozenset({therapist.id}),
        student_ids=frozenset(students),
        dated_lines=True,
    )
    return build_problem(session, as_of=first, overrides=overrides)


def _proposed(session: Session, therapist_id: int, first: dt.date, last: dt.date) -> list[Makeup]:
    return list(
        session.scalars(
            select(Makeup)
            .where(
                Makeup.therapist_id == therapist_id,
                Makeup.state == "proposed",
                Makeup.date >= first,
                Makeup.date <= last,
            )
            .options(selectinload(Makeup.service_line))
        )
    )

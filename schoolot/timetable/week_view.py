"""A week (or one day) of a timetable, ready for a template to draw.

The days of a calendar week side by side, each with what the school calendar says of
it (open, closed with its note, released early with the new end) and its blocks placed
to scale on a shared time axis (`top` and `height` are fractions of the view, so a
stylesheet can position them): sessions coloured by school, with the students the
viewer may see named and the others of a group only counted; on a therapist's view,
their drives between schools and their lunch too. Sessions come from
`dated_sessions(..., include_cancelled=True)`, so a page shows exactly the dates the
calendar feeds serve, plus the ones that do not happen (closed, past an early release)
marked as such. A builder may hold several `Stretch`es, each a selection of the schedule
that stood on some of the dates (`timetable.history`), so a past week shows the sessions
planned then, even across the day a new schedule took over.

Lunch is not stored: it is placed as the solver guarantees it, the first free
`lunch_minutes` of the district's lunch window between the weekday's sessions and
drives (see `timetable.lunch`), and shown only on dates the therapist works (holds a
session that happens). A drive is shown when the visits at both its ends happen.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from schoolot.district.cycle import Cycle, anchor_of
from schoolot.feeds.names import FIRST_INITIAL, student_label
from schoolot.models import ScheduledSession, ScheduledTravel, School, Student, Teacher, Therapist
from schoolot.solver.windows import free_run
from schoolot.timetable.colours import SchoolColour, school_colour, therapist_colour
from schoolot.timetable.dated import (
    CANCELLED_CLOSED,
    HAPPENS,
    DatedSession,
    dated_sessions,
    service_dates,
)
from schoolot.timetable.history import Dates
from schoolot.timetable.lanes import lanes
from schoolot.timetable.lunch import LunchRule, pattern_lunches
from schoolot.timetable.navigation import WeekNav, week_nav
from schoolot.timetable.one_off import OneOffSession
from schoolot.timetable.scale import TimeScale
from schoolot.timetable.school_year import (
    CLOSED,
    EARLY_RELEASE,
    NO_SCHOOL,
    SchoolDay,
    SchoolYear,
    weekday_name,
)
from schoolot.timetable.sources import Selection
from schoolot.values import minutes_of

# Whether the viewer may see a student's name in a session.
NamePolicy = Callable[[Student, ScheduledSession], bool]

SESSION = "session"
TRAVEL = "travel"
LUNCH = "lunch"


def short_name(student: Student) -> str:
    """'Maya R.': how timetables name a student (as a feed does by default)."""
    return student_label(student, FIRST_INITIAL)


def _minutes(start: dt.time, end: dt.time) -> int:
    return minutes_of(end) - minutes_of(start)


@dataclass(frozen=True)
class Block:
    """A session, a drive or a lunch on one date, placed on the view's time axis."""

    kind: str  # SESSION, TRAVEL or LUNCH
    start: dt.time
    end: dt.time
    top: float  # 0.0 = the top of the view, 1.0 = its bottom
    height: float
    lane: int = 0  # blocks that overlap share the width: this one is lane `lane` of `lanes`
    lanes: int = 1
    status: str = HAPPENS  # HAPPENS, or why a session does not happen (closed, early_release)
    note: str | None = None  # why it does not happen, or that it is a makeup, in words
    school: School | None = None  # a session's school; a drive's destination
    from_school: School | None = None  # a drive's origin
    colour: SchoolColour | None = None
    delivery: str | None = None  # pull_out, push_in or consult
    therapist: Therapist | None = None  # shown on the block (views of several therapists)
    session_therapist_id: int | None = None  # whose session it is, shown or not
    teacher: Teacher | None = None  # a consult's teacher
    students: tuple[str, ...] = ()  # the students named to this viewer
    others: int = 0  # students of the group in service that day whom this viewer may not see
    rooms: tuple[str, ...] = ()  # the classrooms of the students listed
    makeup_id: int | None = None  # an accepted makeup's (a one-off session)

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)

    @property
    def happens(self) -> bool:
        return self.status == HAPPENS

    @property
    def times(self) -> str:
        return f"{self.start:%H:%M}\N{EN DASH}{self.end:%H:%M}"

    def placed(self, lane: int, count: int) -> Block:
        return replace(self, lane=lane, lanes=count)


@dataclass(frozen=True)
class DayView:
    """One date of a timetable."""

    date: dt.date
    day: SchoolDay  # the calendar of the view's school (the district's, for a therapist)
    blocks: tuple[Block, ...]  # in time order
    notes: tuple[str, ...] = ()  # other schools' closures and early releases that date
    is_today: bool = False
    release_top: float | None = None  # where an early release's end falls
    cycle_label: str = ""  # the week of the cycle ("Week B"; a day view only)

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)

    @property
    def closed(self) -> bool:
        return self.day.kind == CLOSED

    @property
    def early_release(self) -> bool:
        return self.day.kind == EARLY_RELEASE

    @property
    def no_school(self) -> bool:
        return self.day.kind == NO_SCHOOL

    @property
    def sessions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == SESSION]

    @property
    def happening(self) -> list[Block]:
        return [b for b in self.sessions if b.happens]

    @property
    def cancelled(self) -> list[Block]:
        return [b for b in self.sessions if not b.happens]

    @property
    def drives(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == TRAVEL]

    @property
    def lunch(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == LUNCH), None)

    @property
    def first(self) -> Block | None:
        """The day's first session that happens."""
        happening = self.happening
        return happening[0] if happening else None

    @property
    def schools(self) -> list[School]:
        """The schools of the day's sessions that happen, in the order first visited."""
        seen: dict[int, School] = {}
        for block in self.happening:
            if block.school is not None:
                seen.setdefault(block.school.id, block.school)
        return list(seen.values())

    @property
    def school_colours(self) -> list[tuple[School, SchoolColour]]:
        return [(school, school_colour(school.id)) for school in self.schools]

    @property
    def session_minutes(self) -> int:
        return sum(b.minutes for b in self.happening)

    @property
    def drive_minutes(self) -> int:
        return sum(b.minutes for b in self.drives)


Named = School | Therapist


@dataclass(frozen=True)
class Stretch:
    """The `dates` drawn from `selection` (every date by default); `weeks`: the cycle
    of the schedule version it comes from (docs/cycle.md)."""

    selection: Selection
    dates: Dates = field(default_factory=Dates)
    weeks: int = 1


class _Pattern:
    """One stretch's pattern: its lunches and drives by (cycle week, weekday)."""

    def __init__(self, stretch: Stretch, lunch: LunchRule | None, anchor: dt.date) -> None:
        self.stretch = stretch
        self.cycle = Cycle(stretch.weeks, anchor)
        selection = stretch.selection
        self.lunches = pattern_lunches(lunch, selection.sessions, selection.travel) if lunch else {}
        self.travel: dict[tuple[int, str], list[ScheduledTravel]] = defaultdict(list)
        for leg in selection.travel:
            self.travel[leg.cycle_week or 1, leg.weekday].append(leg)

    def day_of(self, date: dt.date) -> tuple[int, str]:
        """`date`'s (cycle week, weekday): the key of its lunch and drives."""
        return self.cycle.week_of(date), weekday_name(date)

    def spans(self) -> list[tuple[dt.time, dt.time]]:
        selection = self.stretch.selection
        spans = [(s.start, s.end) for s in selection.sessions]
        spans += [(leg.start, leg.end) for leg in selection.travel]
        return spans + list(self.lunches.values())


@dataclass(frozen=True)
class WeekView:
    monday: dt.date
    days: tuple[DayView, ...]
    scale: TimeScale
    nav: WeekNav
    # What the colours stand for, by name: the week's schools (a school's own week:
    # its therapists).
    legend: tuple[tuple[Named, SchoolColour], ...]
    # The week of the schedule's cycle ("Week B", "Week 3"); "" in a one-week cycle.
    cycle_label: str = ""

    @property
    def hours(self) -> list[tuple[str, float]]:
        return self.scale.hours()

    @property
    def session_minutes(self) -> int:
        return sum(d.session_minutes for d in self.days)

    @property
    def drive_minutes(self) -> int:
        return sum(d.drive_minutes for d in self.days)

    @property
    def has_sessions(self) -> bool:
        return any(d.sessions for d in self.days)

    @property
    def has_drives(self) -> bool:
        return any(d.drives for d in self.days)

    @property
    def has_cancelled(self) -> bool:
        return any(d.cancelled for d in self.days)


class TimetableBuilder:
    """Builds the days and weeks of a therapist's, a school's, a teacher's or a
    student's sessions: `Stretch`es of the schedules that stood on the dates shown.

    `lunch` places the therapist's lunch (a therapist's view only); `home_school_id`
    names the school whose calendar heads each day (the district's when None); the
    time axis holds every session, drive and lunch of the pattern, and `frame` (a
    school's day, so that a class with one session still shows its whole day);
    `may_name(student, session)` says whether the viewer may see a student's name in a
    session (the others of a group are counted, not named; everyone by default);
    `show_therapist` puts the therapist on each block. `one_offs`: accepted makeups on
    their dates (`timetable.one_off`), drawn as sessions marked "Makeup"; on a date that
    holds one, the lunch is placed around it.
    """

    def __init__(
        self,
        year: SchoolYear,
        stretches: Iterable[Stretch],
        *,
        lunch: LunchRule | None = None,
        home_school_id: int | None = None,
        frame: tuple[dt.time, dt.time] | None = None,
        may_name: NamePolicy | None = None,
        show_therapist: bool = False,
        colour_by_therapist: bool = False,
        today: dt.date | None = None,
        one_offs: Iterable[DatedSession] = (),
        drive_minutes: Callable[[int, int], int | None] | None = None,
    ) -> None:
        self.year = year
        self.lunch = lunch
        anchor = anchor_of(year.district)
        self.patterns = [_Pattern(stretch, lunch, anchor) for stretch in stretches]
        self.one_offs = list(one_offs)
        self.drive_minutes = drive_minutes
        self.home_school_id = home_school_id
        self.may_name = may_name or (lambda student, session: True)
        self.show_therapist = show_therapist
        self.colour_by_therapist = colour_by_therapist
        self.today = today or year.today()
        spans = [span for pattern in self.patterns for span in pattern.spans()]
        spans += [(d.start, d.end) for d in self.one_offs]
        if frame is not None:
            spans.append(frame)
        self.scale = TimeScale.around(spans)

    # ------------------------------------------------------------------ weeks and days

    def week(self, monday: dt.date) -> WeekView:
        dates = self.year.week_dates(monday)
        by_date = self._dated(dates[0], dates[-1]) if dates else {}
        days = tuple(self._day(date, by_date.get(date, [])) for date in dates)
        legend = self._legend(days)
        nav = week_nav(self.year, monday, self.today)
        return WeekView(monday, days, self.scale, nav, legend, self.cycle_label(monday))

    def cycle_label(self, date: dt.date) -> str:
        """The cycle week `date` falls in, as the schedule standing then names it
        ("Week B"); "" in a one-week cycle or with no schedule that week."""
        monday = date - dt.timedelta(days=date.weekday())
        week = [monday + dt.timedelta(days=n) for n in range(7)]
        pattern = next((p for d in week if (p := self._pattern(d)) is not None), None)
        if pattern is None:
            return ""
        return pattern.cycle.label(pattern.cycle.week_of(date))

    def _legend(self, days: tuple[DayView, ...]) -> tuple[tuple[Named, SchoolColour], ...]:
        """What the colours of the week's blocks stand for: schools, or therapists."""
        if self.colour_by_therapist:
            therapists = {
                s.therapist_id: s.therapist
                for pattern in self.patterns
                for s in pattern.stretch.selection.sessions
            }
            shown = {b.session_therapist_id for d in days for b in d.sessions}
            return tuple(
                (therapist, therapist_colour(therapist.id))
                for therapist in sorted(
                    (therapists[t] for t in shown if t in therapists), key=lambda t: t.name
                )
            )
        schools: dict[int, School] = {}
        for day in days:
            for block in day.sessions:
                if block.school is not None:
                    schools.setdefault(block.school.id, block.school)
        return tuple(
            (school, school_colour(school.id))
            for school in sorted(schools.values(), key=lambda s: s.name)
        )

    def day(self, date: dt.date) -> DayView:
        day = self._day(date, self._dated(date, date).get(date, []))
        return replace(day, cycle_label=self.cycle_label(date))

    def _dated(self, first: dt.date, last: dt.date) -> dict[dt.date, list[DatedSession]]:
        by_date: dict[dt.date, list[DatedSession]] = defaultdict(list)
        for pattern in self.patterns:
            clipped = pattern.stretch.dates.clip(first, last)
            if clipped is None:
                continue
            selection = pattern.stretch.selection
            for dated in dated_sessions(
                self.year,
                selection.sessions,
                *clipped,
                shows=selection.shows,
                include_cancelled=True,
            ):
                by_date[dated.date].append(dated)
        for dated in self.one_offs:
            if first <= dated.date <= last:
                by_date[dated.date].append(dated)
        for day in by_date.values():
            day.sort(key=lambda d: (d.start, d.end, d.session.therapist_id, d.session.uid))
        return by_date

    def _pattern(self, date: dt.date) -> _Pattern | None:
        return next((p for p in self.patterns if p.stretch.dates.covers(date)), None)

    def _headline(self, date: dt.date) -> SchoolDay:
        if self.home_school_id is None:
            return self.year.district_day(date)
        return self.year.day(self.home_school_id, date)

    def _day(self, date: dt.date, dated: list[DatedSession]) -> DayView:
        headline = self._headline(date)
        blocks = [self._session_block(d) for d in dated]
        happening = [d for d in dated if d.happens]
        pattern = self._pattern(date)
        if happening and pattern is not None:
            lunch = pattern.lunches.get(pattern.day_of(date))
            if any(isinstance(d.session, OneOffSession) for d in happening):
                blocks += self._drives_around(happening)
                lunch = self._lunch_around(blocks, happening)
            else:
                blocks += self._drives(pattern, date, happening)
            if lunch is not None:
                blocks.append(self._block(LUNCH, *lunch))
        blocks.sort(key=lambda b: (b.start, b.end, b.kind))
        placed = lanes([(minutes_of(b.start), minutes_of(b.end)) for b in blocks])
        blocks = [b.placed(lane, count) for b, (lane, count) in zip(blocks, placed, strict=True)]
        release = (
            self.scale.top(headline.end_time)
            if headline.kind == EARLY_RELEASE and headline.end_time
            else None
        )
        return DayView(
            date=date,
            day=headline,
            blocks=tuple(blocks),
            notes=self._notes(headline, dated),
            is_today=date == self.today,
            release_top=release,
        )

    def _drives_around(self, happening: list[DatedSession]) -> list[Block]:
        """A date holding a makeup: a drive right after each session followed by one
        at another school, as the solver places them (the weekly pattern's drives may
        not be the day's any more). None without `drive_minutes` (views of no route)."""
        if self.drive_minutes is None:
            return []
        ordered = sorted(happening, key=lambda d: (d.start, d.end))
        blocks = []
        for before, after in itertools.pairwise(ordered):
            here, there = before.session.school_id, after.session.school_id
            minutes = self.drive_minutes(here, there) if here != there else None
            if minutes:
                end = minutes_of(before.end) + minutes
                blocks.append(
                    self._block(
                        TRAVEL,
                        before.end,
                        dt.time(end // 60, end % 60),
                        school=after.session.school,
                        from_school=before.session.school,
                        colour=school_colour(there),
                    )
                )
        return blocks

    def _lunch_around(
        self, blocks: list[Block], happening: list[DatedSession]
    ) -> tuple[dt.time, dt.time] | None:
        """The first free lunch of a date that holds a makeup, around its sessions and
        drives (the weekly pattern's lunch may be where the makeup is)."""
        if self.lunch is None or self.lunch.minutes <= 0:
            return None
        busy = [(minutes_of(d.start), minutes_of(d.end)) for d in happening]
        busy += [(minutes_of(b.start), minutes_of(b.end)) for b in blocks if b.kind == TRAVEL]
        window = (minutes_of(self.lunch.window_start), minutes_of(self.lunch.window_end))
        run = free_run(busy, window, self.lunch.minutes)
        if run is None:
            return None
        return dt.time(run[0] // 60, run[0] % 60), dt.time(run[1] // 60, run[1] % 60)

    # ------------------------------------------------------------------ blocks

    def _block(self, kind: str, start: dt.time, end: dt.time, **fields) -> Block:
        return Block(
            kind=kind,
            start=start,
            end=end,
            top=self.scale.top(start),
            height=self.scale.height(start, end),
            **fields,
        )

    def _session_block(self, dated: DatedSession) -> Block:
        session = dated.session
        named = tuple(short_name(s) for s in dated.students if self.may_name(s, session))
        in_service = {
            line.student.id
            for line in session.services
            if service_dates(line)[0] <= dated.date <= service_dates(line)[1]
        }
        rooms = sorted(
            {f"Room {s.teacher.room}" for s in dated.students if s.teacher and s.teacher.room}
        )
        teachers = [s.teacher for s in dated.students if s.teacher is not None]
        makeup_id = None
        note = _why_not(dated)
        if isinstance(session, OneOffSession):
            makeup_id = session.makeup_id
            note = f"{session.label}. {note}" if note else session.label
        return self._block(
            SESSION,
            session.start,
            session.end,
            status=dated.status,
            note=note,
            makeup_id=makeup_id,
            school=session.school,
            colour=(
                therapist_colour(session.therapist_id)
                if self.colour_by_therapist
                else school_colour(session.school_id)
            ),
            session_therapist_id=session.therapist_id,
            delivery=session.delivery,
            therapist=session.therapist if self.show_therapist else None,
            teacher=teachers[0] if session.delivery == "consult" and teachers else None,
            students=named,
            others=max(len(in_service) - len(named), 0),
            rooms=tuple(rooms),
        )

    def _drives(
        self, pattern: _Pattern, date: dt.date, happening: list[DatedSession]
    ) -> list[Block]:
        """The drives of the pattern whose visits at both ends happen on `date`."""
        blocks = []
        for leg in pattern.travel.get(pattern.day_of(date), []):
            left = any(
                d.session.school_id == leg.from_school_id and d.end <= leg.start for d in happening
            )
            arrives = any(
                d.session.school_id == leg.to_school_id and d.start >= leg.end for d in happening
            )
            if left and arrives:
                blocks.append(
                    self._block(
                        TRAVEL,
                        leg.start,
                        leg.end,
                        school=leg.to_school,
                        from_school=leg.from_school,
                        colour=school_colour(leg.to_school_id),
                    )
                )
        return blocks

    def _notes(self, headline: SchoolDay, dated: Iterable[DatedSession]) -> tuple[str, ...]:
        """Schools of the day whose calendar differs from the headline's (a therapist's
        schools, one closed or released early on its own)."""
        notes: dict[int, str] = {}
        for d in dated:
            day = d.day
            if (day.kind, day.end_time) == (headline.kind, headline.end_time):
                continue
            if day.kind in (CLOSED, EARLY_RELEASE):
                notes.setdefault(d.session.school_id, f"{d.session.school.name}: {describe(day)}")
        return tuple(notes.values())


def describe(day: SchoolDay) -> str:
    """What the calendar says of a day, in words: 'closed (Thanksgiving)',
    'early release at 12:30 (Staff PD)', 'open', 'no school'."""
    note = f" ({day.note})" if day.note else ""
    if day.kind == CLOSED:
        return f"closed{note}"
    if day.kind == EARLY_RELEASE and day.end_time is not None:
        return f"early release at {day.end_time:%H:%M}{note}"
    if day.kind == NO_SCHOOL:
        return "no school"
    return "open"


def _why_not(dated: DatedSession) -> str | None:
    if dated.happens:
        return None
    if dated.status == CANCELLED_CLOSED:
        return "Not happening: school closed" + (f" ({dated.day.note})" if dated.day.note else "")
    end = dated.day.end_time
    return f"Not happening: early release, students leave at {end:%H:%M}" if end else None

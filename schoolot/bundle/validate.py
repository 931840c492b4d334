"""Checking every row of every file of a bundle before anything is written.

Each cell is parsed with the shared parsers of `schoolot.values`, each cross-field rule
comes from `schoolot.rules`, and every problem is kept, so that one run reports the
whole list. A reference to a row that has problems of its own is not reported again:
the root cause is.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

from schoolot import rules
from schoolot.bundle.csv_cells import read_cell
from schoolot.bundle.progress import CHECKING, ProgressCallback, Throttled
from schoolot.bundle.reader import BundleSource, Table, read_bundle
from schoolot.bundle.rows import (
    BlockRow,
    Bundle,
    CalendarRow,
    DistrictRow,
    EquipmentRow,
    GoalRow,
    HoursRow,
    SchoolRow,
    ServiceRow,
    StudentRow,
    TeacherRow,
    TherapistRow,
    TravelRow,
)
from schoolot.bundle.spec import multiline_columns, plain_columns
from schoolot.bundle.validate_cycle import BundleCycle, district_cycle, hours_clash, raw_pers
from schoolot.errors import ValidationFailed
from schoolot.models import (
    Block,
    CalendarDay,
    District,
    Equipment,
    Goal,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
)
from schoolot.models.base import text_length as _length
from schoolot.models.district import CALENDAR_KINDS
from schoolot.models.staff import THERAPIST_ROLES
from schoolot.models.students import BLOCK_KINDS, BLOCK_SCOPES, DELIVERIES, GROUPINGS, PERIODS
from schoolot.problems import Problems
from schoolot.values import (
    DEFAULT_SCHOOL_DAYS,
    GOAL_AREAS,
    WEEKDAYS,
    check_characters,
    expand_weekdays,
    format_time,
    holds_control_character,
    minutes_of,
    parse_choice,
    parse_fte,
    parse_int,
    parse_span,
    parse_yes_no,
    weekly_sessions,
)
from schoolot.values import parse_date as _parse_date
from schoolot.values import parse_grade as _parse_grade
from schoolot.values import parse_time as _parse_time
from schoolot.values import parse_weekdays as _parse_weekdays

# A large bundle repeats the same few times, weekdays and dates tens of thousands of
# times: parse each distinct cell once (failures are not cached, and are re-reported).
parse_date = functools.lru_cache(maxsize=4096)(_parse_date)
parse_grade = functools.lru_cache(maxsize=64)(_parse_grade)
parse_time = functools.lru_cache(maxsize=4096)(_parse_time)
parse_weekdays = functools.lru_cache(maxsize=1024)(_parse_weekdays)


def validate_bundle(
    source: BundleSource, name: str | None = None, progress: ProgressCallback | None = None
) -> Bundle:
    """The bundle at `source` (a folder, a .zip or an open .zip; `name` is what messages
    call it), checked; raises ValidationFailed listing every problem as
    `file:line: column: message`, sorted by file, then line (the first ones: see
    `Problems`). `progress(stage, done, total)` hears how far it has come, a few times a
    second at most: "reading <file>" (files), then "checking rows" (rows)."""
    problems = Problems()
    throttled = Throttled(progress)
    tables = read_bundle(source, problems, name, throttled)
    bundle = _Checker(tables, problems, throttled).run()
    if problems:
        raise ValidationFailed(problems.lines(), problems.count)
    if bundle is None:
        raise ValidationFailed(["the bundle has no district row"])
    return bundle


class RowCells:
    """One CSV row being parsed: every failing cell is recorded and marks the row bad.
    `multiline` names the columns that may hold line breaks (default: the bundle
    file's)."""

    def __init__(
        self,
        problems: Problems,
        file: str,
        line: int,
        cells: dict[str, str],
        multiline: frozenset[str] | None = None,
    ):
        self.problems = problems
        self.multiline = multiline
        self.file = file
        self.line = line
        self.ok = True
        # Columns whose cell holds a refused character: reported once, then left alone.
        self.bad: set[str] = set()
        # Most rows hold no quote and no control character: one look at the whole row.
        whole = "".join(cells.values())
        if "'" in whole:
            cells = {column: read_cell(text) for column, text in cells.items()}
        self.cells = cells
        if holds_control_character(whole):
            self._refuse_control_characters()

    def _refuse_control_characters(self) -> None:
        multiline = self.multiline
        if multiline is None:
            multiline = multiline_columns(self.file)
        for column, text in self.cells.items():
            try:
                check_characters(text, column in multiline)
            except ValueError as error:
                self.fail(column, str(error))
                self.bad.add(column)
                self.cells[column] = ""

    def fail(self, column: str, message: str) -> None:
        self.problems.add_line(self.file, self.line, column, message)
        self.ok = False

    def text(self, column: str, required: bool, max_length: int | None = None) -> Any:
        """The cell's text; None when empty (optional) or bad."""
        value = self.cells.get(column, "")
        if column in self.bad:
            return None
        if not value:
            if required:
                self.fail(column, "required, but empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(column, f"longer than {max_length} characters")
            return None
        return value

    def value(
        self,
        column: str,
        parse: Callable[[str], Any],
        required: bool = True,
        default: Any = None,
    ) -> Any:
        """The parsed cell; `default` when empty and optional; None when bad."""
        value = self.cells.get(column, "")
        if column in self.bad:
            return None
        if not value:
            if required:
                self.fail(column, "required, but empty")
            return default
        try:
            return parse(value)
        except ValueError as error:
            self.fail(column, str(error))
            return None

    def plain(self, model: Any) -> dict[str, Any]:
        """The file's plain columns, each parsed by its kind: {column: value or None}."""
        values = {}
        for name, required, parse, limit in _plain_readers(self.file, model):
            if parse is None:
                values[name] = self.text(name, required, limit)
            else:
                values[name] = self.value(name, parse, required)
        return values

    def check(self, column: str, message: str | None) -> None:
        """Record a rule's message, if it has one."""
        if message is not None:
            self.fail(column, message)


_PARSERS: dict[str, Callable[[str], Any]] = {
    "grade": parse_grade,
    "date": parse_date,
    "time": parse_time,
}


@functools.cache
def _plain_readers(file: str, model: Any) -> tuple[tuple[str, bool, Any, int | None], ...]:
    """(column, required, parser or None for text, longest text) of each plain column."""
    return tuple(
        (c.name, c.required, _PARSERS.get(str(c.kind)), _length(model, c.name))
        for c in plain_columns(file)
    )


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    return lambda text: parse_choice(text, choices)


class _Checker:
    """Parses the tables in dependency order, so references can be checked."""

    def __init__(
        self, tables: dict[str, Table], problems: Problems, progress: Throttled | None = None
    ):
        self.tables = tables
        self.problems = problems
        self.progress = progress or Throttled(None)
        self.rows_checked = 0
        self.rows_total = sum(len(table.rows) for table in tables.values())
        # Ids found in each file, with their line: None when the file itself is unusable
        # (its own problem is reported), so references to it are not checked.
        self.ids: dict[str, dict[str, int] | None] = {}
        self.district: DistrictRow | None = None
        self.schools: dict[str, SchoolRow] = {}
        self.therapists: dict[str, TherapistRow] = {}
        self.teachers: dict[str, TeacherRow] = {}
        self.students: dict[str, StudentRow] = {}
        self.cycle = BundleCycle(None, False)

    def run(self) -> Bundle | None:
        self.district = self._district()
        schools = self._schools()
        therapists = self._therapists()
        services_table = self.tables.get("services.csv")
        self.cycle.settle(
            raw_pers(services_table.rows if services_table else []),
            (t.service_model or "" for t in therapists),
        )
        teachers = self._teachers()
        students = self._students()
        travel = self._travel()
        calendar = self._calendar()
        hours = self._hours()
        blocks = self._blocks()
        services = self._services()
        goals = self._goals()
        equipment = self._equipment()
        self.progress.finish(CHECKING, self.rows_checked, self.rows_total)
        if self.district is None:
            return None
        return Bundle(
            district=self.district,
            schools=schools,
            travel=travel,
            calendar=calendar,
            therapists=therapists,
            hours=hours,
            teachers=teachers,
            blocks=blocks,
            students=students,
            services=services,
            goals=goals,
            equipment=equipment,
        )

    # -- helpers ---------------------------------------------------------------------

    def _rows(self, file: str) -> Iterator[RowCells]:
        """The file's rows, each checked by the caller before the next is made."""
        table = self.tables.get(file)
        if table is None:
            return
        for line, cells in table.rows:
            self.rows_checked += 1
            if not self.rows_checked % 256:
                self.progress(CHECKING, self.rows_checked, self.rows_total)
            yield RowCells(self.problems, file, line, cells)

    def _id(self, row: RowCells, file: str, seen: dict[str, int], max_length: int | None) -> Any:
        """The row's own id, reporting an empty or duplicate one."""
        code = row.text("id", True, max_length)
        if code is None:
            return None
        if code in seen:
            row.fail("id", f"duplicate id '{code}' (first on line {seen[code]})")
            return None
        seen[code] = row.line
        return code

    def _known(self, file: str, seen: dict[str, int]) -> None:
        self.ids[file] = seen if file in self.tables else None

    def _ref(self, row: RowCells, column: str, code: str | None, file: str, what: str) -> bool:
        """Whether `code` names a row of `file`; an unknown one is reported on `column`."""
        if code is None:
            return False
        known = self.ids.get(file)
        if known is None:
            return False
        if code not in known:
            row.fail(column, f"unknown {what} '{code}' (not in {file})")
            return False
        return True

    @property
    def school_days(self) -> str:
        if self.district is not None:
            return self.district.school_days
        return " ".join(DEFAULT_SCHOOL_DAYS)

    def _weekdays(self, row: RowCells) -> Any:
        weekdays = row.value("weekday", parse_weekdays)
        if weekdays is not None and self.district is not None:
            row.check("weekday", rules.weekdays_are_school_days(weekdays, self.school_days))
        return weekdays

    # -- one method per file -----------------------------------------------------------

    def _district(self) -> DistrictRow | None:
        file = "district.csv"
        table = self.tables.get(file)
        if table is None:
            return None
        if not table.rows:
            self.problems.add_file(file, "no district row (the file needs exactly one)")
            return None
        for line, _ in table.rows[1:]:
            self.problems.add_line(file, line, None, "a second district row (exactly one)")
        row = next(self._rows(file))
        values = row.plain(District)
        timezone = row.text("timezone", True)
        if timezone is not None:
            row.check("timezone", rules.known_timezone(timezone))
        year_start = row.value("year_start", parse_date)
        year_end = row.value("year_end", parse_date)
        school_days = row.value(
            "school_days",
            lambda t: parse_weekdays(t, allow_all=False),
            required=False,
            default=" ".join(DEFAULT_SCHOOL_DAYS),
        )
        lunch_minutes = row.value(
            "lunch_minutes", lambda t: parse_int(t, low=0), required=False, default=30
        )
        window = row.value(
            "lunch_window", parse_span, required=False, default=(dt.time(11, 0), dt.time(13, 30))
        )
        span = row.value(
            "group_grade_span", lambda t: parse_int(t, low=0), required=False, default=1
        )
        if year_start is not None and year_end is not None:
            row.check("year_end", rules.in_order(year_start, year_end, "the school year"))
        year = (year_start, year_end) if year_start and year_end else None
        settings = district_cycle(row, year)
        self.cycle = BundleCycle(settings, "cycle_weeks" in row.cells)
        if window is not None and lunch_minutes is not None:
            length = minutes_of(window[1]) - minutes_of(window[0])
            if lunch_minutes > length:
                row.fail(
                    "lunch_minutes",
                    f"{lunch_minutes} minutes of lunch do not fit in the lunch window "
                    f"{format_time(window[0])}-{format_time(window[1])}",
                )
        if not row.ok:
            return None
        return DistrictRow(
            row.line,
            timezone,
            year_start,
            year_end,
            school_days,
            lunch_minutes,
            window[0],
            window[1],
            span,
            values,
            settings,
        )

    def _schools(self) -> list[SchoolRow]:
        file, result = "schools.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(School, "code"))
            values = row.plain(School)
            day_start = row.value("day_start", parse_time)
            day_end = row.value("day_end", parse_time)
            if day_start is not None and day_end is not None:
                row.check("day_end", rules.in_order(day_start, day_end, "the student day"))
            if row.ok:
                school = SchoolRow(row.line, code, day_start, day_end, values)
                result.append(school)
                self.schools[code] = school
        self._known(file, seen)
        return result

    def _therapists(self) -> list[TherapistRow]:
        file, result = "therapists.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(Therapist, "code"))
            values = row.plain(Therapist)
            role = row.value("role", _choice(THERAPIST_ROLES), required=False, default="OT")
            fte = row.value("fte", parse_fte, required=False, default=1.0)
            school_cell = row.text("schools", True)
            schools: list[str] = []
            for school in (school_cell or "").split():
                known = self._ref(row, "schools", school, "schools.csv", "school")
                if known and school not in schools:
                    schools.append(school)
            model = self.cycle.therapist_model(row)
            if row.ok:
                therapist = TherapistRow(row.line, code, role, fte, tuple(schools), values, model)
                result.append(therapist)
                self.therapists[code] = therapist
        self._known(file, seen)
        return result

    def _teachers(self) -> list[TeacherRow]:
        file, result = "teachers.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(Teacher, "code"))
            values = row.plain(Teacher)
            school = row.text("school", True)
            self._ref(row, "school", school, "schools.csv", "school")
            if row.ok:
                teacher = TeacherRow(row.line, code, school, values)
                result.append(teacher)
                self.teachers[code] = teacher
        self._known(file, seen)
        return result

    def _students(self) -> list[StudentRow]:
        file, result = "students.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(Student, "code"))
            values = row.plain(Student)
            school = row.text("school", True)
            school_known = self._ref(row, "school", school, "schools.csv", "school")
            teacher = row.text("teacher", True)
            if self._ref(row, "teacher", teacher, "teachers.csv", "teacher") and school_known:
                teacher_row = self.teachers.get(teacher)
                if teacher_row is not None:
                    row.check(
                        "teacher", rules.teacher_at_school(teacher, teacher_row.school, school)
                    )
            therapist = row.text("therapist", False)
            if (
                self._ref(row, "therapist", therapist, "therapists.csv", "therapist")
                and school_known
            ):
                therapist_row = self.therapists.get(therapist)
                if therapist_row is not None:
                    row.check(
                        "therapist",
                        rules.therapist_serves_school(
                            therapist, frozenset(therapist_row.schools), school
                        ),
                    )
            iep_start = row.value("iep_start", parse_date)
            iep_end = row.value("iep_end", parse_date)
            if iep_start is not None and iep_end is not None:
                row.check("iep_end", rules.dates_in_order(iep_start, iep_end, "the IEP"))
            keep = None
            if "keep_therapist" in row.cells:  # schoolot's optional column
                keep = row.value("keep_therapist", parse_yes_no, False, default=False)
                row.check(
                    "keep_therapist", rules.kept_with_a_therapist(bool(keep), bool(therapist))
                )
            if row.ok:
                student = StudentRow(
                    row.line, code, school, teacher, therapist, iep_start, iep_end, values, keep
                )
                result.append(student)
                self.students[code] = student
        self._known(file, seen)
        return result

    def _travel(self) -> list[TravelRow]:
        file, result = "travel.csv", []
        pairs: dict[tuple[str, str], TravelRow] = {}
        for row in self._rows(file):
            from_school = row.text("from_school", True)
            to_school = row.text("to_school", True)
            from_known = self._ref(row, "from_school", from_school, "schools.csv", "school")
            to_known = self._ref(row, "to_school", to_school, "schools.csv", "school")
            if from_known and to_known and from_school == to_school:
                row.fail("to_school", f"from_school and to_school are both {from_school}")
            minutes = row.value("minutes", lambda t: parse_int(t, low=0))
            if not row.ok:
                continue
            pair = (min(from_school, to_school), max(from_school, to_school))
            earlier = pairs.get(pair)
            if earlier is None:
                pairs[pair] = travel = TravelRow(row.line, from_school, to_school, minutes)
                result.append(travel)
            elif earlier.minutes != minutes:
                row.fail(
                    "minutes",
                    f"{from_school} -> {to_school} is {minutes} minutes here but "
                    f"{earlier.from_school} -> {earlier.to_school} is {earlier.minutes} "
                    f"minutes on line {earlier.line}",
                )
            elif earlier.from_school != from_school:
                # The same minutes given back the other way: harmless, kept as given.
                result.append(TravelRow(row.line, from_school, to_school, minutes))
            # The same pair, same way, same minutes again: one row is enough.
        return _unique_by_direction(result)

    def _calendar(self) -> list[CalendarRow]:
        file, result = "calendar.csv", []
        seen: dict[tuple[dt.date, str | None], int] = {}
        for row in self._rows(file):
            date = row.value("date", parse_date)
            school = row.text("school", False)
            school_known = self._ref(row, "school", school, "schools.csv", "school")
            kind = row.value("kind", _choice(CALENDAR_KINDS))
            end_time = None
            if kind == "early_release":
                end_time = row.value("end_time", parse_time)
            elif kind == "closed" and row.cells.get("end_time"):
                row.fail("end_time", "only an early_release day has an end_time; leave it empty")
            values = row.plain(CalendarDay)
            if date is not None and self.district is not None:
                row.check(
                    "date",
                    rules.inside_school_year(
                        date, self.district.year_start, self.district.year_end
                    ),
                )
            if end_time is not None:
                if school is None:
                    affected = list(self.schools.values())
                else:
                    affected = [self.schools[school]] if school in self.schools else []
                for school_row in affected:
                    row.check(
                        "end_time",
                        rules.early_release_inside_day(
                            end_time, school_row.day_start, school_row.day_end, school_row.code
                        ),
                    )
            if date is not None and (school is None or school_known):
                key = (date, school)
                if key in seen:
                    where = school or "every school"
                    row.fail("date", f"{date} is already listed for {where} on line {seen[key]}")
                else:
                    seen[key] = row.line
            if row.ok:
                result.append(CalendarRow(row.line, date, school, kind, end_time, values))
        return result

    def _hours(self) -> list[HoursRow]:
        file, result = "therapist_hours.csv", []
        days_given: dict[tuple[str, str], dict[int | None, int]] = {}
        for row in self._rows(file):
            therapist = row.text("therapist", True)
            therapist_known = self._ref(row, "therapist", therapist, "therapists.csv", "therapist")
            weekdays = self._weekdays(row)
            start = row.value("start", parse_time)
            end = row.value("end", parse_time)
            if start is not None and end is not None:
                row.check("end", rules.in_order(start, end, "the working day"))
            school = row.text("school", False)
            if self._ref(row, "school", school, "schools.csv", "school") and therapist_known:
                therapist_row = self.therapists.get(therapist)
                if therapist_row is not None:
                    row.check(
                        "school",
                        rules.therapist_serves_school(
                            therapist, frozenset(therapist_row.schools), school
                        ),
                    )
            week = self.cycle.week(row)
            if (
                therapist is not None
                and weekdays is not None
                and not (week is None and row.cells.get("cycle_week"))
            ):
                for day in expand_weekdays(weekdays, self.school_days):
                    clash = hours_clash(days_given, therapist, day, week, row.line)
                    if clash:
                        row.fail("weekday", clash)
                        break
            if row.ok:
                result.append(HoursRow(row.line, therapist, weekdays, start, end, school, week))
        return result

    def _blocks(self) -> list[BlockRow]:
        file, result = "blocks.csv", []
        for row in self._rows(file):
            school = row.text("school", True)
            school_known = self._ref(row, "school", school, "schools.csv", "school")
            scope = row.value("scope", _choice(BLOCK_SCOPES))
            target = self._block_target(row, scope, school if school_known else None)
            weekdays = self._weekdays(row)
            start = row.value("start", parse_time)
            end = row.value("end", parse_time)
            if start is not None and end is not None:
                message = rules.in_order(start, end, "the block")
                row.check("end", message)
                school_row = self.schools.get(school) if school_known else None
                if message is None and school_row is not None:
                    outside = rules.overlaps_school_day(
                        start, end, school_row.day_start, school_row.day_end, school
                    )
                    row.check("start", outside)
            kind = row.value("kind", _choice(BLOCK_KINDS))
            values = row.plain(Block)
            week = self.cycle.week(row)
            if row.ok:
                result.append(
                    BlockRow(
                        row.line, school, scope, target, weekdays, start, end, kind, values, week
                    )
                )
        return result

    def _block_target(self, row: RowCells, scope: str | None, school: str | None) -> Any:
        """The target that the scope calls for: a grade, a teacher or a student of `school`."""
        text = row.cells.get("target", "")
        if scope is None or "target" in row.bad:
            return None
        if scope == "school":
            if text:
                row.fail("target", "a school-wide block has no target; leave it empty")
            return None
        if not text:
            row.fail("target", f"required for a {scope} block (the {scope} it applies to)")
            return None
        if scope == "grade":
            return row.value("target", parse_grade)
        if scope == "teacher":
            if self._ref(row, "target", text, "teachers.csv", "teacher") and school:
                teacher = self.teachers.get(text)
                if teacher is not None:
                    row.check("target", rules.teacher_at_school(text, teacher.school, school))
            return text
        if self._ref(row, "target", text, "students.csv", "student") and school:
            student = self.students.get(text)
            if student is not None:
                row.check("target", rules.student_at_school(text, student.school, school))
        return text

    def _services(self) -> list[ServiceRow]:
        file, result = "services.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(ServiceLine, "code"))
            student = row.text("student", True)
            self._ref(row, "student", student, "students.csv", "student")
            minutes = row.value("minutes", lambda t: parse_int(t, low=1))
            per = row.value("per", _choice(PERIODS), required=False, default="week")
            session = row.value("session_minutes", lambda t: parse_int(t, low=1))
            delivery = row.value(
                "delivery", _choice(DELIVERIES), required=False, default="pull_out"
            )
            grouping = row.value(
                "grouping", _choice(GROUPINGS), required=False, default="individual"
            )
            max_group = row.value("max_group", parse_int, required=False, default=3)
            start = row.value("start", parse_date, required=False)
            end = row.value("end", parse_date, required=False)
            if minutes is not None and session is not None:
                row.check("minutes", rules.whole_sessions(minutes, session))
            if delivery is not None and grouping is not None:
                row.check("grouping", rules.consult_not_grouped(delivery, grouping))
            if grouping is not None and max_group is not None:
                row.check("max_group", rules.max_group_fits(grouping, max_group))
            student_row = self.students.get(student) if student else None
            # A date cell that did not parse is reported already; its order is not checked.
            dates_parsed = (start is not None or not row.cells.get("start")) and (
                end is not None or not row.cells.get("end")
            )
            if dates_parsed:
                self._service_dates(row, start, end, student_row)
            if session is not None and student_row is not None:
                school = self.schools.get(student_row.school)
                if school is not None:
                    length = minutes_of(school.day_end) - minutes_of(school.day_start)
                    row.check("session_minutes", rules.session_fits_a_school_day(session, length))
            fixed = self._fixed_time(row, minutes, per, session, student_row)
            if row.ok:
                result.append(
                    ServiceRow(
                        row.line,
                        code,
                        student,
                        minutes,
                        per,
                        session,
                        delivery,
                        grouping,
                        max_group,
                        start,
                        end,
                        fixed,
                    )
                )
        return result

    def _fixed_time(
        self,
        row: RowCells,
        minutes: int | None,
        per: str | None,
        session: int | None,
        student: StudentRow | None,
    ) -> tuple[str | None, dt.time | None] | None:
        """schoolot's optional `fixed_day` and `fixed_start` (docs/bundle.md); None when
        the file has neither column."""
        if "fixed_day" not in row.cells and "fixed_start" not in row.cells:
            return None
        day = row.value("fixed_day", _choice(WEEKDAYS), required=False)
        start = row.value("fixed_start", parse_time, required=False)
        bad = (day is None and row.cells.get("fixed_day")) or (
            start is None and row.cells.get("fixed_start")
        )
        if bad or minutes is None or per is None or session is None:
            return (day, start)
        dated = rules.dated_line_not_fixed(per, day is not None or start is not None)
        if dated is not None:
            row.check("fixed_day" if day is not None else "fixed_start", dated)
            return (day, start)
        school = self.schools.get(student.school) if student is not None else None
        found = rules.fixed_time(
            day,
            start,
            session,
            weekly_sessions(minutes, per, session),
            self.school_days,
            (school.day_start, school.day_end, school.code) if school is not None else None,
        )
        if found is not None:
            row.check(*found)
        return (day, start)

    def _service_dates(
        self, row: RowCells, start: dt.date | None, end: dt.date | None, student: StudentRow | None
    ) -> None:
        """Service dates in order, an empty one standing for the IEP's."""
        if student is not None:
            start = start or student.iep_start
            end = end or student.iep_end
        if start is None or end is None:
            return
        column = "end" if row.cells.get("end") else "start"
        row.check(column, rules.dates_in_order(start, end, "the service"))

    def _goals(self) -> list[GoalRow]:
        file, result = "goals.csv", []
        seen: dict[str, int] = {}
        for row in self._rows(file):
            code = self._id(row, file, seen, _length(Goal, "code"))
            student = row.text("student", True)
            self._ref(row, "student", student, "students.csv", "student")
            area = row.value("area", _choice(GOAL_AREAS))
            values = row.plain(Goal)
            if row.ok:
                result.append(GoalRow(row.line, code, student, area, values))
        return result

    def _equipment(self) -> list[EquipmentRow] | None:
        """The equipment rows; None when the (optional) file is not in the bundle."""
        file, result = "equipment.csv", []
        if file not in self.tables:
            return None
        for row in self._rows(file):
            student = row.text("student", True)
            self._ref(row, "student", student, "students.csv", "student")
            values = row.plain(Equipment)
            if row.ok:
                result.append(EquipmentRow(row.line, student, values))
        return result


def _unique_by_direction(rows: list[TravelRow]) -> list[TravelRow]:
    """One row per (from, to): the table holds each direction once."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        key = (row.from_school, row.to_school)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique

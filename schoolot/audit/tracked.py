"""Which tables the change history follows, and how it names their records and values.

One `Tracked` per table: its kind, the label a reader knows the record by (student
code, line code, therapist's name), the student it belongs to, the columns left out,
and the columns whose changes do not bear on the schedule. Foreign keys are recorded
by what they point at ("therapist": "Sara Rodriguez"), not by database ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, select

from schoolot.models import (
    Block,
    CalendarDay,
    District,
    Equipment,
    Goal,
    GoalProgress,
    Makeup,
    ScheduleVersion,
    School,
    ServiceLine,
    SessionLog,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
    User,
    therapist_school,
)

Values = Mapping[str, Any]

# Foreign-key columns, recorded under the name of what they point at.
REFERENCES = {
    "school_id": "school",
    "from_school_id": "school",
    "to_school_id": "school",
    "teacher_id": "teacher",
    "therapist_id": "therapist",
    "student_id": "student",
    "service_line_id": "service_line",
    "goal_id": "goal",
}
# What a reference shows: (model, the column a reader knows it by).
_NAMED_BY = {
    "school": (School, "name"),
    "teacher": (Teacher, "name"),
    "therapist": (Therapist, "name"),
    "student": (Student, "code"),
    "service_line": (ServiceLine, "code"),
    "goal": (Goal, "code"),
}
# The tables whose records are named, and the kind each answers for.
NAMED_TABLES = {model.__tablename__: kind for kind, (model, _) in _NAMED_BY.items()}
PASSWORD_CHANGED = "password changed"
# The tables whose rows belong to a student through their student_id (a line, a goal).
_OWNED = {"service_line": ServiceLine, "goal": Goal}


class Names:
    """Readable names of referenced records, one query per table the first time one of
    its names is asked for (so a batch of changes costs a few queries, not one a row).
    Kept for a transaction; `forget(table)` when that table is written."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.loaded: dict[str, dict[int, str]] = {}

    def of(self, kind: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        if kind not in self.loaded:
            model, column = _NAMED_BY[kind]
            table = model.__table__
            query = select(table.c.id, table.c[column])
            self.loaded[kind] = {row.id: row[1] for row in self.connection.execute(query)}
        return self.loaded[kind].get(record_id, f"#{record_id}")

    def student_of(self, kind: str, record_id: int | None) -> int | None:
        """The student whose service line or goal (`kind`) `record_id` is (None when
        it is gone)."""
        if record_id is None:
            return None
        key = f"{kind} student"
        if key not in self.loaded:
            table = _OWNED[kind].__table__
            query = select(table.c.id, table.c.student_id)
            self.loaded[key] = {row.id: row[1] for row in self.connection.execute(query)}
        return cast(int | None, self.loaded[key].get(record_id))

    def forget(self, table: str) -> None:
        """Names of `table`'s records may have changed."""
        self.loaded.pop(NAMED_TABLES.get(table, ""), None)
        for kind, model in _OWNED.items():
            if table == model.__tablename__:
                self.loaded.pop(f"{kind} student", None)


@dataclass(frozen=True)
class Tracked:
    kind: str
    label: Callable[[Values, Names], str]
    # The student the record belongs to, if any.
    student_id: Callable[[Values, Names], int | None] = lambda values, names: None
    # Columns never recorded (besides the primary key).
    skipped: frozenset[str] = frozenset()
    # Fields (as recorded) whose changes leave the schedule as it is.
    off_schedule: frozenset[str] = frozenset()
    # Whether changes of this kind bear on the schedule at all.
    on_schedule: bool = True
    # Only these actions are recorded (a schedule's publish, not its creation).
    actions: frozenset[str] = frozenset({"create", "update", "delete"})
    # When set, only changes of these fields (and whole records) bear on the schedule.
    schedule_fields: frozenset[str] | None = None


def format_value(value: Any) -> str | None:
    """A stored value as the history shows it."""
    if value is None or type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _span(values: Values) -> str:
    start, end = format_value(values.get("start")), format_value(values.get("end"))
    return f"{values.get('weekdays')} {start}-{end}"


def _block_label(values: Values, names: Names) -> str:
    where = names.of("school", values.get("school_id"))
    what = values.get("label") or f"{values.get('kind')} ({values.get('scope')})"
    return f"{what}, {_span(values)}, {where}"


def _hours_label(values: Values, names: Names) -> str:
    return f"{names.of('therapist', values.get('therapist_id'))}: {_span(values)}"


def _travel_label(values: Values, names: Names) -> str:
    return (
        f"{names.of('school', values.get('from_school_id'))} to "
        f"{names.of('school', values.get('to_school_id'))}"
    )


def _calendar_label(values: Values, names: Names) -> str:
    school = names.of("school", values.get("school_id")) or "every school"
    return f"{format_value(values.get('date'))} {values.get('kind')}, {school}"


def _own_student(values: Values, names: Names) -> int | None:
    return values.get("student_id")


def _line_code(values: Values, names: Names) -> str:
    """ "SV1042 " (with its space) of a session log's or makeup's service line."""
    code = names.of("service_line", values.get("service_line_id"))
    return f"{code} " if code else ""


def _line_student(values: Values, names: Names) -> int | None:
    """A makeup's student: the one whose service line it makes up for."""
    return names.student_of("service_line", values.get("service_line_id"))


def _goal_student(values: Values, names: Names) -> int | None:
    """A progress mark's student: the one whose goal it marks."""
    return names.student_of("goal", values.get("goal_id"))


TRACKED: dict[str, Tracked] = {
    table.__tablename__: spec
    for table, spec in (
        (
            Student,
            Tracked(
                "student",
                lambda v, n: str(v.get("code")),
                student_id=lambda v, n: v.get("id"),
                off_schedule=frozenset({"code", "first_name", "last_name"}),
            ),
        ),
        (
            ServiceLine,
            Tracked("service_line", lambda v, n: str(v.get("code")), student_id=_own_student),
        ),
        (
            Goal,
            Tracked(
                "goal", lambda v, n: str(v.get("code")), student_id=_own_student, on_schedule=False
            ),
        ),
        (
            Equipment,
            Tracked(
                "equipment",
                lambda v, n: str(v.get("item")),
                student_id=_own_student,
                on_schedule=False,
            ),
        ),
        (
            Block,
            Tracked(
                "block", _block_label, student_id=_own_student, off_schedule=frozenset({"label"})
            ),
        ),
        (
            Therapist,
            Tracked(
                "therapist",
                lambda v, n: str(v.get("name")),
                off_schedule=frozenset({"code", "name"}),
            ),
        ),
        (TherapistHours, Tracked("therapist_hours", _hours_label)),
        # A teacher's class is the students' teacher_id; their blocks are Blocks.
        (Teacher, Tracked("teacher", lambda v, n: str(v.get("name")), on_schedule=False)),
        (
            User,
            Tracked(
                "account",
                lambda v, n: str(v.get("email")),
                skipped=frozenset({"session_token", "created_at"}),
                on_schedule=False,
            ),
        ),
        (
            School,
            Tracked(
                "school",
                lambda v, n: str(v.get("name")),
                off_schedule=frozenset({"code", "name", "address"}),
            ),
        ),
        (CalendarDay, Tracked("calendar_day", _calendar_label, off_schedule=frozenset({"note"}))),
        (TravelTime, Tracked("travel_time", _travel_label)),
        (
            District,
            Tracked(
                "district",
                lambda v, n: str(v.get("name")),
                # What a solve reads: the year, school days, lunch and grouping rules.
                schedule_fields=frozenset(
                    {
                        "year_start",
                        "year_end",
                        "school_days",
                        "lunch_minutes",
                        "lunch_window_start",
                        "lunch_window_end",
                        "group_grade_span",
                    }
                ),
            ),
        ),
        (
            SessionLog,
            Tracked(
                "session_log",
                lambda v, n: f"{_line_code(v, n)}session of {format_value(v.get('date'))}",
                student_id=_own_student,
                # Who recorded it is the change's actor; the session's uid is internal.
                skipped=frozenset({"recorded_at", "amended_at", "recorded_by_id", "session_uid"}),
                on_schedule=False,
            ),
        ),
        (
            GoalProgress,
            Tracked(
                "goal_progress",
                lambda v, n: (
                    f"progress of {n.of('goal', v.get('goal_id'))} on {format_value(v.get('date'))}"
                ),
                student_id=_goal_student,
                # Who marked it is the change's actor; its session log has its own history.
                skipped=frozenset({"recorded_at", "recorded_by_id", "log_id"}),
                on_schedule=False,
            ),
        ),
        (
            Makeup,
            Tracked(
                "makeup",
                lambda v, n: f"{_line_code(v, n)}makeup on {format_value(v.get('date'))}",
                student_id=_line_student,
                skipped=frozenset({"created_at", "decided_at", "decided_by_id", "uid", "sequence"}),
                on_schedule=False,
            ),
        ),
        (
            ScheduleVersion,
            Tracked(
                "schedule",
                lambda v, n: f"schedule {v.get('id')}",
                on_schedule=False,
                actions=frozenset({"publish"}),
            ),
        ),
    )
}
# The schools a therapist serves: rows of this table are recorded as the therapist's
# "schools" field.
ASSOCIATION = therapist_school.name


def field_name(column: str) -> str:
    """The name a column's changes are recorded under."""
    if column == "password_hash":
        return "password"
    return REFERENCES.get(column, column)


def shown(column: str, value: Any, names: Names) -> str | None:
    """A column's value as recorded: references by name, never a password hash."""
    if column == "password_hash":
        return PASSWORD_CHANGED if value is not None else None
    kind = REFERENCES.get(column)
    if kind is not None:
        return names.of(kind, value)
    return format_value(value)


def summary(spec: Tracked, values: Values, names: Names) -> str:
    """A whole record in one text ("minutes=60; per=week; ..."), for its creation or
    deletion; the password is left out."""
    parts = []
    for column, value in values.items():
        if value is None or column == "id" or column in spec.skipped:
            continue
        if column in REFERENCES:
            parts.append(f"{REFERENCES[column]}={names.of(REFERENCES[column], value)}")
        elif column != "password_hash":
            parts.append(f"{column}={format_value(value)}")
    return "; ".join(parts)

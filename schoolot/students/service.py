"""Writing students and their IEP details: service lines, goals and equipment.

Plain functions taking a session and plain values. Each checks every rule first
(the same parsers and cross-field rules as the bundle import), raises
`ValidationFailed` listing every problem as `field: message`, and only then
changes anything, so a refused write leaves the database as it was. They flush;
the caller commits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import NotRequired, TypedDict, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot import rules
from schoolot.district.settings import get_district
from schoolot.models import Equipment, Goal, School, ServiceLine, Student, Teacher, Therapist
from schoolot.models.base import text_length as _length
from schoolot.models.students import DELIVERIES, GROUPINGS, PERIODS
from schoolot.problems import Problems
from schoolot.values import (
    DEFAULT_SCHOOL_DAYS,
    GOAL_AREAS,
    WEEKDAYS,
    minutes_of,
    parse_choice,
    parse_grade,
    weekly_sessions,
)

# --- students ---------------------------------------------------------------------------


class StudentFields(TypedDict):
    """A student record's fields as a form or a caller gives them, before any check."""

    code: str
    first_name: str
    last_name: str
    grade: str
    school_id: int | None
    teacher_id: int | None
    therapist_id: int | None
    iep_start: dt.date | None
    iep_end: dt.date | None
    # "Keep with this therapist" (balancing never moves the student); left out: unchanged.
    keep_therapist: NotRequired[bool]


def create_student(session: Session, **fields: Unpack[StudentFields]) -> Student:
    """Add a student; the teacher must teach at the school and the therapist serve it."""
    student = Student(**_checked_student(session, None, fields))
    session.add(student)
    session.flush()
    return student


def update_student(session: Session, student: Student, **fields: Unpack[StudentFields]) -> Student:
    """Change a student's record under the same rules as `create_student`."""
    for name, value in _checked_student(session, student, fields).items():
        setattr(student, name, value)
    session.flush()
    return student


def delete_student(session: Session, student: Student) -> None:
    """Remove a student with their service lines, goals, equipment and own blocks."""
    # The ORM cascades the IEP details; the blocks aimed at the student go by the foreign
    # key's ON DELETE CASCADE (enforced on SQLite too: extensions turns foreign keys on).
    session.delete(student)
    session.flush()


def _checked_student(session: Session, student: Student | None, fields: StudentFields) -> dict:
    problems = Problems()
    code = _clean(fields["code"])
    _check_code(session, Student, student, code, "student id", problems, suggest_student_code)
    first_name = _required_text(
        fields["first_name"],
        "first_name",
        "the first name",
        _length(Student, "first_name"),
        problems,
    )
    last_name = _required_text(
        fields["last_name"], "last_name", "the last name", _length(Student, "last_name"), problems
    )
    grade = fields["grade"]
    try:
        grade = parse_grade(grade or "")
    except ValueError as error:
        problems.add("grade", str(error))

    school = _load(session, School, fields["school_id"], "school", problems)
    teacher = _load(session, Teacher, fields["teacher_id"], "teacher", problems)
    therapist_id = fields["therapist_id"]
    therapist = None
    if therapist_id is not None:
        therapist = session.scalar(
            select(Therapist)
            .where(Therapist.id == therapist_id)
            .options(selectinload(Therapist.schools))
        )
        if therapist is None:
            problems.add("therapist", "that therapist no longer exists; choose another")
    if school is not None and teacher is not None:
        problems.add(
            "teacher",
            rules.teacher_at_school(teacher.code, teacher.school.code, school.code),
        )
    if school is not None and therapist is not None:
        served = {s.code for s in therapist.schools}
        problems.add(
            "therapist",
            rules.therapist_serves_school(therapist.code, served, school.code),
        )

    iep_start, iep_end = fields["iep_start"], fields["iep_end"]
    if iep_start is None:
        problems.add("iep_start", "enter the date the IEP starts (YYYY-MM-DD)")
    if iep_end is None:
        problems.add("iep_end", "enter the date the IEP ends (YYYY-MM-DD)")
    if iep_start is not None and iep_end is not None:
        problems.add("iep_end", rules.dates_in_order(iep_start, iep_end, "the IEP"))
        if student is not None:
            _check_lines_inside_iep(student, iep_start, iep_end, problems)

    keep = fields.get("keep_therapist", student.keep_therapist if student else False)
    problems.add("keep_therapist", rules.kept_with_a_therapist(keep, therapist_id is not None))

    problems.raise_if_any()
    return dict(
        code=code,
        first_name=first_name,
        last_name=last_name,
        grade=grade,
        school=school,
        teacher=teacher,
        therapist=therapist,
        iep_start=iep_start,
        iep_end=iep_end,
        keep_therapist=bool(keep),
    )


def _check_lines_inside_iep(
    student: Student, iep_start: dt.date, iep_end: dt.date, problems: Problems
) -> None:
    """New IEP dates must not turn a service line's (defaulted) dates upside down."""
    for line in student.services:
        start = line.start or iep_start
        end = line.end or iep_end
        message = rules.dates_in_order(start, end, f"service line {line.code}")
        if message:
            field = "iep_end" if line.end is None else "iep_start"
            problems.add(field, f"with these IEP dates, {message}")


# --- service lines ----------------------------------------------------------------------


def save_service_line(
    session: Session,
    student: Student,
    line: ServiceLine | None = None,
    *,
    code: str,
    minutes: int | None,
    per: str,
    session_minutes: int | None,
    delivery: str,
    grouping: str,
    max_group: int | None,
    start: dt.date | None,
    end: dt.date | None,
    fixed_day: str | None = None,
    fixed_start: dt.time | None = None,
) -> ServiceLine:
    """Add a service line to `student`, or change `line`, under the bundle's rules;
    `fixed_day` and `fixed_start` fix its weekly session ("Mondays 10:00")."""
    problems = Problems()
    code = _clean(code)
    _check_code(session, ServiceLine, line, code, "service line id", problems, suggest_service_code)
    if minutes is None or minutes <= 0:
        problems.add("minutes", "enter the minutes owed per period, more than 0")
    if session_minutes is None or session_minutes <= 0:
        problems.add("session_minutes", "enter the length of one session, more than 0")
    if max_group is None:
        max_group = 3  # the bundle's default
    per = _choice(per, PERIODS, "per", problems)
    delivery = _choice(delivery, DELIVERIES, "delivery", problems)
    grouping = _choice(grouping, GROUPINGS, "grouping", problems)

    if minutes and session_minutes and minutes > 0 and session_minutes > 0:
        problems.add("minutes", rules.whole_sessions(minutes, session_minutes))
        school = student.school
        day = minutes_of(school.day_end) - minutes_of(school.day_start)
        problems.add("session_minutes", rules.session_fits_a_school_day(session_minutes, day))
    if delivery and grouping:
        problems.add("grouping", rules.consult_not_grouped(delivery, grouping))
    if grouping:
        problems.add("max_group", rules.max_group_fits(grouping, max_group))
    # Empty dates default to the IEP's, so the dates that will apply must be in order;
    # the message goes where the import puts it: on `end` when one is given.
    problems.add(
        "end" if end is not None else "start",
        rules.dates_in_order(start or student.iep_start, end or student.iep_end, "the service"),
    )
    fixed_day = fixed_day or None
    if minutes and session_minutes and minutes > 0 and session_minutes > 0 and per:
        _check_fixed_time(
            session, student, fixed_day, fixed_start, minutes, per, session_minutes, problems
        )

    problems.raise_if_any()
    assert minutes is not None and session_minutes is not None  # checked above
    if line is None:
        line = ServiceLine(student=student)
        session.add(line)
    line.code = code
    line.minutes = minutes
    line.per = per
    line.session_minutes = session_minutes
    line.delivery = delivery
    line.grouping = grouping
    line.max_group = max_group
    line.start = start
    line.end = end
    line.fixed_day = fixed_day
    line.fixed_start = fixed_start
    session.flush()
    return line


def _check_fixed_time(
    session: Session,
    student: Student,
    day: str | None,
    start: dt.time | None,
    minutes: int,
    per: str,
    session_minutes: int,
    problems: Problems,
) -> None:
    """The fixed day and time under the bundle's rules (rules.fixed_time)."""
    if day is not None and day not in WEEKDAYS:
        problems.add("fixed_day", f"'{day}' is not a weekday (use Mon Tue Wed Thu Fri Sat Sun)")
        return
    dated = rules.dated_line_not_fixed(per, day is not None or start is not None)
    if dated is not None:
        problems.add("fixed_day" if day is not None else "fixed_start", dated)
        return
    district = get_district(session)
    school_days = district.school_days if district else " ".join(DEFAULT_SCHOOL_DAYS)
    school = student.school
    found = rules.fixed_time(
        day,
        start,
        session_minutes,
        weekly_sessions(minutes, per, session_minutes),
        school_days,
        (school.day_start, school.day_end, school.code),
    )
    if found is not None:
        problems.add(*found)


def delete_service_line(session: Session, line: ServiceLine) -> None:
    """Remove one service line."""
    session.delete(line)
    session.flush()


# --- goals ------------------------------------------------------------------------------


def save_goal(
    session: Session,
    student: Student,
    goal: Goal | None = None,
    *,
    code: str,
    area: str,
    description: str,
    baseline: str | None,
    target: str | None,
) -> Goal:
    """Add a goal to `student`, or change `goal`."""
    problems = Problems()
    code = _clean(code)
    _check_code(
        session, Goal, goal, code, "goal id", problems, lambda s: suggest_goal_code(s, student)
    )
    area = _choice(area, GOAL_AREAS, "area", problems)
    description = _required_text(
        description, "description", "a description of the goal", None, problems
    )
    baseline = _optional_text(baseline, "baseline", _length(Goal, "baseline"), problems)
    target = _optional_text(target, "target", _length(Goal, "target"), problems)
    problems.raise_if_any()
    if goal is None:
        goal = Goal(student=student)
        session.add(goal)
    goal.code = code
    goal.area = area
    goal.description = description
    goal.baseline = baseline
    goal.target = target
    session.flush()
    return goal


def delete_goal(session: Session, goal: Goal) -> None:
    """Remove one goal."""
    session.delete(goal)
    session.flush()


# --- equipment --------------------------------------------------------------------------


def save_equipment(
    session: Session,
    student: Student,
    equipment: Equipment | None = None,
    *,
    item: str,
    note: str | None,
) -> Equipment:
    """Add an equipment item to `student`, or change `equipment`."""
    problems = Problems()
    item = _required_text(item, "item", "the item", _length(Equipment, "item"), problems)
    note = _optional_text(note, "note", _length(Equipment, "note"), problems)
    problems.raise_if_any()
    if equipment is None:
        equipment = Equipment(student=student)
        session.add(equipment)
    equipment.item = item
    equipment.note = note
    session.flush()
    return equipment


def delete_equipment(session: Session, equipment: Equipment) -> None:
    """Remove one equipment item."""
    session.delete(equipment)
    session.flush()


# --- suggested ids ----------------------------------------------------------------------


def suggest_student_code(session: Session) -> str:
    """The next free student id in the district's most common pattern (e.g. S10037)."""
    return next_code(session.scalars(select(Student.code)), default_prefix="S")


def suggest_service_code(session: Session) -> str:
    """The next free service line id in the district's most common pattern (e.g. SV38)."""
    return next_code(session.scalars(select(ServiceLine.code)), default_prefix="SV")


def suggest_goal_code(session: Session, student: Student) -> str:
    """`G<student id>-<n>`, the pattern of the example bundle, with the first free n."""
    prefix = f"G{student.code}-"
    taken = set(session.scalars(select(Goal.code).where(Goal.code.startswith(prefix))))
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_code(codes: Iterable[str], default_prefix: str) -> str:
    """One more than the highest number among the ids sharing the most common prefix.

    Zero-padding is kept (E009 -> E010); with no numbered ids, `<default_prefix>1`.
    """
    numbers: dict[str, list[str]] = {}
    for code in codes:
        match = _NUMBERED.match(code)
        if match:
            numbers.setdefault(match.group(1), []).append(match.group(2))
    if not numbers:
        return f"{default_prefix}1"
    counts = Counter({prefix: len(found) for prefix, found in numbers.items()})
    prefix = counts.most_common(1)[0][0]
    digits = numbers[prefix]
    width = min(len(d) for d in digits) if any(d.startswith("0") for d in digits) else 0
    return f"{prefix}{str(max(int(d) for d in digits) + 1).zfill(width)}"


# --- shared checks ----------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _required_text(
    text: str | None, field: str, what: str, limit: int | None, problems: Problems
) -> str:
    value = _clean(text)
    if not value:
        problems.add(field, f"enter {what}")
    elif limit is not None and len(value) > limit:
        problems.add(field, f"keep {what} to {limit} characters (it has {len(value)})")
    return value


def _optional_text(
    text: str | None, field: str, limit: int | None, problems: Problems
) -> str | None:
    value = _clean(text)
    if limit is not None and len(value) > limit:
        problems.add(field, f"keep it to {limit} characters (it has {len(value)})")
    return value or None


def _choice(value: str | None, choices: tuple[str, ...], field: str, problems: Problems) -> str:
    try:
        return parse_choice(value or "", choices)
    except ValueError as error:
        problems.add(field, str(error))
        return ""


def _load(session: Session, model: type, object_id: int | None, field: str, problems: Problems):
    if object_id is None:
        problems.add(field, f"choose a {field}")
        return None
    found = session.get(model, object_id)
    if found is None:
        problems.add(field, f"that {field} no longer exists; choose another")
    return found


def _check_code(
    session: Session,
    model: type,
    current: object | None,
    code: str,
    what: str,
    problems: Problems,
    suggest,
) -> None:
    """Ids are entered by people and referenced by the bundle: present, short, unique."""
    if not code:
        problems.add("code", f"enter the {what}")
        return
    limit = _length(model, "code")
    if limit is not None and len(code) > limit:
        problems.add("code", f"keep the {what} to {limit} characters")
        return
    # no_autoflush: a half-edited object must not be written by this lookup.
    with session.no_autoflush:
        holder = session.scalar(select(model).where(model.code == code))  # type: ignore[attr-defined]
    if holder is not None and holder is not current:
        problems.add(
            "code", f"{what} {code} is already taken; the next free one is {suggest(session)}"
        )

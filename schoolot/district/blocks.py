"""Blocks: the times a school's students are not free for therapy, and their weekly table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot import rules
from schoolot.district.cycle_checks import cycle_week_problem
from schoolot.district.problems import optional_text
from schoolot.models import Block, School, Student, Teacher
from schoolot.models.students import BLOCK_KINDS, BLOCK_SCOPES
from schoolot.problems import Problems
from schoolot.values import (
    WEEKDAYS,
    expand_weekdays,
    grade_rank,
    parse_choice,
    parse_grade,
    parse_weekdays,
)

SCOPE_TITLES = {
    "school": "Whole school",
    "grade": "By grade",
    "teacher": "By teacher (classroom)",
    "student": "By student",
}


def save_block(
    session: Session,
    school: School,
    block: Block | None = None,
    *,
    scope: str,
    target: str | None,
    weekdays: str,
    start: dt.time,
    end: dt.time,
    kind: str,
    label: str | None = None,
    school_days: str | None = None,
    cycle_week: int | None = None,
) -> Block:
    """Add a block to `school` (or change `block`), with the bundle's `target` cell:
    empty for scope school, a grade, a teacher id or a student id of this school.

    `school_days` (the district's) limits the weekdays; None skips that check, as the
    import does before a district is set up.
    """
    problems = Problems()
    target = (target or "").strip()
    try:
        scope = parse_choice(scope, BLOCK_SCOPES)
    except ValueError as error:
        problems.add("scope", str(error))
    try:
        kind = parse_choice(kind, BLOCK_KINDS)
    except ValueError as error:
        problems.add("kind", str(error))
    try:
        weekdays = parse_weekdays(weekdays)
    except ValueError as error:
        problems.add("weekdays", str(error))
    else:
        if school_days is not None:
            problems.add("weekdays", rules.weekdays_are_school_days(weekdays, school_days))
    order = rules.in_order(start, end, "the block")
    problems.add("end", order)
    if not order:
        # As the import: a block may run past dismissal, not lie wholly outside the day.
        outside = rules.overlaps_school_day(
            start, end, school.day_start, school.day_end, school.name
        )
        problems.add("start", outside)
    grade, teacher, student = _target(session, problems, school, scope, target)
    problems.add("cycle_week", cycle_week_problem(session, cycle_week))
    problems.raise_if_any()

    if block is None:
        block = Block(school=school)
        session.add(block)
    block.scope = scope
    block.target_grade = grade
    block.teacher = teacher
    block.student = student
    block.weekdays = weekdays
    block.cycle_week = cycle_week
    block.start = start
    block.end = end
    block.kind = kind
    block.label = optional_text(label)
    session.flush()
    return block


def _target(
    session: Session, problems: Problems, school: School, scope: str, target: str
) -> tuple[str | None, Teacher | None, Student | None]:
    """The grade, teacher or student a block's target names; it must match the scope."""
    if scope == "school":
        if target:
            problems.add("target", "a school-wide block has no target; leave it empty")
        return None, None, None
    if not target:
        if scope in BLOCK_SCOPES:
            problems.add("target", f"required for a {scope} block (the {scope} it applies to)")
        return None, None, None
    if scope == "grade":
        try:
            return parse_grade(target), None, None
        except ValueError as error:
            problems.add("target", str(error))
            return None, None, None
    if scope == "teacher":
        teacher = session.scalar(select(Teacher).where(Teacher.code == target))
        if teacher is None:
            problems.add("target", f"unknown teacher '{target}'")
            return None, None, None
        problems.add(
            "target", rules.teacher_at_school(teacher.code, teacher.school.code, school.code)
        )
        return None, teacher, None
    if scope == "student":
        student = session.scalar(select(Student).where(Student.code == target))
        if student is None:
            problems.add("target", f"unknown student '{target}'")
            return None, None, None
        problems.add(
            "target", rules.student_at_school(student.code, student.school.code, school.code)
        )
        return None, None, student
    return None, None, None


def delete_block(session: Session, block: Block) -> None:
    session.delete(block)
    session.flush()


@dataclass
class BlockRow:
    """One target's blocks (a grade, a teacher, a student; or the whole school), by day."""

    label: str
    sort_key: tuple
    cells: dict[str, list[Block]] = field(default_factory=dict)


@dataclass
class BlockTable:
    """The blocks of one scope as a weekly table: a row per target, a column per day."""

    scope: str
    title: str
    days: list[str]
    rows: list[BlockRow]


def weekly_tables(blocks: list[Block], school_days: str) -> list[BlockTable]:
    """Blocks grouped by scope, each scope a weekly table; `*` stands for the school days.

    Blocks are expected in start-time order, and their teacher and student loaded.
    """
    used_days = set(school_days.split())
    for block in blocks:
        used_days.update(expand_weekdays(block.weekdays, school_days))
    days = [d for d in WEEKDAYS if d in used_days]
    tables = []
    for scope in BLOCK_SCOPES:
        rows: dict[tuple, BlockRow] = {}
        for block in (b for b in blocks if b.scope == scope):
            label, sort_key = _row_label(block)
            row = rows.setdefault(sort_key, BlockRow(label, sort_key, {d: [] for d in days}))
            for day in expand_weekdays(block.weekdays, school_days):
                row.cells[day].append(block)
        if rows:
            ordered = sorted(rows.values(), key=lambda r: r.sort_key)
            tables.append(BlockTable(scope, SCOPE_TITLES[scope], days, ordered))
    return tables


def _row_label(block: Block) -> tuple[str, tuple]:
    if block.scope == "grade" and block.target_grade:
        grade = block.target_grade
        return ("Pre-K" if grade == "PK" else f"Grade {grade}"), (grade_rank(grade),)
    if block.scope == "teacher" and block.teacher is not None:
        teacher = block.teacher
        room = f" (room {teacher.room})" if teacher.room else ""
        return f"{teacher.name}{room}", (teacher.name, teacher.id)
    if block.scope == "student" and block.student is not None:
        student = block.student
        return (
            f"{student.last_name}, {student.first_name} ({student.code})",
            (student.last_name, student.first_name, student.id),
        )
    return "Every student", ()

"""A service line's fixed day and time ("Mondays 10:00") as the solver takes it, with
the blocks that hold the student (or, for a consult, the teacher) then, named in words
for the reason when the line cannot be placed there."""

from __future__ import annotations

from collections.abc import Iterable

from schoolot.models import Block, ServiceLine, Student
from schoolot.solver import problem as p
from schoolot.values import expand_weekdays, format_time, minutes_of


def fixed_time(
    line: ServiceLine, blocks: Iterable[Block], school_days: str, day_of: dict[str, int]
) -> p.FixedTime | None:
    """The line's fixed time as the solver's FixedTime, or None when it is not fixed.
    A day the district no longer holds school on becomes day -1, which no session has."""
    if line.fixed_day is None or line.fixed_start is None:
        return None
    start = minutes_of(line.fixed_start)
    day = day_of.get(line.fixed_day)
    if day is None:
        return p.FixedTime(-1, start, f"{line.fixed_day} is not a school day")
    span = (start, start + line.session_minutes)
    held = [
        _block_text(block, line.student, line.delivery)
        for block in blocks
        if _holds(block, line, span, school_days)
    ]
    return p.FixedTime(day, start, " and ".join(held))


def _holds(block: Block, line: ServiceLine, span: tuple[int, int], school_days: str) -> bool:
    """The block covers the line's student (teacher, for a consult) at `span` on the
    fixed day, of a kind that stops a session of the line's delivery."""
    student = line.student
    if line.delivery == "consult":
        covers = block.scope == "teacher" and block.teacher_id == student.teacher_id
        stops = block.kind == "busy"
    else:
        covers = block.school_id == student.school_id and (
            block.scope == "school"
            or (block.scope == "grade" and block.target_grade == student.grade)
            or (block.scope == "teacher" and block.teacher_id == student.teacher_id)
            or (block.scope == "student" and block.student_id == student.id)
        )
        stops = block.kind == "busy" or line.delivery == "pull_out"
    if not (covers and stops):
        return False
    if line.fixed_day not in expand_weekdays(block.weekdays, school_days):
        return False
    return minutes_of(block.start) < span[1] and span[0] < minutes_of(block.end)


def _block_text(block: Block, student: Student, delivery: str) -> str:
    """`Maya's class has Reading (protected 10:00-11:00)`; a block of one week of the
    cycle says which (`... (busy 09:00-10:00) in cycle week 2`)."""
    if block.scope == "school":
        who = student.school.name
    elif block.scope == "grade":
        who = f"grade {block.target_grade}"
    elif block.scope == "teacher":
        teacher = student.teacher.name
        who = f"teacher {teacher}" if delivery == "consult" else f"{student.first_name}'s class"
    else:
        who = student.first_name
    what = block.label or "a block"
    span = f"{format_time(block.start)}-{format_time(block.end)}"
    week = f" in cycle week {block.cycle_week}" if block.cycle_week is not None else ""
    return f"{who} has {what} ({block.kind} {span}){week}"

"""How a calendar feed names people: students as little as possible, staff by name.

A feed travels through third-party calendar servers, so a student appears by first
name and last initial ("Maya R.") or, when the district chooses, by initials only
("M.R."): never by full name, id, goal or note.
"""

from __future__ import annotations

from collections.abc import Iterable

from schoolot.models import Student, Teacher

FIRST_INITIAL = "first_initial"
INITIALS = "initials"


def _initial(name: str) -> str:
    name = name.strip()
    return f"{name[0].upper()}." if name else ""


def student_label(student: Student, style: str) -> str:
    """'Maya R.' (first_initial) or 'M.R.' (initials)."""
    if style == INITIALS:
        return _initial(student.first_name) + _initial(student.last_name)
    first = student.first_name.strip()
    last = _initial(student.last_name)
    return f"{first} {last}".strip()


def by_label(students: Iterable[Student], style: str) -> list[Student]:
    """`students` in a stable order: by label, then by record."""
    return sorted(students, key=lambda s: (student_label(s, style), s.id))


def student_labels(students: Iterable[Student], style: str) -> list[str]:
    """The labels of `students`, in the order of `by_label`."""
    return [student_label(student, style) for student in by_label(students, style)]


def room_label(teacher: Teacher | None) -> str | None:
    """'Room 301' from the teacher's room ('301' or 'Room 301'), or None."""
    if teacher is None or not teacher.room or not teacher.room.strip():
        return None
    room = teacher.room.strip()
    return room if room.lower().startswith("room") else f"Room {room}"

"""The bundle's files and columns, in the order of /work/shared/spec/bundle.md.

The export writes exactly these columns in this order; the import requires the
`required` ones in the header and ignores columns it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    # A multi-line text may hold tabs and line breaks; other cells hold one line.
    multiline: bool = False


def _columns(*names: str) -> tuple[Column, ...]:
    """Columns from names; a trailing `*` marks a column the header must have, a
    trailing `+` a multi-line text."""
    return tuple(Column(n.strip("*+"), "*" in n, "+" in n) for n in names)


FILES: dict[str, tuple[Column, ...]] = {
    "district.csv": _columns(
        "name*",
        "timezone*",
        "year_start*",
        "year_end*",
        "school_days",
        "lunch_minutes",
        "lunch_window",
        "group_grade_span",
    ),
    "schools.csv": _columns("id*", "name*", "day_start*", "day_end*", "address"),
    "travel.csv": _columns("from_school*", "to_school*", "minutes*"),
    "calendar.csv": _columns("date*", "school", "kind*", "end_time", "note"),
    "therapists.csv": _columns("id*", "name*", "role", "fte", "schools*"),
    "therapist_hours.csv": _columns("therapist*", "weekday*", "start*", "end*", "school"),
    "teachers.csv": _columns("id*", "name*", "school*", "grade", "room"),
    "blocks.csv": _columns(
        "school*", "scope*", "target", "weekday*", "start*", "end*", "kind*", "label"
    ),
    "students.csv": _columns(
        "id*",
        "first_name*",
        "last_name*",
        "grade*",
        "school*",
        "teacher*",
        "therapist",
        "iep_start*",
        "iep_end*",
    ),
    "services.csv": _columns(
        "id*",
        "student*",
        "minutes*",
        "per",
        "session_minutes*",
        "delivery",
        "grouping",
        "max_group",
        "start",
        "end",
    ),
    "goals.csv": _columns("id*", "student*", "area*", "description*+", "baseline", "target"),
    "equipment.csv": _columns("student*", "item*", "note"),
}

OPTIONAL_FILES: frozenset[str] = frozenset({"equipment.csv"})


def column_names(file: str) -> list[str]:
    """The file's columns, in the spec's order."""
    return [c.name for c in FILES[file]]


def multiline_columns(file: str) -> frozenset[str]:
    """The file's columns that may hold tabs and line breaks."""
    return frozenset(c.name for c in FILES[file] if c.multiline)

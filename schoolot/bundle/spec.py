"""The bundle's files and columns, in the order of /work/shared/spec/bundle.md.

The export writes exactly these columns in this order; the import requires the
`required` ones in the header and ignores columns it does not know.

A *plain* column (one with a `kind`) is a value of the model's attribute of the same
name, and nothing more: the validation parses it by its kind (a text no longer than
the model's column), the checked row carries it in `values`, the import writes it and
the export reads it, all from this table. Adding such a column to the bundle is one line
here. Columns without a kind (ids, references, values that cross-field rules read) are
handled by each file's own code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

# What a plain column holds: free text, a grade (PK, K, 1-12), a date or a time of day.
KINDS = ("text", "grade", "date", "time")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    # A multi-line text may hold tabs and line breaks; other cells hold one line.
    multiline: bool = False
    # One of KINDS for a plain column; None when the file's own code reads it.
    kind: str | None = None


def _columns(*names: str) -> tuple[Column, ...]:
    """Columns from names: a trailing `*` marks a column the header must have, a `+` a
    multi-line text, and `:kind` a plain column (e.g. `"note:text"`, `"grade*:grade"`)."""
    columns = []
    for spec in names:
        name, _, kind = spec.partition(":")
        assert not kind or kind in KINDS, spec
        columns.append(Column(name.strip("*+"), "*" in name, "+" in name, kind or None))
    return tuple(columns)


FILES: dict[str, tuple[Column, ...]] = {
    "district.csv": _columns(
        "name*:text",
        "timezone*",
        "year_start*",
        "year_end*",
        "school_days",
        "lunch_minutes",
        "lunch_window",
        "group_grade_span",
    ),
    "schools.csv": _columns("id*", "name*:text", "day_start*", "day_end*", "address:text"),
    "travel.csv": _columns("from_school*", "to_school*", "minutes*"),
    "calendar.csv": _columns("date*", "school", "kind*", "end_time", "note:text"),
    "therapists.csv": _columns("id*", "name*:text", "role", "fte", "schools*"),
    "therapist_hours.csv": _columns("therapist*", "weekday*", "start*", "end*", "school"),
    "teachers.csv": _columns("id*", "name*:text", "school*", "grade:grade", "room:text"),
    "blocks.csv": _columns(
        "school*", "scope*", "target", "weekday*", "start*", "end*", "kind*", "label:text"
    ),
    "students.csv": _columns(
        "id*",
        "first_name*:text",
        "last_name*:text",
        "grade*:grade",
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
    "goals.csv": _columns(
        "id*", "student*", "area*", "description*+:text", "baseline:text", "target:text"
    ),
    "equipment.csv": _columns("student*", "item*:text", "note:text"),
}

OPTIONAL_FILES: frozenset[str] = frozenset({"equipment.csv"})

# schoolot's own optional columns beyond the shared spec (docs/bundle.md): read when a
# file's header has them, written by the export after the spec's columns only when a
# row fills them, so bundles that never use them stay as the spec writes them.
EXTENSIONS: dict[str, tuple[Column, ...]] = {
    "district.csv": _columns("cycle_weeks", "cycle_anchor", "service_model"),
    "therapists.csv": _columns("service_model"),
    "therapist_hours.csv": _columns("cycle_week"),
    "blocks.csv": _columns("cycle_week"),
    "students.csv": _columns("keep_therapist"),
    "services.csv": _columns("fixed_day", "fixed_start"),
}


def read_columns(file: str) -> tuple[Column, ...]:
    """The columns the import reads: the spec's, then schoolot's extensions."""
    return FILES[file] + EXTENSIONS.get(file, ())


def column_names(file: str) -> list[str]:
    """The file's columns, in the spec's order."""
    return [c.name for c in FILES[file]]


@functools.cache
def multiline_columns(file: str) -> frozenset[str]:
    """The file's columns that may hold tabs and line breaks."""
    return frozenset(c.name for c in FILES[file] if c.multiline)


@functools.cache
def plain_columns(file: str) -> tuple[Column, ...]:
    """The file's plain columns (see the module's docstring)."""
    return tuple(c for c in FILES[file] if c.kind is not None)

"""The bundle's rows once checked: typed values, district ids as references, line numbers.

Each row names the values its file's own code reasons about; `values` holds the file's
plain columns (`spec.plain_columns`), parsed, by column name, which is also the model's
attribute: the import writes them as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DistrictRow:
    line: int
    timezone: str
    year_start: dt.date
    year_end: dt.date
    school_days: str
    lunch_minutes: int
    lunch_window_start: dt.time
    lunch_window_end: dt.time
    group_grade_span: int
    values: dict[str, Any] = field(default_factory=dict)
    # The cycle settings (docs/bundle.md) the file has columns for, by attribute
    # (cycle_weeks, cycle_anchor, service_model): a column it lacks leaves the app's.
    cycle: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SchoolRow:
    line: int
    code: str
    day_start: dt.time
    day_end: dt.time
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TravelRow:
    line: int
    from_school: str
    to_school: str
    minutes: int


@dataclass(frozen=True, slots=True)
class CalendarRow:
    line: int
    date: dt.date
    school: str | None
    kind: str
    end_time: dt.time | None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TherapistRow:
    line: int
    code: str
    role: str
    fte: float
    schools: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)
    # "weekly", "3:1" or "" (the district's); None: the file has no such column.
    service_model: str | None = None


@dataclass(frozen=True, slots=True)
class HoursRow:
    line: int
    therapist: str
    weekdays: str
    start: dt.time
    end: dt.time
    school: str | None
    # The week of the cycle (docs/bundle.md); None: every week.
    cycle_week: int | None = None


@dataclass(frozen=True, slots=True)
class TeacherRow:
    line: int
    code: str
    school: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BlockRow:
    line: int
    school: str
    scope: str
    target: str | None
    weekdays: str
    start: dt.time
    end: dt.time
    kind: str
    values: dict[str, Any] = field(default_factory=dict)
    # The week of the cycle (docs/bundle.md); None: every week.
    cycle_week: int | None = None


@dataclass(frozen=True, slots=True)
class StudentRow:
    line: int
    code: str
    school: str
    teacher: str
    therapist: str | None
    iep_start: dt.date
    iep_end: dt.date
    values: dict[str, Any] = field(default_factory=dict)
    # "Keep with this therapist" (docs/bundle.md); None: the file has no such column.
    keep_therapist: bool | None = None


@dataclass(frozen=True, slots=True)
class ServiceRow:
    line: int
    code: str
    student: str
    minutes: int
    per: str
    session_minutes: int
    delivery: str
    grouping: str
    max_group: int
    start: dt.date | None
    end: dt.date | None
    # The fixed weekday and start (docs/bundle.md), (None, None) when not fixed;
    # None: the file has no such columns.
    fixed: tuple[str | None, dt.time | None] | None = None


@dataclass(frozen=True, slots=True)
class GoalRow:
    line: int
    code: str
    student: str
    area: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EquipmentRow:
    line: int
    student: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Bundle:
    """A whole bundle that passed every check: what the import writes."""

    district: DistrictRow
    schools: list[SchoolRow] = field(default_factory=list)
    travel: list[TravelRow] = field(default_factory=list)
    calendar: list[CalendarRow] = field(default_factory=list)
    therapists: list[TherapistRow] = field(default_factory=list)
    hours: list[HoursRow] = field(default_factory=list)
    teachers: list[TeacherRow] = field(default_factory=list)
    blocks: list[BlockRow] = field(default_factory=list)
    students: list[StudentRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    # None: the bundle has no equipment.csv, and the equipment kept in the app stays.
    equipment: list[EquipmentRow] | None = None

"""The bundle's rows once checked: typed values, district ids as references, line numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DistrictRow:
    line: int
    name: str
    timezone: str
    year_start: dt.date
    year_end: dt.date
    school_days: str
    lunch_minutes: int
    lunch_window_start: dt.time
    lunch_window_end: dt.time
    group_grade_span: int


@dataclass(frozen=True, slots=True)
class SchoolRow:
    line: int
    code: str
    name: str
    day_start: dt.time
    day_end: dt.time
    address: str | None


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
    note: str | None


@dataclass(frozen=True, slots=True)
class TherapistRow:
    line: int
    code: str
    name: str
    role: str
    fte: float
    schools: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HoursRow:
    line: int
    therapist: str
    weekdays: str
    start: dt.time
    end: dt.time
    school: str | None


@dataclass(frozen=True, slots=True)
class TeacherRow:
    line: int
    code: str
    name: str
    school: str
    grade: str | None
    room: str | None


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
    label: str | None


@dataclass(frozen=True, slots=True)
class StudentRow:
    line: int
    code: str
    first_name: str
    last_name: str
    grade: str
    school: str
    teacher: str
    therapist: str | None
    iep_start: dt.date
    iep_end: dt.date


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


@dataclass(frozen=True, slots=True)
class GoalRow:
    line: int
    code: str
    student: str
    area: str
    description: str
    baseline: str | None
    target: str | None


@dataclass(frozen=True, slots=True)
class EquipmentRow:
    line: int
    student: str
    item: str
    note: str | None


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

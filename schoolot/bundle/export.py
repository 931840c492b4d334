"""Writing the database out as a bundle: every file, the spec's columns in its order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.bundle.csv_cells import write_csv
from schoolot.bundle.spec import column_names
from schoolot.district.settings import get_district
from schoolot.models import (
    Block,
    CalendarDay,
    Equipment,
    Goal,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
    therapist_school,
)
from schoolot.values import format_time


def export_bundle(session: Session, out_dir: str | os.PathLike[str]) -> None:
    """Write the district as a bundle folder at `out_dir` (created if missing).

    Reads one query per table; the files import back to the same state.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for file, rows in _bundle_rows(session).items():
        with open(out / file, "w", encoding="utf-8", newline="") as handle:
            write_csv(handle, [column_names(file), *rows])


def _cell(value: object) -> str:
    """A value as the bundle writes it: empty for None, HH:MM for times."""
    if value is None:
        return ""
    if hasattr(value, "hour") and not hasattr(value, "year"):
        return format_time(value)  # type: ignore[arg-type]
    return str(value)


def _cells(*values: object) -> list[str]:
    return [_cell(v) for v in values]


def _bundle_rows(session: Session) -> dict[str, Iterable[list[str]]]:
    def code_map(model: type) -> dict[int, str]:
        return dict(session.execute(select(model.id, model.code)).all())  # type: ignore[attr-defined]

    schools = code_map(School)
    teachers = code_map(Teacher)
    therapists = code_map(Therapist)
    students = code_map(Student)
    served: dict[int, list[str]] = {}
    pairs = session.execute(select(therapist_school.c.therapist_id, therapist_school.c.school_id))
    for therapist_id, school_id in pairs:
        served.setdefault(therapist_id, []).append(schools[school_id])

    def optional(ids: dict[int, str], row_id: int | None) -> str | None:
        return ids[row_id] if row_id is not None else None

    # Built in the spec's file order, which the export keeps.
    rows: dict[str, Iterable[list[str]]] = {}
    district = get_district(session)
    rows["district.csv"] = (
        [
            _cells(
                district.name,
                district.timezone,
                district.year_start,
                district.year_end,
                district.school_days,
                district.lunch_minutes,
                f"{_cell(district.lunch_window_start)}-{_cell(district.lunch_window_end)}",
                district.group_grade_span,
            )
        ]
        if district
        else []
    )
    rows["schools.csv"] = [
        _cells(s.code, s.name, s.day_start, s.day_end, s.address)
        for s in session.scalars(select(School).order_by(School.code))
    ]
    rows["travel.csv"] = [
        _cells(schools[t.from_school_id], schools[t.to_school_id], t.minutes)
        for t in session.scalars(select(TravelTime).order_by(TravelTime.id))
    ]
    rows["calendar.csv"] = [
        _cells(c.date, optional(schools, c.school_id), c.kind, c.end_time, c.note)
        for c in session.scalars(select(CalendarDay).order_by(CalendarDay.date, CalendarDay.id))
    ]
    rows["therapists.csv"] = [
        _cells(t.code, t.name, t.role, t.fte, " ".join(sorted(served.get(t.id, []))))
        for t in session.scalars(select(Therapist).order_by(Therapist.code))
    ]
    rows["therapist_hours.csv"] = [
        _cells(
            therapists[h.therapist_id], h.weekdays, h.start, h.end, optional(schools, h.school_id)
        )
        for h in session.scalars(select(TherapistHours).order_by(TherapistHours.id))
    ]
    rows["teachers.csv"] = [
        _cells(t.code, t.name, schools[t.school_id], t.grade, t.room)
        for t in session.scalars(select(Teacher).order_by(Teacher.code))
    ]
    rows["blocks.csv"] = [
        _cells(
            schools[b.school_id],
            b.scope,
            b.target_grade or optional(teachers, b.teacher_id) or optional(students, b.student_id),
            b.weekdays,
            b.start,
            b.end,
            b.kind,
            b.label,
        )
        for b in session.scalars(select(Block).order_by(Block.id))
    ]
    rows["students.csv"] = [
        _cells(
            s.code,
            s.first_name,
            s.last_name,
            s.grade,
            schools[s.school_id],
            teachers[s.teacher_id],
            optional(therapists, s.therapist_id),
            s.iep_start,
            s.iep_end,
        )
        for s in session.scalars(select(Student).order_by(Student.code))
    ]
    rows["services.csv"] = [
        _cells(
            v.code,
            students[v.student_id],
            v.minutes,
            v.per,
            v.session_minutes,
            v.delivery,
            v.grouping,
            v.max_group,
            v.start,
            v.end,
        )
        for v in session.scalars(select(ServiceLine).order_by(ServiceLine.id))
    ]
    rows["goals.csv"] = [
        _cells(g.code, students[g.student_id], g.area, g.description, g.baseline, g.target)
        for g in session.scalars(select(Goal).order_by(Goal.id))
    ]
    rows["equipment.csv"] = [
        _cells(students[e.student_id], e.item, e.note)
        for e in session.scalars(select(Equipment).order_by(Equipment.id))
    ]
    return rows

"""Writing the database out as a bundle: every file, the spec's columns in its order."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.bundle.csv_cells import write_csv
from schoolot.bundle.spec import column_names, read_columns
from schoolot.district.settings import get_district
from schoolot.models import (
    Block,
    CalendarDay,
    District,
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


def export_bundle(session: Session, out_dir: str | os.PathLike[str]) -> set[int]:
    """Write the district as a bundle folder at `out_dir` (created if missing); returns
    the ids of the students written (the access record).

    Reads one query per table; the files import back to the same state.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    held: set[int] = set()
    for file, rows in _bundle_rows(session, held).items():
        header, table = _without_unused_extensions(file, list(rows))
        with open(out / file, "w", encoding="utf-8", newline="") as handle:
            write_csv(handle, [header, *table])
    return held


def _without_unused_extensions(
    file: str, rows: list[list[str]]
) -> tuple[list[str], list[list[str]]]:
    """The header and rows, less the extension columns (spec.EXTENSIONS) no row fills."""
    names = [c.name for c in read_columns(file)]
    spec = len(column_names(file))
    kept = [i for i in range(len(names)) if i < spec or any(row[i] for row in rows)]
    return [names[i] for i in kept], [[row[i] for i in kept] for row in rows]


def _district_cycle(district: District) -> dict[str, object]:
    """district.csv's cycle columns: all three when any differs from its default
    (automatic, the year's first day, weekly), else none (the columns are left out)."""
    settings = (district.cycle_weeks, district.cycle_anchor, district.service_model)
    if settings == (None, None, "weekly"):
        return dict.fromkeys(("cycle_weeks", "cycle_anchor", "service_model"))
    return {
        "cycle_weeks": district.cycle_weeks,
        "cycle_anchor": district.cycle_anchor,
        "service_model": district.service_model,
    }


def _cell(value: object) -> str:
    """A value as the bundle writes it: empty for None, HH:MM for times."""
    if value is None:
        return ""
    if hasattr(value, "hour") and not hasattr(value, "year"):
        return format_time(value)  # type: ignore[arg-type]
    return str(value)


def _row(file: str, record: object, **own: object) -> list[str]:
    """One row of `file`: each plain column read from `record`'s attribute of that name,
    every other column from `own`, by column name."""
    return [
        _cell(getattr(record, c.name) if c.kind is not None else own[c.name])
        for c in read_columns(file)
    ]


def _bundle_rows(session: Session, held: set[int]) -> dict[str, Iterable[list[str]]]:
    """Each file's rows; the students.csv rows add their students' ids to `held`."""

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
            _row(
                "district.csv",
                district,
                timezone=district.timezone,
                year_start=district.year_start,
                year_end=district.year_end,
                school_days=district.school_days,
                lunch_minutes=district.lunch_minutes,
                lunch_window=(
                    f"{_cell(district.lunch_window_start)}-{_cell(district.lunch_window_end)}"
                ),
                group_grade_span=district.group_grade_span,
                **_district_cycle(district),
            )
        ]
        if district
        else []
    )
    rows["schools.csv"] = [
        _row("schools.csv", s, id=s.code, day_start=s.day_start, day_end=s.day_end)
        for s in session.scalars(select(School).order_by(School.code))
    ]
    rows["travel.csv"] = [
        _row(
            "travel.csv",
            t,
            from_school=schools[t.from_school_id],
            to_school=schools[t.to_school_id],
            minutes=t.minutes,
        )
        for t in session.scalars(select(TravelTime).order_by(TravelTime.id))
    ]
    rows["calendar.csv"] = [
        _row(
            "calendar.csv",
            c,
            date=c.date,
            school=optional(schools, c.school_id),
            kind=c.kind,
            end_time=c.end_time,
        )
        for c in session.scalars(select(CalendarDay).order_by(CalendarDay.date, CalendarDay.id))
    ]
    rows["therapists.csv"] = [
        _row(
            "therapists.csv",
            t,
            id=t.code,
            role=t.role,
            fte=t.fte,
            schools=" ".join(sorted(served.get(t.id, []))),
            service_model=t.service_model,
        )
        for t in session.scalars(select(Therapist).order_by(Therapist.code))
    ]
    rows["therapist_hours.csv"] = [
        _row(
            "therapist_hours.csv",
            h,
            therapist=therapists[h.therapist_id],
            weekday=h.weekdays,
            start=h.start,
            end=h.end,
            school=optional(schools, h.school_id),
            cycle_week=h.cycle_week,
        )
        for h in session.scalars(select(TherapistHours).order_by(TherapistHours.id))
    ]
    rows["teachers.csv"] = [
        _row("teachers.csv", t, id=t.code, school=schools[t.school_id])
        for t in session.scalars(select(Teacher).order_by(Teacher.code))
    ]
    rows["blocks.csv"] = [
        _row(
            "blocks.csv",
            b,
            school=schools[b.school_id],
            scope=b.scope,
            target=b.target_grade
            or optional(teachers, b.teacher_id)
            or optional(students, b.student_id),
            weekday=b.weekdays,
            start=b.start,
            end=b.end,
            kind=b.kind,
            cycle_week=b.cycle_week,
        )
        for b in session.scalars(select(Block).order_by(Block.id))
    ]
    written = list(session.scalars(select(Student).order_by(Student.code)))
    held.update(s.id for s in written)
    rows["students.csv"] = [
        _row(
            "students.csv",
            s,
            id=s.code,
            school=schools[s.school_id],
            teacher=teachers[s.teacher_id],
            therapist=optional(therapists, s.therapist_id),
            iep_start=s.iep_start,
            iep_end=s.iep_end,
            keep_therapist="yes" if s.keep_therapist else "",
        )
        for s in written
    ]
    rows["services.csv"] = [
        _row(
            "services.csv",
            v,
            id=v.code,
            student=students[v.student_id],
            minutes=v.minutes,
            per=v.per,
            session_minutes=v.session_minutes,
            delivery=v.delivery,
            grouping=v.grouping,
            max_group=v.max_group,
            start=v.start,
            end=v.end,
            fixed_day=v.fixed_day,
            fixed_start=v.fixed_start,
        )
        for v in session.scalars(select(ServiceLine).order_by(ServiceLine.id))
    ]
    rows["goals.csv"] = [
        _row("goals.csv", g, id=g.code, student=students[g.student_id], area=g.area)
        for g in session.scalars(select(Goal).order_by(Goal.id))
    ]
    rows["equipment.csv"] = [
        _row("equipment.csv", e, student=students[e.student_id])
        for e in session.scalars(select(Equipment).order_by(Equipment.id))
    ]
    return rows

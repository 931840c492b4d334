"""The students of a caseload as records, loaded with what the pages show of them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import caseload_therapist_id
from schoolot.caseload.in_effect import has_line_in_effect, year_from
from schoolot.caseload.snapshot import CaseloadSnapshot
from schoolot.models import Student, Therapist


def with_table_columns(query: Select[Any]) -> Select[Any]:
    """`query` of students, with the school, teacher and service lines loaded."""
    return query.options(
        selectinload(Student.services),
        selectinload(Student.school),
        selectinload(Student.teacher),
    )


def students_by_id(session: Session, ids: Collection[int]) -> list[Student]:
    """The students `ids`, by name, loaded for a table."""
    if not ids:
        return []
    return list(
        session.scalars(
            with_table_columns(select(Student))
            .where(Student.id.in_(ids))
            .order_by(Student.last_name, Student.first_name, Student.code)
        )
    )


def caseload_students(
    session: Session, snapshot: CaseloadSnapshot, therapist_id: int
) -> list[Student]:
    """The students on the therapist's caseload, by name."""
    return students_by_id(session, [s.id for s in snapshot.caseload(therapist_id)])


def caseload_sizes(snapshot: CaseloadSnapshot) -> Counter[int]:
    """Per therapist id, the students on their caseload."""
    return Counter(s.therapist_id for s in snapshot.students if s.therapist_id is not None)


def caseload_therapist(
    session: Session, student_id: int, as_of: dt.date | None = None
) -> Therapist | None:
    """The therapist whose caseload holds the student on `as_of` (default: today); None
    for a student on nobody's (no therapist, or no line in effect)."""
    therapist_id = session.scalar(
        select(caseload_therapist_id()).where(
            Student.id == student_id, has_line_in_effect(*year_from(session, as_of))
        )
    )
    return session.get(Therapist, therapist_id) if therapist_id is not None else None

"""The changes a what-if tries, as plain data: read from and written to the scenario's
JSON, checked against the district's rows, and put into words.

A change names rows by id. `check` says, in a coordinator's words, what is wrong with a
change before it joins a scenario; `describe` says what it does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from schoolot.models import School, Student, Therapist
from schoolot.problems import Problems
from schoolot.values import format_time, parse_time

MIN_FTE = 0.05
MAX_FTE = 1.0


@dataclass(frozen=True)
class MoveStudent:
    """The student goes to another therapist's caseload (pinned to them); the therapist
    takes on the student's school if they do not serve it yet."""

    student_id: int
    to_therapist_id: int
    kind: str = "move_student"


@dataclass(frozen=True)
class ServeSchool:
    """The therapist starts (`serves`) or stops serving the school."""

    therapist_id: int
    school_id: int
    serves: bool
    kind: str = "serve_school"


@dataclass(frozen=True)
class MoveSchool:
    """The school's students on one therapist's caseload go to another, who takes on
    the school; the first stops serving it."""

    school_id: int
    from_therapist_id: int
    to_therapist_id: int
    kind: str = "move_school"


@dataclass(frozen=True)
class SetFte:
    therapist_id: int
    fte: float
    kind: str = "fte"


@dataclass(frozen=True)
class SetHours:
    """The therapist works `weekdays` (school days), `start` to `end` ("HH:MM") each."""

    therapist_id: int
    weekdays: tuple[str, ...]
    start: str
    end: str
    kind: str = "hours"

    @property
    def times(self) -> tuple[dt.time, dt.time]:
        return parse_time(self.start), parse_time(self.end)


Change = MoveStudent | ServeSchool | MoveSchool | SetFte | SetHours
_KINDS: dict[str, type] = {
    "move_student": MoveStudent,
    "serve_school": ServeSchool,
    "move_school": MoveSchool,
    "fte": SetFte,
    "hours": SetHours,
}


def to_dict(change: Change) -> dict[str, Any]:
    data = asdict(change)
    if isinstance(change, SetHours):
        data["weekdays"] = list(change.weekdays)
    return data


def from_dict(data: Mapping[str, Any]) -> Change:
    """The change a scenario stored (`to_dict`)."""
    values = {k: v for k, v in data.items() if k != "kind"}
    if data["kind"] == "hours":
        values["weekdays"] = tuple(values["weekdays"])
    return _KINDS[data["kind"]](**values)


def therapists_named(change: Change) -> set[int]:
    """The therapists a change names (others may be affected through their students)."""
    if isinstance(change, MoveStudent):
        return {change.to_therapist_id}
    if isinstance(change, MoveSchool):
        return {change.from_therapist_id, change.to_therapist_id}
    return {change.therapist_id}


def check(session: Session, change: Change, school_days: tuple[str, ...]) -> Problems:
    """What is wrong with `change` against the district's rows (no problems: it may be
    tried); each problem names the form field it is about."""
    problems = Problems()

    def therapist(field: str, therapist_id: int) -> Therapist | None:
        found = session.get(Therapist, therapist_id)
        if found is None:
            problems.add(field, f"there is no therapist with id {therapist_id}")
        return found

    if isinstance(change, MoveStudent):
        student = session.get(Student, change.student_id)
        if student is None:
            problems.add("student", f"there is no student with id {change.student_id}")
        therapist("to_therapist", change.to_therapist_id)
    elif isinstance(change, ServeSchool | MoveSchool):
        school = session.get(School, change.school_id)
        if school is None:
            problems.add("school", f"there is no school with id {change.school_id}")
        if isinstance(change, ServeSchool):
            found = therapist("therapist", change.therapist_id)
            if found is not None and school is not None:
                serving = school in found.schools
                if serving and change.serves:
                    problems.add("therapist", f"{found.name} already serves {school.name}")
                if not serving and not change.serves:
                    problems.add("therapist", f"{found.name} does not serve {school.name}")
        else:
            giver = therapist("from_therapist", change.from_therapist_id)
            therapist("to_therapist", change.to_therapist_id)
            if change.from_therapist_id == change.to_therapist_id:
                problems.add("to_therapist", "choose a therapist other than the one it moves from")
            if giver is not None and school is not None and school not in giver.schools:
                problems.add("from_therapist", f"{giver.name} does not serve {school.name}")
    elif isinstance(change, SetFte):
        therapist("therapist", change.therapist_id)
        if not MIN_FTE <= change.fte <= MAX_FTE:
            problems.add("fte", f"{change.fte:g} is out of range ({MIN_FTE:g} to {MAX_FTE:g})")
    else:
        therapist("therapist", change.therapist_id)
        unknown = [day for day in change.weekdays if day not in school_days]
        if not change.weekdays:
            problems.add("weekdays", "choose at least one working day")
        elif unknown:
            problems.add("weekdays", f"{' '.join(unknown)} is not a school day")
        try:
            start, end = change.times
        except ValueError as error:
            problems.add("start", str(error))
        else:
            if end <= start:
                problems.add("end", f"{change.end} is not after {change.start}")
    return problems


def describe(session: Session, change: Change) -> str:
    """The change in words: "Move Ana Lopez to Sara Rodriguez"."""

    def name(model: type, row_id: int) -> str:
        row = session.get(model, row_id)
        if row is None:
            return "(removed)"
        return row.full_name if isinstance(row, Student) else row.name

    if isinstance(change, MoveStudent):
        return (
            f"Move {name(Student, change.student_id)} to {name(Therapist, change.to_therapist_id)}"
        )
    if isinstance(change, ServeSchool):
        verb = "starts" if change.serves else "stops"
        return (
            f"{name(Therapist, change.therapist_id)} {verb} serving "
            f"{name(School, change.school_id)}"
        )
    if isinstance(change, MoveSchool):
        return (
            f"{name(School, change.school_id)}: from {name(Therapist, change.from_therapist_id)} "
            f"to {name(Therapist, change.to_therapist_id)}"
        )
    if isinstance(change, SetFte):
        return f"{name(Therapist, change.therapist_id)}: FTE {change.fte:g}"
    start, end = change.times
    return (
        f"{name(Therapist, change.therapist_id)} works {' '.join(change.weekdays)}, "
        f"{format_time(start)}-{format_time(end)}"
    )

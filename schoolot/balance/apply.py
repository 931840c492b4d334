"""Apply a balance proposal as one change: moved students pinned to their new
therapist, school coverage added and removed. Every step is checked against the
district as it stands first; any mismatch refuses the whole proposal, unwritten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.audit import recording
from schoolot.errors import ValidationFailed
from schoolot.models import School, Student, Therapist
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import build_problem

from .proposal import current_caseloads

STALE = "the caseloads changed since the proposal was made: propose again"


@dataclass(frozen=True)
class Step:
    kind: str  # "move", "add" (coverage) or "remove"
    first: int  # the student (a move) or the therapist (coverage)
    giver: int | None  # a move's therapist today
    second: int  # the therapist a student moves to, or the school


def parse_token(token: str) -> list[Step]:
    """The steps of `Proposal.token`; ValidationFailed names a part it cannot read."""
    steps = []
    for part in filter(None, (p.strip() for p in token.split(","))):
        try:
            kind, numbers = part[0], part[1:].split(":")
            if kind == "m" and len(numbers) == 3:
                giver = None if numbers[1] == "-" else int(numbers[1])
                steps.append(Step("move", int(numbers[0]), giver, int(numbers[2])))
            elif kind in "ar" and len(numbers) == 2:
                name = "add" if kind == "a" else "remove"
                steps.append(Step(name, int(numbers[0]), None, int(numbers[1])))
            else:
                raise ValueError(part)
        except (ValueError, IndexError):
            raise ValidationFailed([f"proposal: cannot read {part!r}; propose again"]) from None
    return steps


def apply_steps(
    session: Session,
    steps: list[Step],
    actor: str | None = None,
    reason: str | None = None,
    as_of: dt.date | None = None,
) -> int:
    """Apply every step as one audited batch by `actor` (None: the request's user)
    (flushes; the caller commits); returns the students moved. Refuses
    (ValidationFailed, nothing written) when any step no longer matches the district as
    the proposal read it on `as_of` (default: today)."""
    problems: list[str] = []
    therapists = {
        t.id: t for t in session.scalars(select(Therapist).options(selectinload(Therapist.schools)))
    }
    schools = {s.id: s for s in session.scalars(select(School))}
    moving = [s for s in steps if s.kind == "move"]
    students = {
        s.id: s
        for s in session.scalars(select(Student).where(Student.id.in_([m.first for m in moving])))
    }
    today = _caseloads_on(session, as_of)
    for step in steps:
        if step.kind == "move":
            student = students.get(step.first)
            if student is None or step.second not in therapists:
                problems.append(f"move of student {step.first}: {STALE}")
            elif student.keep_therapist:
                problems.append(f"{student.full_name} is kept with their therapist: not moved")
            elif today.get(student.id, student.therapist_id) != step.giver:
                problems.append(f"{student.full_name}: {STALE}")
        else:
            therapist, school = therapists.get(step.first), schools.get(step.second)
            if therapist is None or school is None:
                problems.append(f"school coverage: {STALE}")
            elif (school in therapist.schools) != (step.kind == "remove"):
                problems.append(f"{therapist.name} at {school.name}: {STALE}")
    if problems:
        raise ValidationFailed(problems)
    # One batch of the change history, by `actor` or else the request's user.
    with recording(actor=actor, reason=reason):
        for step in steps:
            if step.kind == "add":
                therapists[step.first].schools.append(schools[step.second])
        session.flush()
        for step in moving:
            students[step.first].therapist = therapists[step.second]
        session.flush()
        for step in steps:
            if step.kind == "remove":
                therapists[step.first].schools.remove(schools[step.second])
        session.flush()
    return len(moving)


def _caseloads_on(session: Session, as_of: dt.date | None) -> dict[int, int | None]:
    """Student id -> therapist id (pinned, else the schedule in force's) of the
    students with lines owed from `as_of`."""
    problem, index = build_problem(session, store.in_force(session), as_of)
    current = current_caseloads(problem)
    return {
        index.student_ids[s]: None if t is None else index.therapist_ids[t]
        for s, t in enumerate(current)
    }

"""The balance proposal for the district as it stands: the solver's moves and school
coverage changes (`schoolot.solver.balance`), in names, with the workload per FTE
spread (by `schoolot.caseload`'s one formula) and the lines any schedule could meet
(the solver's proven most), before and after.

Nothing here writes: `schoolot.balance.apply` applies a proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.caseload.snapshot import CaseloadSnapshot, load_snapshot
from schoolot.caseload.workload import workloads
from schoolot.models import School, Student, Therapist
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import Index, build_problem
from schoolot.solver.assign import _in_force_therapists
from schoolot.solver.balance import (
    Balance,
    WorkloadCounts,
    after_problem,
    balance,
    proven_most,
)
from schoolot.solver.problem import Problem

# Bounds of the proposal's options (the page and `flask balance`).
MAX_MOVES_LIMIT = 500
MAX_TIME_LIMIT = 120.0
# Seconds each of the before and after "most lines met" figures may take.
BOUND_SECONDS = 1.0


@dataclass(frozen=True)
class StudentMove:
    student_id: int
    student: str  # the student's name
    school: str
    from_id: int | None
    from_name: str | None  # None: the student had no therapist
    to_id: int
    to_name: str
    why: str


@dataclass(frozen=True)
class CoverageChange:
    therapist_id: int
    therapist: str
    school_id: int
    school: str
    added: bool


@dataclass(frozen=True)
class TherapistLoad:
    name: str
    fte: float
    per_fte: float  # workload minutes per FTE a week


@dataclass(frozen=True)
class Figures:
    lines_owed: int
    lines_most: int  # no schedule of these caseloads meets more lines
    loads: tuple[TherapistLoad, ...]

    @property
    def most(self) -> TherapistLoad:
        return max(self.loads, key=lambda load: load.per_fte)

    @property
    def least(self) -> TherapistLoad:
        return min(self.loads, key=lambda load: load.per_fte)

    @property
    def spread(self) -> float:
        """Most over least workload per FTE."""
        least = self.least.per_fte
        return float("inf") if least <= 0 else self.most.per_fte / least


@dataclass(frozen=True)
class Proposal:
    moves: tuple[StudentMove, ...]
    coverage: tuple[CoverageChange, ...]
    before: Figures
    after: Figures
    kept: int  # students kept with their therapist
    status: str

    @property
    def empty(self) -> bool:
        return not self.moves and not self.coverage

    @property
    def token(self) -> str:
        """The proposal in a line, for the Apply form: `apply.parse_token` reads it."""
        parts = [f"m{m.student_id}:{m.from_id or '-'}:{m.to_id}" for m in self.moves]
        parts += [f"{'a' if c.added else 'r'}{c.therapist_id}:{c.school_id}" for c in self.coverage]
        return ",".join(parts)


def check_options(max_moves: int, time_limit: float) -> list[str]:
    """Problems with the proposal's options, in words."""
    problems = []
    if not 0 <= max_moves <= MAX_MOVES_LIMIT:
        problems.append(f"max moves: {max_moves} is out of range (0 to {MAX_MOVES_LIMIT})")
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        problems.append(
            f"time limit: {time_limit:g} seconds is out of range (1 to {MAX_TIME_LIMIT:g})"
        )
    return problems


def current_caseloads(problem: Problem) -> list[int | None]:
    """Each student's therapist today: the pinned one, else the schedule in force's."""
    in_force, locked = _in_force_therapists(problem)
    current: list[int | None] = []
    for s, student in enumerate(problem.students):
        if student.therapist is not None:
            current.append(student.therapist)
        elif s in locked:
            current.append(locked[s])
        else:
            found = in_force.get(s)
            current.append(found[0] if found is not None else None)
    return current


def propose(
    session: Session,
    max_moves: int = 30,
    time_limit: float = 5.0,
    seed: int = 0,
    as_of: dt.date | None = None,
) -> Proposal:
    """The balance proposal for the district's caseloads today (see the module)."""
    problem, index = build_problem(session, store.in_force(session), as_of)
    current = current_caseloads(problem)
    keep_ids = set(session.scalars(select(Student.id).where(Student.keep_therapist)))
    keep = {s for s, row in enumerate(index.student_ids) if row in keep_ids}
    snapshot = load_snapshot(session, index.as_of)
    counts = _workload_counts(snapshot, index, current)
    result = balance(problem, current, keep, max_moves, time_limit, seed, counts)
    moves = _moves(session, problem, index, result)
    coverage = _coverage(session, index, result)
    return Proposal(
        moves=moves,
        coverage=coverage,
        before=_figures(snapshot, problem, current),
        after=_figures(
            snapshot, after_problem(problem, result), result.assignment, moves, coverage
        ),
        kept=len(keep),
        status=result.status,
    )


def _workload_counts(
    snapshot: CaseloadSnapshot, index: Index, current: Sequence[int | None]
) -> WorkloadCounts:
    """The caseload's workload (`schoolot.caseload.workload`) split for the solver: what
    each student brings (their lines' weekly minutes and the documentation allowance, as
    a moved student counts until a schedule places them) and each therapist's rest."""
    documentation = snapshot.settings.documentation_minutes_per_student
    student = []
    for student_id in index.student_ids:
        facts = snapshot.student(student_id)
        minutes = 0 if facts is None else sum(line.weekly_minutes for line in facts.lines)
        student.append(round(minutes) + (0 if facts is None else documentation))
    total = {w.therapist_id: w.workload_minutes for w in workloads(snapshot)}
    rest = [round(total.get(therapist_id, 0)) for therapist_id in index.therapist_ids]
    for s, t in enumerate(current):
        if t is not None:
            rest[t] -= student[s]
    return WorkloadCounts(tuple(student), tuple(rest))


def _moves(
    session: Session, problem: Problem, index: Index, result: Balance
) -> tuple[StudentMove, ...]:
    names = _therapist_names(session)
    students = {
        s.id: s
        for s in session.scalars(
            select(Student).where(
                Student.id.in_([index.student_ids[m.student] for m in result.moves])
            )
        )
    }
    found = []
    for move in result.moves:
        row = students[index.student_ids[move.student]]
        giver = None if move.giver is None else index.therapist_ids[move.giver]
        taker = index.therapist_ids[move.taker]
        found.append(
            StudentMove(
                student_id=row.id,
                student=row.full_name,
                school=problem.schools[problem.students[move.student].school].label,
                from_id=giver,
                from_name=None if giver is None else names[giver],
                to_id=taker,
                to_name=names[taker],
                why=move.why,
            )
        )
    return tuple(sorted(found, key=lambda m: (m.from_name or "", m.student)))


def _coverage(session: Session, index: Index, result: Balance) -> tuple[CoverageChange, ...]:
    names = _therapist_names(session)
    schools = {row[0]: row[1] for row in session.execute(select(School.id, School.name))}
    changes = [
        CoverageChange(
            therapist_id=(t_id := index.therapist_ids[t]),
            therapist=names[t_id],
            school_id=(k_id := index.school_ids[k]),
            school=schools[k_id],
            added=added,
        )
        for pairs, added in ((result.coverage_added, True), (result.coverage_removed, False))
        for t, k in pairs
    ]
    return tuple(sorted(changes, key=lambda c: (c.therapist, not c.added, c.school)))


def _therapist_names(session: Session) -> dict[int, str]:
    return {row[0]: row[1] for row in session.execute(select(Therapist.id, Therapist.name))}


def _figures(
    snapshot: CaseloadSnapshot,
    problem: Problem,
    assignment: Sequence[int | None],
    moves: Sequence[StudentMove] = (),
    coverage: Sequence[CoverageChange] = (),
) -> Figures:
    """Lines any schedule can meet at most (the solver's bound), and each therapist's
    workload per FTE by the caseload's one formula, with the moves and coverage made in
    memory (`CaseloadSnapshot.with_changes`)."""
    if moves or coverage:
        schools = {t.id: set(t.school_ids) for t in snapshot.therapists}
        for change in coverage:
            if change.added:
                schools[change.therapist_id].add(change.school_id)
            else:
                schools[change.therapist_id].discard(change.school_id)
        snapshot = snapshot.with_changes(
            moves={m.student_id: m.to_id for m in moves},
            schools={t: frozenset(k) for t, k in schools.items()},
        )
    loads = tuple(TherapistLoad(w.name, w.fte, w.workload_per_fte) for w in workloads(snapshot))
    most = proven_most(problem, assignment, BOUND_SECONDS)
    return Figures(len(problem.services), most, loads)

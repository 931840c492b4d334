"""Applying a what-if: its changes written to the data as one recorded change, then a
new draft schedule. The draft is the schedule in force with the affected therapists'
weeks replaced by the trial's, when the trial ran on the data as it still is; otherwise
a normal draft solve is started. The scenario is then deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.audit import recording
from schoolot.errors import SchoolotError
from schoolot.jobs import lease
from schoolot.jobs import service as job_service
from schoolot.models import (
    Scenario,
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    School,
    SolveJob,
    Student,
    Therapist,
    TherapistHours,
    UnscheduledLine,
    User,
)
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import Index, build_problem
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session as SolvedSession
from schoolot.solver.solution import Solution, TravelLeg, Unscheduled
from schoolot.values import minutes_of
from schoolot.whatif import trial as trials
from schoolot.whatif.changes import describe
from schoolot.whatif.resolve import Resolution, resolve
from schoolot.whatif.scenarios import NothingToTry, changes_of, school_days

# A draft solve started when the trial cannot be used: the Schedules page's default.
DRAFT_SOLVE_SECONDS = 60


class TrialRunning(SchoolotError):
    """The trial solve has not ended yet."""


@dataclass(frozen=True)
class Applied:
    """The draft made from the trial, or the draft solve started (and why)."""

    version: ScheduleVersion | None = None
    job: SolveJob | None = None
    why_solve: str | None = None


def apply(
    session: Session,
    scenario: Scenario,
    user: User,
    lease_seconds: float = lease.LEASE_SECONDS,
) -> Applied:
    """Write the scenario's changes as one change, make the draft (or start its solve)
    and delete the scenario. Flushes only: the caller commits (and, for a job, submits
    it), or rolls back everything on an error."""
    changes = changes_of(scenario)
    if not changes:
        raise NothingToTry("add a change to try first")
    job = scenario.trial_job
    if job is not None and job.state in job_service.ACTIVE_STATES:
        raise TrialRunning(
            f"the trial solve #{job.id} is still {job.state}: wait for it to end, or cancel it"
        )
    resolution = resolve(session, changes, school_days(session))
    in_force = store.in_force(session)
    usable, why = _usable_trial(session, scenario, resolution, in_force)
    reason = "what-if applied: " + "; ".join(describe(session, c) for c in changes)
    with recording(reason=reason):
        write_changes(session, resolution)
        session.flush()
    applied: Applied
    if usable is not None and in_force is not None:
        try:
            applied = Applied(version=_draft_from_trial(session, *usable, in_force, user))
        except store.InvalidSolution as error:
            why = "the trial's weeks do not fit the rest of the schedule in force (" + (
                "; ".join(error.problems[1:3]) + ")"
            )
            usable = None
    if usable is None:
        solve = job_service.start_solve(
            session, user, DRAFT_SOLVE_SECONDS, 0, lease_seconds=lease_seconds
        )
        applied = Applied(job=solve, why_solve=why)
    session.delete(scenario)
    session.flush()
    return applied


def write_changes(session: Session, resolution: Resolution) -> None:
    """The resolved changes, written to the students' and therapists' rows."""
    for student_id, therapist_id in resolution.moves.items():
        student = session.get(Student, student_id)
        if student is not None:
            student.therapist_id = therapist_id
    for therapist_id, fte in resolution.fte.items():
        therapist = session.get(Therapist, therapist_id)
        if therapist is not None:
            therapist.fte = fte
    for therapist_id, school_ids in resolution.schools.items():
        therapist = session.get(Therapist, therapist_id)
        if therapist is not None:
            therapist.schools = list(
                session.scalars(select(School).where(School.id.in_(school_ids)))
            )
    for therapist_id, rows in resolution.hours.items():
        therapist = session.get(Therapist, therapist_id)
        if therapist is not None:
            therapist.hours = [
                TherapistHours(weekdays=r.weekdays, start=r.start, end=r.end, school_id=r.school_id)
                for r in rows
            ]


# ------------------------------------------------------------------ the trial's draft


def _usable_trial(
    session: Session,
    scenario: Scenario,
    resolution: Resolution,
    in_force: ScheduleVersion | None,
) -> tuple[tuple[Problem, Index, Solution, float] | None, str]:
    """(trial problem, its index, its solution, its time limit) when the trial ran on
    the data as it still is; else None and why not."""
    trial = scenario.trial or {}
    if "solution" not in trial:
        return None, "no trial solve has run for these changes"
    if in_force is None:
        return None, "there is no schedule in force to add the trial's weeks to"
    problem, index = build_problem(
        session, in_force, overrides=resolution.overrides(trial["therapist_ids"])
    )
    if trials.fingerprint(problem, index) != trial["fingerprint"]:
        return None, "the data or the schedule in force changed since the trial ran"
    if problem.cycle_weeks != (in_force.cycle_weeks or 1):
        return None, (
            f"the schedule in force repeats every {in_force.cycle_weeks or 1} week(s) and the "
            f"district's cycle is now {problem.cycle_weeks}: solve the whole district instead"
        )
    job = scenario.trial_job
    time_limit = job.time_limit if job is not None else 0.0
    return (problem, index, trials.decode(trial["solution"]), time_limit), ""


def _draft_from_trial(
    session: Session,
    trial_problem: Problem,
    trial_index: Index,
    trial_solution: Solution,
    time_limit: float,
    in_force: ScheduleVersion,
    user: User,
) -> ScheduleVersion:
    """The schedule in force with the trial's therapists' weeks replaced by the trial's,
    stored (and checked against every hard rule) as a draft of the whole district."""
    problem, index = build_problem(session, in_force)
    merged = _merge(session, problem, index, trial_index, trial_solution, in_force)
    return store.store_solution(
        session,
        problem,
        index,
        merged,
        in_force=in_force,
        created_by=user,
        time_limit=time_limit,
        seed=trial_solution.stats.seed,
    )


def _merge(
    session: Session,
    problem: Problem,
    index: Index,
    trial_index: Index,
    trial: Solution,
    in_force: ScheduleVersion,
) -> Solution:
    """The trial's solution (in the trial's indices) and the other therapists' weeks of
    the schedule in force, as one solution of the whole district's `problem`."""
    trial_therapists = set(trial_index.therapist_ids)
    trial_students = set(trial_index.student_ids)

    def therapist(trial_t: int) -> int:
        return index.therapist_index[trial_index.therapist_ids[trial_t]]

    def school(trial_k: int) -> int:
        return index.school_index[trial_index.school_ids[trial_k]]

    def line(trial_j: int) -> int:
        return index.service_index[trial_index.service_ids[trial_j]]

    sessions = [
        SolvedSession(
            therapist(s.therapist),
            school(s.school),
            s.day,
            s.start,
            s.end,
            s.delivery,
            tuple(line(j) for j in s.services),
        )
        for s in trial.sessions
    ]
    travel = [
        TravelLeg(
            therapist(t.therapist),
            t.day,
            school(t.from_school),
            school(t.to_school),
            t.start,
            t.end,
        )
        for t in trial.travel
    ]
    week1 = {name: d for d, name in enumerate(problem.weekdays[: problem.days_per_week])}

    def day_of(row: ScheduledSession | ScheduledTravel) -> int | None:
        """The row's day of the cycle (the in-force cycle is the problem's)."""
        day = week1.get(row.weekday)
        if day is None or not 1 <= row.cycle_week <= problem.cycle_weeks:
            return None
        return (row.cycle_week - 1) * problem.days_per_week + day

    for row in _in_force_rows(session, ScheduledSession, in_force):
        lines = tuple(
            sorted(index.service_index[x.id] for x in row.services if x.id in index.service_index)
        )
        day = day_of(row)
        if row.therapist_id in trial_therapists or not lines or day is None:
            continue
        sessions.append(
            SolvedSession(
                index.therapist_index[row.therapist_id],
                index.school_index[row.school_id],
                day,
                minutes_of(row.start),
                minutes_of(row.end),
                row.delivery,
                lines,
            )
        )
    for leg in _in_force_rows(session, ScheduledTravel, in_force):
        day = day_of(leg)
        if leg.therapist_id in trial_therapists or day is None:
            continue
        travel.append(
            TravelLeg(
                index.therapist_index[leg.therapist_id],
                day,
                index.school_index[leg.from_school_id],
                index.school_index[leg.to_school_id],
                minutes_of(leg.start),
                minutes_of(leg.end),
            )
        )

    assigned_in_force = {
        a.student_id: a.therapist_id for a in _in_force_rows(session, ScheduleAssignment, in_force)
    }
    assignments: list[int | None] = []
    for i, student_id in enumerate(index.student_ids):
        if student_id in trial_students:
            chosen = trial.assignments[trial_index.student_index[student_id]]
            assignments.append(therapist(chosen) if chosen is not None else None)
        elif problem.students[i].therapist is not None:
            assignments.append(problem.students[i].therapist)
        else:
            assigned = assigned_in_force.get(student_id)
            assignments.append(index.therapist_index.get(assigned) if assigned else None)

    reasons = {
        u.service_line_id: u.reason for u in _in_force_rows(session, UnscheduledLine, in_force)
    }
    placed = Counter(j for s in sessions for j in s.services)
    unscheduled = [Unscheduled(line(u.service), u.reason) for u in trial.unscheduled]
    for j, service in enumerate(problem.services):
        if index.student_ids[service.student] in trial_students or placed[j]:
            continue
        reason = reasons.get(index.service_ids[j], "Not placed in the schedule in force.")
        unscheduled.append(Unscheduled(j, reason))
    return Solution(
        assignments=tuple(assignments),
        sessions=tuple(sessions),
        travel=tuple(travel),
        unscheduled=tuple(unscheduled),
        stats=trial.stats,
    )


def _in_force_rows(session: Session, model: Any, version: ScheduleVersion) -> list:
    """The rows of `model` (a table with `schedule_id`) that belong to `version`."""
    return list(session.scalars(select(model).where(model.schedule_id == version.id)))

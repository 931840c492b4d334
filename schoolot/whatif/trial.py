"""A what-if's trial solve: the week of the affected therapists alone, with the
scenario's changes made in memory, run as a solve job; its result is kept on the
scenario (never as a schedule) until the scenario is applied or thrown away.

The job (`schoolot.jobs.run`) asks `scenario_of_job` whether it is a trial, builds its
problem with `trial_problem` and hands the solution to `keep_result`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.models import Scenario, ScheduleVersion
from schoolot.scheduling.problem_builder import Index, NoDistrict, build_problem
from schoolot.solver.metrics import measure
from schoolot.solver.problem import Problem
from schoolot.solver.solution import Session as SolvedSession
from schoolot.solver.solution import Solution, SolveStats, TravelLeg, Unscheduled
from schoolot.whatif.changes import from_dict
from schoolot.whatif.resolve import resolve


def scenario_of_job(session: Session, job_id: int) -> Scenario | None:
    """The scenario whose trial solve job `job_id` is, if it is one."""
    return session.scalar(select(Scenario).where(Scenario.trial_job_id == job_id))


def trial_problem(
    session: Session, scenario: Scenario, in_force: ScheduleVersion | None
) -> tuple[Problem, Index]:
    """The problem of the scenario's trial: its changes made in memory, only the
    therapists it affects (named when the trial started) and their students."""
    district = get_district(session)
    if district is None:
        raise NoDistrict("there is no district to schedule: import a bundle first")
    resolution = resolve(session, [from_dict(c) for c in scenario.changes], district.school_days)
    therapist_ids = (scenario.trial or {}).get("therapist_ids", [])
    return build_problem(session, in_force, overrides=resolution.overrides(therapist_ids))


def fingerprint(problem: Problem, index: Index) -> str:
    """What the trial's problem was made of: equal fingerprints, equal problems (same
    data, changes, schedule in force and day)."""
    text = repr((problem, index.as_of, index.in_force_id, index.student_ids, index.service_ids))
    return hashlib.sha256(text.encode()).hexdigest()


def lines_met_in_force(problem: Problem) -> int:
    """Lines of the trial's problem that the schedule in force gives every session."""
    placed = Counter(j for session in problem.in_force for j in session.services)
    return sum(1 for j, line in enumerate(problem.services) if placed[j] >= line.sessions)


def keep_result(
    session: Session,
    scenario_id: int,
    job_id: int,
    problem: Problem,
    index: Index,
    solution: Solution,
) -> dict[str, Any] | None:
    """Keep the trial's solution and its numbers on the scenario; None when the scenario
    is gone (thrown away) or no longer waits for this job (its changes were edited)."""
    scenario = session.get(Scenario, scenario_id)
    if scenario is None or scenario.trial_job_id != job_id:
        return None
    numbers = measure(problem, solution)
    result = dict(scenario.trial or {})
    result.update(
        fingerprint=fingerprint(problem, index),
        solution=encode(solution),
        lines_owed=len(problem.services),
        lines_met_before=lines_met_in_force(problem),
        lines_met=numbers.lines_met,
        drive_minutes=numbers.travel_minutes,
        idle_minutes=numbers.idle_minutes,
    )
    scenario.trial = result
    session.flush()
    return result


def encode(solution: Solution) -> dict[str, Any]:
    """The solution as JSON data (problem indices, as the trial's problem has them)."""
    stats = solution.stats
    return {
        "assignments": list(solution.assignments),
        "sessions": [asdict(s) for s in solution.sessions],
        "travel": [asdict(leg) for leg in solution.travel],
        "unscheduled": [asdict(u) for u in solution.unscheduled],
        "stats": {
            "status": stats.status,
            "objective": stats.objective,
            "bound": stats.bound,
            "seconds": stats.seconds,
            "seed": stats.seed,
            "shortfalls": list(stats.shortfalls),
        },
    }


def decode(data: dict[str, Any]) -> Solution:
    stats = data["stats"]
    return Solution(
        assignments=tuple(data["assignments"]),
        sessions=tuple(
            SolvedSession(**{**s, "services": tuple(s["services"])}) for s in data["sessions"]
        ),
        travel=tuple(TravelLeg(**leg) for leg in data["travel"]),
        unscheduled=tuple(Unscheduled(**u) for u in data["unscheduled"]),
        stats=SolveStats(
            status=stats["status"],
            objective=stats["objective"],
            bound=stats["bound"],
            seconds=stats["seconds"],
            seed=stats["seed"],
            shortfalls=tuple(stats["shortfalls"]),
        ),
    )

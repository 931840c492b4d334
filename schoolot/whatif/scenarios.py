"""A coordinator's open what-if: add and remove changes, see what they do, start the
trial solve, throw it away. Nothing here writes to students, therapists or schedules
(`schoolot.whatif.apply` does, when the coordinator applies it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.district.settings import get_district
from schoolot.errors import SchoolotError
from schoolot.jobs import lease
from schoolot.jobs import service as job_service
from schoolot.models import Scenario, SolveJob, User
from schoolot.scheduling.problem_builder import NoDistrict
from schoolot.whatif.changes import Change, check, describe, from_dict, to_dict
from schoolot.whatif.compare import Comparison, compare
from schoolot.whatif.resolve import Resolution, resolve

# The trial solves a few therapists' weeks: a short search is enough.
TRIAL_TIME_LIMIT = 20


class NothingToTry(SchoolotError):
    """The scenario has no change yet."""


@dataclass(frozen=True)
class Outlook:
    """What the what-if page shows: each change in words, and the comparison."""

    changes: tuple[str, ...]
    resolution: Resolution
    comparison: Comparison


def open_scenario(session: Session, owner: User) -> Scenario | None:
    return session.scalar(select(Scenario).where(Scenario.owner_id == owner.id))


def changes_of(scenario: Scenario | None) -> list[Change]:
    return [from_dict(c) for c in scenario.changes] if scenario is not None else []


def school_days(session: Session) -> str:
    district = get_district(session)
    if district is None:
        raise NoDistrict("there is no district yet: import a bundle first")
    return district.school_days


def add_change(session: Session, owner: User, change: Change) -> Scenario:
    """Add `change` to the owner's scenario (made on first use). Raises ValidationFailed
    naming what is wrong, and then changes nothing."""
    check(session, change, tuple(school_days(session).split())).raise_if_any()
    scenario = open_scenario(session, owner)
    if scenario is None:
        scenario = Scenario(owner=owner, changes=[])
        session.add(scenario)
    _set_changes(session, scenario, [*scenario.changes, to_dict(change)])
    session.flush()
    return scenario


def remove_change(session: Session, scenario: Scenario, position: int) -> None:
    """Take out the change at `position` (0-based); an empty scenario is deleted."""
    changes = list(scenario.changes)
    if not 0 <= position < len(changes):
        raise SchoolotError(f"there is no change number {position + 1} in this what-if")
    del changes[position]
    if changes:
        _set_changes(session, scenario, changes)
    else:
        throw_away(session, scenario)
    session.flush()


def throw_away(session: Session, scenario: Scenario) -> None:
    """Delete the scenario (a trial still running is told to stop); nothing else changes."""
    _stop_trial(session, scenario)
    session.delete(scenario)
    session.flush()


def outlook(session: Session, scenario: Scenario | None) -> Outlook:
    changes = changes_of(scenario)
    resolution = resolve(session, changes, school_days(session))
    return Outlook(
        changes=tuple(describe(session, c) for c in changes),
        resolution=resolution,
        comparison=compare(session, resolution),
    )


def start_trial(
    session: Session,
    scenario: Scenario,
    requested_by: User,
    time_limit: float = TRIAL_TIME_LIMIT,
    seed: int = 0,
    lease_seconds: float = lease.LEASE_SECONDS,
) -> SolveJob:
    """Queue the trial solve of the therapists the scenario affects (raises JobBusy while
    another solve runs); the caller commits, then hands the job to a runner."""
    if not scenario.changes:
        raise NothingToTry("add a change to try first")
    therapist_ids = outlook(session, scenario).comparison.therapist_ids
    job = job_service.start_solve(
        session, requested_by, time_limit, seed, lease_seconds=lease_seconds
    )
    scenario.trial_job = job
    scenario.trial = {"therapist_ids": therapist_ids}
    session.flush()
    return job


def _set_changes(session: Session, scenario: Scenario, changes: list[dict]) -> None:
    """New changes void the trial: it solved the old ones."""
    _stop_trial(session, scenario)
    scenario.changes = changes
    scenario.trial = None
    scenario.trial_job = None


def _stop_trial(session: Session, scenario: Scenario) -> None:
    job = scenario.trial_job
    if job is not None and job.state in job_service.ACTIVE_STATES:
        job_service.request_cancel(session, job)

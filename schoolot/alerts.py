"""The coordinator's alerts: what needs a decision, each with what the fix is reached by.

Figures come from the one caseload and workload (schoolot.caseload), the students list's
own "Unassigned" filter (so the count is the list's), the schedule in force, the IEP
dates and the change history; nothing here counts minutes itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schoolot.audit import changes_since_solved
from schoolot.caseload.workload import Workload
from schoolot.district.coverage import CoverageGap, coverage_gaps
from schoolot.models import ScheduleVersion, UnscheduledLine, User
from schoolot.scheduling.store import in_force
from schoolot.students.ieps_ending import SOON_DAYS, ieps_ending
from schoolot.students.queries import StudentFilters, student_list


@dataclass(frozen=True)
class ScheduleAlerts:
    """The schedule in force: its lines left out, and changes made since it was solved."""

    version_id: int
    unscheduled_lines: int
    changes_since_solved: int


@dataclass(frozen=True)
class IepAlerts:
    ended: int  # students whose IEP ended before today
    ending: int  # students whose IEP ends within SOON_DAYS
    lines_left_out: int  # lines of ended IEPs: the solver leaves them out
    within_days: int = SOON_DAYS


@dataclass(frozen=True)
class DistrictAlerts:
    over_capacity: list[Workload] = field(default_factory=list)
    without_therapist: int = 0
    schedule: ScheduleAlerts | None = None  # None: no schedule in force
    ieps: IepAlerts = IepAlerts(0, 0, 0)
    coverage: list[CoverageGap] = field(default_factory=list)

    @property
    def schools_without_therapist_days(self) -> list[CoverageGap]:
        return [gap for gap in self.coverage if gap.no_therapist_days]

    @property
    def schools_without_session_days(self) -> list[CoverageGap]:
        return [gap for gap in self.coverage if gap.no_session_days]

    @property
    def count(self) -> int:
        """How many alerts the dashboard shows (every therapist over capacity in one)."""
        schedule = self.schedule
        return (
            (len(self.over_capacity) > 0)
            + (self.without_therapist > 0)
            + (schedule is not None and schedule.unscheduled_lines > 0)
            + (schedule is not None and schedule.changes_since_solved > 0)
            + (self.ieps.ended + self.ieps.ending > 0)
            + (len(self.coverage) > 0)
        )


def district_alerts(
    session: Session,
    coordinator: User,
    today: dt.date,
    loads: Sequence[Workload],
    owed_school_ids: Collection[int],
    school_days: Sequence[str],
) -> DistrictAlerts:
    """Every alert of the district as of `today`. `loads` are the therapists' workloads,
    `owed_school_ids` the schools whose students are owed minutes."""
    version = in_force(session)
    ieps = ieps_ending(session, today)
    ended = [row for row in ieps if row.ended]
    return DistrictAlerts(
        over_capacity=sorted(
            (load for load in loads if load.status == "over"),
            key=lambda load: -load.workload_per_fte,
        ),
        without_therapist=_without_therapist(session, coordinator),
        schedule=_schedule_alerts(session, version) if version is not None else None,
        ieps=IepAlerts(
            ended=len(ended),
            ending=len(ieps) - len(ended),
            lines_left_out=sum(row.lines_left_out for row in ended),
        ),
        coverage=coverage_gaps(
            session, owed_school_ids, school_days, version.id if version is not None else None
        ),
    )


def _without_therapist(session: Session, coordinator: User) -> int:
    """The students the list's "Unassigned" filter shows: its own query, counted."""
    listed = student_list(coordinator, StudentFilters(unassigned=True)).order_by(None)
    return session.scalar(select(func.count()).select_from(listed.subquery())) or 0


def _schedule_alerts(session: Session, version: ScheduleVersion) -> ScheduleAlerts:
    unscheduled = session.scalar(
        select(func.count())
        .select_from(UnscheduledLine)
        .where(UnscheduledLine.schedule_id == version.id)
    )
    return ScheduleAlerts(
        version_id=version.id,
        unscheduled_lines=unscheduled or 0,
        changes_since_solved=changes_since_solved(session, version),
    )

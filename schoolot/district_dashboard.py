"""What the coordinator's dashboard shows of the district beyond the counts: every
therapist's workload (schoolot.caseload's, never recounted here), its spread, and the
alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.alerts import DistrictAlerts, district_alerts
from schoolot.caseload.in_effect import has_line_in_effect, year_from
from schoolot.caseload.workload import Spread, Workload, spread
from schoolot.district.settings import get_district
from schoolot.models import Student, User


@dataclass(frozen=True)
class DistrictFigures:
    loads: list[Workload]  # by name
    spread: Spread | None  # None: no therapist
    alerts: DistrictAlerts

    @property
    def by_load(self) -> list[Workload]:
        """The chart's order: most loaded per FTE first."""
        return sorted(self.loads, key=lambda load: (-load.workload_per_fte, load.name))


def district_dashboard(
    session: Session, coordinator: User, loads: Sequence[Workload]
) -> DistrictFigures | None:
    """The district's figures as of its today, from the therapists' workloads `loads`
    (the dashboard's summary computed them); None before a district is loaded."""
    district = get_district(session)
    if district is None:
        return None
    first_day, last_day = year_from(session)
    # Schools owed minutes: those of the students with a line in effect.
    owed_school_ids = set(
        session.scalars(
            select(Student.school_id).where(has_line_in_effect(first_day, last_day)).distinct()
        )
    )
    return DistrictFigures(
        loads=list(loads),
        spread=spread(loads) if loads else None,
        alerts=district_alerts(
            session, coordinator, first_day, loads, owed_school_ids, district.school_day_list
        ),
    )

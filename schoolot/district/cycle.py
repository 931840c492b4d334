"""The district's cycle of weeks, read from its rows (the arithmetic is schoolot.cycle).

`district_cycle` is the cycle a new solve uses: the district's setting, else 4 weeks
when any line is monthly or any therapist works 3:1, else 1. A stored schedule keeps
the cycle it was solved in (`ScheduleVersion.cycle_weeks`): `version_cycle` is the
one the calendar code reads a version's dates with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot import cycle
from schoolot.models import District, ScheduleVersion, ServiceLine, Therapist


@dataclass(frozen=True)
class Cycle:
    """A cycle of `weeks` weeks whose week 1 is the calendar week of `anchor`."""

    weeks: int
    anchor: dt.date

    def week_of(self, day: dt.date) -> int:
        """`day`'s week of the cycle, from 1."""
        return cycle.cycle_week_of(day, self.anchor, self.weeks)

    def label(self, week: int) -> str:
        """ "Week A", "Week 3"; "" in a one-week cycle."""
        return cycle.week_label(week, self.weeks)

    def first_date(self, week: int, weekday: int, on_or_after: dt.date) -> dt.date:
        """The first date on or after `on_or_after` that is `weekday` (0 = Monday) of
        cycle week `week`."""
        day = on_or_after + dt.timedelta(days=(weekday - on_or_after.weekday()) % 7)
        while self.week_of(day) != week:
            day += dt.timedelta(days=7)
        return day


def anchor_of(district: District) -> dt.date:
    """The date whose calendar week is week 1: the setting, else the year's first day."""
    return district.cycle_anchor or district.year_start


def therapist_models(session: Session) -> set[str]:
    """The service models therapists hold of their own (not the district's)."""
    return {m for m in session.scalars(select(Therapist.service_model).distinct()) if m}


def automatic_weeks(session: Session, service_model: str, extra: Iterable[str] = ()) -> int:
    """The cycle of a district with no setting (`cycle.default_weeks`), with the district's
    `service_model`, its therapists' own and `extra` (models about to be saved)."""
    pers = session.scalars(select(ServiceLine.per).distinct())
    return cycle.default_weeks(pers, [service_model, *therapist_models(session), *extra])


def district_cycle(session: Session, district: District) -> Cycle:
    """The cycle a solve of the district uses now."""
    weeks = district.cycle_weeks or automatic_weeks(session, district.service_model)
    return Cycle(weeks, anchor_of(district))


def version_cycle(district: District, version: ScheduleVersion) -> Cycle:
    """The cycle `version` was solved in, anchored where the district anchors it."""
    return Cycle(version.cycle_weeks or 1, anchor_of(district))


def service_model_of(therapist: Therapist, district: District) -> str:
    """The therapist's service model: their own, else the district's."""
    return therapist.service_model or district.service_model

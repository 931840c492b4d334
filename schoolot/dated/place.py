"""Place the sessions of quarterly and yearly lines on dates, for one schedule version.

When a version is stored, each line of so many sessions a quarter or a year gets, in
each of its periods still to come (`periods`), its sessions on evenly spaced target
dates over the part of the period from the version's first day on; each session goes
to the first slot on or after its target date (school day by school day, then start
by start on the grid; when the period has none left after the target, the latest
before it) that keeps every rule a makeup keeps (`makeups.rules`: the
school's calendar, the therapist's hours and schools, the student's free time, no
overlap, drives, lunch), with the version's own weekly sessions of those dates and
the sessions already placed. Sessions the version in force planned before that first
day in the same period count as given. A session with no such slot in that part of the
period leaves its line an `UnscheduledLine` with the reason.

Who gives them: the therapist the version assigns the student to, else the one the
student is pinned to, else the first (by code) serving the student's school.
Dated sessions stand alone: they do not join a weekly group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from schoolot.dated.identity import Identities
from schoolot.dated.periods import (
    DATED_PERIODS,
    Period,
    periods_of,
    sessions_per_period,
    target_dates,
)
from schoolot.dated.version_rules import VersionRules
from schoolot.district.settings import get_district
from schoolot.makeups.rules import Slot, as_time, date_text
from schoolot.models import (
    DatedLineSession,
    ScheduleVersion,
    ServiceLine,
    Student,
    Therapist,
    UnscheduledLine,
)
from schoolot.timetable.dated import service_dates


def dated_lines(session: Session, first: dt.date, last: dt.date) -> list[ServiceLine]:
    """The quarterly and yearly lines in service some day from `first` to `last`."""
    rows = session.scalars(
        select(ServiceLine)
        .where(ServiceLine.per.in_(DATED_PERIODS))
        .options(selectinload(ServiceLine.student).selectinload(Student.therapist))
        .order_by(ServiceLine.code)
    )
    found = []
    for line in rows:
        line_first, line_last = service_dates(line)
        if line_first <= last and line_last >= first:
            found.append(line)
    return found


def place_dated_lines(
    session: Session, version: ScheduleVersion, first: dt.date
) -> list[DatedLineSession]:
    """Place the dated lines' sessions of `version` from `first` to the end of the
    school year, in place of any it held; returns the sessions placed (lines with no
    room get an `UnscheduledLine` on the version)."""
    session.execute(delete(DatedLineSession).where(DatedLineSession.schedule_id == version.id))
    district = get_district(session)
    if district is None:
        return []
    last = district.year_end
    lines = dated_lines(session, first, last)
    if not lines:
        return []
    given = _given_before(session, version.based_on_id, first)
    identities = Identities(session, version.based_on_id, first)
    by_therapist: dict[int, list[ServiceLine]] = defaultdict(list)
    therapists: dict[int, Therapist] = {}
    assigned = {a.student_id: a.therapist for a in version.assignments}
    placed: list[DatedLineSession] = []
    for line in lines:
        therapist = assigned.get(line.student_id) or line.student.therapist
        therapist = therapist or _serving(session, line.student.school_id)
        if therapist is None:
            reason = f"no therapist serves {line.student.school.name}"
            version.unscheduled.append(UnscheduledLine(service_line_id=line.id, reason=reason))
            continue
        therapists[therapist.id] = therapist
        by_therapist[therapist.id].append(line)
    for therapist_id, mine in by_therapist.items():
        therapist = therapists[therapist_id]
        rules = VersionRules(session, therapist, mine, first, last, version)
        chosen: list[Slot] = []
        for line in mine:
            missing = []
            for period in periods_of(line.per, district.year_start, district.year_end):
                missing += _place_period(rules, line, period, first, given, chosen)
            if missing:
                version.unscheduled.append(
                    UnscheduledLine(service_line_id=line.id, reason=_reason(line, missing))
                )
        for line in mine:
            slots = sorted((s for s in chosen if s.line_id == line.id), key=_when)
            for slot, (uid, sequence) in zip(
                slots, identities.of_line(line.id, slots), strict=True
            ):
                row = DatedLineSession(
                    schedule_id=version.id,
                    uid=uid,
                    sequence=sequence,
                    service_line_id=line.id,
                    therapist_id=therapist.id,
                    school_id=line.student.school_id,
                    date=slot.date,
                    start=as_time(slot.start),
                    end=as_time(slot.end),
                )
                session.add(row)
                placed.append(row)
    session.flush()
    return placed


def _place_period(
    rules: VersionRules,
    line: ServiceLine,
    period: Period,
    first: dt.date,
    given: dict[int, list[dt.date]],
    chosen: list[Slot],
) -> list[tuple[Period, int]]:
    """Place the line's sessions of `period` still owed from `first`; [(period, how
    many found no slot)] or []."""
    line_first, line_last = service_dates(line)
    window = period.clip(max(first, line_first), line_last)
    if window is None:
        return []
    before = sum(1 for d in given.get(line.id, []) if period.first <= d < first)
    owed = sessions_per_period(line.minutes, line.session_minutes) - before
    unplaced = 0
    for target in target_dates(*window, owed):
        slot = _first_slot(rules, line, target, window, chosen)
        if slot is None:
            unplaced += 1
            continue
        chosen.append(slot)
        rules.take(line, slot)
    return [(period, unplaced)] if unplaced else []


def _first_slot(
    rules: VersionRules,
    line: ServiceLine,
    target: dt.date,
    window: tuple[dt.date, dt.date],
    chosen: Sequence[Slot],
) -> Slot | None:
    """The first slot of the line on or after `target` up to the window's end that
    keeps every rule with the sessions chosen so far (one a day for the line); when
    there is none (the period ends in a break), the latest before `target`."""
    days = (window[1] - target).days
    later = (target + dt.timedelta(days=n) for n in range(days + 1))
    earlier = (target - dt.timedelta(days=n) for n in range(1, (target - window[0]).days + 1))
    taken = {slot.date for slot in chosen if slot.line_id == line.id}
    for dates in (later, earlier):
        for date in dates:
            if date in taken:
                continue
            for start in rules.starts(line.id, date, line.session_minutes):
                slot = Slot(line.id, date, start, start + line.session_minutes)
                if rules.check(slot, chosen) is None:
                    return slot
    return None


def _reason(line: ServiceLine, missing: list[tuple[Period, int]]) -> str:
    parts = [
        f"{count} of {sessions_per_period(line.minutes, line.session_minutes)} in "
        f"{period.name} ({date_text(period.first)} to {date_text(period.last)})"
        for period, count in missing
    ]
    return (
        f"{line.code}: no time left for {', '.join(parts)}: no school day of the period has "
        f"a free slot for a {line.session_minutes}-minute session with the therapist and "
        f"the student both free"
    )


def _serving(session: Session, school_id: int) -> Therapist | None:
    return session.scalar(
        select(Therapist)
        .where(Therapist.schools.any(id=school_id))
        .order_by(Therapist.code)
        .limit(1)
    )


def _given_before(
    session: Session, based_on_id: int | None, first: dt.date
) -> dict[int, list[dt.date]]:
    """Per line id, the dates before `first` the version in force placed sessions on."""
    if based_on_id is None:
        return {}
    given: dict[int, list[dt.date]] = defaultdict(list)
    rows = session.execute(
        select(DatedLineSession.service_line_id, DatedLineSession.date).where(
            DatedLineSession.schedule_id == based_on_id, DatedLineSession.date < first
        )
    )
    for line_id, date in rows:
        given[line_id].append(date)
    return given


def _when(slot: Slot) -> tuple[dt.date, int]:
    return slot.date, slot.start

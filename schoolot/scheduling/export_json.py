"""A stored schedule in the JSON form of schedule.md, for anyone to check without our code.

Everything is read from the stored version and ordered by the district's own ids and
the cycle, so re-exporting an unchanged schedule gives identical output. schoolot's
extension (docs/schedule-json.md): a top-level `cycle_weeks` and each session's and
travel leg's `cycle_week` from 1 (a reader of one-week files takes a missing one as 1).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.dated.export import dated_session_items
from schoolot.models import (
    District,
    ScheduleAssignment,
    ScheduledSession,
    ScheduledTravel,
    ScheduleVersion,
    ServiceLine,
    UnscheduledLine,
)
from schoolot.values import WEEKDAYS, format_time

_DAY_ORDER = {name: d for d, name in enumerate(WEEKDAYS)}


def schedule_document(session: Session, version: ScheduleVersion) -> dict[str, Any]:
    """The schedule `version` as the JSON object of schedule.md (a dict ready to dump)."""
    district = session.scalar(select(District))
    document: dict[str, Any] = {
        "district": district.name if district is not None else "",
        "generated_at": _utc_text(version.created_at),
        "cycle_weeks": version.cycle_weeks or 1,
        "solver": {
            "status": version.solver_status,
            "objective": _number(version.objective),
            "bound": _number(version.bound),
            "seconds": round(version.seconds, 2),
        },
        "assignments": _assignments(session, version),
        "sessions": _sessions(session, version),
        "travel": _travel(session, version),
        "unscheduled": _unscheduled(session, version),
    }
    dated = dated_session_items(session, version)
    if dated:  # quarterly and yearly lines' sessions on dates (docs/dated.md)
        document["dated_sessions"] = dated
    return document


def schedule_json(session: Session, version: ScheduleVersion) -> str:
    """`schedule_document` as UTF-8 JSON text, indented, ending with a newline."""
    document = schedule_document(session, version)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _utc_text(moment: dt.datetime) -> str:
    # Stored naive in UTC (models.users.utcnow); an aware value is converted first.
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def _assignments(session: Session, version: ScheduleVersion) -> list[dict[str, str]]:
    rows = session.scalars(
        select(ScheduleAssignment)
        .where(ScheduleAssignment.schedule_id == version.id)
        .options(
            selectinload(ScheduleAssignment.student), selectinload(ScheduleAssignment.therapist)
        )
    )
    items = [{"student": row.student.code, "therapist": row.therapist.code} for row in rows]
    return sorted(items, key=lambda item: item["student"])


def _sessions(session: Session, version: ScheduleVersion) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(ScheduledSession)
        .where(ScheduledSession.schedule_id == version.id)
        .options(
            selectinload(ScheduledSession.therapist),
            selectinload(ScheduledSession.school),
            selectinload(ScheduledSession.services).selectinload(ServiceLine.student),
        )
    )
    items: list[dict[str, Any]] = []
    for row in rows:
        lines = sorted(row.services, key=lambda line: line.code)
        items.append(
            {
                "id": row.uid,
                "therapist": row.therapist.code,
                "school": row.school.code,
                "cycle_week": row.cycle_week,
                "weekday": row.weekday,
                "start": format_time(row.start),
                "end": format_time(row.end),
                "delivery": row.delivery,
                "services": [line.code for line in lines],
                # One per service, in the same order; a consult takes no student.
                "students": (
                    [] if row.delivery == "consult" else [line.student.code for line in lines]
                ),
            }
        )
    items.sort(
        key=lambda s: (
            s["therapist"],
            s["cycle_week"],
            _DAY_ORDER.get(s["weekday"], 9),
            s["start"],
            s["id"],
        )
    )
    return items


def _travel(session: Session, version: ScheduleVersion) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(ScheduledTravel)
        .where(ScheduledTravel.schedule_id == version.id)
        .options(
            selectinload(ScheduledTravel.therapist),
            selectinload(ScheduledTravel.from_school),
            selectinload(ScheduledTravel.to_school),
        )
    )
    items = [
        {
            "therapist": row.therapist.code,
            "cycle_week": row.cycle_week,
            "weekday": row.weekday,
            "from_school": row.from_school.code,
            "to_school": row.to_school.code,
            "start": format_time(row.start),
            "end": format_time(row.end),
        }
        for row in rows
    ]
    items.sort(
        key=lambda t: (
            t["therapist"],
            t["cycle_week"],
            _DAY_ORDER.get(str(t["weekday"]), 9),
            t["start"],
        )
    )
    return items


def _unscheduled(session: Session, version: ScheduleVersion) -> list[dict[str, str]]:
    rows = session.scalars(
        select(UnscheduledLine)
        .where(UnscheduledLine.schedule_id == version.id)
        .options(selectinload(UnscheduledLine.service_line).selectinload(ServiceLine.student))
    )
    items = [
        {
            "service": row.service_line.code,
            "student": row.service_line.student.code,
            "reason": row.reason,
        }
        for row in rows
    ]
    return sorted(items, key=lambda item: item["service"])

"""A version's dated sessions in the JSON of a schedule (docs/dated.md): schoolot's
extension `dated_sessions`, present only when the version holds some, so a reader of
schedule.md's weekly `sessions` is never handed a session that does not repeat.

Each item: `id`, `therapist`, `school`, `date` (ISO), its `cycle_week` (from 1, in the
version's cycle) and `weekday`, `start`, `end`, `delivery`, `services` (one line) and
`students` (none for a consult), ordered by therapist, date, start and id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.district.cycle import version_cycle
from schoolot.models import DatedLineSession, District, ScheduleVersion, ServiceLine
from schoolot.values import format_time


def dated_session_items(session: Session, version: ScheduleVersion) -> list[dict[str, Any]]:
    """The version's dated sessions as JSON items ([] when none)."""
    district = session.scalar(select(District))
    rows = session.scalars(
        select(DatedLineSession)
        .where(DatedLineSession.schedule_id == version.id)
        .options(
            selectinload(DatedLineSession.therapist),
            selectinload(DatedLineSession.school),
            selectinload(DatedLineSession.service_line).selectinload(ServiceLine.student),
        )
    )
    items = []
    for row in rows:
        line = row.service_line
        week = version_cycle(district, version).week_of(row.date) if district else 1
        items.append(
            {
                "id": row.uid,
                "therapist": row.therapist.code,
                "school": row.school.code,
                "date": row.date.isoformat(),
                "cycle_week": week,
                "weekday": f"{row.date:%a}",
                "start": format_time(row.start),
                "end": format_time(row.end),
                "delivery": line.delivery,
                "services": [line.code],
                "students": [] if line.delivery == "consult" else [line.student.code],
            }
        )
    items.sort(key=lambda s: (s["therapist"], s["date"], s["start"], s["id"]))
    return items

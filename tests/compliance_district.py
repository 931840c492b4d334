"""Session logs and makeups on the small district of tests/carryover_district.py, for the
compliance tests: Mia Lopez (SV-MIA, 60 min/week: Mon 09:00 with Noah, Wed 10:00 alone)
and Noah Kim (SV-NOAH, 30 min/week: Mon 09:00), the schedule standing from Tue 1 Sep 2026.
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from schoolot.models import Makeup, ScheduledSession, ServiceLine, SessionLog

_uids = itertools.count(1)


def log(
    session: Session,
    line: ServiceLine,
    date: dt.date,
    weekly: ScheduledSession | None = None,
    *,
    minutes: int = 30,
    reason: str | None = None,
    kind: str | None = None,
    makeup: Makeup | None = None,
) -> SessionLog:
    """A log of `line` on `date`: of the weekly session (planned), else extra or makeup;
    delivered `minutes`, or missed when `reason` is given."""
    start = weekly.start if weekly else (makeup.start if makeup else dt.time(13, 0))
    planned = 30 if weekly or makeup else None
    row = SessionLog(
        service_line=line,
        student=line.student,
        therapist_id=weekly.therapist_id if weekly else None,
        school_id=line.student.school_id,
        date=date,
        start=start,
        minutes=0 if reason else minutes,
        planned_minutes=planned,
        kind=kind or ("planned" if weekly else "makeup" if makeup else "extra"),
        session_uid=weekly.uid if weekly else None,
        status="missed" if reason else "delivered",
        reason=reason,
        makeup=makeup,
    )
    session.add(row)
    session.flush()
    return row


def makeup(
    session: Session, line: ServiceLine, date: dt.date, start: dt.time, end: dt.time, **kw
) -> Makeup:
    """An accepted makeup of `line` by the student's therapist at their school."""
    values = dict(state="accepted")
    values.update(kw)
    row = Makeup(
        uid=f"makeup{next(_uids)}",
        service_line=line,
        therapist_id=line.student.therapist_id,
        school_id=line.student.school_id,
        date=date,
        start=start,
        end=end,
        **values,
    )
    session.add(row)
    session.flush()
    return row

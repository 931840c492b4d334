"""make run's demo: its schedule stands from the year's first school day, and its past
school days come logged (mostly delivered, absences, a sick day, an assembly, progress)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import delete, func, select

from schoolot.district.settings import get_district
from schoolot.extensions import db
from schoolot.models import GoalProgress, SessionLog
from schoolot.scheduling import store
from schoolot.service_log.planned import planned_sessions
from schoolot.timetable.history import History
from schoolot.timetable.school_year import SchoolYear


def _logs() -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(
                SessionLog.date,
                SessionLog.start,
                SessionLog.service_line_id,
                SessionLog.status,
                SessionLog.reason,
                SessionLog.minutes,
                SessionLog.therapist_id,
                SessionLog.school_id,
                SessionLog.note,
            ).order_by(SessionLog.date, SessionLog.start, SessionLog.service_line_id)
        )
    ]


def test_the_demo_is_published_from_the_first_school_day_with_its_past_weeks_logged(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    solved = runner.invoke(
        args=["solve", "--publish", "--from", "first-school-day", "--time-limit", "3",
              "--workers", "1"]
    )  # fmt: skip
    assert solved.exit_code == 0, solved.output
    year = SchoolYear.load(db.session())
    first = year.first_school_day()
    until = first + dt.timedelta(days=27)  # four school weeks

    logged = runner.invoke(args=["seed-demo-logs", "--until", until.isoformat()])

    assert logged.exit_code == 0, logged.output
    assert f"standing from {first}" in solved.output
    assert store.in_force(db.session()).stands_from == first
    assert History.load(db.session(), get_district(db.session())).started == first
    logs = _logs()
    assert logs[0][0] == first and logs[-1][0] <= until
    statuses = Counter(status for _, _, _, status, *_ in logs)
    reasons = Counter(reason for *_, reason, _, _, _, _ in logs if reason)
    assert statuses["delivered"] / len(logs) > 0.85
    assert {"student_absent", "student_unavailable", "therapist_absent", "school_closed"} <= set(
        reasons
    )
    # The sick day: every session of one therapist on one date, missed for that reason.
    sick = {(date, therapist) for date, *_, reason, _, therapist, _, _ in logs
            if reason == "therapist_absent"}  # fmt: skip
    assert len(sick) == 1
    ((sick_date, sick_therapist),) = sick
    that_day = [log for log in logs if log[0] == sick_date and log[6] == sick_therapist]
    assert {log[4] for log in that_day} == {"therapist_absent"}
    # Every session planned, but a few of the last days', has its logs.
    planned = [p for p in planned_sessions(db.session(), first, until) if p.happens]
    students_planned = sum(len(p.lines) for p in planned)
    assert 0.95 * students_planned <= len(logs) <= students_planned
    assert db.session.scalar(select(func.count()).select_from(GoalProgress)) > 0
    assert sum(1 for log in logs if log[8]) < 0.25 * len(logs)  # a few notes

    # Deterministic: the same schedule gives the same logs; and a second run adds none.
    again = runner.invoke(args=["seed-demo-logs", "--until", until.isoformat()])
    assert again.output == "The demo already has session logs: none added.\n"
    db.session.execute(delete(GoalProgress))
    db.session.execute(delete(SessionLog))
    db.session.commit()
    runner.invoke(args=["seed-demo-logs", "--until", until.isoformat()])
    assert _logs() == logs

"""A solve stored (scheduling.store) places its quarterly lines on dates: the solver's
week holds only the weekly line, the version its quarterly sessions, clear of the
week's sessions on their dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from schoolot.dated.periods import quarters
from schoolot.extensions import db
from schoolot.models import DatedLineSession
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solve import solve
from tests.factories import (
    make_district,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
)

AS_OF = dt.date(2026, 8, 19)


def test_a_stored_solve_places_the_quarterly_sessions(app):
    s = db.session
    district = make_district(s)
    oak = make_school(s, "OAK")
    zoe = make_therapist(s, [oak], "zoe@x.example")
    ana = make_student(
        s,
        make_teacher(s, oak, "t@x.example"),
        zoe,
        "S1",
        iep_start=dt.date(2026, 8, 1),
        iep_end=dt.date(2027, 6, 30),
    )
    make_service(s, ana, "SV-W", minutes=90, session_minutes=30)  # 3 a week
    quarterly = make_service(s, ana, "SV-Q", minutes=60, session_minutes=30, per="quarter")
    problem, index = build_problem(s, None, as_of=AS_OF)
    assert [line.code for line in problem.services] == ["SV-W"]
    solution = solve(problem, time_limit=5, seed=0, workers=1)
    version = store.store_solution(s, problem, index, solution, None, None, time_limit=5, seed=0)

    rows = list(
        s.scalars(
            select(DatedLineSession)
            .where(DatedLineSession.schedule_id == version.id)
            .order_by(DatedLineSession.date)
        )
    )
    assert all(row.service_line_id == quarterly.id for row in rows)
    periods = quarters(district.year_start, district.year_end)
    # Two in each quarter, on two dates, each a school day.
    for period in periods:
        dates = [r.date for r in rows if period.first <= r.date <= period.last]
        assert len(dates) == 2 and len(set(dates)) == 2
        assert all(d.weekday() < 5 for d in dates)
    # Never over the week's sessions (Ana's and the therapist's) of the same weekday.
    weekly = {(w.weekday, w.start, w.end) for w in version.sessions}
    for row in rows:
        for weekday, start, end in weekly:
            if weekday == f"{row.date:%a}":
                assert row.end <= start or end <= row.start
    assert version.unscheduled == []

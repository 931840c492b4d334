"""Compliance in a cycle of weeks: a 30 min/month consult planned once in a 4-week
cycle plans a month's IEP minutes each month, and quarterly and yearly lines are owed
over their quarters and the year (figures counted by hand on the 2026-27 calendar)."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot.compliance.ledger import line_ledgers
from schoolot.compliance.periods import line_periods
from schoolot.extensions import db
from tests.factories import SmallDistrict, make_scheduled_session, make_service, make_version

T = dt.time


@pytest.fixture
def d(app) -> SmallDistrict:
    """SmallDistrict (year Wed 2026-08-19 to Thu 2027-05-27, no closure) in a 4-week
    cycle anchored at the year's start: the week of Mon 08-17 is week 1. Ana's consult,
    30 min a month, is planned on Fridays of week 2: 08-28, 09-25, 10-23, 11-20, ...
    one in each calendar month. The schedule stands from the year's first day; Ana's
    IEP runs past the year's end."""
    district = SmallDistrict(db.session)
    district.district.cycle_weeks = 4
    district.ana.iep_end = dt.date(2027, 6, 30)
    district.consult = make_service(
        db.session,
        district.ana,
        "SV1-C",
        delivery="consult",
        per="month",
        minutes=30,
        session_minutes=30,
    )
    version = make_version(db.session, "published", cycle_weeks=4, stands_from=dt.date(2026, 8, 19))
    make_scheduled_session(
        db.session, version, district.ot1, [district.consult], "Fri", T(10), T(10, 30), cycle_week=2
    )
    db.session.commit()
    return district


def test_a_monthly_consult_once_in_four_weeks_plans_the_ieps_minutes_each_month(d):
    [ledger] = [
        x
        for x in line_ledgers(db.session, dt.date(2026, 12, 31), student_id=d.ana.id)
        if x.code == "SV1-C"
    ]
    # 08-28, 09-25, 10-23, 11-20, 12-18: five sessions of 30 minutes.
    assert ledger.planned_minutes == 150
    months = line_periods(db.session, d.ana.id, [ledger])[d.consult.id]
    by_month = {row.first.month: row for row in months}
    # September to December: every weekday a school day, so a month owes its 30 minutes,
    # and the consult is planned once in it.
    for month in (9, 10, 11, 12):
        assert (by_month[month].owed_minutes, by_month[month].planned_minutes) == (30, 30)
    # August from the 19th: 9 of its 21 weekdays, so 30 * 9 / 21 = 12.86 -> 13 owed.
    assert (by_month[8].owed_minutes, by_month[8].planned_minutes) == (13, 30)


def test_quarterly_and_yearly_lines_are_owed_over_their_periods(d):
    quarterly = make_service(
        db.session, d.ana, "SV1-Q", per="quarter", minutes=120, session_minutes=30
    )
    yearly = make_service(db.session, d.ana, "SV1-Y", per="year", minutes=60, session_minutes=60)
    db.session.commit()

    def owed(as_of: dt.date) -> dict[str, int]:
        ledgers = line_ledgers(db.session, as_of, student_id=d.ana.id)
        return {x.code: x.owed_minutes for x in ledgers}

    # The year is 282 days: Q1 is its first 71, 08-19 to 10-28. By then a quarter's
    # 120 minutes are owed; the year's 60 by its last day.
    assert owed(dt.date(2026, 10, 28))["SV1-Q"] == 120
    at_end = owed(dt.date(2027, 5, 27))
    assert (at_end["SV1-Q"], at_end["SV1-Y"]) == (480, 60)
    # Half-way through Q1 by weekdays: 08-19 to 09-22 holds 25 of Q1's 51 weekdays, so
    # 120 * 25 / 51 = 58.8 -> 59.
    assert owed(dt.date(2026, 9, 22))["SV1-Q"] == 59
    ledgers = line_ledgers(db.session, dt.date(2027, 5, 27), student_id=d.ana.id)
    periods = line_periods(db.session, d.ana.id, [x for x in ledgers if x.code != "SV1"])
    # Newest first: Q4 .. Q1, each 120; the year in one row.
    assert [r.owed_minutes for r in periods[quarterly.id]] == [120, 120, 120, 120]
    assert [r.first for r in periods[quarterly.id]][-1] == dt.date(2026, 8, 19)
    assert [(r.first, r.last, r.owed_minutes) for r in periods[yearly.id]] == [
        (dt.date(2026, 8, 19), dt.date(2027, 5, 27), 60)
    ]

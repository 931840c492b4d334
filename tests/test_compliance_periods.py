"""A line's owed vs delivered week by week or month by month (compliance.periods), on
the ledger's small district (tests/test_compliance_ledger.py): Mia 60 min/week, 12 a
school day; the schedule stands from Tue 1 Sep 2026."""

from __future__ import annotations

import datetime as dt

from schoolot.compliance.ledger import line_ledgers
from schoolot.compliance.periods import line_periods, period_ends
from schoolot.extensions import db
from tests.carryover_district import small_district
from tests.compliance_district import log
from tests.factories import make_calendar_day, make_user

D = dt.date
T = dt.time


def test_periods_are_weeks_from_monday_or_calendar_months_cut_at_the_ends():
    assert period_ends("week", D(2026, 9, 1), D(2026, 9, 18)) == [
        D(2026, 9, 6),
        D(2026, 9, 13),
        D(2026, 9, 18),
    ]
    assert period_ends("month", D(2026, 9, 15), D(2026, 11, 2)) == [
        D(2026, 9, 30),
        D(2026, 10, 31),
        D(2026, 11, 2),
    ]


def test_each_week_holds_its_own_minutes_and_the_balance_so_far(app):
    small = small_district(db.session)
    make_calendar_day(db.session, date=D(2026, 9, 7), note="Labor Day")
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)
    log(db.session, small.mia_line, D(2026, 9, 9), small.wednesday)
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.mia_line, D(2026, 9, 16), small.wednesday, minutes=25)
    db.session.commit()
    ledgers = line_ledgers(db.session(), D(2026, 9, 18), student_id=small.mia.id)

    (weeks,) = line_periods(db.session(), small.mia.id, ledgers).values()

    figures = [
        (w.first, w.last, w.owed_minutes, w.planned_minutes, w.delivered_minutes,
         w.missed_minutes, w.balance_minutes)
        for w in weeks
    ]  # fmt: skip
    assert figures == [
        # 14-18 Sep: 5 school days x 12; Mon missed (therapist), Wed 25 of 30.
        (D(2026, 9, 14), D(2026, 9, 18), 60, 60, 25, 30, -36 + 25 - 60),
        # 7-13 Sep: Labor Day owes nothing and holds no session: 4 x 12; Wed delivered.
        (D(2026, 9, 7), D(2026, 9, 13), 48, 30, 30, 0, -18 + 30 - 48),
        # Tue 1-6 Sep: 4 x 12; Wed delivered (Mon 31 Aug stood under no schedule).
        (D(2026, 9, 1), D(2026, 9, 6), 48, 30, 30, 0, 30 - 48),
    ]
    assert sum(w.owed_minutes for w in weeks) == ledgers[0].owed_minutes
    assert weeks[0].balance_minutes == ledgers[0].balance_minutes


def test_the_students_page_shows_each_line_by_week(app, client, login):
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    login(coordinator)

    page = client.get(f"/compliance/students/{small.mia.id}?as_of=2026-09-11").text

    assert "Period by period" in page
    assert "SV-MIA: 60 min/week, 2 weeks" in page
    assert "Mon 07 Sep to Fri 11 Sep" in page and "Tue 01 Sep to Sun 06 Sep" in page

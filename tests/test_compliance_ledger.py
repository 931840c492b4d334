"""The compliance ledger's arithmetic on hand-computed cases (docs/compliance.md).

The small district (tests/carryover_district.py): Mia Lopez, SV-MIA 60 min/week (Mon
09:00-09:30 with Noah, Wed 10:00-10:30 alone); Noah Kim, SV-NOAH 30 min/week (Mon); the
schedule stands from Tue 1 Sep 2026. Mia is owed 12 minutes a school day, Noah 6.
"""

from __future__ import annotations

import datetime as dt

from schoolot.compliance.ledger import line_ledgers
from schoolot.extensions import db
from schoolot.models import District
from tests.carryover_district import small_district
from tests.compliance_district import log, makeup
from tests.factories import (
    make_calendar_day,
    make_scheduled_session,
    make_therapist,
    make_version,
)

D = dt.date
T = dt.time


def _by_code(as_of: dt.date, **filters) -> dict:
    return {x.code: x for x in line_ledgers(db.session(), as_of, **filters)}


def _labour_day_and_early_release(small) -> None:
    """Mon 7 Sep closed (no session, nothing owed); Wed 9 Sep released at 10:15 (Mia's
    10:00-10:30 cancelled, the day still owed)."""
    make_calendar_day(db.session, date=D(2026, 9, 7), note="Labor Day")
    make_calendar_day(
        db.session, small.school, date=D(2026, 9, 9), kind="early_release", end_time=T(10, 15)
    )


def test_three_weeks_across_a_closure_and_an_early_release(app):
    small = small_district(db.session)
    _labour_day_and_early_release(small)
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.noah_line, D(2026, 9, 14), small.monday, reason="student_absent")
    log(db.session, small.mia_line, D(2026, 9, 16), small.wednesday, minutes=25)
    db.session.commit()

    ledgers = line_ledgers(db.session(), D(2026, 9, 18))

    # School days Tue 1 - Fri 18 Sep: 4 + 4 (7 Sep closed) + 5 = 13.
    assert [x.code for x in ledgers] == ["SV-MIA", "SV-NOAH"]  # furthest behind first
    mia, noah = ledgers
    assert (mia.first, mia.last) == (D(2026, 9, 1), D(2026, 9, 18))
    assert mia.owed_minutes == 156  # 60/5 x 13
    assert mia.planned_minutes == 90  # Wed 2, Mon 14, Wed 16 (Mon 7 closed, Wed 9 released)
    assert mia.delivered_minutes == 55  # 30 + 25
    assert mia.missed_minutes == {"therapist_absent": 30}
    assert mia.unlogged_minutes == 0
    assert mia.makeup_owed_minutes == 30  # therapist-caused: owed back by default
    assert mia.balance_minutes == 55 - 156
    assert noah.owed_minutes == 78  # 30/5 x 13
    assert noah.planned_minutes == 30
    assert noah.delivered_minutes == 0
    assert noah.missed_minutes == {"student_absent": 30}
    assert noah.makeup_owed_minutes == 0  # a student's absence is not owed back
    assert noah.balance_minutes == -78
    assert mia.therapist_id == noah.therapist_id == small.therapist.id
    assert mia.student_name == "Mia Lopez"


def test_planned_sessions_without_a_log_are_unlogged(app):
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)
    db.session.commit()

    mia = _by_code(D(2026, 9, 9))["SV-MIA"]

    # Wed 2 logged; Mon 7 and Wed 9 (no closure here) not.
    assert (mia.planned_minutes, mia.delivered_minutes, mia.unlogged_minutes) == (90, 30, 60)
    assert mia.owed_minutes == 84  # 7 school days x 12


def test_iep_and_line_dates_mid_week_bound_the_counted_dates(app):
    small = small_district(db.session)
    small.mia.iep_end = D(2026, 9, 15)  # a Tuesday
    small.noah_line.start = D(2026, 9, 10)  # a Thursday
    small.noah_line.end = D(2026, 9, 15)
    db.session.commit()

    found = _by_code(D(2026, 9, 30))
    mia, noah = found["SV-MIA"], found["SV-NOAH"]

    assert (mia.first, mia.last) == (D(2026, 9, 1), D(2026, 9, 15))
    assert mia.owed_minutes == 132  # 11 school days x 12
    assert mia.planned_minutes == 120  # Wed 2, Mon 7, Wed 9 and Mon 14
    assert (noah.first, noah.last) == (D(2026, 9, 10), D(2026, 9, 15))
    assert noah.owed_minutes == 24  # Thu 10, Fri 11, Mon 14, Tue 15 x 6
    assert noah.planned_minutes == 30  # Mon 14 only


def test_a_monthly_line_spreads_its_minutes_over_each_months_weekdays(app):
    small = small_district(db.session)
    small.noah_line.per = "month"
    small.noah_line.minutes = 120
    make_calendar_day(db.session, date=D(2026, 9, 7), note="Labor Day")
    db.session.commit()

    noah = _by_code(D(2026, 10, 7))["SV-NOAH"]

    # September 2026 has 22 weekdays, 21 school days from Tue 1 (Mon 7 closed): 120/22 x 21;
    # October has 22, and 1-7 Oct holds 5: 120/22 x 5. Rounded once: 120 x 26/22 = 141.8.
    assert noah.owed_minutes == 142
    assert noah.per == "month"
    assert noah.planned_minutes == 120  # Mondays 14, 21, 28 Sep and 5 Oct


def test_nothing_is_counted_before_the_first_schedule_stands(app):
    small = small_district(db.session, stands_from=D(2026, 9, 14))
    log(db.session, small.mia_line, D(2026, 9, 2), small.wednesday)  # before: not counted
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday)
    db.session.commit()

    mia = _by_code(D(2026, 9, 18))["SV-MIA"]

    assert mia.first == D(2026, 9, 14)
    assert mia.owed_minutes == 60  # one week of five school days owes the weekly minutes
    assert (mia.planned_minutes, mia.delivered_minutes) == (60, 30)
    assert line_ledgers(db.session(), D(2026, 9, 11)) == []  # nothing counted yet


def test_no_published_schedule_counts_nothing(app):
    small_district(db.session, state="draft")
    db.session.commit()

    assert line_ledgers(db.session(), D(2026, 10, 1)) == []


def test_the_district_policy_decides_which_misses_are_owed_back(app):
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.noah_line, D(2026, 9, 14), small.monday, reason="student_absent")
    log(db.session, small.mia_line, D(2026, 9, 16), small.wednesday, reason="other")
    district = db.session.scalar(db.select(District))
    district.makeup_reasons = "student_absent other"
    db.session.commit()

    found = _by_code(D(2026, 9, 18))

    assert found["SV-MIA"].missed_minutes == {"therapist_absent": 30, "other": 30}
    assert found["SV-MIA"].makeup_owed_minutes == 30  # "other" only
    assert found["SV-NOAH"].makeup_owed_minutes == 30


def test_a_makeup_delivered_pays_back_minutes_owed_and_counts_as_delivered(app):
    small = small_district(db.session)
    log(db.session, small.mia_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.mia_line, D(2026, 9, 16), small.wednesday, reason="school_closed")
    accepted = makeup(db.session, small.mia_line, D(2026, 9, 17), T(10, 0), T(10, 30))
    makeup(db.session, small.mia_line, D(2026, 9, 24), T(10, 0), T(10, 30))
    db.session.commit()

    before = _by_code(D(2026, 9, 18))["SV-MIA"]
    log(db.session, small.mia_line, D(2026, 9, 17), makeup=accepted, minutes=20)
    db.session.commit()
    after = _by_code(D(2026, 9, 18))["SV-MIA"]

    assert before.makeup_owed_minutes == 60
    # Wed 2, Mon 7, Wed 9 unlogged; the accepted makeup of Thu 17 planned and unlogged.
    assert (before.planned_minutes, before.unlogged_minutes) == (180, 120)
    assert before.makeup_planned_minutes == 60
    assert after.makeup_owed_minutes == 40  # 60 - 20 delivered as a makeup
    assert after.delivered_minutes == 20
    assert (after.unlogged_minutes, after.makeup_planned_minutes) == (90, 30)


def test_an_extra_session_counts_as_delivered_but_pays_back_nothing(app):
    small = small_district(db.session)
    log(db.session, small.noah_line, D(2026, 9, 14), small.monday, reason="therapist_absent")
    log(db.session, small.noah_line, D(2026, 9, 15), minutes=30)  # extra
    db.session.commit()

    noah = _by_code(D(2026, 9, 18))["SV-NOAH"]

    assert noah.delivered_minutes == 30
    assert noah.makeup_owed_minutes == 30
    assert noah.planned_minutes == 60  # Mondays 7 and 14


def test_filters_by_caseload_school_and_student(app):
    small = small_district(db.session)
    db.session.commit()

    as_of = D(2026, 9, 18)
    assert list(_by_code(as_of, therapist_id=small.therapist.id)) == ["SV-MIA", "SV-NOAH"]
    assert list(_by_code(as_of, school_id=small.school.id)) == ["SV-MIA", "SV-NOAH"]
    assert list(_by_code(as_of, student_id=small.noah.id)) == ["SV-NOAH"]
    assert _by_code(as_of, therapist_id=small.therapist.id + 1) == {}


def test_a_caseload_counts_sessions_another_therapist_held_under_an_earlier_schedule(app):
    small = small_district(db.session)
    bo = make_therapist(db.session, [small.school], name="Bo Other")
    for _ in range(3):  # therapists holding none of these lines
        make_therapist(db.session, [small.school])
    small.wednesday.therapist = bo  # Bo held Mia's Wednesdays under the first schedule
    small.version.state = "archived"
    second = make_version(
        db.session,
        "published",
        stands_from=D(2026, 9, 14),
        published_at=dt.datetime(2026, 9, 14, 12, 0),
    )
    make_scheduled_session(
        db.session, second, small.therapist, [small.mia_line], "Wed", T(10, 0), T(10, 30)
    )
    make_scheduled_session(
        db.session, second, small.therapist, [small.mia_line, small.noah_line], "Mon"
    )
    db.session.commit()

    caseload = _by_code(D(2026, 9, 18), therapist_id=small.therapist.id)["SV-MIA"]
    district = _by_code(D(2026, 9, 18))["SV-MIA"]

    # Wed 2 and Wed 9 (Bo), Mon 7, Mon 14 and Wed 16 (Ann).
    assert caseload.planned_minutes == district.planned_minutes == 150
    assert caseload == district

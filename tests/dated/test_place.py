"""Quarterly lines placed on dates (schoolot.dated.place) on tests/dated/district.py:
the target dates and slots below are worked out by hand from the quarters (71, 71, 70
and 70 days from Wed 19 Aug 2026) and the middle of each quarter's four parts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.dated.place import place_dated_lines
from schoolot.extensions import db
from schoolot.makeups.rules import Slot
from schoolot.models import DatedLineSession, UnscheduledLine
from tests.dated.district import DatedDistrict
from tests.factories import make_calendar_day, make_scheduled_session, make_version

START = dt.date(2026, 8, 19)
D = dt.date


@pytest.fixture
def district(app) -> DatedDistrict:
    return DatedDistrict(db.session)


def ana_dates(version_id: int) -> list[tuple[dt.date, dt.time]]:
    rows = db.session.scalars(
        select(DatedLineSession)
        .where(DatedLineSession.schedule_id == version_id)
        .order_by(DatedLineSession.date)
    )
    return [(row.date, row.start) for row in rows if row.service_line.code == "SV-ANA-Q"]


def test_four_sessions_a_quarter_on_the_first_free_slot_from_each_target(district):
    place_dated_lines(db.session, district.version, START)
    eight, half_past = dt.time(8, 0), dt.time(8, 30)
    assert ana_dates(district.version.id) == [
        # Q1 19 Aug - 28 Oct: targets days 8, 26, 44, 62 of 71.
        (D(2026, 8, 27), half_past),  # Thu: after her weekly session 08:00-08:30
        (D(2026, 9, 15), eight),  # Mon 14 Sep is closed: the Tuesday
        (D(2026, 10, 2), eight),
        (D(2026, 10, 20), eight),
        # Q2 29 Oct - 7 Jan.
        (D(2026, 11, 6), eight),
        (D(2026, 11, 24), eight),
        (D(2026, 12, 14), eight),  # target Sat 12 Dec: the Monday
        (D(2026, 12, 30), eight),
        # Q3 8 Jan - 18 Mar: targets days 8, 26, 43, 61 of 70.
        (D(2027, 1, 18), eight),  # Sat 16 Jan
        (D(2027, 2, 3), eight),
        (D(2027, 2, 22), eight),  # Sat 20 Feb
        (D(2027, 3, 10), eight),
        # Q4 19 Mar - 27 May.
        (D(2027, 3, 29), eight),  # Sat 27 Mar
        (D(2027, 4, 14), eight),
        (D(2027, 5, 3), eight),  # Sat 1 May
        (D(2027, 5, 19), eight),
    ]
    rows = db.session.scalars(select(DatedLineSession)).all()
    assert all(row.therapist_id == district.ward.id for row in rows)
    assert all(row.school_id == district.oak.id for row in rows)
    assert all(row.minutes == 30 for row in rows)


def test_a_line_with_no_room_gets_a_reason(district):
    place_dated_lines(db.session, district.version, START)
    reasons = {
        u.service_line.code: u.reason
        for u in db.session.scalars(
            select(UnscheduledLine).where(UnscheduledLine.schedule_id == district.version.id)
        )
    }
    assert list(reasons) == ["SV-BEN-Q"]
    assert reasons["SV-BEN-Q"].startswith(
        "SV-BEN-Q: no time left for 2 of 2 in Q1 (Wed 19 Aug 2026 to Wed 28 Oct 2026), "
        "2 of 2 in Q2 (Thu 29 Oct 2026 to Thu 7 Jan 2027), 2 of 2 in Q3"
    )
    ben = [
        row
        for row in db.session.scalars(select(DatedLineSession))
        if row.service_line_id == district.ben_q.id
    ]
    assert ben == []


def test_from_a_date_in_the_year_only_the_rest_of_its_quarter(district):
    # From Fri 13 Nov: Q1 is past; Q2's window is 13 Nov - 7 Jan, 56 days: targets days
    # 7, 21, 35, 49 = Fri 20 Nov, Fri 4 Dec, Fri 18 Dec, Fri 1 Jan.
    place_dated_lines(db.session, district.version, D(2026, 11, 13))
    dates = [date for date, _ in ana_dates(district.version.id)]
    assert dates[:4] == [D(2026, 11, 20), D(2026, 12, 4), D(2026, 12, 18), D(2027, 1, 1)]
    assert len(dates) == 12  # Q2, Q3, Q4


def test_sessions_the_version_in_force_gave_before_count(app):
    first = DatedDistrict(db.session, "published", stands_from=START)
    old = first.version
    db.session.add(
        DatedLineSession(
            schedule_id=old.id,
            uid="old1",
            service_line_id=first.quarterly.id,
            therapist_id=first.ward.id,
            school_id=first.oak.id,
            date=D(2026, 11, 2),
            start=dt.time(10, 0),
            end=dt.time(10, 30),
        )
    )
    new = make_version(db.session, based_on=old)
    place_dated_lines(db.session, new, D(2026, 11, 13))
    dates = [date for date, _ in ana_dates(new.id)]
    # Q2 owes 3 more from 13 Nov: 56 days in 3 parts, targets days 9, 28, 46.
    assert dates[:3] == [D(2026, 11, 23), D(2026, 12, 11), D(2026, 12, 29)]
    assert len(dates) == 11


def test_each_placed_session_keeps_the_makeup_rules(district):
    from schoolot.dated.version_rules import VersionRules
    from schoolot.values import minutes_of

    placed = place_dated_lines(db.session, district.version, START)
    rules = VersionRules(
        db.session, district.ward, [district.quarterly], START, D(2027, 5, 27), district.version
    )
    slots = [
        Slot(row.service_line_id, row.date, minutes_of(row.start), minutes_of(row.end))
        for row in placed
    ]
    for slot in slots:
        assert rules.check(slot, [s for s in slots if s != slot]) is None
    # And the rules would refuse one over her weekly session.
    assert rules.check(Slot(district.quarterly.id, D(2026, 8, 27), 480, 510)) is not None


def test_a_re_solve_keeps_each_sessions_calendar_identity(app):
    """Placed again for a version based on this one (the same week), an unchanged
    session keeps its uid and sequence; from Fri 13 Nov on, Q2 owes 3 more (6 Nov was
    given) on new dates (23 Nov, 11 Dec, 29 Dec): they take the uids of the old 24 Nov,
    14 Dec and 30 Dec, one sequence up."""
    first = DatedDistrict(db.session, "published", stands_from=START)
    old = {r.date: r for r in place_dated_lines(db.session, first.version, START)}

    def based_on_first():
        version = make_version(db.session, based_on=first.version)
        make_scheduled_session(
            db.session, version, first.ward, [first.weekly], "Thu", dt.time(8, 0), dt.time(8, 30)
        )
        return version

    again = place_dated_lines(db.session, based_on_first(), START)
    assert sorted((r.date, r.uid, r.sequence) for r in again) == sorted(
        (d, r.uid, 0) for d, r in old.items()
    )
    later = place_dated_lines(db.session, based_on_first(), D(2026, 11, 13))
    q2 = [r for r in later if r.service_line_id == first.quarterly.id and r.date <= D(2027, 1, 7)]
    assert [r.date for r in q2] == [D(2026, 11, 23), D(2026, 12, 11), D(2026, 12, 29)]
    old_q2 = [old[D(2026, 11, 24)], old[D(2026, 12, 14)], old[D(2026, 12, 30)]]
    assert [(r.uid, r.sequence) for r in q2] == [(r.uid, 1) for r in old_q2]


def test_a_period_ending_in_a_break_takes_the_latest_days_before_it(district):
    # From Sat 5 Dec, Q2 has 34 days left: targets days 4, 12, 21, 29 = Wed 9 Dec, Thu 17
    # Dec, Sat 26 Dec, Sun 3 Jan; Oak is closed from Mon 21 Dec to the quarter's end.
    day = D(2026, 12, 21)
    while day <= D(2027, 1, 7):
        if day.weekday() < 5:
            make_calendar_day(db.session, district.oak, date=day, note="Winter break")
        day += dt.timedelta(days=1)
    place_dated_lines(db.session, district.version, D(2026, 12, 5))
    q2 = [(d, s) for d, s in ana_dates(district.version.id) if d <= D(2027, 1, 7)]
    eight, half_past = dt.time(8, 0), dt.time(8, 30)
    # 26 Dec: nothing after it, the latest before: Fri 18 Dec; 3 Jan: the latest day
    # before it the line has no session on, Wed 16 Dec (17 and 18 Dec are taken).
    assert q2 == [
        (D(2026, 12, 9), eight),
        (D(2026, 12, 16), eight),
        (D(2026, 12, 17), half_past),  # after her weekly Thursday session
        (D(2026, 12, 18), eight),
    ]

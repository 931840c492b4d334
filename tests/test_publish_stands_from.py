"""`flask publish-schedule [ID] --from DATE`: the date a schedule stands from, and what it
changes in the eras of the History and the sessions planned on real dates."""

from __future__ import annotations

import datetime as dt

from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db
from schoolot.service_log.planned import planned_sessions
from schoolot.timetable.history import Dates, History, standing_from
from tests.carryover_district import small_district
from tests.factories import make_calendar_day, make_scheduled_session, make_version

D = dt.date
T = dt.time


def _planned_dates(first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
    return [(p.date, p.schedule_id) for p in planned_sessions(db.session(), first, last)]


def test_publishing_from_a_date_leaves_the_dates_before_it_unplanned(app, runner):
    small = small_district(db.session, state="draft")
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", "--from", "2026-09-14"])

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Published schedule {small.version.id}: it is now in force, standing from 2026-09-14.\n"
    )
    assert small.version.stands_from == D(2026, 9, 14)
    assert History.load(db.session(), get_district(db.session())).started == D(2026, 9, 14)
    # Mon 7 and Wed 9 Sep stood under no schedule; Mon 14 and Wed 16 did.
    v = small.version.id
    assert _planned_dates(D(2026, 9, 1), D(2026, 9, 20)) == [
        (D(2026, 9, 14), v),
        (D(2026, 9, 16), v),
    ]


def test_a_schedule_published_from_a_later_date_starts_a_new_era_there(app, runner):
    small = small_district(db.session, stands_from=D(2026, 9, 1))
    second = make_version(db.session, "draft")
    make_scheduled_session(
        db.session, second, small.therapist, [small.mia_line], "Tue", T(11, 0), T(11, 30)
    )
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", str(second.id), "--from", "2026-10-05"])

    assert result.exit_code == 0, result.output
    assert "archived" in result.output and small.version.state == "archived"
    history = History.load(db.session(), get_district(db.session()))
    assert [(era.version.id, era.dates) for era in history.eras] == [
        (small.version.id, Dates(None, D(2026, 10, 4))),
        (second.id, Dates(D(2026, 10, 5), None)),
    ]
    assert history.started == D(2026, 9, 1)
    # Mon 28 Sep and Wed 30 Sep under the first; from Mon 5 Oct only Tuesdays (6 Oct).
    first, new = small.version.id, second.id
    assert _planned_dates(D(2026, 9, 28), D(2026, 10, 9)) == [
        (D(2026, 9, 28), first),
        (D(2026, 9, 30), first),
        (D(2026, 10, 6), new),
    ]


def test_a_date_before_the_schedule_in_force_stands_from_is_refused(app, runner):
    small = small_district(db.session, stands_from=D(2026, 9, 1))
    second = make_version(db.session, "draft")
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", str(second.id), "--from", "2026-08-31"])

    assert result.exit_code == 1
    assert result.output == (
        f"error: schedule {second.id} was not published: schedule {small.version.id} in "
        "force stands from 2026-09-01: a schedule published now cannot stand from "
        "2026-08-31, before it (the dates before keep the schedules that stood then)\n"
    )
    db.session.expire_all()
    assert (second.state, small.version.state) == ("draft", "published")


def test_a_date_outside_the_school_year_or_no_date_is_refused(app, runner):
    small = small_district(db.session, state="draft")
    db.session.commit()

    outside = runner.invoke(args=["publish-schedule", "--from", "2027-06-01"])
    garbled = runner.invoke(args=["publish-schedule", "--from", "1 Sep"])

    assert outside.exit_code == garbled.exit_code == 1
    assert outside.output == (
        f"error: schedule {small.version.id} was not published: 2027-06-01 is outside the "
        "school year (2026-08-19 to 2027-05-27)\n"
    )
    assert garbled.output == (
        "error: --from: '1 Sep' is not a date in YYYY-MM-DD form (or first-school-day)\n"
    )
    db.session.expire_all()
    assert small.version.state == "draft"


def test_first_school_day_skips_a_district_wide_closure(app, runner):
    small = small_district(db.session, state="draft")
    make_calendar_day(db.session, date=D(2026, 8, 19), note="Teacher work day")
    make_calendar_day(db.session, date=D(2026, 8, 20), note="Teacher work day")
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", "--from", "first-school-day"])

    assert result.exit_code == 0, result.output
    assert small.version.stands_from == D(2026, 8, 21)


def test_without_from_the_schedule_stands_from_the_day_it_is_published(app, runner):
    small = small_district(db.session, state="draft")
    db.session.commit()

    result = runner.invoke(args=["publish-schedule"])

    assert result.exit_code == 0, result.output
    assert "standing from" not in result.output
    district = get_district(db.session())
    assert small.version.stands_from is None
    assert standing_from(small.version, district) == district_today(district)


def test_solve_refuses_from_without_publish(app, runner):
    small_district(db.session, state="draft")
    db.session.commit()

    result = runner.invoke(args=["solve", "--from", "2026-09-01", "--time-limit", "1"])

    assert result.exit_code == 1
    assert (
        "--from is the date a published schedule stands from: give --publish too" in result.output
    )


def _week_around_today() -> tuple[object, dt.date]:
    """test_scheduling_store's Week in a school year around today, Bo's IEP ended ten days ago."""
    from tests.test_scheduling_store import Week

    week = Week()
    district = get_district(db.session())
    today = district_today(district)
    district.year_start = today - dt.timedelta(days=60)
    district.year_end = today + dt.timedelta(days=200)
    for student in (week.ana, week.bo):
        student.iep_start = district.year_start
        student.iep_end = district.year_end
    week.bo.iep_end = today - dt.timedelta(days=10)
    db.session.commit()
    return week, today


def _published_line_codes() -> set[str]:
    from schoolot.scheduling import store

    version = store.in_force(db.session())
    return {line.code for session in version.sessions for line in session.services}


SOLVE = ["solve", "--time-limit", "2", "--seed", "1", "--workers", "1", "--publish"]


def test_a_schedule_solved_to_stand_from_a_past_date_serves_the_lines_owed_since_then(app, runner):
    _, today = _week_around_today()
    since = (today - dt.timedelta(days=40)).isoformat()

    result = runner.invoke(args=[*SOLVE, "--from", since])

    assert result.exit_code == 0, result.output
    # Bo's IEP ended ten days ago, but was in effect on the date the schedule stands from.
    assert _published_line_codes() == {"SV1", "SV2"}


def test_a_schedule_solved_today_leaves_out_the_lines_ended_before_today(app, runner):
    _week_around_today()

    result = runner.invoke(args=SOLVE)

    assert result.exit_code == 0, result.output
    assert _published_line_codes() == {"SV1"}

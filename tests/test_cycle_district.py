"""Issue 13's district, end to end: monthly consults, an A/B block schedule and one
therapist on 3:1 (tests/data/cycle_district) import, solve as a 4-week cycle, and show
the right sessions on the right dates in the timetables and the feeds.

The dates a session should happen on are worked out here from first principles (the
weekday, the calendar week counted from the anchor, the bundle's calendar and the
service dates), not through the app's `dated_sessions`; the feeds are read with
icalendar and with libical.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed
from schoolot.models import (
    ScheduledSession,
    ScheduleVersion,
    ServiceLine,
    Teacher,
    Therapist,
)
from tests.factories import make_user
from tests.feed_readers import read_with_icalendar, read_with_libical
from tests.schedule_checker import check_schedule

BUNDLE = Path(__file__).parent / "data" / "cycle_district"
ANCHOR_MONDAY = dt.date(2026, 8, 24)  # district.csv: cycle_anchor, a Monday
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
DIRECT = ("pull_out", "push_in")


def _rows(name: str) -> list[dict[str, str]]:
    with (BUNDLE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _week_of(date: dt.date) -> int:
    monday = date - dt.timedelta(days=date.weekday())
    return (monday - ANCHOR_MONDAY).days // 7 % 4 + 1


@pytest.fixture
def published(app, runner) -> ScheduleVersion:
    result = runner.invoke(args=["import-bundle", str(BUNDLE)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["solve", "--publish", "--from", "2026-08-24", "--time-limit", "20"]
    )
    assert result.exit_code == 0, result.output
    version = db.session.scalars(
        select(ScheduleVersion).where(ScheduleVersion.state == "published")
    ).one()
    assert version.cycle_weeks == 4
    return version


def _sessions(version: ScheduleVersion) -> list[ScheduledSession]:
    return list(
        db.session.scalars(
            select(ScheduledSession).where(ScheduledSession.schedule_id == version.id)
        )
    )


def test_the_cycle_places_monthly_consults_once_and_rests_the_3_1_therapist_in_week_4(
    published, runner, tmp_path
):
    sessions = _sessions(published)
    lines = {line.code: line for line in db.session.scalars(select(ServiceLine))}
    count: Counter[str] = Counter()
    weeks_of: dict[str, set[int]] = defaultdict(set)
    for session in sessions:
        for line in session.services:
            count[line.code] += 1
            weeks_of[line.code].add(session.cycle_week)
    unscheduled = {u.service_line.code for u in published.unscheduled}

    monthly = [code for code, line in lines.items() if line.per == "month"]
    assert monthly
    for code in monthly:
        if code in unscheduled:
            continue
        line = lines[code]
        # A 30 min/month consult: once in the four weeks, not once a week.
        assert count[code] == line.minutes // line.session_minutes, code
    weekly = [
        code for code, line in lines.items() if line.per == "week" and code not in unscheduled
    ]
    blake = db.session.scalars(select(Therapist).where(Therapist.code.like("blake%"))).one()
    for code in weekly:
        line = lines[code]
        per_week = line.minutes // line.session_minutes
        assert count[code] == per_week * 4, code  # the four weeks' sessions, all placed
        if line.student.therapist_id == blake.id and line.delivery in DIRECT:
            assert 4 not in weeks_of[code], code  # 3:1: nothing direct in week 4
        elif line.delivery in DIRECT:
            assert weeks_of[code] == {1, 2, 3, 4}, code
    assert not any(
        s.therapist_id == blake.id and s.cycle_week == 4 and s.delivery in DIRECT for s in sessions
    )
    assert any(s.therapist_id == blake.id and s.cycle_week in (1, 2, 3) for s in sessions)
    assert len(unscheduled) <= len(lines) // 10, unscheduled

    # The exported JSON names its cycle, and the independent checker finds every rule
    # kept, the A/B blocks included (checked per cycle week).
    out = tmp_path / "schedule.json"
    result = runner.invoke(args=["export-schedule", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["cycle_weeks"] == 4
    assert {s["cycle_week"] for s in document["sessions"]} == {1, 2, 3, 4}
    assert check_schedule(BUNDLE, document) == []


def _closed() -> set[dt.date]:
    return {
        dt.date.fromisoformat(r["date"]) for r in _rows("calendar.csv") if r["kind"] == "closed"
    }


def _early() -> dict[dt.date, dt.time]:
    return {
        dt.date.fromisoformat(r["date"]): dt.time.fromisoformat(r["end_time"])
        for r in _rows("calendar.csv")
        if r["kind"] == "early_release"
    }


def _expected_dates(session: ScheduledSession, shown: set[int] | None = None) -> set[dt.date]:
    """The dates `session` happens on: its weekday, in its week of the cycle, a school
    day not closed nor released before it ends, with one of its (shown) students in
    service."""
    year_start, year_end = dt.date(2026, 8, 24), dt.date(2027, 5, 28)
    closed, early = _closed(), _early()
    spans = [
        (line.effective_start, line.effective_end)
        for line in session.services
        if shown is None or line.student_id in shown
    ]
    dates = set()
    day = year_start
    while day <= year_end:
        happens = (
            day.weekday() < 5
            and WEEKDAYS[day.weekday()] == session.weekday
            and _week_of(day) == session.cycle_week
            and day not in closed
            and not (day in early and session.end > early[day])
            and any(first <= day <= last for first, last in spans)
        )
        if happens:
            dates.add(day)
        day += dt.timedelta(days=1)
    return dates


def _expected(sessions, shown=None) -> list[tuple[dt.datetime, dt.datetime]]:
    found = []
    for session in sessions:
        for day in _expected_dates(session, shown):
            found.append(
                (dt.datetime.combine(day, session.start), dt.datetime.combine(day, session.end))
            )
    return sorted(found)


@pytest.mark.parametrize("reader", [read_with_icalendar, read_with_libical])
def test_feeds_hold_each_session_on_the_dates_of_its_cycle_week(published, reader):
    sessions = _sessions(published)
    blake = db.session.scalars(select(Therapist).where(Therapist.code.like("blake%"))).one()
    mine = [s for s in sessions if s.therapist_id == blake.id]
    body = build_feed(db.session(), "therapist", blake.id)
    found = sorted((o.start, o.end) for o in reader(body))
    expected = _expected(mine)
    assert found == expected
    # Week 4 of the cycle (e.g. 14-18 Sep) holds consults only for Blake: in his feed, its
    # events are exactly his week-4 consult sessions.
    week4 = {
        (dt.datetime.combine(d, s.start))
        for s in mine
        if s.cycle_week == 4
        for d in _expected_dates(s)
    }
    assert all(s.delivery == "consult" for s in mine if s.cycle_week == 4)
    assert {start for start, _ in found if _week_of(start.date()) == 4} == week4

    # A teacher's feed: the sessions of that teacher's students, on their cycle's dates.
    teacher = db.session.scalars(select(Teacher).order_by(Teacher.code)).first()
    theirs = {student.id for student in teacher.students}
    held = [s for s in sessions if any(line.student_id in theirs for line in s.services)]
    assert held
    found = sorted(
        (o.start, o.end) for o in reader(build_feed(db.session(), "teacher", teacher.id))
    )
    assert found == _expected(held, theirs)


SESSION_BLOCK = re.compile(
    r'<li class="tt-block tt-session(?P<classes>[^"]*)"[^>]*>\s*'
    r'<span class="tt-time">(?P<times>[^<]+)'
)


def test_the_weekly_timetable_shows_each_week_of_the_cycle(published, client, login):
    blake = db.session.scalars(select(Therapist).where(Therapist.code.like("blake%"))).one()
    user = make_user(db.session, "therapist", therapist=blake)
    db.session.commit()
    login(user)
    sessions = [s for s in _sessions(published) if s.therapist_id == blake.id]
    for monday in (dt.date(2026, 9, 14), dt.date(2026, 9, 21)):  # weeks 4 and 1
        week = _week_of(monday)
        days = {monday + dt.timedelta(days=i) for i in range(5)}
        page = client.get(f"/timetable/therapists/{blake.id}?week={monday.isoformat()}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f"Week {week} of the cycle" in text
        expected = Counter(
            s.start.strftime("%H:%M")
            for s in sessions
            if s.cycle_week == week and _expected_dates(s) & days
        )
        shown = Counter(
            m["times"].strip()[:5]
            for m in SESSION_BLOCK.finditer(text)
            if "cancelled" not in m["classes"]
        )
        assert shown == expected, week
        # Week 1 holds his direct sessions; week 4, his week off, at most consults.
        assert (sum(expected.values()) > 0) == (week == 1) or week == 4

"""The week view model: real dates (closures, early releases, IEP ends), blocks to scale,
drives and lunch, who is named to whom, and the coordinators' overview."""

from __future__ import annotations

import datetime as dt

import pytest

from schoolot import access
from schoolot.extensions import db
from schoolot.models import ScheduledTravel
from schoolot.timetable.dated import CANCELLED_CLOSED, CANCELLED_EARLY_RELEASE, HAPPENS
from schoolot.timetable.in_force import InForce
from schoolot.timetable.sources import select_sessions
from schoolot.timetable.week_view import LUNCH, SESSION, TRAVEL, Stretch, TimetableBuilder
from tests.factories import (
    SmallDistrict,
    make_calendar_day,
    make_scheduled_session,
    make_service,
    make_student,
    make_teacher,
    make_version,
)

THANKSGIVING_WEEK = dt.date(2026, 11, 23)  # Thursday 26 is closed district-wide
RELEASE_WEEK = dt.date(2026, 11, 30)  # Oak releases early on Wednesday 2 December
WED_RELEASE = dt.date(2026, 12, 2)
T = dt.time


@pytest.fixture
def small(app) -> SmallDistrict:
    district = SmallDistrict(db.session)
    make_calendar_day(db.session)  # Thanksgiving, Thu 2026-11-26, every school
    make_calendar_day(
        db.session,
        district.oak,
        date=WED_RELEASE,
        kind="early_release",
        end_time=T(12, 0),
        note="Staff PD",
    )
    db.session.flush()
    return district


@pytest.fixture
def version(small):
    return make_version(db.session, "published")


def _session(version, therapist, lines, weekday, start, end, **kw):
    return make_scheduled_session(
        db.session, version, therapist, lines, weekday=weekday, start=start, end=end, **kw
    )


def _therapist_week(small, monday, **kw):
    timetables = InForce.load(db.session())
    assert timetables is not None
    return timetables.week("therapist", small.ot1, monday, today=monday, **kw)


def _day(week, date):
    return next(day for day in week.days if day.date == date)


def test_a_closed_day_shows_as_closed_with_its_note_and_no_session_happens(small, version):
    _session(version, small.ot1, small.ana.services, "Thu", T(9, 0), T(9, 30))
    _session(version, small.ot1, small.ana.services, "Tue", T(9, 0), T(9, 30))

    week = _therapist_week(small, THANKSGIVING_WEEK)

    thursday = _day(week, dt.date(2026, 11, 26))
    assert thursday.closed and thursday.day.note == "Thanksgiving"
    [block] = thursday.sessions
    assert block.status == CANCELLED_CLOSED and not block.happens
    assert "school closed (Thanksgiving)" in block.note
    assert thursday.happening == [] and thursday.session_minutes == 0
    assert thursday.lunch is None  # nobody works on a closed day
    tuesday = _day(week, dt.date(2026, 11, 24))
    assert not tuesday.closed and [b.status for b in tuesday.sessions] == [HAPPENS]
    assert tuesday.lunch is not None


def test_on_an_early_release_the_sessions_past_the_new_end_do_not_happen(small, version):
    _session(version, small.ot1, small.ana.services, "Wed", T(9, 0), T(9, 30))
    _session(version, small.ot1, small.ana.services, "Wed", T(11, 30), T(12, 0))
    _session(version, small.ot1, small.ana.services, "Wed", T(13, 0), T(13, 30))
    timetables = InForce.load(db.session())

    school_week = timetables.week("school", small.oak, RELEASE_WEEK, today=RELEASE_WEEK)

    wednesday = _day(school_week, WED_RELEASE)
    assert wednesday.early_release and wednesday.day.end_time == T(12, 0)
    assert [b.status for b in wednesday.sessions] == [HAPPENS, HAPPENS, CANCELLED_EARLY_RELEASE]
    assert "students leave at 12:00" in wednesday.sessions[2].note
    assert wednesday.release_top == pytest.approx(school_week.scale.top(T(12, 0)))
    # The next Wednesday is an ordinary day: all three happen.
    later = timetables.week("school", small.oak, dt.date(2026, 12, 7), today=RELEASE_WEEK)
    assert [b.status for b in _day(later, dt.date(2026, 12, 9)).sessions] == [HAPPENS] * 3

    # A therapist's day is headed by the district's calendar; Oak's release is a note.
    therapist_day = _day(_therapist_week(small, RELEASE_WEEK), WED_RELEASE)
    assert not therapist_day.early_release
    assert therapist_day.notes == ("Oak Elementary: early release at 12:00 (Staff PD)",)
    assert len(therapist_day.cancelled) == 1


def test_a_student_whose_iep_ends_mid_year_leaves_the_timetable_the_week_after(small, version):
    dee = make_student(
        db.session,
        small.teacher_oak,
        small.ot1,
        first_name="Dee",
        last_name="Ray",
        iep_end=dt.date(2027, 1, 15),
    )
    dee_line = make_service(db.session, dee, grouping="group")
    ana_line = small.ana.services[0]
    ana_line.grouping = "group"
    _session(version, small.ot1, [dee_line], "Mon", T(9, 0), T(9, 30))
    _session(version, small.ot1, [ana_line, dee_line], "Tue", T(10, 0), T(10, 30))

    before = _therapist_week(small, dt.date(2027, 1, 11))
    after = _therapist_week(small, dt.date(2027, 1, 18))

    assert [b.students for b in _day(before, dt.date(2027, 1, 11)).sessions] == [("Dee R.",)]
    assert [b.students for b in _day(before, dt.date(2027, 1, 12)).sessions] == [
        ("Ana L.", "Dee R.")
    ]
    # After 15 January Dee's own session is gone and the group goes on with Ana alone.
    assert _day(after, dt.date(2027, 1, 18)).sessions == []
    [group] = _day(after, dt.date(2027, 1, 19)).sessions
    assert group.students == ("Ana L.",) and group.others == 0


def test_blocks_are_placed_to_scale_on_whole_hours_around_the_pattern(small, version):
    _session(version, small.ot1, small.ana.services, "Mon", T(9, 0), T(9, 30))
    _session(version, small.ot1, small.ana.services, "Tue", T(14, 0), T(14, 30))

    week = _therapist_week(small, dt.date(2026, 12, 7))

    # 09:00 to 15:00: the sessions and Monday's and Tuesday's lunch (11:00) inside.
    assert (week.scale.start, week.scale.end) == (9 * 60, 15 * 60)
    assert [label for label, _ in week.hours] == [f"{h:02d}:00" for h in range(9, 15)]
    [monday] = _day(week, dt.date(2026, 12, 7)).sessions
    assert (monday.top, monday.height) == (0.0, pytest.approx(0.5 / 6))
    [tuesday] = _day(week, dt.date(2026, 12, 8)).sessions
    assert tuesday.top == pytest.approx(5 / 6)
    assert monday.colour == tuesday.colour  # one school, one colour


def test_lunch_is_the_first_free_run_of_the_window_and_only_on_working_days(small, version):
    # The district's lunch: 30 minutes inside 11:00-13:30. Monday leaves 11:30-11:45
    # (too short) and 12:15 onwards free.
    _session(version, small.ot1, small.ana.services, "Mon", T(11, 0), T(11, 30))
    _session(version, small.ot1, small.ana.services, "Mon", T(11, 45), T(12, 15))
    _session(version, small.ot1, small.ana.services, "Thu", T(9, 0), T(9, 30))

    week = _therapist_week(small, THANKSGIVING_WEEK)

    lunch = _day(week, THANKSGIVING_WEEK).lunch
    assert lunch is not None and (lunch.start, lunch.end) == (T(12, 15), T(12, 45))
    assert lunch.kind == LUNCH
    assert _day(week, dt.date(2026, 11, 24)).lunch is None  # no work on Tuesday
    assert _day(week, dt.date(2026, 11, 26)).lunch is None  # Thursday is closed
    # A school's timetable has no lunch and no drives: they are the therapist's.
    timetables = InForce.load(db.session())
    school_week = timetables.week("school", small.oak, THANKSGIVING_WEEK)
    assert {b.kind for day in school_week.days for b in day.blocks} == {SESSION}


def test_drives_show_between_visits_that_happen_with_the_days_route(small, version):
    ben_line = make_service(
        db.session, make_student(db.session, small.teacher_lin, small.ot1, first_name="Eve")
    )
    _session(version, small.ot1, small.ana.services, "Mon", T(9, 0), T(9, 30))
    _session(version, small.ot1, [ben_line], "Mon", T(10, 0), T(10, 30))
    db.session.add(
        ScheduledTravel(
            schedule_id=version.id,
            therapist=small.ot1,
            weekday="Mon",
            from_school=small.oak,
            to_school=small.lin,
            start=T(9, 30),
            end=T(9, 45),
        )
    )
    make_calendar_day(db.session, small.lin, date=dt.date(2026, 12, 14), note="Lincoln flooded")
    db.session.flush()

    week = _therapist_week(small, dt.date(2026, 12, 7))
    monday = _day(week, dt.date(2026, 12, 7))
    [drive] = monday.drives
    assert drive.kind == TRAVEL and (drive.from_school, drive.school) == (small.oak, small.lin)
    assert monday.drive_minutes == 15 and week.drive_minutes == 15
    assert monday.first.school == small.oak and monday.first.start == T(9, 0)
    assert monday.schools == [small.oak, small.lin]

    # Lincoln closed on its own: no drive there; Oak's session still happens.
    closed = _day(_therapist_week(small, dt.date(2026, 12, 14)), dt.date(2026, 12, 14))
    assert closed.drives == [] and closed.schools == [small.oak]
    assert closed.notes == ("Lincoln Elementary: closed (Lincoln flooded)",)


def test_a_teacher_sees_their_students_named_and_a_groups_others_only_counted(small, version):
    other_class = make_teacher(db.session, small.lin, grade="3", room="12")
    eve = make_student(db.session, other_class, small.ot2, first_name="Eve", last_name="Moss")
    ben_line = small.ben.services[0]
    eve_line = make_service(db.session, eve, delivery="push_in", grouping="group")
    _session(version, small.ot2, [ben_line, eve_line], "Mon", T(9, 0), T(9, 30))
    teacher = small.teacher_user
    selection = select_sessions(db.session(), version, "teacher", small.teacher_lin.id)
    timetables = InForce.load(db.session())

    week = TimetableBuilder(
        timetables.year,
        [Stretch(selection)],
        may_name=lambda student, session: access.can_name_in_timetable(
            teacher, student, session.therapist_id
        ),
        show_therapist=True,
    ).week(dt.date(2026, 12, 7))

    [block] = _day(week, dt.date(2026, 12, 7)).sessions
    assert block.students == ("Ben K.",) and block.others == 1
    assert block.therapist == small.ot2 and block.delivery == "push_in"


def test_a_therapist_is_named_the_students_of_their_own_sessions_only(small, version):
    # Cy is pinned to nobody: the schedule gave him to ot1, so ot1 sees his name.
    cy_line = make_service(db.session, small.cy, grouping="group")
    ben_line = small.ben.services[0]
    ben_line.grouping = "group"
    _session(version, small.ot1, [cy_line], "Mon", T(9, 0), T(9, 30))
    _session(version, small.ot2, [ben_line], "Mon", T(9, 15), T(9, 45))
    user = small.therapist_user  # ot1
    timetables = InForce.load(db.session())

    week = timetables.week(
        "school",
        small.lin,
        dt.date(2026, 12, 7),
        may_name=lambda s, session: access.can_name_in_timetable(user, s, session.therapist_id),
    )

    mine, theirs = _day(week, dt.date(2026, 12, 7)).sessions
    assert (mine.students, mine.others) == (("Cy O.",), 0)
    assert (theirs.students, theirs.others) == ((), 1)  # ot2's student: counted only
    # They overlap: each takes half the width.
    assert [(b.lane, b.lanes) for b in (mine, theirs)] == [(0, 2), (1, 2)]


def test_the_week_navigation_stays_inside_the_school_year(small, version):
    timetables = InForce.load(db.session())
    year = timetables.year

    first = timetables.week("therapist", small.ot1, year.first_week(), today=THANKSGIVING_WEEK)
    last = timetables.week("therapist", small.ot1, year.last_week(), today=THANKSGIVING_WEEK)

    assert first.nav.previous is None and first.nav.next == dt.date(2026, 8, 24)
    assert last.nav.next is None and last.nav.previous == dt.date(2027, 5, 17)
    assert first.nav.this_week == THANKSGIVING_WEEK and not first.nav.is_this_week
    # The year starts on Wednesday 19 August: the days before are no school.
    assert [d.no_school for d in first.days] == [True, True, False, False, False]


def test_the_overview_gives_each_therapist_their_schools_and_minutes_per_day(small, version):
    _session(version, small.ot1, small.ana.services, "Mon", T(9, 0), T(9, 30))
    _session(version, small.ot1, small.ana.services, "Thu", T(9, 0), T(9, 30))
    _session(version, small.ot2, small.ben.services, "Mon", T(10, 0), T(10, 45))
    timetables = InForce.load(db.session())

    overview = timetables.overview(THANKSGIVING_WEEK, today=THANKSGIVING_WEEK)

    assert overview.dates[0] == THANKSGIVING_WEEK and len(overview.dates) == 5
    assert overview.district_days[3].kind == "closed"
    rows = {row.therapist: row for row in overview.rows}
    assert set(rows) == {small.ot1, small.ot2}
    ot1_monday, ot1_thursday = rows[small.ot1].week.days[0], rows[small.ot1].week.days[3]
    assert ot1_monday.schools == [small.oak] and ot1_monday.session_minutes == 30
    assert ot1_thursday.closed and ot1_thursday.session_minutes == 0
    assert len(ot1_thursday.cancelled) == 1
    assert rows[small.ot2].week.days[0].schools == [small.lin]
    assert rows[small.ot2].week.session_minutes == 45


def test_without_a_schedule_in_force_there_is_no_timetable(small):
    make_version(db.session, "draft")
    assert InForce.load(db.session()) is None

"""The timetable pages: every view, the week and day navigation, and who may see what."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from schoolot.extensions import db
from tests.factories import (
    SmallDistrict,
    make_calendar_day,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_user,
    make_version,
)

T = dt.time
THANKSGIVING_WEEK = "2026-11-23"


class Timetabled(SmallDistrict):
    """SmallDistrict with a schedule in force: Ana (Oak, ot1) Mon and Thu 9:00, Ben
    (Lincoln, ot2) Tue 10:00 push-in in a group with Eve of another class; Thanksgiving
    closed on Thu 26 November; Lincoln released early on Tue 1 December at 10:15."""

    def __init__(self, session) -> None:
        super().__init__(session)
        self.version = make_version(session, "published")
        self.other_class = make_teacher(session, self.lin, "t.lin2@district.example", room="12")
        self.eve = make_student(session, self.other_class, self.ot2, "S4", first_name="Eve")
        self.eve.last_name = "Moss"
        ben_line = self.ben.services[0]
        ben_line.grouping = "group"
        eve_line = make_service(session, self.eve, delivery="push_in", grouping="group")
        self.teacher_lin.room = "7"
        for weekday in ("Mon", "Thu"):
            make_scheduled_session(
                session, self.version, self.ot1, self.ana.services, weekday, T(9, 0), T(9, 30)
            )
        make_scheduled_session(
            session, self.version, self.ot2, [ben_line, eve_line], "Tue", T(10, 0), T(10, 30)
        )
        make_calendar_day(session)
        make_calendar_day(
            session,
            self.lin,
            date=dt.date(2026, 12, 1),
            kind="early_release",
            end_time=T(10, 15),
            note="Conferences",
        )
        self.elm = make_school(session, "ELM", name="Elm Middle")  # nobody's school
        session.flush()


@pytest.fixture
def d(app) -> Timetabled:
    district = Timetabled(db.session)
    db.session.commit()
    return district


def _get(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, f"{path}: {response.status_code}"
    return response.text


# ---------------------------------------------------------------- what the pages show


def test_a_therapists_week_shows_real_dates_with_a_closed_day_and_week_navigation(client, login, d):
    login(d.therapist_user)
    page = _get(client, f"/timetable/therapists/{d.ot1.id}?week=2026-11-26")

    assert "Week of Monday 23 November 2026" in page
    assert "Closed: Thanksgiving" in page
    assert "Not happening: school closed (Thanksgiving)" in page  # Thursday's session
    assert "Ana L." in page and "Oak Elementary" in page
    assert "09:00 Oak Elementary" in page  # the day's first school, at a glance
    assert "11:00\N{EN DASH}11:30" in page and "Lunch" in page  # Monday's lunch
    assert f'href="/timetable/therapists/{d.ot1.id}?week=2026-11-16"' in page
    assert f'href="/timetable/therapists/{d.ot1.id}?week=2026-11-30"' in page
    assert 'type="date" name="week" value="2026-11-23"' in page
    assert re.search(r'class="tt-day closed[^"]*" data-date="2026-11-26"', page)


def test_the_default_week_is_this_week_kept_inside_the_school_year(client, login, d):
    # Today (whatever it is) is clamped into 2026-08-19 .. 2027-05-27.
    login(d.coordinator)
    page = _get(client, f"/timetable/therapists/{d.ot1.id}")
    monday = re.search(r'name="week" value="(\d{4}-\d\d-\d\d)"', page).group(1)
    assert dt.date(2026, 8, 17) <= dt.date.fromisoformat(monday) <= dt.date(2027, 5, 24)
    assert dt.date.fromisoformat(monday).weekday() == 0
    # A week past the year shows the year's last; a bad date, this week.
    assert 'value="2027-05-24"' in _get(client, f"/timetable/therapists/{d.ot1.id}?week=2031-01-01")
    assert f'value="{monday}"' in _get(client, f"/timetable/therapists/{d.ot1.id}?week=soon")


def test_today_lists_the_days_sessions_in_order_with_school_room_and_lunch(client, login, d):
    login(d.therapist_user)
    page = _get(client, f"/timetable/therapists/{d.ot1.id}/today?date=2026-11-23")
    assert "Monday 23 November 2026" in page
    assert "Start 09:00 at Oak Elementary" in page
    agenda = page[page.index('id="agenda"') :]
    assert agenda.index("Ana L.") < agenda.index("Lunch")
    assert "pull-out" in agenda and "30 min" in agenda
    # The day navigation goes from school day to school day.
    assert "?date=2026-11-20" in page and "?date=2026-11-24" in page


def test_today_says_when_the_school_is_closed_or_there_is_no_school(client, login, d):
    login(d.therapist_user)
    closed = _get(client, f"/timetable/therapists/{d.ot1.id}/today?date=2026-11-26")
    assert "School is closed: Thanksgiving. No session happens." in closed
    assert "Not happening: school closed" in closed
    saturday = _get(client, f"/timetable/therapists/{d.ot1.id}/today?date=2026-11-28")
    assert "No school this day." in saturday and "Monday 30 November 2026" in saturday


def test_today_for_the_logged_in_therapist(client, login, d):
    login(d.therapist_user)
    response = client.get("/timetable/today?date=2026-11-23")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/timetable/therapists/{d.ot1.id}/today?date=2026-11-23"
    )
    assert (
        client.get("/timetable/today")
        .headers["Location"]
        .endswith(f"/timetable/therapists/{d.ot1.id}/today")
    )


def test_an_early_release_is_shown_with_the_sessions_past_it_not_happening(client, login, d):
    login(d.coordinator)
    page = _get(client, f"/timetable/schools/{d.lin.id}?week=2026-11-30")
    assert "Early release: students leave at 10:15 (Conferences)" in page
    assert "Not happening: early release, students leave at 10:15" in page
    assert "students leave 10:15" in page  # the line across the day
    day = _get(client, f"/timetable/therapists/{d.ot2.id}/today?date=2026-12-01")
    assert "Lincoln Elementary: early release at 10:15 (Conferences)" in day


def test_a_teachers_class_week_names_their_students_and_only_counts_the_others(client, login, d):
    login(d.teacher_user)
    page = _get(client, f"/timetable/teachers/{d.teacher_lin.id}?week=2026-11-23")
    assert "OT for Teacher" in page and "Ben K." in page
    assert "1 other student" in page and "Eve" not in page
    assert "push-in" in page and d.ot2.name in page
    assert "Room 7" in page


def test_a_students_week_shows_their_own_sessions(client, login, d):
    login(d.coordinator)
    page = _get(client, f"/timetable/students/{d.ben.id}?week=2026-11-23")
    assert "Ben Kim" in page and "Ben K." in page and "1 other student" in page
    ana = _get(client, f"/timetable/students/{d.ana.id}?week=2026-11-23")
    assert "Ben K." not in ana and ana.count("Ana L.") >= 2


def test_a_school_week_names_to_a_therapist_only_their_own_students(client, login, d):
    login(d.therapist_user)  # ot1 serves Lincoln; Ben and Eve are ot2's
    page = _get(client, f"/timetable/schools/{d.lin.id}?week=2026-11-23")
    assert "Ben K." not in page and "Eve M." not in page
    assert "2 other students" in page
    login(d.coordinator)
    page = _get(client, f"/timetable/schools/{d.lin.id}?week=2026-11-23")
    assert "Ben K." in page and "Eve M." in page and "other student" not in page


def test_the_overview_has_a_row_per_therapist_linking_to_their_week(client, login, d):
    login(d.coordinator)
    page = _get(client, f"/timetable/overview?week={THANKSGIVING_WEEK}")
    for therapist in (d.ot1, d.ot2):
        assert (
            f'href="/timetable/therapists/{therapist.id}?week={THANKSGIVING_WEEK}">'
            f"{therapist.name}</a>"
        ) in page
    assert "Oak Elementary" in page and "Lincoln Elementary" in page
    assert "Closed: Thanksgiving" in page and "1 not happening" in page
    assert "60 min" not in page and "30 min" in page  # ot1: Thursday's session is off


def test_with_no_schedule_in_force_the_pages_say_so(client, login, app):
    small = SmallDistrict(db.session)
    make_version(db.session, "draft")
    db.session.commit()
    login(small.coordinator)
    for path in (
        "/timetable/overview",
        f"/timetable/therapists/{small.ot1.id}",
        f"/timetable/therapists/{small.ot1.id}/today",
        f"/timetable/schools/{small.oak.id}",
        f"/timetable/teachers/{small.teacher_oak.id}",
        f"/timetable/students/{small.ana.id}",
    ):
        assert "No schedule is in force yet" in _get(client, path), path


def test_each_role_finds_the_timetable_in_the_navigation(client, login, d):
    expectations = {
        d.coordinator: "/timetable/overview",
        d.therapist_user: f"/timetable/therapists/{d.ot1.id}",
        d.teacher_user: f"/timetable/teachers/{d.teacher_lin.id}",
    }
    for user, target in expectations.items():
        login(user)
        assert '<a href="/timetable/">Timetable</a>' in _get(client, "/dashboard")
        assert client.get("/timetable/").headers["Location"].endswith(target)


def test_the_pages_where_people_look_link_to_the_timetables(client, login, d):
    login(d.coordinator)
    assert f"/timetable/therapists/{d.ot1.id}" in _get(client, f"/staff/therapists/{d.ot1.id}")
    assert f"/timetable/teachers/{d.teacher_lin.id}" in _get(
        client, f"/staff/teachers/{d.teacher_lin.id}"
    )
    assert f"/timetable/schools/{d.oak.id}" in _get(client, f"/schools/{d.oak.id}")
    assert f"/timetable/students/{d.ana.id}" in _get(client, f"/students/{d.ana.id}")
    assert "/timetable/overview" in _get(client, "/dashboard")
    login(d.therapist_user)
    assert f"/timetable/therapists/{d.ot1.id}/today" in _get(client, "/dashboard")
    login(d.teacher_user)
    assert f"/timetable/teachers/{d.teacher_lin.id}" in _get(client, "/dashboard")


def test_the_week_pages_print_without_navigation(client, login, d):
    login(d.therapist_user)
    page = _get(client, f"/timetable/therapists/{d.ot1.id}?week={THANKSGIVING_WEEK}")
    assert 'class="tt-weeknav no-print"' in page and "css/timetable.css" in page
    css = _get(client, "/static/css/timetable.css")
    assert "@page { size: landscape;" in css and ".tt-weeknav, .tt-daynav, .no-print" in css


# ---------------------------------------------------------------- who may see what


def test_a_therapist_sees_their_own_timetables_schools_and_students_only(client, login, d):
    login(d.therapist_user)  # ot1: Oak and Lincoln, Ana's therapist
    for path in (
        f"/timetable/therapists/{d.ot1.id}",
        f"/timetable/therapists/{d.ot1.id}/today",
        f"/timetable/schools/{d.oak.id}",
        f"/timetable/schools/{d.lin.id}",
        f"/timetable/students/{d.ana.id}",
    ):
        _get(client, path, 200)
    for path in (
        f"/timetable/therapists/{d.ot2.id}",
        f"/timetable/therapists/{d.ot2.id}/today",
        f"/timetable/schools/{d.elm.id}",
        f"/timetable/teachers/{d.teacher_oak.id}",
        "/timetable/overview",
    ):
        _get(client, path, 403)
    _get(client, f"/timetable/students/{d.ben.id}", 404)  # not theirs: no hint it exists


def test_a_teacher_sees_their_class_and_their_students_only(client, login, d):
    login(d.teacher_user)  # teacher_lin: Ben's class
    _get(client, f"/timetable/teachers/{d.teacher_lin.id}", 200)
    _get(client, f"/timetable/students/{d.ben.id}", 200)
    for path in (
        f"/timetable/teachers/{d.teacher_oak.id}",
        f"/timetable/therapists/{d.ot2.id}",
        f"/timetable/therapists/{d.ot2.id}/today",
        f"/timetable/schools/{d.lin.id}",
        "/timetable/overview",
    ):
        _get(client, path, 403)
    for student in (d.ana, d.eve):
        _get(client, f"/timetable/students/{student.id}", 404)
    assert client.get("/timetable/today").headers["Location"].endswith("/timetable/")


def test_a_coordinator_sees_every_timetable_and_unknown_ids_are_not_found(client, login, d):
    login(d.coordinator)
    for path in (
        "/timetable/overview",
        f"/timetable/therapists/{d.ot2.id}",
        f"/timetable/therapists/{d.ot2.id}/today",
        f"/timetable/schools/{d.elm.id}",
        f"/timetable/teachers/{d.teacher_oak.id}",
        f"/timetable/students/{d.eve.id}",
    ):
        _get(client, path, 200)
    for kind in ("therapists", "schools", "teachers", "students"):
        _get(client, f"/timetable/{kind}/99999", 404)
    _get(client, "/timetable/therapists/99999/today", 404)


def test_a_second_therapist_account_sees_its_own_week_not_the_first(client, login, d):
    ot2_user = make_user(db.session, "therapist", therapist=d.ot2)
    db.session.commit()
    login(ot2_user)
    page = _get(client, f"/timetable/therapists/{d.ot2.id}?week=2026-11-23")
    assert "Ben K." in page and "Eve M." in page
    _get(client, f"/timetable/therapists/{d.ot1.id}", 403)
    _get(client, f"/timetable/schools/{d.oak.id}", 403)  # ot2 serves Lincoln only


def test_a_school_week_colours_its_sessions_by_therapist(client, login, d):
    """Every block of Lincoln's week is at Lincoln: the legend names its therapists."""
    cy_line = make_service(db.session, d.cy)  # Cy is at Lincoln too, seen by ot1
    make_scheduled_session(db.session, d.version, d.ot1, [cy_line], "Wed", T(13, 0), T(13, 30))
    db.session.commit()
    login(d.coordinator)
    page = _get(client, f"/timetable/schools/{d.lin.id}?week=2026-12-07")
    legend = re.search(r'<ul class="tt-legend".*?</ul>', page, re.S).group(0)
    assert d.ot1.name in legend and d.ot2.name in legend
    assert "Lincoln Elementary" not in legend
    colours = set(re.findall(r"--strong: (#[0-9a-f]{6})", legend))
    assert len(colours) == 2
    # A therapist's own week still colours by school.
    page = _get(client, f"/timetable/therapists/{d.ot1.id}?week=2026-12-07")
    legend = re.search(r'<ul class="tt-legend".*?</ul>', page, re.S).group(0)
    assert "Oak Elementary" in legend and "Lincoln Elementary" in legend


def test_the_timetable_link_keeps_the_week_asked_for(client, login, d):
    """/timetable/?week=DATE (a bookmark, a link in a message) opens that week of the
    user's own timetable, not this week."""
    expectations = {
        d.coordinator: "/timetable/overview?week=2026-09-21",
        d.therapist_user: f"/timetable/therapists/{d.ot1.id}?week=2026-09-21",
        d.teacher_user: f"/timetable/teachers/{d.teacher_lin.id}?week=2026-09-21",
    }
    for user, target in expectations.items():
        login(user)
        assert client.get("/timetable/?week=2026-09-21").headers["Location"].endswith(target)
        assert client.get("/timetable/").headers["Location"].endswith(target.split("?")[0])

"""The coordinator's alerts, on a district small enough to count by hand.

Oak and Lincoln are served by Olive (1.0 FTE, every weekday); Elm by Pat (0.2 FTE, Mon
and Wed only). Pat's one student Dee is owed 400 minutes a week: 400 + 10 paperwork =
410 against a capacity of 360 (0.2 x 1800): 114%, over. The schedule in force holds one
session (Ana, Mon at Oak) and leaves out two lines (Dee's and Hal's). Eve's IEP ended ten
days ago (her one line is left out by the solver), Fay's ends in 20 days, Gus's in 40
(not yet listed). Hal is pinned to nobody and assigned by nobody: the one student with no
therapist.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from schoolot.alerts import district_alerts
from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.workload import workloads
from schoolot.district.settings import district_today
from schoolot.extensions import db
from schoolot.models import Change, ScheduleVersion, Student, UnscheduledLine, User
from tests.factories import (
    make_district,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_user,
    make_version,
)

WEEK = ("Mon", "Tue", "Wed", "Thu", "Fri")


@dataclass
class Hand:
    today: dt.date
    coordinator: User
    therapist_user: User
    teacher_user: User
    version: ScheduleVersion
    ids: dict[str, int]


@pytest.fixture
def hand(app) -> Hand:
    session = db.session
    district = make_district(session)
    today = district_today(district)
    oak = make_school(session, "OAK", name="Oak Elementary")
    lin = make_school(session, "LIN", name="Lincoln Elementary")
    elm = make_school(session, "ELM", name="Elm Elementary")
    teachers = {
        s.code: make_teacher(session, s, f"t.{s.code.lower()}@x.example") for s in (oak, lin, elm)
    }
    olive = make_therapist(session, [oak, lin], "olive@x.example", name="Olive Ash")
    pat = make_therapist(session, [elm], "pat@x.example", name="Pat Bell", fte=0.2)
    pat.hours[0].weekdays = "Mon Wed"

    def student(code: str, school: str, therapist, **kw) -> Student:
        return make_student(
            session,
            teachers[school],
            therapist,
            code,
            first_name=code.title(),
            last_name="Test",
            **kw,
        )

    ana = student("ANA", "OAK", olive)
    dee = student("DEE", "ELM", pat)
    eve = student("EVE", "OAK", olive, iep_end=today - dt.timedelta(days=10))
    fay = student("FAY", "LIN", olive, iep_end=today + dt.timedelta(days=20))
    student("GUS", "LIN", olive, iep_end=today + dt.timedelta(days=40))
    hal = student("HAL", "LIN", None)
    sv1 = make_service(session, ana, "SV1")  # 2 x 30 a week
    svd = make_service(session, dee, "SVD", minutes=400, session_minutes=50)
    make_service(session, eve, "SVE")
    make_service(session, fay, "SVF", minutes=30)
    make_service(
        session, session.scalar(select(Student).where(Student.code == "GUS")), "SVG", minutes=30
    )
    svh = make_service(session, hal, "SVH")
    version = make_version(session, "published")
    make_scheduled_session(session, version, olive, [sv1], "Mon")
    for line in (svd, svh):
        session.add(
            UnscheduledLine(schedule_id=version.id, service_line_id=line.id, reason="no room")
        )
    coordinator = make_user(session, "coordinator")
    therapist_user = make_user(session, "therapist", therapist=olive)
    teacher_user = make_user(session, "teacher", teacher=teachers["LIN"])
    session.flush()
    # Solved after every change so far: the schedule starts up to date.
    last_change = session.scalar(select(func.max(Change.at)))
    version.created_at = last_change + dt.timedelta(seconds=version.seconds)
    session.commit()
    ids = {
        "olive": olive.id,
        "pat": pat.id,
        "eve": eve.id,
        "fay": fay.id,
        "oak": oak.id,
        "elm": elm.id,
        "lin": lin.id,
    }
    return Hand(today, coordinator, therapist_user, teacher_user, version, ids)


def _alerts(hand: Hand):
    session = db.session()
    snapshot = load_snapshot(session, hand.today)
    owed = {s.school_id for s in snapshot.students}
    return district_alerts(session, hand.coordinator, hand.today, workloads(snapshot), owed, WEEK)


def test_alert_figures_by_hand(hand):
    alerts = _alerts(hand)
    (over,) = alerts.over_capacity
    assert (over.therapist_id, over.workload_minutes, over.capacity_minutes) == (
        hand.ids["pat"],
        410,
        360,
    )
    assert alerts.without_therapist == 1  # Hal
    assert alerts.schedule is not None
    assert (alerts.schedule.version_id, alerts.schedule.unscheduled_lines) == (hand.version.id, 2)
    assert alerts.schedule.changes_since_solved == 0
    assert (alerts.ieps.ended, alerts.ieps.ending, alerts.ieps.lines_left_out) == (1, 1, 1)
    gaps = {
        gap.school_name: (gap.no_therapist_days, gap.no_session_days) for gap in alerts.coverage
    }
    assert gaps == {
        "Elm Elementary": (("Tue", "Thu", "Fri"), ("Mon", "Wed")),
        "Lincoln Elementary": ((), WEEK),
        "Oak Elementary": ((), ("Tue", "Wed", "Thu", "Fri")),
    }
    assert [g.school_name for g in alerts.schools_without_therapist_days] == ["Elm Elementary"]
    assert alerts.count == 5  # every alert but "out of date"


def test_changes_since_the_schedule_was_solved_until_a_new_one_is_published(hand):
    eve = db.session.get(Student, hand.ids["eve"])
    eve.iep_end = hand.today + dt.timedelta(days=200)  # renewed
    fay = db.session.get(Student, hand.ids["fay"])
    fay.therapist_id = None
    db.session.commit()
    alerts = _alerts(hand)
    assert alerts.schedule is not None and alerts.schedule.changes_since_solved == 2
    assert (alerts.ieps.ended, alerts.ieps.lines_left_out) == (0, 0)

    hand.version.state = "archived"
    newer = make_version(db.session, "published")
    newer.created_at = db.session.scalar(select(func.max(Change.at))) + dt.timedelta(seconds=2)
    db.session.commit()
    alerts = _alerts(hand)
    assert alerts.schedule is not None and alerts.schedule.version_id == newer.id
    assert alerts.schedule.changes_since_solved == 0
    assert alerts.schedule.unscheduled_lines == 0


def test_no_schedule_in_force_means_no_schedule_alerts_and_no_session_gaps(hand):
    hand.version.state = "archived"
    db.session.commit()
    alerts = _alerts(hand)
    assert alerts.schedule is None
    assert [(g.school_name, g.no_session_days) for g in alerts.coverage] == [("Elm Elementary", ())]


def test_the_dashboard_says_each_alert_and_links_to_its_fix(client, login, hand):
    login(hand.coordinator)
    page = client.get("/dashboard").text
    assert "Alerts (5)" in page
    assert "1 therapist carries more than their capacity" in page
    pat = hand.ids["pat"]
    assert f'href="/staff/therapists/{pat}">Pat Bell</a>' in page
    assert f'href="/caseload/therapists/{pat}/summary">summary</a>' in page
    assert "114% (410 of 360 minutes a week at 0.2 FTE)" in page
    assert 'href="/what-if/">try moves in what-if</a>' in page
    assert 'href="/caseload/caseload.csv"' in page
    assert 'href="/balance/">see the balance proposal</a>' in page
    assert "1 student has no therapist." in page
    assert 'href="/students/?therapist=none"' in page
    assert "the schedule in force leaves out 2 service lines." in page
    assert f'href="/schedules/versions/{hand.version.id}"' in page
    assert "1 student has an ended IEP: the solver leaves out their 1 service line" in page
    assert "1 more IEP ends within 30 days." in page
    assert 'href="/district/ieps-ending"' in page
    assert "1 school goes without a therapist on some school day" in page
    assert f'href="/schools/{hand.ids["elm"]}">Elm Elementary</a>' in page
    assert "out of date" not in page


def test_the_count_of_students_with_no_therapist_is_the_filters_count(client, login, hand):
    login(hand.coordinator)
    dashboard = client.get("/dashboard").text
    count = int(re.search(r"(\d+) students? ha(?:s|ve) no therapist", dashboard).group(1))
    listed = client.get("/students/?therapist=none").text
    assert f"{count} student{'s' if count != 1 else ''} match" in listed
    assert "Hal Test" in listed or "Test, Hal" in listed


def test_the_dashboard_says_when_the_schedule_in_force_is_out_of_date(client, login, hand):
    db.session.get(Student, hand.ids["fay"]).therapist_id = None
    db.session.commit()
    login(hand.coordinator)
    page = client.get("/dashboard").text
    assert "the schedule in force is out of date: 1 change since it was solved." in page


def test_the_ieps_ending_list_gives_each_student_and_end_date(client, login, hand):
    login(hand.coordinator)
    page = client.get("/district/ieps-ending").text
    ended, ending = page.split('id="ending-heading"')
    assert f'href="/students/{hand.ids["eve"]}">Eve Test</a>' in ended
    assert (hand.today - dt.timedelta(days=10)).isoformat() in ended
    assert f'href="/students/{hand.ids["fay"]}">Fay Test</a>' in ending
    assert (hand.today + dt.timedelta(days=20)).isoformat() in ending
    assert "Gus Test" not in page
    assert "Ended (1)" in page and "Ending within 30 days (1)" in page


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_only_coordinators_see_district_figures(client, login, hand, role):
    login(getattr(hand, role))
    assert client.get("/district/ieps-ending").status_code == 403
    page = client.get("/dashboard").text
    for district_figure in (
        "Alerts",
        "Over capacity",
        "Pat Bell",
        "ieps-ending",
        "Spread",
        "workload-chart",
    ):
        assert district_figure not in page, district_figure


def test_the_ieps_ending_list_needs_a_login(client, hand):
    response = client.get("/district/ieps-ending")
    assert response.status_code == 302 and "/login" in response.location


def test_a_district_with_nobody_yet_has_no_alerts_and_an_empty_table(client, login, app):
    make_district(db.session)
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    login(coordinator)
    page = client.get("/dashboard").text
    assert "Nothing needs a decision" in page
    assert "No therapists yet." in page and "Spread:" not in page


def test_before_any_district_the_dashboard_asks_for_an_import(client, login, app):
    coordinator = make_user(db.session, "coordinator")
    db.session.commit()
    login(coordinator)
    page = client.get("/dashboard").text
    assert "No district loaded yet" in page and "Alerts" not in page
    assert client.get("/district/ieps-ending").status_code == 200

"""A therapist logs a day on a phone (390x844): one student absent, the rest delivered
as planned, counted in taps; a saved log amended with a reason shows its history; a
session that was not planned is added. axe runs on each page as it stands.

The district's year is laid around the real today, so the test holds whatever day it
runs: the day logged is the last weekday on or before today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import SessionLog
from schoolot.timetable.school_year import SchoolYear
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, log_in
from tests.databases import empty_tables
from tests.factories import (
    make_district,
    make_goal,
    make_scheduled_session,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
    make_user,
    make_version,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
T = dt.time
# Taps to log the day below: Missed (1), its reason (2: open the list, pick), Save (1),
# All delivered as planned (1). A tap takes a second or two: well under a minute.
TAPS_TO_LOG_THE_DAY = 5


@dataclass(frozen=True)
class Day:
    therapist_email: str
    therapist_id: int
    date: dt.date


@pytest.fixture
def day(live_server: LiveServer) -> Day:
    """Ann Otter's day at Alder Elementary: 08:30 Mia and Noah together, 10:00 Leo,
    13:00 Ava, every weekday, published from the first day of the year."""
    with live_server.app.app_context():
        empty_tables()
        session = db.session
        district = make_district(session)
        today = SchoolYear.load(session).today()
        monday = today - dt.timedelta(days=today.weekday())
        district.year_start = monday - dt.timedelta(days=28)
        district.year_end = monday + dt.timedelta(days=70)
        school = make_school(session, "ALD", name="Alder Elementary")
        teacher = make_teacher(session, school, room="12")
        ann = make_therapist(session, [school], "ann@district.example", name="Ann Otter")
        lines = {}
        for first, last in (("Mia", "Lopez"), ("Noah", "Kim"), ("Leo", "Park"), ("Ava", "Ruiz")):
            student = make_student(
                session,
                teacher,
                ann,
                first.upper(),
                first_name=first,
                last_name=last,
                iep_start=district.year_start,
                iep_end=district.year_end,
            )
            lines[first] = make_service(session, student, f"SV-{first.upper()}")
        make_goal(session, lines["Leo"].student, "G-LEO", description="Buttons a coat")
        version = make_version(session, "published", stands_from=district.year_start)
        for weekday in ("Mon", "Tue", "Wed", "Thu", "Fri"):
            sessions = (
                ([lines["Mia"], lines["Noah"]], T(8, 30), T(9, 0)),
                ([lines["Leo"]], T(10, 0), T(10, 30)),
                ([lines["Ava"]], T(13, 0), T(13, 30)),
            )
            for served, start, end in sessions:
                make_scheduled_session(session, version, ann, served, weekday, start, end)
        user = make_user(session, "therapist", therapist=ann)
        logged_day = today - dt.timedelta(days=max(today.weekday() - 4, 0))
        built = Day(user.email, ann.id, logged_day)
        session.commit()
        session.remove()
    return built


class Taps:
    """Counts the taps a person makes on the phone."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, target: Locator) -> None:
        self.count += 1
        target.click()

    def choose(self, select: Locator, label: str) -> None:
        self.count += 2  # open the list, pick the option
        select.select_option(label=label)


def _saved(live_server: LiveServer) -> list[tuple[str, str, int, str | None]]:
    with live_server.app.app_context():
        query = select(SessionLog).order_by(SessionLog.start, SessionLog.student_id)
        logs = [
            (log.student.first_name, log.status, log.minutes, log.reason)
            for log in db.session.scalars(query)
        ]
        db.session.remove()
    return logs


def _fits_the_phone(page: Page) -> None:
    page.wait_for_load_state("load")  # measured once its stylesheets apply
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_therapist_logs_a_day_on_a_phone_in_a_few_taps(
    page: Page, live_server: LiveServer, day: Day, screenshot
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, day.therapist_email)
    page.goto(f"/timetable/therapists/{day.therapist_id}/today?date={day.date.isoformat()}")
    expect(page.get_by_role("button", name="All delivered as planned")).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot("logging-day-open")

    taps = Taps()
    group = page.locator(".log-card", has_text="08:30")
    noah = group.locator("fieldset", has_text="Noah Kim")
    reason = noah.get_by_label("Reason missed")
    expect(reason).to_be_hidden()  # asked of a missed student only
    taps.tap(noah.get_by_role("radio", name="Missed"))
    expect(reason).to_be_visible()
    taps.choose(reason, "Student absent")
    taps.tap(group.get_by_role("button", name="Save 08:30"))

    group = page.locator(".log-card", has_text="08:30")
    expect(group.locator(".log-saved")).to_have_count(2)
    expect(group).to_contain_text("Missed: Student absent")
    expect(group).to_contain_text("Delivered 30 min")
    taps.tap(page.get_by_role("button", name="All delivered as planned"))

    expect(page.get_by_role("status").filter(has_text="Logged as delivered")).to_have_text(
        "Logged as delivered: 2 sessions, 2 students."
    )
    expect(page.get_by_text("Every session of this day is logged.")).to_be_visible()
    expect(page.locator(".log-form")).to_have_count(0)
    expect(page.locator(".log-amend")).to_have_count(4)
    assert taps.count == TAPS_TO_LOG_THE_DAY
    assert _saved(live_server) == [
        ("Mia", "delivered", 30, None),
        ("Noah", "missed", 0, "student_absent"),
        ("Leo", "delivered", 30, None),
        ("Ava", "delivered", 30, None),
    ]
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot("logging-day-logged")

    # Leo left early: the saved log is amended only with a reason, and its history kept.
    page.get_by_role("link", name="Amend the log of Leo Park at 10:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leo Park")
    page.get_by_label("Minutes delivered").fill("20")
    page.get_by_role("button", name="Amend the log").click()
    expect(page.locator(".field-error")).to_have_text("say why the log changes")
    page.get_by_label("Reason for the change").fill("Left at 10:20 for the nurse")
    page.get_by_role("button", name="Amend the log").click()
    history = page.locator(".log-history")
    expect(history).to_contain_text("Reason: Left at 10:20 for the nurse")
    expect(history).to_contain_text("minutes: 30 → 20")
    expect(history.locator("> li")).to_have_count(2)
    _fits_the_phone(page)
    assert_accessible(page)
    screenshot("logging-amend")

    # Back on the day: an extra session that was not planned.
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link").first.click()
    expect(page.locator(".log-card", has_text="10:00")).to_contain_text("Delivered 20 min")
    page.get_by_text("Add a session not planned").click()
    page.get_by_label("Student").select_option(label="Ava Ruiz · SV-AVA")
    page.get_by_label("Start").fill("14:15")
    page.get_by_label("Minutes").fill("15")
    page.get_by_role("button", name="Log this session").click()
    expect(page.locator("#unplanned")).to_contain_text("Extra: delivered 15 min")
    _fits_the_phone(page)
    assert_accessible(page)

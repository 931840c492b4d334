"""The timetables in a real browser: a therapist moves through their weeks and sees a
closed day as closed; on a phone, they read today's sessions.

The district's year and calendar are laid around the real today, so the tests hold on
whatever day they run: a session every weekday, and a closed Thursday two weeks ahead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from schoolot.extensions import db
from schoolot.timetable.school_year import SchoolYear
from tests.browser.conftest import LiveServer, log_in
from tests.databases import empty_tables
from tests.factories import SmallDistrict, make_calendar_day, make_scheduled_session, make_version

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Timetabled:
    therapist_email: str
    therapist_name: str
    closed_week: dt.date  # a Monday two weeks ahead; its Thursday is closed
    closed_day: dt.date


def _week_heading(monday: dt.date) -> str:
    return f"Week of {monday:%A} {monday.day} {monday:%B %Y}"


@pytest.fixture
def timetabled(live_server: LiveServer) -> Timetabled:
    with live_server.app.app_context():
        empty_tables()
        small = SmallDistrict(db.session)
        today = SchoolYear.load(db.session).today()
        monday = today - dt.timedelta(days=today.weekday())
        small.district.year_start = monday - dt.timedelta(days=28)
        small.district.year_end = monday + dt.timedelta(days=70)
        small.ana.iep_start, small.ana.iep_end = small.district.year_start, small.district.year_end
        version = make_version(db.session, "published")
        for weekday in ("Mon", "Tue", "Wed", "Thu", "Fri"):
            make_scheduled_session(
                db.session,
                version,
                small.ot1,
                small.ana.services,
                weekday,
                dt.time(9, 0),
                dt.time(9, 30),
            )
        closed_week = monday + dt.timedelta(days=14)
        closed_day = closed_week + dt.timedelta(days=3)
        make_calendar_day(db.session, date=closed_day, note="Teacher work day")
        built = Timetabled(
            therapist_email=small.therapist_user.email,
            therapist_name=small.ot1.name,
            closed_week=closed_week,
            closed_day=closed_day,
        )
        db.session.commit()
        db.session.remove()
    return built


def test_a_therapist_moves_through_their_weeks_and_sees_a_closed_day(
    page: Page, timetabled: Timetabled, screenshot
) -> None:
    log_in(page, timetabled.therapist_email)
    page.get_by_role("link", name="Timetable", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(timetabled.therapist_name)
    expect(page.get_by_role("button", name="This week")).to_have_attribute("aria-current", "page")

    # Any date of a week names that week.
    page.get_by_label("Week of (any date)").fill(
        (timetabled.closed_week + dt.timedelta(days=2)).isoformat()
    )
    page.get_by_role("button", name="Go").click()
    heading = page.locator(".tt-week-of")
    expect(heading).to_have_text(_week_heading(timetabled.closed_week))
    closed = timetabled.closed_day.isoformat()
    expect(page.locator(f'.tt-head[data-date="{closed}"]')).to_contain_text(
        "Closed: Teacher work day"
    )
    expect(page.locator(f'.tt-day[data-date="{closed}"]')).to_have_class(re.compile(r"\bclosed\b"))
    expect(page.locator(f'.tt-day[data-date="{closed}"] .tt-session.cancelled')).to_have_count(1)
    open_monday = page.locator(f'.tt-day[data-date="{timetabled.closed_week.isoformat()}"]')
    expect(open_monday.locator(".tt-session:not(.cancelled)")).to_contain_text("Ana L.")
    # Blocks stand at their times, in their school's colour (custom properties the page
    # sets through data-css-vars, as the CSP allows no style attribute).
    # The page's script sets them once it runs: measure after it has (the server's HTML
    # alone stacks the boxes; CI measured that once, on a busy machine).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.tt-day .tt-session[data-css-vars]')]"
        ".every(e => e.style.length > 0)"
    )
    day_box = open_monday.bounding_box()
    session = open_monday.locator(".tt-session")
    session_box, lunch_box = session.bounding_box(), open_monday.locator(".tt-lunch").bounding_box()
    assert day_box and session_box and lunch_box
    assert day_box["y"] <= session_box["y"] < lunch_box["y"]
    edge = session.evaluate("block => getComputedStyle(block).borderLeftColor")
    assert edge == "rgb(21, 101, 192)"  # Oak Elementary's colour, #1565c0
    screenshot("timetable-week-closed-day")

    page.get_by_role("button", name="Next week →").click()
    expect(heading).to_have_text(_week_heading(timetabled.closed_week + dt.timedelta(days=7)))
    expect(page.locator(".tt-session.cancelled")).to_have_count(0)
    page.get_by_role("button", name="← Previous week").click()
    expect(heading).to_have_text(_week_heading(timetabled.closed_week))
    expect(page.locator(f'.tt-head[data-date="{closed}"]')).to_contain_text("Closed")

    # Printed, the week fits one landscape page, without the navigation.
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    page.emulate_media(media="print")
    expect(page.locator(".tt-weeknav")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


def test_a_therapist_reads_today_on_a_phone(page: Page, timetabled: Timetabled, screenshot) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, timetabled.therapist_email)
    page.get_by_role("button", name="Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    no_school = page.get_by_role("status").filter(has_text="No school")
    if no_school.count():  # a weekend: the page offers the next school day
        no_school.get_by_role("link").click()
    agenda = page.locator("#agenda")
    session = agenda.locator(".tt-session").first
    expect(session).to_contain_text("Ana L.")
    expect(session).to_contain_text("09:00")
    expect(session).to_contain_text("Oak Elementary")
    expect(agenda.locator(".tt-lunch")).to_contain_text("Lunch")
    # It reads on the phone: nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    screenshot("timetable-today-phone")

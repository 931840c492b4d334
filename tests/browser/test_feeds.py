"""A teacher makes their calendar feed's address and copies it from the page; it serves
their students' sessions, parsed as a calendar client would."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from playwright.sync_api import Browser, expect

from schoolot.extensions import db
from schoolot.models import Student
from tests.browser.conftest import TIMEOUT_MS, District, LiveServer, log_in
from tests.factories import make_calendar_day, make_scheduled_session, make_version

pytestmark = pytest.mark.browser


def _publish_bens_monday(live_server: LiveServer, district: District) -> None:
    """Ben (the teacher's student) is seen on Mondays 09:00-09:30; Thanksgiving week's
    Monday is a closed day."""
    with live_server.app.app_context():
        ben = db.session.get(Student, district.own_student_id)
        version = make_version(db.session, "published")
        make_scheduled_session(db.session, version, ben.therapist, ben.services, "Mon")
        make_calendar_day(db.session, date=dt.date(2026, 11, 23), kind="closed")
        db.session.commit()
        db.session.remove()


def test_the_copied_feed_link_serves_the_teachers_calendar(
    browser: Browser, live_server: LiveServer, district: District
) -> None:
    _publish_bens_monday(live_server, district)
    context = browser.new_context(
        base_url=live_server.url, permissions=["clipboard-read", "clipboard-write"]
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, district.teacher_email)
        page.get_by_role("link", name="Calendar feed").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Calendar feed")
        # Opening the page makes nothing: the address is made by pressing the button.
        expect(page.locator("#https-url")).to_have_count(0)
        page.get_by_role("button", name="Make the feed's address").click()
        # The Copy button works once the new page's script has run (CI on PostgreSQL once
        # clicked it before: the click did nothing).
        expect(page.locator("#https-url")).to_have_count(1)
        page.wait_for_load_state("load")
        page.locator("#https-url + button", has_text="Copy").click()
        expect(page.locator("#https-url + button")).to_have_text("Copied")
        url = page.evaluate("navigator.clipboard.readText()")
        assert url.startswith(live_server.url + "/feeds/") and url.endswith(".ics")
        webcal = page.locator("#webcal-url").input_value()
        assert webcal == "webcal://" + url.split("://", 1)[1]

        # A calendar server fetches it with no cookie.
        response = browser.new_context().request.get(url)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.body())
        events = list(calendar.walk("VEVENT"))
        starts = {event.decoded("DTSTART") for event in events}
        assert events and all(start.weekday() == 0 for start in starts)
        assert all((start.hour, start.minute) == (9, 0) for start in starts)
        assert dt.date(2026, 11, 23) not in {start.date() for start in starts}
        assert dt.date(2026, 11, 30) in {start.date() for start in starts}
        text = response.text()
        first, last = district.own_student_name.split()
        assert f"{first} {last[0]}." in text and last not in text
        assert district.other_student_name.split()[0] not in text
    finally:
        context.close()

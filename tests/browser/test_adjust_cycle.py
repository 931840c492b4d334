"""A coordinator adjusts an A/B draft on a phone (390 px): the week page shows week A,
the Week B tab shows week B's sessions, a week-B session's alternatives are week-B
places, and the move lands back on week B; each page fits the screen and passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from schoolot.extensions import db
from schoolot.models import ScheduledSession
from tests.adjust.test_cycle import AbDistrict
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.browser.test_adjust import _fits_and_passes_axe
from tests.databases import empty_tables

pytestmark = pytest.mark.browser


def test_a_coordinator_moves_a_week_b_session_inside_week_b(
    browser: Browser, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        empty_tables()
        d = AbDistrict(db.session)
        email, draft_id, week_a, week_b = (
            d.coordinator.email,
            d.draft.id,
            d.ana_mon.id,
            d.ana_mon_b.id,
        )
        db.session.commit()
        db.session.remove()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto(f"/schedules/versions/{draft_id}")
        page.locator("#adjust").get_by_role("link", name="Olive Tan").click()
        expect(page.locator("#cycle-weeks a[aria-current=page]")).to_have_text("Week A")
        expect(page.locator(f"#session-{week_a}")).to_be_visible()
        expect(page.locator(f"#session-{week_b}")).to_have_count(0)
        _fits_and_passes_axe(page)

        page.locator("#cycle-weeks").get_by_role("link", name="Week B").click()
        expect(page.get_by_role("heading", level=2, name="Week B")).to_be_visible()
        page.locator(f"#session-{week_b}").get_by_role("link", name="Alternatives").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Alternatives for Week B Mon 09:00\u201309:30"
        )
        expect(page.locator("#places h2")).to_have_text("Places it could move to in Week B: 14")
        # Thursday of week B holds the Assembly: no place there.
        expect(page.get_by_role("button", name="Move to Thu 09:15")).to_have_count(0)
        _fits_and_passes_axe(page)

        page.get_by_role("button", name="Move to Fri 09:15").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Moved to Week B Fri 09:15-09:45 and locked there"
        )
        expect(page.locator("#cycle-weeks a[aria-current=page]")).to_have_text("Week B")
        expect(page.locator(f"#session-{week_b}")).to_contain_text("Fri")
        expect(page.locator("#week-check")).to_contain_text("keeps every rule")
        _fits_and_passes_axe(page)
    finally:
        context.close()
    with live_server.app.app_context():
        row = db.session.get(ScheduledSession, week_b)
        assert (row.cycle_week, row.weekday, row.start) == (2, "Fri", dt.time(9, 15))
        db.session.remove()

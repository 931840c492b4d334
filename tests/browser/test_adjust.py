"""A coordinator adjusts a draft by hand on a phone (390 px): opens the draft, picks a
session, sees its alternatives, moves it to one, and the draft's week validates; each
page fits the screen and passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from schoolot.extensions import db
from schoolot.models import ScheduledSession
from tests.adjust.adjust_district import AdjustDistrict
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.databases import empty_tables

pytestmark = pytest.mark.browser


def _draft(live_server: LiveServer) -> tuple[str, int, int]:
    with live_server.app.app_context():
        empty_tables()
        d = AdjustDistrict(db.session)
        found = (d.coordinator.email, d.draft.id, d.ana_mon.id)
        db.session.commit()
        db.session.remove()
    return found


def _fits_and_passes_axe(page) -> None:
    # Measured once the page's stylesheets and script have applied (CI on PostgreSQL
    # measured the week's table before them: 2110 px).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_a_coordinator_moves_a_session_to_a_listed_alternative(
    browser: Browser, live_server: LiveServer
) -> None:
    email, draft_id, session_id = _draft(live_server)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto(f"/schedules/versions/{draft_id}")
        page.locator("#adjust").get_by_role("link", name="Olive Tan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Olive Tan's week in draft #{draft_id}"
        )
        expect(page.locator("#week-check")).to_contain_text("keeps every rule")
        _fits_and_passes_axe(page)

        page.locator(f"#session-{session_id}").get_by_role("link", name="Alternatives").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Alternatives for Mon 09:00\u201309:30"
        )
        expect(page.locator("#places h2")).to_have_text("Places it could move to: 21")
        expect(page.locator("#joins")).to_contain_text("Ben K.")
        _fits_and_passes_axe(page)

        page.get_by_role("link", name="Find places taken by another session").click()
        expect(
            page.get_by_role("button", name="Swap: this to Tue 09:00, the other to Mon 09:00")
        ).to_be_visible()
        _fits_and_passes_axe(page)

        page.get_by_role("button", name="Move to Thu 09:15").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Moved to Thu 09:15-09:45 and locked there"
        )
        expect(page.locator("#week-check")).to_contain_text("keeps every rule")
        expect(page.locator(f"#session-{session_id}")).to_contain_text("Thu")
        expect(page.locator(f"#session-{session_id}")).to_contain_text("locked")
        _fits_and_passes_axe(page)
    finally:
        context.close()
    with live_server.app.app_context():
        row = db.session.get(ScheduledSession, session_id)
        assert (row.weekday, row.start, row.locked) == ("Thu", dt.time(9, 15), True)
        db.session.remove()

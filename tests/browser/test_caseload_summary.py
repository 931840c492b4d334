"""A therapist's printable caseload summary in Chromium: reached from the therapist's own
dashboard, readable on a 390 px phone, axe-clean, and on paper without the site's header."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from schoolot.extensions import db
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.caseload.hand_district import HandDistrict
from tests.databases import empty_tables

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def hand(live_server: LiveServer) -> dict[str, object]:
    with live_server.app.app_context():
        empty_tables()
        district = HandDistrict(db.session)
        found = {"a_email": district.a_user.email, "b_id": district.b.id}
        found["coordinator"] = district.coordinator.email
        db.session.commit()
        db.session.remove()
    return found


def test_a_therapist_opens_and_prints_their_summary_on_a_phone(
    browser: Browser, live_server: LiveServer, hand
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, str(hand["a_email"]))
    page.wait_for_url("**/dashboard")
    page.get_by_role("link", name="One-page summary").click()
    page.wait_for_url("**/summary")
    assert page.get_by_role("heading", level=2).first.inner_text().startswith("Workload: 200 of")
    assert page.get_by_role("cell", name="Mon, Tue").is_visible()
    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"scrolls sideways by {overflow} px"
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    context.close()


def test_a_coordinator_reads_any_summary(browser: Browser, live_server: LiveServer, hand):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, str(hand["coordinator"]))
    page.wait_for_url("**/dashboard")
    page.goto(f"/caseload/therapists/{hand['b_id']}/summary")
    assert page.get_by_role("heading", name="Bea Best").is_visible()
    assert_accessible(page)
    context.close()

"""The change history in Chromium on a 390 px phone: a student's History tab reached
from their page, and the coordinator's audit page filtered by person; both axe-clean
and neither scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from schoolot.audit import recording
from schoolot.extensions import db
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.databases import empty_tables
from tests.factories import SmallDistrict

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def changed(live_server: LiveServer) -> dict[str, object]:
    """A small district where the coordinator cut Ana's SV1 from 60 to 30 min/week and
    an import raised Ben's SV2 to 90."""
    with live_server.app.app_context():
        empty_tables()
        small = SmallDistrict(db.session)
        db.session.commit()
        with recording(user=small.coordinator):
            small.ana.services[0].minutes = 30
            db.session.commit()
        with recording(actor="import of district.zip"):
            small.ben.services[0].minutes = 90
            db.session.commit()
        found = {
            "coordinator": small.coordinator.email,
            "who": small.coordinator.display_name,
            "ana": small.ana.id,
        }
        db.session.remove()
    return found


def _no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")  # measured once its stylesheets apply
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def test_history_tab_and_audit_filter_on_a_phone(
    browser: Browser, live_server: LiveServer, changed
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, str(changed["coordinator"]))
    page.wait_for_url("**/dashboard")
    page.goto(f"/students/{changed['ana']}")
    page.get_by_role("link", name="History: who changed what, and when").click()
    page.wait_for_url("**/history")
    newest = page.locator("ol.change-history > li").first
    assert (
        newest.locator("p")
        .inner_text()
        .startswith(f"{changed['who']} changed SV1 from 60 to 30 min/week on ")
    )
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.goto("/audit")
    page.get_by_label("Person").select_option("import of district.zip")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/audit?*")
    assert "1 change match these filters" in page.locator("hgroup").inner_text()
    rows = page.locator("table.audit-table tbody tr")
    assert rows.count() == 1
    assert "import of district.zip changed SV2 from 60 to 90 min/week" in rows.first.inner_text()
    csv_link = page.get_by_role("button", name="Download CSV")
    assert "person=import+of+district.zip" in (csv_link.get_attribute("href") or "")
    assert_accessible(page)
    _no_sideways_scroll(page)
    context.close()

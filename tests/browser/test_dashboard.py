"""The coordinator's dashboard in Chromium at 1280 and 390 px: alerts that lead to their
fix, the chart drawn for the width, and the table sorted by following a column's link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from schoolot.district.settings import district_today
from schoolot.extensions import db
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, log_in
from tests.databases import empty_tables
from tests.factories import SmallDistrict, make_service, make_version

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Built:
    coordinator_email: str
    light: str  # Ana's therapist: 60 + 10 minutes a week
    heavy: str  # Ben's therapist at 0.1 FTE: 300 + 10 against 180, over
    ending_student: str  # Ana: her IEP ends in ten days


@pytest.fixture
def built(live_server: LiveServer) -> Built:
    with live_server.app.app_context():
        empty_tables()
        small = SmallDistrict(db.session)
        today = district_today(small.district)
        small.ot2.fte = 0.1
        make_service(db.session, small.ben, "SV-BIG", minutes=240, session_minutes=60)
        make_service(db.session, small.cy, "SV-CY")  # Cy: a line, and no therapist
        small.ana.iep_end = today + dt.timedelta(days=10)
        make_version(db.session, "published")
        result = Built(small.coordinator.email, small.ot1.name, small.ot2.name, small.ana.full_name)
        db.session.commit()
        db.session.remove()
    return result


def _sorted_column(page: Page) -> tuple[str, str]:
    header = page.locator("figure.workload-table th[aria-sort]")
    expect(header).to_have_count(1)
    return header.inner_text().strip(" ▲▼\n"), header.get_attribute("aria-sort") or ""


def _first_therapist(page: Page) -> str:
    return page.locator("figure.workload-table tbody th[scope=row]").first.inner_text()


def test_the_dashboard_at_1280_sorts_by_a_column_and_links_alerts_to_their_fix(
    page: Page, built: Built
):
    page.set_viewport_size(DESKTOP)
    log_in(page, built.coordinator_email)
    page.wait_for_url("**/dashboard")
    # Over capacity, no therapist, IEPs, coverage (no session in force), and out of
    # date: the schedule was published with the district, before the changes above.
    expect(page.get_by_role("heading", name="Alerts (5)")).to_be_visible()
    expect(page.locator("li.alert.out-of-date")).to_contain_text("changes since it was solved")
    expect(page.locator("li.alert.over")).to_contain_text("1 therapist carries more")
    expect(page.locator("svg.workload-chart.wide")).to_be_visible()
    expect(page.locator("svg.workload-chart.narrow")).to_be_hidden()
    expect(page.get_by_role("img", name="Workload per FTE against capacity")).to_have_count(1)
    assert _sorted_column(page) == ("Per FTE", "descending")
    assert _first_therapist(page) == built.heavy
    assert_accessible(page)

    page.get_by_role("link", name="Workload min").click()
    page.wait_for_url("**sort=workload_minutes&order=asc**")
    assert _sorted_column(page) == ("Workload min", "ascending")
    assert _first_therapist(page) == built.light
    page.get_by_role("link", name="Workload min").click()
    page.wait_for_url("**order=desc**")
    assert _sorted_column(page) == ("Workload min", "descending")
    assert _first_therapist(page) == built.heavy

    page.get_by_role("link", name="The 1 unassigned student").click()
    expect(page.get_by_text("1 student matches these filters")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="IEPs ended or ending, with their dates").click()
    expect(page.get_by_role("heading", name="Ending within 30 days (1)")).to_be_visible()
    expect(page.get_by_role("link", name=built.ending_student)).to_be_visible()
    assert_accessible(page)


def test_the_dashboard_at_390_draws_the_phone_chart_and_never_scrolls_sideways(
    page: Page, built: Built
):
    page.set_viewport_size(PHONE)
    log_in(page, built.coordinator_email)
    page.wait_for_url("**/dashboard")
    expect(page.locator("svg.workload-chart.narrow")).to_be_visible()
    expect(page.locator("svg.workload-chart.wide")).to_be_hidden()
    width = page.locator("svg.workload-chart.narrow").bounding_box()
    assert width is not None and width["width"] <= 390
    page.get_by_role("link", name="Therapist", exact=True).click()
    page.wait_for_url("**sort=name&order=asc**")
    assert _sorted_column(page) == ("Therapist", "ascending")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the dashboard scrolls sideways by {overflow} px at 390 px"
    assert_accessible(page)

"""The schedule pages in a real browser: a coordinator solves, watches, reads and publishes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import District, log_in

pytestmark = pytest.mark.browser

# The live server solves in its own background thread: the search (3 s), building,
# storing and the page's one-second refresh, with room for a slow CI machine.
SOLVE_TIMEOUT_MS = 60_000


def test_coordinator_solves_watches_the_progress_and_publishes_the_result(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email)
    page.get_by_role("link", name="Schedules").click()
    expect(page.get_by_text("No schedule is in force yet")).to_be_visible()

    page.get_by_label("Time limit (seconds)").fill("3")
    page.get_by_label("Random seed").fill("1")
    page.get_by_role("button", name="Solve now").click()

    expect(page).to_have_url(re.compile(r"/schedules/jobs/\d+$"))
    result = page.get_by_role("button", name=re.compile(r"See the result"))
    expect(result).to_be_visible(timeout=SOLVE_TIMEOUT_MS)
    expect(page.locator('[data-field="state"]')).to_have_text("done")
    expect(page.locator("polyline.objective")).to_have_attribute("points", re.compile(r"\d"))
    screenshot("solve-job-done")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    expect(page.locator("#summary")).to_contain_text("2 / 2")
    expect(page.locator("#changes")).to_contain_text("against no schedule (all new)")
    screenshot("solve-result")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("status")).to_contain_text("is now in force")
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

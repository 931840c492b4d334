"""The schedule pages in a real browser: a coordinator solves, watches, reads and publishes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, District, LiveServer, log_in

pytestmark = pytest.mark.browser

# The live server solves in its own background thread: the search (3 s), building,
# storing and the page's one-second refresh, with room for a slow CI machine.
SOLVE_TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}


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
    expect(page.locator('[data-field="lines"]')).to_have_text("Lines met: 2 of 2")
    expect(page.locator('[data-field="drive"]')).to_have_text(
        re.compile(r"^Driving: \d+ minutes? a week$")
    )
    expect(page.locator('[data-field="idle"]')).to_have_text(
        re.compile(r"^Idle time between sessions: \d+ minutes? a week$")
    )
    expect(page.locator("polyline.lines-met")).to_have_attribute("points", re.compile(r"\d"))
    expect(page.locator("polyline.proven-most")).to_have_attribute("points", re.compile(r"\d"))
    expect(page.get_by_text("Gap", exact=True)).not_to_be_visible()  # folded in the details
    page.get_by_text("Details for the technically minded").click()
    expect(page.get_by_text("Gap", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot("solve-job-done")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    expect(page.locator("#summary")).to_contain_text("Lines met: 2 of 2")
    expect(page.locator("#summary")).to_contain_text("Idle time between sessions:")
    assert_accessible(page)
    expect(page.locator("#changes")).to_contain_text("against no schedule (all new)")
    screenshot("solve-result")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("status")).to_contain_text("is now in force")
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)


def test_the_solve_page_reads_in_words_on_a_phone_while_it_runs(
    browser: Browser, live_server: LiveServer, district: District
) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, district.coordinator_email)
    page.goto("/schedules/")
    page.get_by_label("Time limit (seconds)").fill("4")
    page.get_by_role("button", name="Solve now").click()

    expect(page).to_have_url(re.compile(r"/schedules/jobs/\d+$"))
    expect(page.locator('[data-field="remaining"]')).to_have_text(re.compile(r"s left"))
    expect(page.locator('[data-field="lines"]')).to_have_text(
        re.compile(r"^Lines met( so far)?: \d of 2"), timeout=SOLVE_TIMEOUT_MS
    )
    # A short solve can end during these checks: the page then reloads with the result,
    # and the checks run again on it (the phone layout of both states is checked below).
    _checked_through_reload(page, _fits_phone_and_accessible)
    expect(page.get_by_role("button", name=re.compile(r"See the result"))).to_be_visible(
        timeout=SOLVE_TIMEOUT_MS
    )
    _fits_phone_and_accessible(page)
    context.close()


def _fits_phone_and_accessible(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def _checked_through_reload(page: Page, check: Callable[[Page], None]) -> None:
    """`check(page)`; again on the reloaded page when the page reloads meanwhile."""
    try:
        check(page)
    except PlaywrightError as error:
        if "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        check(page)

"""Options of a solve in a real browser: a coordinator asks for up to 3, compares them
side by side (on a desk and on a phone) and publishes one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, District, LiveServer, log_in

pytestmark = pytest.mark.browser

SOLVE_TIMEOUT_MS = 60_000
PHONE = {"width": 390, "height": 844}


def test_coordinator_asks_for_options_compares_them_and_publishes_the_last(
    page: Page, browser: Browser, live_server: LiveServer, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email)
    page.goto("/schedules/")
    page.get_by_label("Time limit (seconds)").fill("6")
    page.get_by_label("Schedules to compare").select_option(label="Up to 3 options")
    page.get_by_role("button", name="Solve now").click()

    expect(page).to_have_url(re.compile(r"/schedules/jobs/\d+$"))
    expect(page.get_by_text("up to 3 options, the time limit split between them")).to_be_visible()
    compare = page.get_by_role("button", name="Compare the options side by side")
    expect(compare).to_be_visible(timeout=SOLVE_TIMEOUT_MS)
    compare.click()

    expect(page).to_have_url(re.compile(r"/schedules/versions/\d+/options$"))
    table = page.locator("#options-figures")
    expect(table.get_by_role("rowheader", name="Lines met")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Driving, minutes a week")).to_be_visible()
    heads = table.locator("thead th")
    options = heads.count() - 1
    assert 1 <= options <= 3
    expect(heads.nth(1)).to_contain_text("1. ")
    expect(table.locator("tbody tr").first.locator("td")).to_have_count(options)
    assert_accessible(page)
    screenshot("options-compared")

    phone = browser.new_context(base_url=live_server.url, viewport=PHONE)
    phone.set_default_timeout(TIMEOUT_MS)
    small = phone.new_page()
    log_in(small, district.coordinator_email)
    small.goto(page.url)
    expect(small.locator("#options-figures")).to_be_visible()
    assert_accessible(small)
    phone.close()

    last = table.get_by_role("button", name=re.compile(r"^Publish schedule #\d+$")).last
    name = last.get_attribute("aria-label")
    assert name is not None
    number = name.rsplit("#", 1)[1]
    page.once("dialog", lambda dialog: dialog.accept())
    last.click()

    expect(page.get_by_role("status")).to_contain_text(f"Schedule #{number} is now in force")
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")

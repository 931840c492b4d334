"""The top navigation on a phone: one short row with a Menu button (a disclosure) that
a keyboard opens and Escape closes; on a desktop every link in view; the skip link is
the first stop of the keyboard and lands on the page's content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from schoolot.web import NAVIGATION
from tests.browser.conftest import TIMEOUT_MS, District, LiveServer, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ONE_ROW_PX = 80  # the brand and the Menu button side by side (4 wrapped rows were 334)


def _coordinator(browser: Browser, live_server: LiveServer, district: District, viewport) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, district.coordinator_email, district.password)
    page.wait_for_url("**/dashboard")
    return page


def _labels(role: str) -> list[str]:
    return [label for _, label, roles, _ in NAVIGATION if role in roles]


def test_on_a_phone_the_links_fold_into_a_menu_a_keyboard_opens_and_closes(
    browser: Browser, live_server: LiveServer, district: District
) -> None:
    page = _coordinator(browser, live_server, district, PHONE)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= ONE_ROW_PX, header
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Students", exact=True)).to_be_hidden()

    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Students", exact=True)).to_be_visible()
    page.keyboard.press("Tab")  # the first link of the menu follows its button
    assert page.evaluate("document.activeElement.textContent.trim()") == _labels("coordinator")[0]
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(navigation.get_by_role("link", name="Students", exact=True)).to_be_hidden()

    menu.click()
    navigation.get_by_role("link", name="Students", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Students")
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")


def test_on_a_desktop_every_link_shows_without_a_menu(
    browser: Browser, live_server: LiveServer, district: District
) -> None:
    page = _coordinator(browser, live_server, district, DESKTOP)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    navigation = page.get_by_role("navigation", name="Main")
    for label in ("Dashboard", "Students", "Schools", "Schedules"):
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_visible()


def test_the_skip_link_is_the_first_tab_stop_and_lands_on_the_content(
    browser: Browser, live_server: LiveServer, district: District
) -> None:
    page = _coordinator(browser, live_server, district, PHONE)
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

"""The week grid's short blocks on a phone: a 20-minute session shows its time and who on
whole lines (no line cut in half), and opens to show everything when it takes focus
(a tap, or Tab)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from schoolot.extensions import db
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.browser.site_pages import site_district
from tests.databases import empty_tables

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TWENTY_MINUTES = "09:00\u201309:20"  # as the page writes it, with an en dash
# Per block: its height, and each line's bottom edge and whether it is shown.
LINES = """block => ({
  height: block.clientHeight,
  lines: [...block.children].map(line => ({
    text: line.textContent.trim(),
    bottom: line.offsetTop + line.offsetHeight,
    shown: getComputedStyle(line).opacity !== "0" && line.offsetHeight > 0,
  })),
})"""


def test_a_20_minute_block_shows_whole_lines_and_opens_on_focus(
    browser: Browser, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        empty_tables()
        built = site_district(db.session)  # ot1: Mon 9:00-9:30 and Wed 9:00-9:20 with Ana
        db.session.commit()
        therapist_id = built["values"]["coordinator"]["therapist_id"]
        db.session.remove()
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, built["emails"]["coordinator"])
    page.wait_for_url("**/dashboard")
    page.goto(f"/timetable/therapists/{therapist_id}")

    short = page.locator(".tt-block.tt-short", has_text=TWENTY_MINUTES).first
    expect(short).to_be_visible()
    closed = short.evaluate(LINES)
    shown = [line for line in closed["lines"] if line["shown"]]
    assert [line["text"] for line in shown][:2] == [TWENTY_MINUTES, "Ana L."], closed
    assert all(line["bottom"] <= closed["height"] + 1 for line in shown), closed
    assert len(shown) < len(closed["lines"]), closed  # the school and the rest wait

    short.focus()
    opened = short.evaluate(LINES)
    assert all(line["shown"] for line in opened["lines"]), opened
    assert all(line["bottom"] <= opened["height"] + 1 for line in opened["lines"]), opened
    assert opened["height"] > closed["height"]
    context.close()

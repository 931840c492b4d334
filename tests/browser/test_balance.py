"""The balance page in a real browser: a coordinator proposes, reads the moves and the
figures, applies, and lands on the draft solve's page; at 390 px too, with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from schoolot.extensions import db
from tests.balance_district import Lopsided, lopsided
from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer, log_in
from tests.databases import empty_tables

pytestmark = pytest.mark.browser


@pytest.fixture
def lopsided_district(live_server: LiveServer, monkeypatch) -> Lopsided:
    # A short draft solve after Apply, waited for, so the next test starts on empty tables.
    monkeypatch.setitem(live_server.app.config, "BALANCE_SOLVE_SECONDS", 2)
    with live_server.app.app_context():
        empty_tables()
        built = lopsided(db.session())
        db.session.commit()
        db.session.remove()
    return built


def test_coordinator_proposes_and_applies(page: Page, lopsided_district, screenshot) -> None:
    log_in(page, lopsided_district.coordinator_email)
    page.get_by_role("link", name="Balance").click()
    page.get_by_label("Time limit (seconds)").fill("2")
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("heading", name=re.compile(r"\d students move"))).to_be_visible()
    expect(page.get_by_text("Therapist Two starts serving Oak Elementary")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Before"))).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    screenshot("balance-proposal")
    page.get_by_role("button", name="Apply and solve a draft").click()
    expect(page).to_have_url(re.compile(r"/schedules/jobs/\d+$"))
    expect(page.get_by_text(re.compile(r"Applied: \d students moved"))).to_be_visible()
    expect(page.locator('[data-field="state"]')).to_have_text("done", timeout=60_000)

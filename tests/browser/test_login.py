"""Logging in through the real form, with CSRF on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import District, log_in

pytestmark = pytest.mark.browser


def test_coordinator_logs_in_and_lands_on_the_dashboard(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email, district.password)

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(district.name)
    screenshot("dashboard-coordinator")


def test_wrong_password_shows_the_error_and_stays_on_login(
    page: Page, district: District, screenshot
) -> None:
    log_in(page, district.coordinator_email, "not-the-password")

    expect(page.get_by_role("alert")).to_have_text(
        "That email and password do not match an account."
    )
    expect(page).to_have_url(re.compile(r"/login$"))
    screenshot("login-wrong-password")

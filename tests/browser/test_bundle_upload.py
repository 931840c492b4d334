"""Uploading a bundle through the real page, with CSRF on: each upload's job page shows
the problems or the report once its job has ended."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import District, log_in
from tests.bundle_files import DEMO, copy_demo, set_cell, zip_folder

pytestmark = pytest.mark.browser


def test_coordinator_uploads_a_bad_bundle_then_checks_a_good_one(
    page: Page, district: District, tmp_path, screenshot
) -> None:
    bad = copy_demo(tmp_path)
    set_cell(bad, "students.csv", 2, "school", "E999")
    set_cell(bad, "blocks.csv", 5, "end", "12:00")
    log_in(page, district.coordinator_email, district.password)

    page.get_by_role("link", name="Import").click()
    page.get_by_label("Bundle (.zip)").set_input_files(str(zip_folder(bad, tmp_path / "bad.zip")))
    page.get_by_role("button", name="Upload").click()

    problems = page.locator("#problems")
    expect(problems).to_contain_text("2 problems: nothing was imported")
    expect(problems).to_contain_text("students.csv:2: school: unknown school 'E999'")
    expect(problems).to_contain_text(
        "blocks.csv:5: end: the block ends (12:00) at or before it starts (12:45)"
    )
    screenshot("import-problems")

    page.get_by_role("link", name="Upload another bundle").click()
    good = zip_folder(DEMO, tmp_path / "demo.zip")
    page.get_by_label("Bundle (.zip)").set_input_files(str(good))
    page.get_by_label("Check only").check()
    page.get_by_role("button", name="Upload").click()

    expect(page.locator("#report")).to_contain_text("the bundle is valid, nothing was imported")
    screenshot("import-check-only")

"""Uploading the demo bundle on a phone: the Import page, the job's page with its
progress, then the report; and the same page without JavaScript, refreshing itself.
Every page passes axe (no serious or critical violation) and the CSP."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from schoolot.jobs import imports
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, District, LiveServer, log_in
from tests.bundle_files import DEMO, zip_folder

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
IMPORT_TIMEOUT_MS = 60_000


@pytest.fixture
def held_import(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The live server's import jobs wait, once checked, until the event is set: the demo
    bundle is checked in a blink, and the test wants to see the job under way."""
    release = threading.Event()
    apply_bundle = imports.apply_bundle

    def held(*args, **kwargs):
        release.wait(IMPORT_TIMEOUT_MS / 1000)
        return apply_bundle(*args, **kwargs)

    monkeypatch.setattr(imports, "apply_bundle", held)
    yield release
    release.set()


def _phone(browser: Browser, live_server: LiveServer, javascript: bool = True) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def _fits_the_screen(page: Page) -> None:
    # The job page reloads itself when the import ends: measure once its styles are in
    # (laid out before the stylesheet arrives, a table is as wide as its text).
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_coordinator_uploads_the_demo_bundle_on_a_phone_and_watches_it_import(
    browser: Browser,
    live_server: LiveServer,
    district: District,
    held_import: threading.Event,
    tmp_path,
    screenshot,
) -> None:
    bundle = zip_folder(DEMO, tmp_path / "demo-district.zip")
    page = _phone(browser, live_server)
    log_in(page, district.coordinator_email, district.password)

    page.get_by_role("button", name="Menu").click()  # on a phone the links fold into it
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a district bundle")
    _fits_the_screen(page)
    assert_accessible(page)
    page.get_by_label("Bundle (.zip)").set_input_files(str(bundle))
    page.get_by_role("button", name="Upload").click()

    expect(page).to_have_url(re.compile(r"/import/jobs/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("demo-district.zip")
    state = page.locator('[data-field="state"]')
    expect(state).to_have_text("running", timeout=IMPORT_TIMEOUT_MS)
    expect(page.locator('[data-field="stage"]')).to_have_text("importing")
    _fits_the_screen(page)
    assert_accessible(page)
    screenshot("import-job-running-phone")

    held_import.set()

    report = page.locator("#report")
    expect(report).to_contain_text("Imported", timeout=IMPORT_TIMEOUT_MS)
    expect(report.get_by_role("row").filter(has_text="students.csv")).to_contain_text("36")
    expect(page.locator('[data-field="state"]')).to_have_text("done")
    _fits_the_screen(page)
    assert_accessible(page)
    screenshot("import-job-done-phone")

    page.get_by_role("link", name="Upload another bundle").click()
    expect(page.locator("#recent-imports")).to_contain_text("demo-district.zip, done")
    page.context.close()


def test_without_javascript_the_job_page_refreshes_itself_until_the_report(
    browser: Browser,
    live_server: LiveServer,
    district: District,
    held_import: threading.Event,
    tmp_path,
) -> None:
    bundle = zip_folder(DEMO, tmp_path / "demo-district.zip")
    page = _phone(browser, live_server, javascript=False)
    log_in(page, district.coordinator_email, district.password)
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Bundle (.zip)").set_input_files(str(bundle))
    page.get_by_label("Check only").check()
    page.get_by_role("button", name="Upload").click()

    expect(page).to_have_url(re.compile(r"/import/jobs/\d+$"))
    expect(page.get_by_role("link", name="Refresh")).to_be_visible()
    held_import.set()

    expect(page.locator("#report")).to_contain_text(
        "the bundle is valid, nothing was imported", timeout=IMPORT_TIMEOUT_MS
    )
    page.context.close()

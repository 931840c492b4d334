"""Every page a role reaches from its navigation works on a 390 px phone and passes axe.

For each role the test logs in through the form, opens every link of the top
navigation, then every same-site link those pages show (one level further: a student, a
school, a week), and checks each page: axe-core finds no serious or critical violation,
and nothing scrolls sideways.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from schoolot.extensions import db
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.databases import empty_tables
from tests.factories import SmallDistrict, make_scheduled_session, make_version

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Pages a crawl must not open: they act, or are files rather than pages.
SKIP = ("/logout", "/feeds/", ".ics", ".csv", "/export", "/static/")
MOST_PAGES = 40  # per role: enough to reach every kind of page, bounded in time


@pytest.fixture
def accounts(live_server: LiveServer) -> dict[str, str]:
    """A small district with a published week, and each role's login email."""
    with live_server.app.app_context():
        empty_tables()
        small = SmallDistrict(db.session)
        version = make_version(db.session, "published")
        for weekday in ("Mon", "Wed"):
            make_scheduled_session(
                db.session,
                version,
                small.ot1,
                small.ana.services,
                weekday,
                dt.time(9, 0),
                dt.time(9, 30),
            )
        emails = {
            "coordinator": small.coordinator.email,
            "therapist": small.therapist_user.email,
            "teacher": small.teacher_user.email,
        }
        db.session.commit()
        db.session.remove()
    return emails


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or any(s in parts.path for s in SKIP):
            continue
        found.append(parts._replace(fragment="").geturl())
    return found


def _check(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{url}: scrolls sideways by {overflow} px on a 390 px phone"


@pytest.mark.parametrize("role", ["coordinator", "therapist", "teacher"])
def test_every_page_of_a_role_passes_axe_on_a_phone(
    browser: Browser, live_server: LiveServer, accounts: dict[str, str], role: str
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, accounts[role])
    page.wait_for_url("**/dashboard")
    nav = _links(page, live_server.url)
    assert len(nav) >= 3, nav
    seen: list[str] = []
    queue = list(dict.fromkeys(nav))
    while queue and len(seen) < MOST_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        _check(page, url)
        seen.append(url)
        if url in nav:  # one level below the navigation
            queue.extend(link for link in _links(page, live_server.url) if link not in seen)
    context.close()
    assert len(seen) >= 5, seen

"""Every page of every role passes axe, on a 390 px phone and on a desktop.

The pages come from the app's URL map (tests/browser/site_pages.py): every GET route,
its arguments filled with ids of a small district that holds one row of each kind, so a
page added to the app is checked without touching this test. For each role the test
logs in through the form and opens each URL: a page (HTML) must pass axe-core with no
serious or critical violation (nor an empty table header: tests/browser/axe.py); other
answers (a CSV, JSON progress) must succeed; a 403 (or a 404 where another role opens
the page) means the page is not for that role (its error page is checked once), and
every route must open for some role. Anything else (a 500, an argument the test
cannot fill) fails the test with the URL. On the phone every page is also measured: the
header is one short row, nothing is wider than the screen (wide tables scroll inside
their own focusable, labelled region), and the measurements go to $A11Y_REPORT if set.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict

import pytest
from playwright.sync_api import Browser, Page

from schoolot.extensions import db
from tests.browser.axe import serious_violations
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.browser.site_pages import ROLES, PageUrl, page_urls, site_district
from tests.databases import empty_tables

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
HEADER_PX = 80  # one row: the brand and the Menu button

# The header's height, the right edge of the widest element outside a scrolling box
# (and which one it is), the page's own scroll width, and every box that scrolls
# sideways without being focusable and labelled (a keyboard could not reach it).
MEASURE = """() => {
  const inScroller = (element) => {
    for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.classList.length ? "." + [...e.classList].join(".") : "");
  const viewport = document.documentElement.clientWidth;
  let widest = 0, what = "", escaped = "";
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0) continue;
    // Past the screen's edge though inside a scrolling box: it escaped the box (an
    // absolutely placed element whose containing block is outside it).
    if (box.right > viewport && !escaped && getComputedStyle(element).position === "absolute") {
      escaped = name(element);
    }
    if (box.right <= widest || inScroller(element)) continue;
    widest = box.right; what = name(element);
  }
  if (document.documentElement.scrollWidth > viewport && escaped) what += ", " + escaped;
  const unreachable = [];
  for (const element of document.body.querySelectorAll("*")) {
    const overflow = getComputedStyle(element).overflowX;
    const scrolls = element.scrollWidth > element.clientWidth;
    if (!["auto", "scroll"].includes(overflow) || !scrolls) continue;
    const labelled = element.hasAttribute("aria-label") || element.hasAttribute("aria-labelledby");
    if (element.tabIndex < 0 || !labelled) unreachable.push(name(element));
  }
  const header = document.querySelector(".site-header");
  return {header: header ? Math.round(header.getBoundingClientRect().height) : 0,
          widest: Math.round(widest), what, scrollWidth: document.documentElement.scrollWidth,
          unreachable};
}"""


@pytest.fixture
def site(live_server: LiveServer) -> dict:
    """The district, each role's login, and each role's URLs of every page."""
    app = live_server.app
    with app.app_context():
        empty_tables()
        built = site_district(db.session)
        db.session.commit()
        pages = {role: page_urls(app, db.session, built["values"][role]) for role in ROLES}
        db.session.remove()
    return {"emails": built["emails"], "pages": pages}


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_every_role_passes_axe(
    browser: Browser, live_server: LiveServer, site: dict, width: str
) -> None:
    failures: list[str] = []
    opened: dict[str, list[str]] = defaultdict(list)  # endpoint -> roles that opened it
    not_found: list[tuple[str, str, str]] = []  # (endpoint, role, url) answered 404
    measured: dict[str, dict] = {}
    checked = 0
    for role in ROLES:
        unfilled = [p.problem for p in site["pages"][role] if p.url is None]
        failures += [f"{role}: {problem}" for problem in unfilled]
        context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, site["emails"][role])
        page.wait_for_url("**/dashboard")
        visited = _Visits(role, width, opened, not_found, measured)
        failures += visited.all(page, site["pages"][role])
        checked += visited.checked
        context.close()
    # A 404 hides a page from a role it is not for; from every role, it is broken.
    failures += [
        f"{role}: {url} ({endpoint}): HTTP 404 for every role"
        for endpoint, role, url in not_found
        if endpoint not in opened
    ]
    never = [
        p.endpoint
        for p in site["pages"]["coordinator"]
        if p.url is not None and p.endpoint not in opened
    ]
    failures += [f"no role could open {endpoint}" for endpoint in never]
    if width == "phone" and os.environ.get("A11Y_REPORT"):
        with open(os.environ["A11Y_REPORT"], "w") as report:
            json.dump(measured, report, indent=1, sort_keys=True)
    assert checked >= 40, checked  # the pages were there to check
    assert not failures, f"{len(failures)} problems at {width} width:\n" + "\n".join(failures)


class _Visits:
    """One role's visit of its URLs at one width: what opened, what was measured."""

    def __init__(self, role, width, opened, not_found, measured) -> None:
        self.role, self.width = role, width
        self.opened, self.not_found, self.measured = opened, not_found, measured
        self.checked = 0

    def all(self, page: Page, pages: list[PageUrl]) -> list[str]:
        """Opens each URL; returns what failed."""
        failures: list[str] = []
        seen: set[str] = set()  # the final URLs axe has checked (redirects land on one)
        for target in pages:
            if target.url is None:
                continue
            response = page.request.get(target.url)
            if response.status in (403, 404):
                if response.status == 404:
                    self.not_found.append((target.endpoint, self.role, target.url))
                if response.status in seen:
                    continue
                seen.add(response.status)  # its error page is checked once
            elif response.status != 200:
                failures.append(
                    f"{self.role}: {target.url} ({target.endpoint}): HTTP {response.status}"
                )
                continue
            else:
                self.opened[target.endpoint].append(self.role)
            html = response.headers.get("content-type", "").startswith("text/html")
            if not html or response.url in seen:
                continue
            seen.add(response.url)
            failures += self.check(page, target)
        return failures

    def check(self, page: Page, target: PageUrl) -> list[str]:
        assert target.url is not None
        page.goto(target.url)
        self.checked += 1
        where = f"{self.role}: {target.url} ({target.endpoint})"
        failures = [f"{where}: {line}" for line in serious_violations(page)]
        if self.width != "phone":
            return failures
        sizes = page.evaluate(MEASURE)
        self.measured[f"{self.role} {target.url}"] = sizes
        width = WIDTHS["phone"]["width"]
        if sizes["widest"] > width or sizes["scrollWidth"] > width:
            failures.append(
                f"{where}: wider than the phone: {sizes['widest']} px ({sizes['what']}), "
                f"page {sizes['scrollWidth']} px"
            )
        if sizes["header"] > HEADER_PX:
            failures.append(f"{where}: header {sizes['header']} px tall (at most {HEADER_PX})")
        if sizes["unreachable"]:
            failures.append(
                f"{where}: scrolls sideways without a focusable, labelled region: "
                + ", ".join(sizes["unreachable"])
            )
        return failures


@pytest.mark.parametrize("width", WIDTHS)
def test_the_login_page_passes_axe(browser: Browser, live_server: LiveServer, width: str) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    page = context.new_page()
    page.goto("/login")
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    context.close()

"""Browser tests: the real app served on a free 127.0.0.1 port, driven by Debian's Chromium.

The live server runs create_app in a background thread with CSRF on, as in production,
against a temporary SQLite file (or the PostgreSQL database named by TEST_DATABASE_URL).
Each test starts from empty tables and builds its own district.

Every page runs under the app's Content-Security-Policy, and a test fails on any
violation the browser reports (`no_csp_violations`): what a test visits is proved to work
without inline script or style.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from werkzeug.serving import make_server

from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from tests.databases import empty_tables
from tests.factories import PASSWORD, SmallDistrict

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000
# Reports every Content-Security-Policy violation to the console (Chromium also logs its
# own "Refused to ..." line for most of them).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@dataclass(frozen=True)
class LiveServer:
    app: Flask
    url: str


@dataclass(frozen=True)
class District:
    """What the tests need of a SmallDistrict, read out before its session closed."""

    name: str
    coordinator_email: str
    teacher_email: str
    school_name: str  # Oak Elementary
    school_teacher_id: int  # teaches there
    own_student_id: int  # in the teacher's class
    own_student_name: str
    other_student_id: int  # in another teacher's class
    other_student_name: str
    unserved_student_id: int  # no service line yet
    password: str = PASSWORD


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database_url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    )

    class LiveConfig(TestConfig):
        TESTING = False  # errors render their pages, as in production
        WTF_CSRF_ENABLED = True
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
        empty_tables()  # whatever an earlier test or its worker left behind
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            empty_tables()
            db.engine.dispose()


@pytest.fixture
def district(live_server: LiveServer) -> District:
    """A SmallDistrict in the live server's database, committed, on empty tables."""
    with live_server.app.app_context():
        empty_tables()
        small = SmallDistrict(db.session)
        built = District(
            name=small.district.name,
            coordinator_email=small.coordinator.email,
            teacher_email=small.teacher_user.email,
            school_name=small.oak.name,
            school_teacher_id=small.teacher_oak.id,
            own_student_id=small.ben.id,
            own_student_name=small.ben.full_name,
            other_student_id=small.ana.id,
            other_student_name=small.ana.full_name,
            unserved_student_id=small.cy.id,
        )
        db.session.commit()
        db.session.remove()
    return built


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get install chromium), or CHROMIUM_PATH set to a Chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def watch_csp(context: BrowserContext, violations: list[str]) -> None:
    """Collect into `violations` every CSP violation a page of `context` reports."""

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            violations.append(f"{message.page.url if message.page else '?'}: {text}")

    context.add_init_script(CSP_LISTENER)
    context.on("console", on_console)


@pytest.fixture(autouse=True)
def no_csp_violations(browser: Browser, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test when any page it opened, in any context, broke the CSP."""
    violations: list[str] = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs) -> BrowserContext:
        context = new_context(*args, **kwargs)
        watch_csp(context, violations)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser tab with no cookies; relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page: Page):
    """screenshot(name) saves the page to $SCREENSHOT_DIR/name.png when that is set."""
    folder = os.environ.get("SCREENSHOT_DIR")

    def take(name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

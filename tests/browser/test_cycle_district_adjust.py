"""Issue 13's district in the browser: its bundle (monthly consults, A/B specials, a
3:1 therapist) imported and solved into a 4-week draft; a coordinator on a phone opens
the 3:1 therapist's week 2, picks a session, sees its alternatives and moves it to the
first one listed; the week still keeps every rule and the session is locked there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.models import ScheduledSession, ScheduleVersion, Therapist
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.browser.test_adjust import _fits_and_passes_axe
from tests.databases import empty_tables
from tests.factories import make_user

pytestmark = pytest.mark.browser

BUNDLE = Path(__file__).parents[1] / "data" / "cycle_district"


def _draft(live_server: LiveServer) -> tuple[str, int, int, int]:
    """The coordinator's email, the draft, the 3:1 therapist and one of his week-2
    pull-out sessions."""
    app = live_server.app
    with app.app_context():
        empty_tables()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-bundle", str(BUNDLE)])
        assert result.exit_code == 0, result.output
        result = runner.invoke(args=["solve", "--time-limit", "15"])
        assert result.exit_code == 0, result.output
        draft = db.session.scalars(select(ScheduleVersion)).one()
        assert draft.state == "draft" and draft.cycle_weeks == 4
        blake = db.session.scalars(select(Therapist).where(Therapist.code.like("blake%"))).one()
        session = db.session.scalars(
            select(ScheduledSession)
            .where(
                ScheduledSession.schedule_id == draft.id,
                ScheduledSession.therapist_id == blake.id,
                ScheduledSession.cycle_week == 2,
                ScheduledSession.delivery == "pull_out",
            )
            .order_by(ScheduledSession.weekday, ScheduledSession.start)
        ).first()
        assert session is not None
        coordinator = make_user(db.session, "coordinator")
        found = (coordinator.email, draft.id, blake.id, session.id)
        db.session.commit()
        db.session.remove()
    return found


def test_a_coordinator_moves_a_week_2_session_of_the_3_1_therapist_to_an_alternative(
    browser: Browser, live_server: LiveServer
) -> None:
    email, draft_id, blake_id, session_id = _draft(live_server)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto(f"/schedules/versions/{draft_id}")
        page.locator("#adjust").get_by_role("link", name="Blake Nguyen").click()
        expect(page.locator("#week-check")).to_contain_text("keeps every rule")
        page.locator("#cycle-weeks").get_by_role("link", name="Week 2").click()
        expect(page.get_by_role("heading", level=2, name="Week 2")).to_be_visible()
        _fits_and_passes_axe(page)

        page.locator(f"#session-{session_id}").get_by_role("link", name="Alternatives").click()
        expect(page.locator("#places h2")).to_contain_text("Places it could move to in Week 2")
        _fits_and_passes_axe(page)
        first = page.get_by_role("button", name=re.compile(r"^Move to ")).first
        label = first.get_attribute("aria-label") or ""
        weekday, start = re.fullmatch(r"Move to (\w{3}) (\d\d:\d\d)", label).groups()
        first.click()
        expect(page.get_by_role("status")).to_contain_text(f"Moved to Week 2 {weekday} {start}-")
        expect(page.locator("#cycle-weeks a[aria-current=page]")).to_have_text("Week 2")
        expect(page.locator("#week-check")).to_contain_text("keeps every rule")
        _fits_and_passes_axe(page)
    finally:
        context.close()
    with live_server.app.app_context():
        row = db.session.get(ScheduledSession, session_id)
        assert (row.cycle_week, row.weekday, row.start.strftime("%H:%M"), row.locked) == (
            2,
            weekday,
            start,
            True,
        )
        assert row.therapist_id == blake_id
        db.session.remove()

"""A therapist decides the solver's makeups on a phone (390 px): a move to a colliding
slot is refused with the rule, a free one is saved and accepted; the page fits the
screen and passes axe at each step."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import Browser, expect

from schoolot.extensions import db
from schoolot.models import Makeup
from tests.browser.axe import assert_accessible
from tests.browser.conftest import TIMEOUT_MS, LiveServer, log_in
from tests.databases import empty_tables
from tests.makeups.district import TODAY, MakeupDistrict, t

pytestmark = pytest.mark.browser


def _district_with_a_proposal(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        empty_tables()
        d = MakeupDistrict(db.session)
        db.session.add(
            Makeup(
                uid=uuid.uuid4().hex,
                service_line=d.sv_ana,
                therapist=d.ward,
                school=d.oak,
                date=dt.date(2026, 11, 17),
                start=t("10:00"),
                end=t("10:30"),
                state="proposed",
                note="Proposed for minutes owed back on SV-ANA.",
            )
        )
        email = d.therapist_user.email
        db.session.commit()
        db.session.remove()
    return email


def test_a_therapist_moves_and_accepts_a_makeup_on_a_phone(
    browser: Browser, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for where in ("schoolot.makeups.decide", "schoolot.web.makeups.routes"):
        monkeypatch.setattr(f"{where}.district_today", lambda district: TODAY)
    email = _district_with_a_proposal(live_server)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, email)
        page.goto("/makeups/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Makeups")
        expect(page.locator("#proposed")).to_contain_text("Tue 17 Nov, 10:00")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)

        page.locator("#proposed").get_by_role("button", name="Move").click()
        page.get_by_label("Date").fill("2026-11-16")
        page.get_by_label("Starts").fill("10:15")
        page.get_by_label("Ends").fill("10:45")
        page.get_by_role("button", name="Save and accept").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "Mon 16 Nov 10:15-10:45 does not fit: Zoe Ward has a session 10:00-10:45 at "
            "Lincoln Elementary that day."
        )
        page.wait_for_load_state("load")  # measured once its stylesheets apply
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)

        page.get_by_label("Starts").fill("11:15")
        page.get_by_label("Ends").fill("11:45")
        page.get_by_role("button", name="Save and accept").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Moved and accepted: SV-ANA for Ana L. on Mon 16 Nov 11:15-11:45"
        )
        expect(page.locator("#accepted")).to_contain_text("Mon 16 Nov, 11:15")
        expect(page.locator("#proposed")).to_contain_text("None")
        assert_accessible(page)
    finally:
        context.close()

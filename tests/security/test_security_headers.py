"""Issue 9, finding 10: every page carries a Content-Security-Policy that allows only the
app's own files (no inline script, no framing), other responses a policy that allows
nothing, and production adds HSTS.

The browser tests prove the pages work under it: tests/browser/conftest.py fails a test
on any CSP violation the browser reports.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from config import ProductionConfig, TestConfig
from schoolot import create_app
from schoolot.extensions import db
from schoolot.feeds import tokens
from tests.databases import empty_tables
from tests.factories import PASSWORD, make_user
from tests.test_timetable_pages import Timetabled

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request.path}: no Content-Security-Policy"
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in directives}


@pytest.fixture
def d(app):
    district = Timetabled(db.session)
    db.session.commit()
    return district


def test_pages_allow_only_the_apps_own_scripts_and_styles_and_no_framing(client, login, d):
    login_page = client.get("/login")
    login(d.coordinator)
    pages = [
        login_page,
        client.get("/"),
        client.get("/students/"),
        client.get(f"/timetable/therapists/{d.ot1.id}?week=2026-11-30"),
        client.get("/timetable/overview?week=2026-11-30"),
        client.get("/no-such-page"),
    ]
    for response in pages:
        policy = _policy(response)
        where = response.request.path
        assert policy["default-src"] == "'self'", where
        assert policy["script-src"] == "'self'", where
        assert policy["frame-ancestors"] == "'none'", where
        assert policy["object-src"] == "'none'", where
        assert policy["base-uri"] == "'none'", where
        assert policy["form-action"] == "'self'", where
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], where
        assert "unsafe-eval" not in response.headers["Content-Security-Policy"], where
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Strict-Transport-Security" not in response.headers  # development: http


def test_a_timetable_carries_its_geometry_in_data_attributes_not_style(client, login, d):
    """A week to scale places each block by numbers only the server knows: they travel
    as CSS custom properties in data-css-vars (static/js/app.js applies them)."""
    login(d.therapist_user)
    for path in (
        f"/timetable/therapists/{d.ot1.id}?week=2026-11-30",
        f"/timetable/therapists/{d.ot1.id}/today",
        "/timetable/overview?week=2026-11-30",
    ):
        login(d.coordinator if "overview" in path else d.therapist_user)
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.text
        assert " style=" not in page and "<style" not in page, path
        assert _policy(response)["style-src"] == "'self'", path
    page = client.get(f"/timetable/therapists/{d.ot1.id}?week=2026-11-30").text
    assert re.search(r'class="tt-block[^"]*" data-css-vars="--top: [\d.]+%; --height:', page)


def test_no_template_has_inline_script_style_or_event_handlers():
    """What the policy would block, found before a browser does: every script and style is
    a file under static/, and behaviour is attached with data- attributes."""
    rules = {
        "an inline <script>": re.compile(
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
        ),
        "a <style> element without the nonce": re.compile(r"<style(?![^>]*\bnonce=)", re.I),
        "a style= attribute": re.compile(r"\sstyle\s*=", re.I),
        "an on...= event handler": re.compile(r"\son[a-z]+\s*=", re.I),
        "a javascript: address": re.compile(r"javascript:", re.I),
    }
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for what, pattern in rules.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(TEMPLATES)}:{line}: {what}")
    assert not found, "\n".join(found)


def test_a_calendar_feed_allows_nothing_to_run_and_keeps_its_own_headers(app, client, d):
    feed = tokens.ensure_feed(db.session(), app.config["SECRET_KEY"], "therapist", d.ot1.id)
    token = tokens.token_of(feed, app.config["SECRET_KEY"])
    db.session.commit()
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    policy = _policy(response)
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"].startswith("private")
    assert "Set-Cookie" not in response.headers


class HttpsConfig(ProductionConfig):
    """Production's settings on the test database."""

    SECRET_KEY = secrets.token_hex(32)
    SQLALCHEMY_DATABASE_URI = TestConfig.SQLALCHEMY_DATABASE_URI
    WTF_CSRF_ENABLED = False


def test_production_sends_hsts_on_every_response(tmp_path):
    app = create_app(HttpsConfig, instance_path=str(tmp_path))
    with app.app_context():
        db.create_all()
        empty_tables()
        user = make_user(db.session, "coordinator")
        db.session.commit()
        email = user.email
    try:
        client = app.test_client()
        seen = [client.get("/login"), client.get("/static/css/app.css"), client.get("/feeds/x.ics")]
        seen.append(client.post("/login", data={"email": email, "password": PASSWORD}))
        for response in seen:
            hsts = response.headers.get("Strict-Transport-Security")
            assert hsts == "max-age=31536000", response.request.path
    finally:
        with app.app_context():
            db.session.remove()
            empty_tables()
            db.engine.dispose()

"""Blueprints and the request-wide pieces of the web app."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import Flask, g, render_template, request

from schoolot.accounts.service import session_user
from schoolot.cycle import week_label
from schoolot.district.cycle import district_cycle
from schoolot.district.settings import get_district
from schoolot.extensions import db, login_manager
from schoolot.models import User
from schoolot.web.csp import content_security_policy


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in user, while the cookie's session token is still the account's: a
    logout, a password change or a deactivation ends every session on its next request."""
    return session_user(db.session(), user_id)


def to_district_zone(moment: dt.datetime) -> dt.datetime:
    """A naive UTC datetime (as stored) in the district's time zone (UTC before any import)."""
    if "district_zone" not in g:
        from schoolot.models import District

        name = db.session.scalar(db.select(District.timezone))
        g.district_zone = zoneinfo.ZoneInfo(name) if name else dt.UTC
    return moment.replace(tzinfo=dt.UTC).astimezone(g.district_zone)


def register_web(app: Flask) -> None:
    from schoolot.web.audit_actor import install_request_actor
    from schoolot.web.auth.routes import bp as auth_bp
    from schoolot.web.main.routes import bp as main_bp

    install_request_actor()
    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    for bp in _area_blueprints():
        app.register_blueprint(bp)

    @app.errorhandler(403)
    def forbidden(error: Exception):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(error: Exception):
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(error: Exception):
        limit = app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
        return render_template("errors/413.html", limit=f"{limit:.0f} MB"), 413

    @app.template_filter("district_time")
    def district_time(moment: dt.datetime) -> str:
        """A stored UTC moment in the district's own time zone, e.g. 2026-11-25 15:29 CST."""
        return to_district_zone(moment).strftime("%Y-%m-%d %H:%M %Z")

    @app.template_filter("cycle_week_label")
    def cycle_week_label(week: int) -> str:
        """A block's or working hours' week, as timetables name it: "Week B" in a
        2-week cycle, "Week 3" in a longer one (the district's cycle, read once a
        request)."""
        weeks = getattr(request, "cycle_weeks", None)
        if weeks is None:
            district = get_district(db.session())
            weeks = district_cycle(db.session(), district).weeks if district else 1
            request.cycle_weeks = weeks  # type: ignore[attr-defined]
        return week_label(week, weeks) or f"Week {week}"

    @app.context_processor
    def navigation():
        return {"nav_links": lambda: nav_links(app), "url_endpoints": app.view_functions}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        policy = content_security_policy(response.mimetype)
        response.headers.setdefault("Content-Security-Policy", policy)
        if app.config.get("HSTS_MAX_AGE"):
            hsts = f"max-age={app.config['HSTS_MAX_AGE']}"
            response.headers.setdefault("Strict-Transport-Security", hsts)
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


# (endpoint, label, roles, section): the top navigation. A link is marked current on
# the pages of its blueprint whose endpoint names one of its section words (every page
# of the blueprint when there are none). Links whose area is not installed are hidden.
NAVIGATION = (
    ("main.dashboard", "Dashboard", ("coordinator", "therapist", "teacher"), ()),
    # A therapist's day to log, one tap from the menu.
    ("timetable.today", "Today", ("therapist",), ("today",)),
    ("timetable.index", "Timetable", ("coordinator", "therapist", "teacher"), ()),
    ("students.index", "Students", ("coordinator", "therapist", "teacher"), ()),
    ("schools.index", "Schools", ("coordinator",), ()),
    ("staff.therapists", "Therapists", ("coordinator",), ("therapist", "hours")),
    ("staff.teachers", "Teachers", ("coordinator",), ("teacher",)),
    ("imports.upload", "Import", ("coordinator",), ()),
    ("staff.users", "Accounts", ("coordinator",), ("user",)),
    ("district.settings", "District", ("coordinator",), ()),
    ("schedules.index", "Schedules", ("coordinator",), ()),
    ("whatif.index", "What-if", ("coordinator",), ()),
    ("balance.index", "Balance", ("coordinator",), ()),
    ("compliance.index", "Owed vs delivered", ("coordinator", "therapist"), ()),
    ("service_log.index", "Log sessions", ("coordinator",), ()),
    ("audit.index", "Changes", ("coordinator",), ("index", "csv")),
    ("records.proposals_page", "Approvals", ("coordinator",), ("proposal",)),
    ("records.access_log", "Access log", ("coordinator",), ("access_log",)),
    ("schedules.sessions", "My sessions", ("therapist",), ()),
    ("makeups.index", "Makeups", ("coordinator", "therapist"), ()),
    ("exports.index", "Exports", ("coordinator", "therapist"), ()),
    ("feeds.index", "Calendar feed", ("therapist", "teacher"), ()),
    ("feeds.index", "Feeds", ("coordinator",), ()),
)


def nav_links(app: Flask) -> list[tuple[str, str, bool]]:
    """(endpoint, label, is_current) for the current user's role."""
    from flask import request
    from flask_login import current_user

    current = request.endpoint or ""
    blueprint, _, name = current.partition(".")
    links = []
    for endpoint, label, roles, section in NAVIGATION:
        if current_user.role not in roles or endpoint not in app.view_functions:
            continue
        here = endpoint.split(".")[0] == blueprint and (
            not section or any(word in name for word in section)
        )
        links.append((endpoint, label, here))
    return links


def _area_blueprints() -> list:
    """The blueprints of each area of the app, beside auth and the dashboard."""
    from schoolot.web.adjust.routes import bp as adjust_bp
    from schoolot.web.audit.routes import bp as audit_bp
    from schoolot.web.balance.routes import bp as balance_bp
    from schoolot.web.caseload.routes import bp as caseload_bp
    from schoolot.web.compliance.routes import bp as compliance_bp
    from schoolot.web.district.routes import bp as district_bp
    from schoolot.web.exports.routes import bp as exports_bp
    from schoolot.web.feeds.public import bp as feeds_public_bp
    from schoolot.web.feeds.routes import bp as feeds_bp
    from schoolot.web.imports.routes import bp as imports_bp
    from schoolot.web.makeups.routes import bp as makeups_bp
    from schoolot.web.records.routes import bp as records_bp
    from schoolot.web.schedules.routes import bp as schedules_bp
    from schoolot.web.schools.routes import bp as schools_bp
    from schoolot.web.service_log.routes import bp as service_log_bp
    from schoolot.web.staff.routes import bp as staff_bp
    from schoolot.web.students.routes import bp as students_bp
    from schoolot.web.timetable.routes import bp as timetable_bp
    from schoolot.web.whatif.routes import bp as whatif_bp

    return [
        students_bp,
        imports_bp,
        schools_bp,
        staff_bp,
        district_bp,
        schedules_bp,
        adjust_bp,
        feeds_bp,
        feeds_public_bp,
        timetable_bp,
        balance_bp,
        caseload_bp,
        compliance_bp,
        service_log_bp,
        audit_bp,
        exports_bp,
        whatif_bp,
        records_bp,
        makeups_bp,
    ]

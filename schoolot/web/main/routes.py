"""The dashboard each role lands on after logging in."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from schoolot.dashboard import dashboard_for
from schoolot.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@login_required
def dashboard():
    summary = dashboard_for(db.session(), current_user)
    return render_template(f"main/dashboard_{current_user.role}.html", summary=summary)

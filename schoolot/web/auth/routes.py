"""Log in and out."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from schoolot.accounts.service import authenticate
from schoolot.errors import LoginThrottled
from schoolot.extensions import db
from schoolot.web.auth.forms import LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(
                db.session(),
                form.email.data or "",
                form.password.data or "",
                request.remote_addr,
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                window=dt.timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"]),
            )
        except LoginThrottled as error:
            db.session.commit()
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 429
        db.session.commit()
        if user is not None:
            login_user(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
        flash("That email and password do not match an account.", "error")
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a login to another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        if urlsplit(target).netloc:
            return url_for("main.dashboard")
        return target
    return url_for("main.dashboard")

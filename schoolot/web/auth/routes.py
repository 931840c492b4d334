"""Log in and out, and change one's own password."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from schoolot.accounts import service as accounts
from schoolot.accounts.service import LoginLimits, authenticate
from schoolot.errors import LoginThrottled
from schoolot.extensions import db
from schoolot.web.auth.forms import LoginForm, PasswordChangeForm
from schoolot.web.forms_common import form_status, save_form

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
                _login_limits(),
                # The attempt's count is committed before the slow password check, so
                # concurrent attempts see it (and no row stays locked during the check).
                reserved=db.session.commit,
            )
        except LoginThrottled as error:
            db.session.commit()
            flash(str(error), "error")
            return render_template("auth/login.html", form=form), 429
        db.session.commit()
        if user is not None:
            session.clear()  # a fresh session: nothing set before the login carries over
            login_user(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
        flash("That email and password do not match an account.", "error")
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out on every browser and device of the account, remember-me cookies too."""
    current_user.end_sessions()
    db.session.commit()
    session.clear()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _login_limits() -> LoginLimits:
    config = current_app.config
    return LoginLimits(
        max_failures=config["LOGIN_MAX_FAILURES"],
        address_max_failures=config["LOGIN_ADDRESS_MAX_FAILURES"],
        window=dt.timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a login to another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        if urlsplit(target).netloc:
            return url_for("main.dashboard")
        return target
    return url_for("main.dashboard")


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Any account's owner changes its password; every other session of it ends, and this
    one goes on (with a fresh remember-me cookie when it had one)."""
    form = PasswordChangeForm()
    user = current_user._get_current_object()

    def save() -> None:
        accounts.change_password(
            user, form.current_password.data or "", form.new_password.data or ""
        )
        remembered = (
            current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
        )
        login_user(user, remember=remembered)

    done = save_form(
        form,
        save,
        lambda _: (
            "Your password is changed. Other sessions are logged out.",
            url_for("main.dashboard"),
        ),
    )
    if done is not None:
        return done
    return render_template("auth/password.html", form=form), form_status(form)

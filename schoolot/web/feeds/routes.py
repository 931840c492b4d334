"""The pages that manage calendar feeds: make a feed's URL, copy it, rotate it, revoke it.

The feed itself is served by feeds_public (no login: calendar servers fetch it). Every
change is a POST from a button: viewing a page never makes or changes a feed.
A therapist manages their own feed, a teacher their class's; coordinators every feed,
and only they revoke.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from schoolot import access
from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.feeds.ical import UnknownFeedOwner, feed_owner
from schoolot.models import CalendarFeed, School, Teacher, Therapist
from schoolot.models.feeds import FEED_KINDS
from schoolot.web.guards import coordinator_required

bp = Blueprint("feeds", __name__, url_prefix="/calendar-feeds")


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def feed_urls(token: str) -> dict[str, str]:
    """The feed's address as https (or the scheme this server runs on) and webcal."""
    url = url_for("feeds_public.serve", token=token, _external=True)
    webcal = "webcal://" + url.split("://", 1)[1]
    return {"https": url, "webcal": webcal}


def _owner_or_404(kind: str, owner_id: int) -> Therapist | Teacher | School:
    if kind not in FEED_KINDS or not access.can_manage_feed(current_user, kind, owner_id):
        abort(404)
    try:
        return feed_owner(db.session(), kind, owner_id)
    except UnknownFeedOwner:
        abort(404)


@bp.route("/")
@login_required
def index():
    """A coordinator's list of every feed; anyone else goes to their own feed."""
    own = access.own_staff_record(current_user)
    if own is not None:
        kind, owner_id = own
        return redirect(url_for(".show", kind=kind, owner_id=owner_id))
    if not access.can_revoke_feeds(current_user):
        abort(403)
    feeds = {(f.kind, f.owner_id): f for f in db.session.scalars(select(CalendarFeed))}
    owners: list[tuple[str, str, Iterable[Therapist | Teacher | School]]] = [
        ("therapist", "Therapists", db.session.scalars(select(Therapist).order_by(Therapist.name))),
        ("school", "Schools", db.session.scalars(select(School).order_by(School.name))),
        ("teacher", "Teachers", db.session.scalars(select(Teacher).order_by(Teacher.name))),
    ]
    rows = [
        (kind, title, [(owner, feeds.get((kind, owner.id))) for owner in each])
        for kind, title, each in owners
    ]
    return render_template("feeds/index.html", sections=rows)


@bp.route("/<kind>/<int:owner_id>")
@login_required
def show(kind: str, owner_id: int):
    """The feed's URL to copy, with how to subscribe; or, when it has none yet, the
    button that makes one (a page view never makes a feed)."""
    owner = _owner_or_404(kind, owner_id)
    feed = tokens.feed_of(db.session(), kind, owner_id)
    token = tokens.token_of(feed, _secret()) if feed is not None else None
    return render_template(
        "feeds/show.html",
        kind=kind,
        owner=owner,
        feed=feed,
        urls=feed_urls(token) if token else None,
        can_revoke=access.can_revoke_feeds(current_user),
    )


@bp.post("/<kind>/<int:owner_id>/create")
@login_required
def create(kind: str, owner_id: int):
    """Make the feed's first address. A feed that exists keeps its address (a second
    press, from another tab, changes nothing)."""
    _owner_or_404(kind, owner_id)
    if tokens.feed_of(db.session(), kind, owner_id) is None:
        tokens.ensure_feed(db.session(), _secret(), kind, owner_id)
        db.session.commit()
        flash("The feed has its address: copy it into your calendar.", "success")
    return redirect(url_for(".show", kind=kind, owner_id=owner_id))


@bp.post("/<kind>/<int:owner_id>/rotate")
@login_required
def rotate(kind: str, owner_id: int):
    """A new URL for the feed: the old one stops answering at once."""
    _owner_or_404(kind, owner_id)
    feed = tokens.ensure_feed(db.session(), _secret(), kind, owner_id)
    was_revoked = not feed.active
    tokens.rotate(db.session(), feed, _secret())
    db.session.commit()
    if was_revoked:
        flash("The feed has a new address. Subscribe to it again in your calendar.", "success")
    else:
        flash(
            "The feed has a new address and the old one no longer works. "
            "Subscribe to the new one in your calendar, and remove the old subscription.",
            "success",
        )
    return redirect(url_for(".show", kind=kind, owner_id=owner_id))


@bp.post("/<kind>/<int:owner_id>/revoke")
@coordinator_required
def revoke(kind: str, owner_id: int):
    """Stop the feed: no address of it answers until someone makes a new one."""
    owner = _owner_or_404(kind, owner_id)
    feed = tokens.feed_of(db.session(), kind, owner_id)
    if feed is None or not feed.active:
        flash(f"The calendar feed of {owner.name} is already off.", "info")
    else:
        tokens.revoke(db.session(), feed)
        db.session.commit()
        flash(f"Revoked the calendar feed of {owner.name}: its address no longer works.", "success")
    return redirect(url_for(".show", kind=kind, owner_id=owner_id))


@bp.app_template_global("can_manage_feed")
def can_manage_feed_here(kind: str, owner_id: int) -> bool:
    """For pages that offer a feed's link: may the current user see its address?"""
    return current_user.is_authenticated and access.can_manage_feed(current_user, kind, owner_id)

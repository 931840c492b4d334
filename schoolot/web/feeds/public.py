"""The public feed URL: /feeds/<token>.ics, fetched by calendar servers without a login.

The token is the only key, so it never reaches a log: werkzeug's request log and the
app's own log show /feeds/<redacted>.ics (`RedactFeedTokens`), and the access log on the
`schoolot.feeds` logger names the feed by its id. A wrong, rotated or revoked token
answers a bare 404.

HTTP as a polled feed should: a strong ETag (the body's hash) and a true Last-Modified
(when this feed's body last changed), 304 only when they match the client's
validators (If-None-Match decides when sent; If-Modified-Since otherwise), and bodies
cached in the process (`schoolot.feeds.serving`) so a poll costs two small queries.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.feeds.serving import FeedBody, FeedCache, current_body
from schoolot.models.users import utcnow

bp = Blueprint("feeds_public", __name__)

access_log = logging.getLogger("schoolot.feeds")
CACHE_KEY = "schoolot.feed_cache"
# Clients may keep a body this long before asking again (the feed's REFRESH-INTERVAL
# suggests an hour; Google ignores both).
MAX_AGE_SECONDS = 900
# Loggers that write request lines: the development server's, the app's, gunicorn's.
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")

_FEED_PATH = re.compile(r"(/feeds/)([^\s/?#\"']+)")


def redact(text: str) -> str:
    """`text` with every feed token in a /feeds/ path replaced by <redacted>."""

    def replace(match: re.Match[str]) -> str:
        suffix = ".ics" if match.group(2).endswith(".ics") else ""
        return f"{match.group(1)}<redacted>{suffix}"

    return _FEED_PATH.sub(replace, text)


class RedactFeedTokens(logging.Filter):
    """Rewrites a log record's message and arguments so no feed token is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "/feeds/" in record.msg:
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        return True


def _redacted(value: Any) -> Any:
    return redact(value) if isinstance(value, str) and "/feeds/" in value else value


def install_log_redaction(app_logger: logging.Logger) -> None:
    """Adds the filter to the request loggers and the app's logger (once each)."""
    for logger in [*(logging.getLogger(name) for name in REQUEST_LOGGERS), app_logger]:
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    state.app.extensions[CACHE_KEY] = FeedCache()
    install_log_redaction(state.app.logger)
    # The access log is on (through the app's log handler) unless logging is set up
    # to say otherwise.
    if access_log.level == logging.NOTSET:
        access_log.setLevel(logging.INFO)


def feed_cache(app: Flask) -> FeedCache:
    """The app's cache of built feed bodies."""
    return app.extensions[CACHE_KEY]


@bp.route("/feeds/<token>.ics", methods=["GET"])
def serve(token: str) -> Response:
    """The feed's calendar (HEAD too: Flask answers it from this view, without a body)."""
    session = db.session()
    feed = tokens.find_feed(session, token)
    if feed is None:
        _log(None, None, 404)
        return Response("Not found\n", status=404, mimetype="text/plain")
    validators = (feed.body_hash, feed.body_changed_at)
    served = current_body(session, feed, feed_cache(current_app))
    fetched = tokens.note_fetch(feed)
    if fetched or (feed.body_hash, feed.body_changed_at) != validators:
        session.commit()
    if _not_modified(served):
        response = Response(status=304)
    else:
        response = Response(served.body, mimetype="text/calendar")
        response.content_type = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = f'inline; filename="{served.filename}"'
    _add_feed_headers(response, served)
    _log(feed.id, feed.kind, response.status_code)
    return response


def _not_modified(served: FeedBody) -> bool:
    """Whether the client's copy is this body: If-None-Match when sent (an entity tag
    of ours, or *), else If-Modified-Since at or after Last-Modified."""
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(served.etag)
    since = request.if_modified_since
    if since is None:
        return False
    return served.last_modified <= since.astimezone(dt.UTC)


def _add_feed_headers(response: Response, served: FeedBody) -> None:
    response.set_etag(served.etag)
    response.last_modified = served.last_modified
    response.headers["Cache-Control"] = f"private, max-age={MAX_AGE_SECONDS}"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"


def _log(feed_id: int | None, kind: str | None, status: int) -> None:
    if not access_log.isEnabledFor(logging.INFO):
        return
    access_log.info(
        "feed fetch at=%s feed=%s kind=%s method=%s status=%s",
        utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        feed_id if feed_id is not None else "-",
        kind or "-",
        request.method,
        status,
    )

"""Feeds log each fetch (when, which feed, what answer) and never write a token: not in
their own log, not in the request log of the server in front of the app."""

from __future__ import annotations

import http.client
import logging
import threading

import pytest
from werkzeug.serving import make_server

from schoolot.extensions import db
from schoolot.feeds import tokens
from schoolot.web.feeds.public import RedactFeedTokens, redact
from tests.feed_district import FeedDistrict

SECRET = "test-secret"


@pytest.fixture
def token(app) -> str:
    district = FeedDistrict(db.session)
    feed = tokens.ensure_feed(db.session(), SECRET, "teacher", district.taylor.id)
    db.session.commit()
    token = tokens.token_of(feed, SECRET)
    assert token is not None
    return token


def test_each_fetch_logs_one_line_naming_the_feed_and_never_the_token(client, token, caplog):
    caplog.set_level(logging.INFO)
    first = client.get(f"/feeds/{token}.ics")
    client.get(f"/feeds/{token}.ics", headers={"If-None-Match": first.headers["ETag"]})
    client.get(f"/feeds/{token[:-2]}xx.ics")
    lines = [r.getMessage() for r in caplog.records if r.name == "schoolot.feeds"]
    assert len(lines) == 3
    feed_id = tokens.find_feed(db.session(), token).id
    assert f"feed={feed_id} kind=teacher method=GET status=200" in lines[0]
    assert f"feed={feed_id} kind=teacher method=GET status=304" in lines[1]
    assert "feed=- kind=- method=GET status=404" in lines[2]
    assert all(line.startswith("feed fetch at=20") for line in lines)
    assert token not in caplog.text and token[:-2] not in caplog.text


def test_the_access_log_is_on_by_default(app):
    assert logging.getLogger("schoolot.feeds").isEnabledFor(logging.INFO)


def test_the_request_log_of_the_server_shows_the_path_redacted(app, token, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for path in (f"/feeds/{token}.ics", f"/feeds/{token}.ics?x=1", f"/feeds/{token}"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_port)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
    finally:
        server.shutdown()
        thread.join()
    requests = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(requests) == 3
    assert "GET /feeds/<redacted>.ics HTTP/1.1" in requests[0] and " 200 " in requests[0]
    assert "GET /feeds/<redacted>.ics?x=1 HTTP/1.1" in requests[1]
    assert "GET /feeds/<redacted> HTTP/1.1" in requests[2] and " 404 " in requests[2]
    assert token not in caplog.text


def test_the_filter_redacts_messages_and_arguments_of_any_shape():
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "GET /feeds/SECRET.ics %s %s",
        ("/feeds/ab-c_d.ics", 7),
        None,
    )
    assert RedactFeedTokens().filter(record)
    assert record.getMessage() == "GET /feeds/<redacted>.ics /feeds/<redacted>.ics 7"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%(r)s", (), None)
    record.args = {"r": '"GET /feeds/SECRET.ics HTTP/1.1"'}
    RedactFeedTokens().filter(record)
    assert record.args == {"r": '"GET /feeds/<redacted>.ics HTTP/1.1"'}
    assert redact("/calendar-feeds/teacher/3") == "/calendar-feeds/teacher/3"

"""Serving a feed cheaply: built bodies cached in the process, validators kept on the feed.

Every teacher's calendar server polls its feed, mostly to hear "not modified". A body
is built (some 20-30 ms for a therapist's year) only when something that changes it
may have changed: the cache key holds the feed, the schedule in force and its last
revision, and a fingerprint of the district's settings and calendar days, all read in
one query. Other edits that change a feed (a student renamed, an IEP's dates) carry no
timestamp; a cached body lives at most `FeedCache.ttl` seconds, so they show within it.

The feed row keeps the SHA-256 of the body last built and when it last changed, so the
ETag (that hash) and Last-Modified (that time) are true and the same in every server
process: a process whose cached body no longer matches the row builds it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from schoolot.feeds.ical import build_feed, feed_filename, feed_owner
from schoolot.models import CalendarDay, CalendarFeed, District, Makeup, ScheduleVersion
from schoolot.models.users import utcnow

DEFAULT_TTL_SECONDS = 60.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FeedBody:
    """A built feed and its validators."""

    body: bytes
    digest: str  # SHA-256, hex
    last_modified: dt.datetime  # UTC, aware, whole seconds
    filename: str

    @property
    def etag(self) -> str:
        """The strong entity tag, unquoted."""
        return self.digest[:32]


class FeedCache:
    """Built bodies by key, each for at most `ttl` seconds, at most `max_bytes` in all
    (least recently used first out). Safe to share between a process's threads."""

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_bytes = max_bytes
        self._clock = clock
        self._entries: OrderedDict[int, tuple[tuple, float, FeedBody]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, feed_id: int, key: tuple) -> FeedBody | None:
        with self._lock:
            entry = self._entries.get(feed_id)
            if entry is None:
                return None
            stored_key, stored_at, body = entry
            if stored_key != key or self._clock() - stored_at > self.ttl:
                return None
            self._entries.move_to_end(feed_id)
            return body

    def put(self, feed_id: int, key: tuple, body: FeedBody) -> None:
        with self._lock:
            old = self._entries.pop(feed_id, None)
            if old is not None:
                self._size -= len(old[2].body)
            if len(body.body) > self.max_bytes:
                return
            self._entries[feed_id] = (key, self._clock(), body)
            self._size += len(body.body)
            while self._size > self.max_bytes:
                _, (_, _, dropped) = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


def _fingerprint_query() -> Select:
    version = (
        select(ScheduleVersion.id, ScheduleVersion.revised_at)
        .where(ScheduleVersion.state == "published")
        .order_by(ScheduleVersion.id.desc())
        .limit(1)
        .subquery()
    )
    district = (
        select(
            District.timezone,
            District.year_start,
            District.year_end,
            District.school_days,
            District.feed_names,
        )
        .order_by(District.id)
        .limit(1)
        .subquery()
    )
    days = select(
        func.count(CalendarDay.id).label("days"),
        func.max(CalendarDay.id).label("newest"),
        func.count(CalendarDay.end_time).label("early"),
        func.min(CalendarDay.date).label("first"),
        func.max(CalendarDay.date).label("last"),
    ).subquery()
    # Accepted makeups are one-off events: accepting, moving or declining one changes
    # the count or the newest decision.
    makeups = (
        select(
            func.count(Makeup.id).label("makeups"),
            func.max(Makeup.decided_at).label("makeup_decided"),
        )
        .where(Makeup.state == "accepted")
        .subquery()
    )
    return select(
        *(select(column).scalar_subquery() for column in version.c),
        *(select(column).scalar_subquery() for column in district.c),
        *(select(column).scalar_subquery() for column in days.c),
        *(select(column).scalar_subquery() for column in makeups.c),
    )


# Built once: making the statement costs more than running it.
_FINGERPRINT = _fingerprint_query()


def fingerprint(session: Session) -> tuple:
    """What, beside the feed's own students and staff, decides every feed's body: the
    schedule in force and its last revision, the district's year, week, zone and
    naming style, the calendar days (their count, newest id, early releases and
    date range) and the accepted makeups (their count and newest decision). One query."""
    return tuple(session.connection().execute(_FINGERPRINT).one())


def current_body(
    session: Session, feed: CalendarFeed, cache: FeedCache, now: dt.datetime | None = None
) -> FeedBody:
    """The body `feed` serves now, from `cache` when still good, else built (and then
    the feed's body_hash and body_changed_at updated when it differs: flushed, the
    caller commits)."""
    key = (feed.kind, feed.owner_id, fingerprint(session))
    cached = cache.get(feed.id, key)
    if cached is not None and cached.digest == feed.body_hash:
        return cached
    body = build_feed(session, feed.kind, feed.owner_id)
    digest = hashlib.sha256(body).hexdigest()
    if feed.body_hash != digest or feed.body_changed_at is None:
        # HTTP dates have whole seconds: so does Last-Modified, to compare exactly; and
        # each change moves it on by at least one, or a client asking If-Modified-Since
        # the previous one would be told "not modified" about a body it has not seen.
        changed_at = (now or utcnow()).replace(microsecond=0)
        previous = feed.body_changed_at
        if previous is not None and changed_at <= previous:
            changed_at = previous + dt.timedelta(seconds=1)
        feed.body_hash = digest
        feed.body_changed_at = changed_at
        session.flush()
    changed_at = feed.body_changed_at
    assert changed_at is not None
    served = FeedBody(
        body=body,
        digest=digest,
        last_modified=changed_at.replace(tzinfo=dt.UTC),
        filename=feed_filename(feed.kind, feed_owner(session, feed.kind, feed.owner_id)),
    )
    cache.put(feed.id, key, served)
    return served

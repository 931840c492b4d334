"""Calendar feeds: one secret, revocable URL per therapist, teacher or school."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schoolot.extensions import Base
from schoolot.models.base import in_list
from schoolot.models.district import School
from schoolot.models.staff import Teacher, Therapist
from schoolot.models.users import utcnow

FEED_KINDS = ("therapist", "teacher", "school")


class CalendarFeed(Base):
    """A feed's secret. The token itself is never stored: `nonce` (random) and the
    app's SECRET_KEY derive it (schoolot.feeds.tokens), and `token_hash` (SHA-256 of
    the token) finds the feed of a request. Rotating draws a new nonce; revoking clears
    both, so no URL of the feed answers until its owner makes a new one."""

    __tablename__ = "calendar_feed"
    __table_args__ = (
        CheckConstraint(in_list("kind", FEED_KINDS), name="kind"),
        CheckConstraint(
            "(kind = 'therapist') = (therapist_id IS NOT NULL)"
            " AND (kind = 'teacher') = (teacher_id IS NOT NULL)"
            " AND (kind = 'school') = (school_id IS NOT NULL)",
            name="owner_matches_kind",
        ),
        CheckConstraint(
            "(revoked_at IS NULL) = (token_hash IS NOT NULL)", name="revoked_iff_no_token"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), unique=True
    )
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("teacher.id", ondelete="CASCADE"), unique=True
    )
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="CASCADE"), unique=True
    )
    nonce: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    rotated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None]
    # Updated at most every few minutes (schoolot.feeds.tokens.POLL_NOTE_INTERVAL).
    last_fetched_at: Mapped[dt.datetime | None]
    # The SHA-256 of the body last served and when the body last changed: the feed's
    # ETag and its true Last-Modified, shared by every server process.
    body_hash: Mapped[str | None] = mapped_column(String(64))
    body_changed_at: Mapped[dt.datetime | None]

    therapist: Mapped[Therapist | None] = relationship()
    teacher: Mapped[Teacher | None] = relationship()
    school: Mapped[School | None] = relationship()

    @property
    def owner_id(self) -> int:
        owner = {"therapist": self.therapist_id, "teacher": self.teacher_id}.get(
            self.kind, self.school_id
        )
        assert owner is not None
        return owner

    @property
    def owner_name(self) -> str:
        owner = self.therapist or self.teacher or self.school
        return owner.name if owner is not None else "?"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

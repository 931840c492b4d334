"""What the pages of adjusting by hand list: drafts, and each draft's therapists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.models import ScheduledSession, ScheduleVersion, Therapist


def drafts(session: Session, therapist_id: int | None = None) -> list[ScheduleVersion]:
    """Drafts, newest first; with `therapist_id`, those holding a session of theirs."""
    query = select(ScheduleVersion).where(ScheduleVersion.state == "draft")
    if therapist_id is not None:
        query = query.where(
            ScheduleVersion.id.in_(
                select(ScheduledSession.schedule_id).where(
                    ScheduledSession.therapist_id == therapist_id
                )
            )
        )
    return list(session.scalars(query.order_by(ScheduleVersion.id.desc())))


def draft_therapists(session: Session, version: ScheduleVersion) -> list[Therapist]:
    """The therapists with a session in `version`, by name."""
    return list(
        session.scalars(
            select(Therapist)
            .where(
                Therapist.id.in_(
                    select(ScheduledSession.therapist_id).where(
                        ScheduledSession.schedule_id == version.id
                    )
                )
            )
            .order_by(Therapist.name)
        )
    )

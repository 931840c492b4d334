"""Reading the change history in tests."""

from __future__ import annotations

from sqlalchemy import func, select

from schoolot.extensions import db
from schoolot.models import Change


def last_change_id() -> int:
    return db.session.scalar(select(func.max(Change.id))) or 0


def changes_after(change_id: int) -> list[Change]:
    """Changes recorded after the one numbered `change_id`, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(select(Change).where(Change.id > change_id).order_by(Change.id)))


def what(changes: list[Change]) -> list[tuple]:
    """(action, kind, label, field, before, after) of each change, in order."""
    return [(c.action, c.record_kind, c.record_label, c.field, c.before, c.after) for c in changes]

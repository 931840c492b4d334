"""A session log's history as a reader wants it: one entry per saving (its creation,
then each amendment), with who, when, why and each field's before and after, read
from the change history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from schoolot.service_log.logging import log_history

# The fields of a log a reader cares about, in the order shown.
SHOWN_FIELDS = ("status", "minutes", "reason", "note")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime  # naive UTC, as stored
    actor: str
    action: str  # create | update | delete
    reason: str | None
    changes: tuple[FieldChange, ...]  # empty for a creation


def log_entries(session: Session, log_id: int) -> list[LogEntry]:
    """Each saving of the log, oldest first."""
    entries: list[LogEntry] = []
    batches: dict[str, list] = {}
    for change in log_history(session, log_id):
        batches.setdefault(change.batch, []).append(change)
    for changes in batches.values():
        first = changes[0]
        fields = tuple(
            FieldChange(c.field, c.before, c.after)
            for field in SHOWN_FIELDS
            for c in changes
            if c.field == field
        )
        entries.append(LogEntry(first.at, first.actor, first.action, first.reason, fields))
    return entries

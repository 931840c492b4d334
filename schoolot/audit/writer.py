"""Change rows as the session events write them: one `Writer` a flush or statement, by
one actor at one moment, with the names of the records it speaks of."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from schoolot.audit.actor import Actor, current_actor
from schoolot.audit.cascades import cascaded_rows, schools_left
from schoolot.audit.tracked import (
    PASSWORD_CHANGED,
    TRACKED,
    Names,
    Tracked,
    field_name,
    format_value,
    shown,
    summary,
)
from schoolot.models import Change, School, Therapist
from schoolot.models.users import utcnow

NAMES = "audit_names"


def session_names(session: Session) -> Names:
    """The session's cache of record names, for this transaction."""
    names = session.info.get(NAMES)
    if names is None:
        names = session.info[NAMES] = Names(session.connection())
    names.connection = session.connection()
    return names


class Writer:
    """Change rows of one flush or statement, by one actor at one moment."""

    def __init__(self, session: Session):
        self.actor: Actor = current_actor(session.info)
        self.at = utcnow()
        self.connection = session.connection()
        self.names = session_names(session)
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        spec: Tracked,
        action: str,
        values: dict[str, Any],
        field: str | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> None:
        self.rows.append(
            {
                "at": self.at,
                "actor_id": self.actor.user_id,
                "actor": self.actor.label[:300],
                "batch": self.actor.batch,
                "reason": self.actor.reason,
                "action": action,
                "record_kind": spec.kind,
                "record_id": values.get("id"),
                "record_label": spec.label(values, self.names)[:300],
                "student_id": spec.student_id(values, self.names),
                "field": field,
                "before": before,
                "after": after,
            }
        )

    def created(self, spec: Tracked, values: dict[str, Any], extra: str = "") -> None:
        if "create" in spec.actions:
            self.add(spec, "create", values, after=summary(spec, values, self.names) + extra)

    def deleted(self, spec: Tracked, values: dict[str, Any]) -> None:
        if "delete" in spec.actions:
            self.add(spec, "delete", values, before=summary(spec, values, self.names))

    def updated(
        self, spec: Tracked, values: dict[str, Any], column: str, before: Any, after: Any
    ) -> None:
        if before == after:
            return
        if "publish" in spec.actions:
            if column == "state" and after == "published":
                self.add(spec, "publish", values, "state", format_value(before), after)
            return
        if "update" not in spec.actions or column in spec.skipped:
            return
        if column == "password_hash":  # that it changed, never the hash
            self.add(spec, "update", values, field_name(column), None, PASSWORD_CHANGED)
            return
        self.add(
            spec,
            "update",
            values,
            field_name(column),
            shown(column, before, self.names),
            shown(column, after, self.names),
        )

    def write(self) -> None:
        if self.rows:
            self.connection.execute(insert(cast(Table, Change.__table__)), self.rows)
            self.rows = []


def record_cascades(
    writer: Writer, deleted: dict[str, list[int]], handled: set[tuple[str, int]]
) -> None:
    """What the database deletes with the rows `deleted`, and the therapists a deleted
    school leaves (schoolot.audit.cascades), read before the rows go."""
    for spec, values in cascaded_rows(writer.connection, deleted, handled):
        writer.deleted(spec, values)
    schools = set(deleted.get(School.__tablename__, []))
    leaving = set(deleted.get(Therapist.__tablename__, []))
    spec = TRACKED[Therapist.__tablename__]
    for therapist, before, after in schools_left(writer.connection, schools, leaving):
        writer.add(spec, "update", therapist, "schools", before, after)

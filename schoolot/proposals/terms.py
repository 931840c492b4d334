"""Which fields are IEP terms, and what a save is about to change of them.

`watching_terms(session)` notes, at each flush inside it and at its end, every change
of a service line or a student that touches an IEP term: the whole record's changed
fields (so a held edit holds all of itself), with each field's first value before and
last value after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.state import InstanceState

from schoolot.models import ServiceLine, Student

# The IEP's legal promise: what a therapist may only propose when the district says so.
IEP_TERMS: dict[type, frozenset[str]] = {
    ServiceLine: frozenset({"minutes", "per", "session_minutes", "start", "end"}),
    Student: frozenset({"iep_start", "iep_end"}),
}
KIND = {ServiceLine: "service_line", Student: "student"}


@dataclass
class TermChange:
    """One record's pending change: `action` create, update or delete; `fields` maps
    each changed column to (before, after)."""

    record: ServiceLine | Student
    action: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return KIND[type(self.record)]

    @property
    def student(self) -> Student:
        record = self.record
        return record if isinstance(record, Student) else record.student

    @property
    def touches_terms(self) -> bool:
        if self.action != "update":
            return isinstance(self.record, ServiceLine)
        return bool(IEP_TERMS[type(self.record)] & self.fields.keys())


@dataclass
class TermWatch:
    changes: dict[int, TermChange] = field(default_factory=dict)

    def held(self) -> list[TermChange]:
        """The changes that touch IEP terms, in the order first seen."""
        return [change for change in self.changes.values() if change.touches_terms]

    def collect(self, session: Session) -> None:
        for obj in session.new:
            if type(obj) in IEP_TERMS:
                self.changes.setdefault(id(obj), TermChange(obj, "create"))
        for obj in session.deleted:
            if type(obj) in IEP_TERMS:
                self.changes[id(obj)] = TermChange(obj, "delete")
        for obj in session.dirty:
            if type(obj) in IEP_TERMS and obj not in session.deleted:
                self._updated(session, obj)

    def _updated(self, session: Session, obj: ServiceLine | Student) -> None:
        state: InstanceState[Any] = inspect(obj)
        change = self.changes.setdefault(id(obj), TermChange(obj, "update"))
        if change.action != "update":
            return
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.added:
                continue
            after = history.added[0]
            if attr.key in change.fields:
                before = change.fields[attr.key][0]
            elif history.deleted:
                before = history.deleted[0]
            else:  # set over an expired value: read what the database holds
                column = state.mapper.local_table.c[attr.columns[0].key]
                key = state.identity[0] if state.identity else None
                query = select(column).where(state.mapper.primary_key[0] == key)
                before = session.connection().scalar(query)
            if before == after:
                change.fields.pop(attr.key, None)
            else:
                change.fields[attr.key] = (before, after)


@contextmanager
def watching_terms(session: Session) -> Iterator[TermWatch]:
    """Note what the code inside changes of service lines and students (see module)."""
    watch = TermWatch()

    def before_flush(flushing: Session, context: Any, instances: Any) -> None:
        watch.collect(flushing)

    event.listen(session, "before_flush", before_flush)
    try:
        yield watch
        watch.collect(session)
    finally:
        event.remove(session, "before_flush", before_flush)


def encode(value: Any) -> Any:
    """A field's value as a proposal stores it (JSON): dates as YYYY-MM-DD."""
    return value.isoformat() if isinstance(value, dt.date) else value


def decode(model: type, name: str, value: Any) -> Any:
    """A stored value back as the column's type."""
    if value is None:
        return None
    if model.__table__.c[name].type.python_type is dt.date:  # type: ignore[attr-defined]
        return dt.date.fromisoformat(value)
    return value

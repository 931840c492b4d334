"""What the database deletes along with a record (ON DELETE CASCADE), read before it
goes: a school's calendar days and travel times, a therapist's hours and accounts, a
student's own blocks, a service line's session logs and makeups, and the schools a
therapist is left with when one they served is deleted. Used for the ORM's deletions
and for DELETE statements (the bundle import's) alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from schoolot.audit.tracked import TRACKED, Tracked
from schoolot.models import Change, School, Therapist, therapist_school

Values = dict[str, Any]


def cascaded_rows(
    connection: Connection,
    deleted: Mapping[str, Iterable[int]],
    handled: set[tuple[str, int]],
) -> list[tuple[Tracked, Values]]:
    """Tracked rows the database will delete with the rows `deleted` (ids by table
    name), children of children too; rows in `handled` ((table name, id): deleted and
    recorded by their own means) are left out."""
    tables = Change.metadata.tables
    parents = [(name, list(ids)) for name, ids in deleted.items()]
    found: list[tuple[Tracked, Values]] = []
    seen: set[tuple[str, int]] = set()
    while parents:
        parent, ids = parents.pop()
        if not ids:
            continue
        for child_name, spec in TRACKED.items():
            child = tables[child_name]
            for key in child.foreign_keys:
                if key.column.table.name != parent or key.ondelete != "CASCADE":
                    continue
                rows = connection.execute(select(child).where(key.parent.in_(ids))).all()
                new = [dict(r._mapping) for r in rows if (child_name, r.id) not in seen]
                seen.update((child_name, values["id"]) for values in new)
                found += [(spec, v) for v in new if (child_name, v["id"]) not in handled]
                if new:
                    parents.append((child_name, [values["id"] for values in new]))
    return found


def schools_left(
    connection: Connection,
    school_ids: set[int],
    leaving: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[Values, str, str | None]]:
    """(therapist row, schools before, schools after) of each therapist, not in
    `leaving`, who served a school of `school_ids` (their therapist_school rows go with
    it). Schools by name, sorted, comma separated."""
    if not school_ids:
        return []
    query = select(therapist_school.c.therapist_id, School.id, School.name).join(
        School, School.id == therapist_school.c.school_id
    )
    served: dict[int, list[tuple[int, str]]] = {}
    for therapist_id, school_id, name in connection.execute(query):
        served.setdefault(therapist_id, []).append((school_id, name))
    changed = [
        t
        for t, schools in served.items()
        if t not in leaving and {s for s, _ in schools} & school_ids
    ]
    if not changed:
        return []
    left = []
    for therapist in connection.execute(
        select(Therapist.__table__).where(Therapist.id.in_(changed))
    ):
        schools = served[therapist.id]
        before = ", ".join(sorted(name for _, name in schools))
        after = ", ".join(sorted(name for sid, name in schools if sid not in school_ids))
        left.append((dict(therapist._mapping), before, after or None))
    return left

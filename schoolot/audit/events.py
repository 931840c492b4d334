"""The one place changes are recorded: SQLAlchemy session events, for every session.

- ORM writes (forms, services, `_assign` in the import): `before_flush` notes what is
  about to be deleted and old values not loaded; `after_flush` records each created
  record, each changed field (before and after) and each deleted record.
- Statements that bypass the ORM's flush (the import's batched INSERTs and DELETEs, a
  bulk UPDATE): `do_orm_execute` reads the rows touched before and after.
Both write `Change` rows on the same connection, so they commit or roll back with the
changes they describe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Delete, Insert, Table, Update, event, inspect, select
from sqlalchemy.orm import MANYTOONE, ORMExecuteState, Session
from sqlalchemy.orm.state import InstanceState

from schoolot.audit.tracked import ASSOCIATION, NAMED_TABLES, TRACKED, Tracked
from schoolot.audit.writer import NAMES, Writer, record_cascades
from schoolot.models import School, Therapist, therapist_school

_CHUNK = 500
_DELETED = "audit_deleted"
_OLD = "audit_old"


def install() -> None:
    """Listen on every session (idempotent)."""
    if event.contains(Session, "after_flush", _after_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_statement)
    event.listen(Session, "after_commit", _end_batch)
    event.listen(Session, "after_rollback", _end_batch)


def _end_batch(session: Session) -> None:
    session.info.pop("audit_batch", None)
    session.info.pop(NAMES, None)


# --- the ORM's flush ------------------------------------------------------------------


def _spec(state: InstanceState) -> Tracked | None:
    table = getattr(state.mapper, "local_table", None)
    return TRACKED.get(table.name) if isinstance(table, Table) else None


def _columns(state: InstanceState) -> list[str]:
    return [attr.key for attr in state.mapper.column_attrs]


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    # Deletions are written down now, names and all (loading what is expired): after
    # the flush their rows, and the records they name, may be gone.
    deletions: list[dict[str, Any]] = []
    seen: set[int] = set()
    if session.deleted:
        writer = Writer(session)
        for obj in session.deleted:
            state = inspect(obj)
            spec = _spec(state)
            if spec is not None:
                writer.deleted(spec, {key: getattr(obj, key) for key in _columns(state)})
                seen.add(id(state))
        deleted = _deleted_by_table(session)
        as_objects = {(table, i) for table, ids in deleted.items() for i in ids}
        record_cascades(writer, deleted, as_objects)
        deletions = writer.rows
    session.info[_DELETED] = (deletions, seen)
    old: dict[int, dict[str, Any]] = {}
    for obj in session.dirty:
        state = inspect(obj)
        if _spec(state) is None or state.key is None:
            continue
        # A value set over an expired one has no "before" in its history: read it.
        unknown = [
            key
            for key in _columns(state)
            if (h := state.attrs[key].history).added and not h.deleted and not h.unchanged
        ]
        # Nor has a foreign key the flush will set from a changed relationship.
        for relationship in state.mapper.relationships:
            if (
                relationship.direction is MANYTOONE
                and state.attrs[relationship.key].history.has_changes()
            ):
                unknown += [
                    prop.key
                    for column in relationship.local_columns
                    if (prop := state.mapper.get_property_by_column(column)).key not in state.dict
                ]
        unknown = list(dict.fromkeys(unknown))
        if unknown:
            table = state.mapper.local_table
            pk = state.mapper.primary_key[0]
            query = select(*(table.c[state.mapper.get_property(k).columns[0].key] for k in unknown))
            found = session.connection().execute(query.where(pk == state.identity[0])).first()
            if found is not None:
                old[id(state)] = dict(zip(unknown, found, strict=True))
    session.info[_OLD] = old


def _deleted_by_table(session: Session) -> dict[str, list[int]]:
    by_table: dict[str, list[int]] = {}
    for obj in session.deleted:
        state = inspect(obj)
        if state.identity is not None:
            by_table.setdefault(state.mapper.local_table.name, []).append(state.identity[0])
    return by_table


def _after_flush(session: Session, flush_context: Any) -> None:
    deletions, seen = session.info.pop(_DELETED, ([], set()))
    old = session.info.pop(_OLD, {})
    if NAMES in session.info:
        names = session.info[NAMES]
        for obj in (*session.new, *session.dirty, *session.deleted):
            names.forget(inspect(obj).mapper.local_table.name)
    writer: Writer | None = None

    def get_writer() -> Writer:
        nonlocal writer
        if writer is None:
            writer = Writer(session)
        return writer

    for obj in session.new:
        state = inspect(obj)
        spec = _spec(state)
        if spec is not None:
            values = {key: state.dict.get(key) for key in _columns(state)}
            extra = ""
            if isinstance(obj, Therapist) and "schools" in state.dict:
                extra = f"; schools={_school_names(obj.schools)}"
            get_writer().created(spec, values, extra)
    for obj in session.dirty:
        state = inspect(obj)
        spec = _spec(state)
        if spec is None or state.key is None or obj in session.deleted:
            continue
        _record_updates(get_writer(), spec, state, old.get(id(state), {}))
    for obj in session.deleted:
        state = inspect(obj)
        spec = _spec(state)
        if spec is not None and id(state) not in seen:
            # Orphans deleted by the flush itself were not seen before it: still loaded.
            get_writer().deleted(spec, {k: state.dict.get(k) for k in _columns(state)})
    if deletions:
        get_writer().rows += deletions
    if writer is not None:
        writer.write()


def _record_updates(
    writer: Writer, spec: Tracked, state: InstanceState, old: dict[str, Any]
) -> None:
    values = {key: state.dict.get(key) for key in _columns(state)}
    for key in _columns(state):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        before = history.deleted[0] if history.deleted else old.get(key)
        after = history.added[0] if history.added else None
        writer.updated(spec, values, key, before, after)
    if isinstance(state.obj(), Therapist) and "schools" in state.dict:
        history = state.attrs["schools"].history
        if history.added or history.deleted:
            before = _school_names([*history.unchanged, *history.deleted])
            after = _school_names([*history.unchanged, *history.added])
            if before != after:
                writer.add(spec, "update", values, "schools", before, after)


def _school_names(schools: Iterable[School]) -> str:
    return ", ".join(sorted(school.name for school in schools))


# --- statements that bypass the flush -------------------------------------------------


def _on_statement(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    if not isinstance(table, Table):
        return None
    if table.name in NAMED_TABLES and NAMES in state.session.info:
        state.session.info[NAMES].forget(table.name)
    if table.name == ASSOCIATION:
        return _association_statement(state)
    spec = TRACKED.get(table.name)
    if spec is None:
        return None
    if state.session.autoflush:
        state.session.flush()  # what the statement sees, its "before" sees too
    if state.is_insert:
        return _insert_statement(state, spec, table)
    return _update_or_delete_statement(state, spec, table)


def _parameter_rows(state: ORMExecuteState) -> list[dict[str, Any]]:
    params = state.parameters
    if params is None:
        return []
    return [dict(p) for p in params] if isinstance(params, Sequence) else [dict(params)]


def _insert_statement(state: ORMExecuteState, spec: Tracked, table: Table) -> Any:
    statement = cast(Insert, state.statement)
    rows = _parameter_rows(state)
    if statement._returning:  # the caller reads what it asked for; ids matched by code
        result = state.invoke_statement().freeze()
        returned = [dict(row._mapping) for row in result().all()]
        has_ids = bool(returned) and "id" in returned[0]
        if has_ids and "code" in table.c and "code" in returned[0]:
            id_of = {r["code"]: r["id"] for r in returned}
            for row in rows:
                row["id"] = id_of.get(row.get("code"))
        elif has_ids and statement._sort_by_parameter_order:
            for row, back in zip(rows, returned, strict=False):
                row["id"] = back["id"]
        outcome: Any = result()
    else:
        # Ids come back with each row's content, matched to the rows sent: asking for
        # them in the order sent would make SQLite insert one row a statement.
        keys = sorted({key for row in rows for key in row})
        with_ids = statement.returning(table.c.id, *(table.c[key] for key in keys))
        result = state.invoke_statement(statement=with_ids).freeze()
        ids_of: dict[tuple, list[int]] = {}
        for sent_back in result().all():
            ids_of.setdefault(tuple(sent_back[1:]), []).append(sent_back[0])
        for row in rows:
            matched = ids_of.get(tuple(row.get(key) for key in keys))
            row["id"] = matched.pop() if matched else None
        # Returned in place of the statement, which must not run a second time.
        outcome = result()
    writer = Writer(state.session)
    names = [c.key for c in table.c]
    for row in rows:
        writer.created(spec, {name: row.get(name) for name in names})
    writer.write()
    return outcome


def _update_or_delete_statement(state: ORMExecuteState, spec: Tracked, table: Table) -> Any:
    session = state.session
    connection = session.connection()
    rows = _parameter_rows(state)
    if rows and all("id" in row for row in rows):  # a bulk UPDATE by primary key
        ids = [row["id"] for row in rows]
    else:
        query = select(table.c.id)
        where = cast(Update | Delete, state.statement).whereclause
        if where is not None:
            query = query.where(where)
        found: dict[int, None] = {}
        for params in rows or [{}]:  # a statement run once per parameter set
            found.update(dict.fromkeys(connection.execute(query, params).scalars()))
        ids = list(found)
    before = _rows_by_id(connection, table, ids)
    writer = Writer(session)
    if state.is_delete:
        for values in before.values():
            writer.deleted(spec, values)
        record_cascades(writer, {table.name: list(before)}, set())
    result = state.invoke_statement()
    if not state.is_delete:
        after = _rows_by_id(connection, table, ids)
        for row_id, old in before.items():
            new = after.get(row_id, {})
            for column, value in new.items():
                writer.updated(spec, new, column, old.get(column), value)
    writer.write()
    return result


def _rows_by_id(connection: Any, table: Table, ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
            found[row.id] = dict(row._mapping)
    return found


def _association_statement(state: ORMExecuteState) -> Any:
    """Rows of therapist_school written directly: each therapist whose schools changed
    gets one "schools" change, before and after."""
    session = state.session
    if session.autoflush:
        session.flush()
    connection = session.connection()
    before = _schools_served(connection)
    result = state.invoke_statement()
    after = _schools_served(connection)
    writer = Writer(session)
    spec = TRACKED[Therapist.__tablename__]
    changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    if changed:
        therapists = connection.execute(
            select(Therapist.__table__).where(Therapist.id.in_(changed))
        ).all()
        for therapist in therapists:
            values = dict(therapist._mapping)
            old = ", ".join(sorted(before.get(therapist.id, ()))) or None
            new = ", ".join(sorted(after.get(therapist.id, ()))) or None
            writer.add(spec, "update", values, "schools", old, new)
    writer.write()
    return result


def _schools_served(connection: Any) -> dict[int, set[str]]:
    served: dict[int, set[str]] = {}
    query = select(therapist_school.c.therapist_id, School.name).join(
        School, School.id == therapist_school.c.school_id
    )
    for therapist_id, name in connection.execute(query):
        served.setdefault(therapist_id, set()).add(name)
    return served

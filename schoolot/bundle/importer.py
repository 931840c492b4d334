"""Writing a checked bundle to the database: the bundle is the district's full state.

Rows with ids are matched by id (`code`) and only changed attributes are written;
id-less rows are matched by their whole content. What the bundle no longer holds is
deleted. Everything is loaded up front with one query per table, so the work does
not grow a query per row; writes go out as batched INSERTs and DELETEs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select
from sqlalchemy.orm import Session

from schoolot.bundle.progress import IMPORTING, ProgressCallback, Throttled
from schoolot.bundle.reader import BundleSource
from schoolot.bundle.report import FileCounts, ImportReport
from schoolot.bundle.rows import Bundle
from schoolot.bundle.spec import FILES, plain_columns
from schoolot.bundle.validate import validate_bundle
from schoolot.models import (
    Block,
    CalendarDay,
    District,
    Equipment,
    Goal,
    School,
    ServiceLine,
    Student,
    Teacher,
    Therapist,
    TherapistHours,
    TravelTime,
    User,
    therapist_school,
)

# Ids per DELETE statement: well under every database's limit on bound parameters.
_CHUNK = 500


def import_bundle(
    session: Session,
    source: BundleSource,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Check the bundle at `source` (a folder, a .zip file or an open .zip, which
    messages call `name`) and make the database match it.

    Raises ValidationFailed, writing nothing, when any row has a problem. Flushes;
    the caller commits (or rolls back, for a dry run). `progress(stage, done, total)`
    hears how far it has come (see `validate_bundle`, then "importing <file>").
    """
    return apply_bundle(session, validate_bundle(source, name, progress), progress)


def apply_bundle(
    session: Session, bundle: Bundle, progress: ProgressCallback | None = None
) -> ImportReport:
    """Make the database match an already checked bundle; flushes, never commits.
    `progress` hears of each file as its rows are written (done of total files)."""
    report = ImportReport()
    _Sync(session, bundle, report, Throttled(progress)).run()
    session.flush()
    # Relationship collections loaded earlier in this session may predate the bulk writes.
    session.expire_all()
    return report


class _Sync:
    def __init__(self, session: Session, bundle: Bundle, report: ImportReport, progress: Throttled):
        self.session = session
        self.bundle = bundle
        self.report = report
        self.progress = progress
        self.files_started = 0
        # Objects the bundle no longer has, deleted last, children before parents.
        self.absent: dict[type, list[int]] = {}
        # Codes whose row matched the database exactly, so far.
        self.unchanged_codes: set[tuple[str, str]] = set()

    def run(self) -> None:
        b = self.bundle
        self._district()
        school_id = self._upsert(
            School,
            "schools.csv",
            b.schools,
            lambda r: {**r.values, "day_start": r.day_start, "day_end": r.day_end},
        )
        therapist_id = self._upsert(
            Therapist,
            "therapists.csv",
            b.therapists,
            lambda r: {
                **r.values,
                "role": r.role,
                "fte": r.fte,
                # A bundle without the column leaves the app's service model as it is.
                **({} if r.service_model is None else {"service_model": r.service_model or None}),
            },
        )
        self._therapist_schools(school_id, therapist_id)
        teacher_id = self._upsert(
            Teacher,
            "teachers.csv",
            b.teachers,
            lambda r: {**r.values, "school_id": school_id[r.school]},
        )
        student_id = self._upsert(
            Student,
            "students.csv",
            b.students,
            lambda r: {
                **r.values,
                "school_id": school_id[r.school],
                "teacher_id": teacher_id[r.teacher],
                "therapist_id": therapist_id[r.therapist] if r.therapist else None,
                "iep_start": r.iep_start,
                "iep_end": r.iep_end,
                # A bundle without the column leaves the app's "keep" as it is.
                **({} if r.keep_therapist is None else {"keep_therapist": r.keep_therapist}),
            },
        )
        self._upsert(
            ServiceLine,
            "services.csv",
            b.services,
            lambda r: {
                "student_id": student_id[r.student],
                "minutes": r.minutes,
                "per": r.per,
                "session_minutes": r.session_minutes,
                "delivery": r.delivery,
                "grouping": r.grouping,
                "max_group": r.max_group,
                "start": r.start,
                "end": r.end,
                # A bundle without the columns leaves the app's fixed times as they are.
                **({} if r.fixed is None else {"fixed_day": r.fixed[0], "fixed_start": r.fixed[1]}),
            },
        )
        self._upsert(
            Goal,
            "goals.csv",
            b.goals,
            lambda r: {
                "student_id": student_id[r.student],
                "area": r.area,
                **r.values,
            },
        )
        self.session.flush()

        def optional(ids: dict[str, int], code: str | None) -> int | None:
            return ids[code] if code else None

        self._sync_content(
            TherapistHours,
            "therapist_hours.csv",
            ("therapist_id", "weekdays", "start", "end", "school_id", "cycle_week"),
            (
                (
                    therapist_id[r.therapist],
                    r.weekdays,
                    r.start,
                    r.end,
                    optional(school_id, r.school),
                    r.cycle_week,
                )
                for r in b.hours
            ),
        )
        self._sync_content(
            Block,
            "blocks.csv",
            (
                "school_id",
                "scope",
                "target_grade",
                "teacher_id",
                "student_id",
                "weekdays",
                "start",
                "end",
                "kind",
                *plain_names("blocks.csv"),
                "cycle_week",
            ),
            (
                (
                    school_id[r.school],
                    r.scope,
                    r.target if r.scope == "grade" else None,
                    teacher_id[r.target] if r.scope == "teacher" and r.target else None,
                    student_id[r.target] if r.scope == "student" and r.target else None,
                    r.weekdays,
                    r.start,
                    r.end,
                    r.kind,
                    *r.values.values(),
                    r.cycle_week,
                )
                for r in b.blocks
            ),
        )
        self._sync_content(
            TravelTime,
            "travel.csv",
            ("from_school_id", "to_school_id", "minutes"),
            ((school_id[r.from_school], school_id[r.to_school], r.minutes) for r in b.travel),
        )
        self._sync_content(
            CalendarDay,
            "calendar.csv",
            ("date", "school_id", "kind", "end_time", *plain_names("calendar.csv")),
            (
                (r.date, optional(school_id, r.school), r.kind, r.end_time, *r.values.values())
                for r in b.calendar
            ),
        )
        if b.equipment is not None:
            self._sync_content(
                Equipment,
                "equipment.csv",
                ("student_id", *plain_names("equipment.csv")),
                ((student_id[r.student], *r.values.values()) for r in b.equipment),
            )
        else:
            self._equipment_of_leaving_students()
        self._delete_absent()

    def _started(self, file: str) -> None:
        self.progress(f"{IMPORTING} {file}", self.files_started, len(FILES))
        self.files_started += 1

    def _district(self) -> None:
        self._started("district.csv")
        row = self.bundle.district
        counts = self.report.counts["district.csv"]
        wanted = {
            **row.values,
            "timezone": row.timezone,
            "year_start": row.year_start,
            "year_end": row.year_end,
            "school_days": row.school_days,
            "lunch_minutes": row.lunch_minutes,
            "lunch_window_start": row.lunch_window_start,
            "lunch_window_end": row.lunch_window_end,
            "group_grade_span": row.group_grade_span,
            # The cycle columns the file has (a column it lacks leaves the app's setting).
            **row.cycle,
        }
        districts = self.session.scalars(select(District).order_by(District.id)).all()
        if not districts:
            self.session.add(District(**wanted))
            counts.created += 1
            return
        _count_update(counts, _assign(districts[0], wanted))
        for extra in districts[1:]:  # one district per instance
            self.session.delete(extra)
            counts.deleted += 1

    # Inserts pass render_nulls: otherwise the ORM splits a batch wherever the None cells
    # change (a grade block, then a teacher block), a statement every few rows.

    def _upsert(
        self,
        model: Any,
        file: str,
        rows: Sequence[Any],
        values: Callable[[Any], dict[str, Any]],
    ) -> dict[str, int]:
        """Create or update one row per bundle row, by code; the database id of each code.

        Rows the bundle no longer has are marked absent, to be deleted last.
        """
        self._started(file)
        counts = self.report.counts[file]
        existing = {obj.code: obj for obj in self.session.scalars(select(model))}
        ids: dict[str, int] = {}
        new: list[dict[str, Any]] = []
        for row in rows:
            wanted = values(row)
            obj = existing.pop(row.code, None)
            if obj is None:
                new.append({"code": row.code, **wanted})
                continue
            if _assign(obj, wanted):
                counts.updated += 1
            else:
                counts.unchanged += 1
                self.unchanged_codes.add((file, row.code))
            ids[row.code] = obj.id
        if new:
            # One batched INSERT .. RETURNING rather than an ORM flush of one INSERT a row.
            statement = insert(model).returning(model.id, model.code)
            inserted = self.session.execute(statement.execution_options(render_nulls=True), new)
            ids.update((code, row_id) for row_id, code in inserted)
            counts.created += len(new)
        self.absent[model] = [obj.id for obj in existing.values()]
        counts.deleted += len(existing)
        return ids

    def _therapist_schools(self, school_id: dict[str, int], therapist_id: dict[str, int]) -> None:
        """The schools each therapist serves; a therapist whose set changed is updated."""
        table = therapist_school
        wanted = {
            (therapist_id[t.code], school_id[s]) for t in self.bundle.therapists for s in t.schools
        }
        existing = set(self.session.execute(select(table.c.therapist_id, table.c.school_id)))
        gone, new = existing - wanted, wanted - existing
        if gone:
            self.session.execute(
                table.delete().where(
                    table.c.therapist_id == bindparam("t"), table.c.school_id == bindparam("s")
                ),
                [{"t": t, "s": s} for t, s in gone],
            )
        if new:
            self.session.execute(
                table.insert(), [{"therapist_id": t, "school_id": s} for t, s in new]
            )
        counts = self.report.counts["therapists.csv"]
        code_of = {row_id: code for code, row_id in therapist_id.items()}
        for row_id in {t for t, _ in gone | new}:
            code = code_of.get(row_id)  # None: a therapist the bundle drops
            if code is not None and ("therapists.csv", code) in self.unchanged_codes:
                self.unchanged_codes.discard(("therapists.csv", code))
                counts.unchanged -= 1
                counts.updated += 1

    def _sync_content(
        self,
        model: Any,
        file: str,
        columns: tuple[str, ...],
        wanted: Iterable[tuple[Any, ...]],
    ) -> None:
        """Match rows by their whole content (as a multiset): keep equal ones, delete the
        rest, insert what is new."""
        self._started(file)
        counts = self.report.counts[file]
        stored: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        query = select(model.id, *(getattr(model, c) for c in columns))
        for row_id, *cells in self.session.execute(query):
            stored[tuple(cells)].append(row_id)
        new = []
        for content in wanted:
            ids = stored.get(content)
            if ids:
                ids.pop()
                counts.unchanged += 1
            else:
                new.append(content)
        gone = [row_id for ids in stored.values() for row_id in ids]
        # Deletes first: a changed row (travel minutes) may share a unique key with its new self.
        _delete_ids(self.session, model, gone)
        if new:
            self.session.execute(
                insert(model).execution_options(render_nulls=True),
                [dict(zip(columns, c, strict=True)) for c in new],
            )
        counts.created += len(new)
        counts.deleted += len(gone)

    def _equipment_of_leaving_students(self) -> None:
        """Without equipment.csv, equipment stays as the app has it, but for the students
        the bundle no longer has."""
        counts = self.report.counts["equipment.csv"]
        leaving = set(self.absent.get(Student, []))
        gone = []
        for row_id, owner in self.session.execute(select(Equipment.id, Equipment.student_id)):
            if owner in leaving:
                gone.append(row_id)
            else:
                counts.unchanged += 1
        _delete_ids(self.session, Equipment, gone)
        counts.deleted += len(gone)

    def _delete_absent(self) -> None:
        """Delete what the bundle no longer has, children before parents."""
        gone = self.absent
        staff = or_(
            User.therapist_id.in_(gone.get(Therapist, [])),
            User.teacher_id.in_(gone.get(Teacher, [])),
        )
        if gone.get(Therapist) or gone.get(Teacher):
            accounts = self.session.execute(select(User.id, User.email).where(staff)).all()
            self.report.accounts_removed = [email for _, email in accounts]
            _delete_ids(self.session, User, [user_id for user_id, _ in accounts])
        for model in (Goal, ServiceLine, Student, Teacher, Therapist, School):
            _delete_ids(self.session, model, gone.get(model, []))


def _assign(obj: Any, wanted: dict[str, Any]) -> bool:
    """Set the attributes that differ; whether any did."""
    changed = False
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _count_update(counts: FileCounts, changed: bool) -> None:
    if changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _delete_ids(session: Session, model: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(model).where(model.id.in_(ids[start : start + _CHUNK])))


def plain_names(file: str) -> tuple[str, ...]:
    """The file's plain columns, in the order of each row's `values`."""
    return tuple(column.name for column in plain_columns(file))

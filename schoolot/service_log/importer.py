"""Session logs from another system: `flask import-session-log FILE.csv`.

Columns `date, student, service, start, minutes, status, reason, note` (student and
service are their district ids). A row is one student's session on one date. It becomes
a planned log when it matches a session planned that date by the schedule that stood
(same service line, date and start: the session's uid and group size are kept), else an
extra one. `minutes` of a delivered row are the minutes delivered; of a missed row, the
minutes it was to last (empty or 0 for a planned session: its length). All or nothing:
any bad row imports nothing, and every problem is listed as `file:line: column: message`,
as the bundle's import does.

Importing the same file again creates nothing: a row whose session (line, date, start)
is already logged with the same values is counted as already imported; one logged with
other values is a problem (a saved log is amended in the app, with a reason).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from schoolot.access import caseload_therapist_id
from schoolot.bundle.reader import Table, read_csv_file
from schoolot.bundle.spec import Column
from schoolot.bundle.validate import RowCells
from schoolot.district.settings import district_today, get_district
from schoolot.errors import ValidationFailed
from schoolot.models import District, ServiceLine, SessionLog, Student
from schoolot.models.service_log import LOG_STATUSES, MISS_REASONS
from schoolot.problems import Problems
from schoolot.rules import inside_school_year
from schoolot.service_log.planned import PlannedSession, planned_sessions
from schoolot.timetable.dated import service_dates
from schoolot.values import format_time, parse_choice, parse_date, parse_int, parse_time

COLUMNS: tuple[Column, ...] = (
    Column("date", required=True),
    Column("student", required=True),
    Column("service", required=True),
    Column("start", required=True),
    Column("minutes", required=True),
    Column("status", required=True),
    Column("reason"),
    Column("note", multiline=True),
)
MULTILINE = frozenset(c.name for c in COLUMNS if c.multiline)
# A session is at most a school day long; a note a paragraph or two.
MAX_MINUTES = 480
MAX_NOTE_CHARS = 2000

# (service line id, date, start): one student's session on one date.
SessionKey = tuple[int, dt.date, dt.time]


@dataclass(frozen=True)
class LogRow:
    """One checked row of the file."""

    line: int
    date: dt.date
    service_line: ServiceLine
    start: dt.time
    minutes: int | None  # None: a missed row that leaves it to the planned session
    status: str
    reason: str | None
    note: str | None

    @property
    def key(self) -> SessionKey:
        return (self.service_line.id, self.date, self.start)


@dataclass
class LogImport:
    """What an import did: logs created (planned, extra) and rows already imported."""

    file: str
    planned: int = 0
    extra: int = 0
    already_imported: int = 0

    def summary(self) -> str:
        created = self.planned + self.extra
        text = (
            f"{self.file}: {created} session log{'' if created == 1 else 's'} imported "
            f"({self.planned} planned, {self.extra} extra)"
        )
        if self.already_imported:
            text += f"; {self.already_imported} already imported, left as they were"
        return text + "."


def import_session_log(
    session: Session,
    path: str | os.PathLike[str],
    name: str | None = None,
    today: dt.date | None = None,
) -> LogImport:
    """Import the session log CSV at `path` (`name`: what messages call it) and flush.

    Raises ValidationFailed, adding nothing, when any row has a problem."""
    problems = Problems()
    table = read_csv_file(path, COLUMNS, problems, name)
    problems.raise_if_any()
    assert table is not None
    district = get_district(session)
    if district is None:
        raise ValidationFailed(["the district is not set up yet: import its bundle first"])
    rows = _check_rows(session, table, district, today or district_today(district), problems)
    report = LogImport(table.file)
    if not rows:
        problems.raise_if_any()
        return report
    first, last = min(r.date for r in rows), max(r.date for r in rows)
    planned = _planned_by_key(session, first, last)
    # Every row's problems are found before any is reported: one run lists them all.
    logs = [_log_of(row, planned.get(row.key), table.file, problems) for row in rows]
    existing = _existing_logs(session, [row.key for row in rows])
    new: list[SessionLog] = []
    for row, log in zip(rows, logs, strict=True):
        found = existing.get(row.key)
        if log is None:
            continue
        if found is None:
            new.append(log)
        elif _same(found, log):
            report.already_imported += 1
        else:
            problems.add_line(table.file, row.line, "status", _conflict(found, log))
    problems.raise_if_any()
    therapists = _caseload_therapists(session, {log.student_id for log in new})
    for log in new:
        if log.therapist_id is None:
            log.therapist_id = therapists.get(log.student_id)
        session.add(log)
    report.planned = sum(log.kind == "planned" for log in new)
    report.extra = len(new) - report.planned
    session.flush()
    return report


def _check_rows(
    session: Session, table: Table, district: District, today: dt.date, problems: Problems
) -> list[LogRow]:
    students = {s.code: s for s in session.scalars(select(Student))}
    lines = {
        line.code: line
        for line in session.scalars(select(ServiceLine).options(selectinload(ServiceLine.student)))
    }
    rows: list[LogRow] = []
    seen: dict[SessionKey, int] = {}
    for number, cells in table.rows:
        row = _check_row(
            RowCells(problems, table.file, number, cells, MULTILINE),
            district,
            today,
            students,
            lines,
        )
        if row is None:
            continue
        earlier = seen.setdefault(row.key, number)
        if earlier != number:
            problems.add_line(
                table.file,
                number,
                "start",
                f"the same session as line {earlier} (service, date and start)",
            )
            continue
        rows.append(row)
    return rows


def _check_row(
    row: RowCells,
    district: District,
    today: dt.date,
    students: dict[str, Student],
    lines: dict[str, ServiceLine],
) -> LogRow | None:
    date = row.value("date", parse_date)
    if date is not None:
        row.check("date", inside_school_year(date, district.year_start, district.year_end))
        if date > today:
            row.fail("date", f"{date} is after today ({today}): only sessions that happened")
    student_code = row.text("student", required=True)
    student = students.get(student_code) if student_code else None
    if student_code and student is None:
        row.fail("student", f"unknown student '{student_code}'")
    line = _service_line(row, lines, student, date)
    start = row.value("start", parse_time)
    status = row.value("status", lambda text: parse_choice(text, LOG_STATUSES))
    reason = _reason(row, status)
    minutes = _minutes(row, status)
    note = row.text("note", required=False, max_length=MAX_NOTE_CHARS)
    if not row.ok:
        return None
    assert date is not None and line is not None and start is not None and status is not None
    return LogRow(row.line, date, line, start, minutes, status, reason, note)


def _service_line(
    row: RowCells,
    lines: dict[str, ServiceLine],
    student: Student | None,
    date: dt.date | None,
) -> ServiceLine | None:
    code = row.text("service", required=True)
    if code is None:
        return None
    line = lines.get(code)
    if line is None:
        row.fail("service", f"unknown service line '{code}'")
        return None
    if student is not None and line.student_id != student.id:
        row.fail("service", f"'{code}' is a service line of student '{line.student.code}'")
        return None
    if date is not None:
        first, last = service_dates(line)
        if not first <= date <= last:
            row.fail("date", f"'{code}' is not in service on {date} (only {first} to {last})")
    return line


def _reason(row: RowCells, status: str | None) -> str | None:
    if status == "delivered":
        if row.cells.get("reason"):
            row.fail("reason", "must be empty when the session was delivered")
        return None
    if status == "missed":
        if not row.cells.get("reason") and "reason" not in row.bad:
            row.fail("reason", f"required when missed: one of {', '.join(MISS_REASONS)}")
            return None
        return row.value("reason", lambda text: parse_choice(text, MISS_REASONS))
    return None


def _minutes(row: RowCells, status: str | None) -> int | None:
    if status == "delivered":
        return row.value("minutes", lambda text: parse_int(text, 1, MAX_MINUTES))
    if status == "missed":
        minutes = row.value("minutes", lambda text: parse_int(text, 0, MAX_MINUTES), required=False)
        return minutes or None
    return None


def _planned_by_key(
    session: Session, first: dt.date, last: dt.date
) -> dict[SessionKey, PlannedSession]:
    """The sessions that happened as planned, by each of their lines' session key."""
    found: dict[SessionKey, PlannedSession] = {}
    for planned in planned_sessions(session, first, last, include_cancelled=False):
        if planned.session_uid is None:
            continue  # a makeup: logged as the makeup's, not imported as planned
        for line in planned.lines:
            found.setdefault((line.line_id, planned.date, planned.start), planned)
    return found


def _log_of(
    row: LogRow, planned: PlannedSession | None, file: str, problems: Problems
) -> SessionLog | None:
    line = row.service_line
    planned_minutes = planned.minutes if planned is not None else None
    if row.status == "missed" and row.minutes is None and planned is None:
        problems.add_line(
            file,
            row.line,
            "minutes",
            f"no session of '{line.code}' was planned on {row.date} at "
            f"{format_time(row.start)}: give the minutes the missed session was to last",
        )
        return None
    if row.status == "missed" and row.minutes is not None:
        planned_minutes = row.minutes
    return SessionLog(
        service_line_id=line.id,
        student_id=line.student_id,
        therapist_id=planned.therapist_id if planned is not None else None,
        school_id=planned.school_id if planned is not None else line.student.school_id,
        date=row.date,
        start=row.start,
        minutes=row.minutes if row.status == "delivered" else 0,
        planned_minutes=planned_minutes,
        kind="planned" if planned is not None else "extra",
        session_uid=planned.session_uid if planned is not None else None,
        status=row.status,
        reason=row.reason,
        note=row.note,
        group_size=planned.group_size if planned is not None else 1,
    )


def _existing_logs(session: Session, keys: list[SessionKey]) -> dict[SessionKey, SessionLog]:
    if not keys:
        return {}
    line_ids = {key[0] for key in keys}
    dates = [key[1] for key in keys]
    wanted = set(keys)
    logs = session.scalars(
        select(SessionLog).where(
            SessionLog.service_line_id.in_(line_ids),
            SessionLog.date >= min(dates),
            SessionLog.date <= max(dates),
        )
    )
    return {
        key: log for log in logs if (key := (log.service_line_id, log.date, log.start)) in wanted
    }


def _caseload_therapists(session: Session, student_ids: set[int]) -> dict[int, int | None]:
    """The therapist each student's caseload belongs to (for extra sessions)."""
    return dict(
        session.execute(
            select(Student.id, caseload_therapist_id()).where(Student.id.in_(student_ids))
        ).all()  # type: ignore[arg-type]
    )


_COMPARED = ("kind", "status", "minutes", "planned_minutes", "reason", "note")


def _same(found: SessionLog, log: SessionLog) -> bool:
    return all(getattr(found, name) == getattr(log, name) for name in _COMPARED)


def _conflict(found: SessionLog, log: SessionLog) -> str:
    what = (
        f"delivered, {found.minutes} minutes"
        if found.status == "delivered"
        else f"missed, {found.reason}"
    )
    differ = ", ".join(name for name in _COMPARED if getattr(found, name) != getattr(log, name))
    return (
        f"this session is already logged ({what}) and the row says otherwise ({differ}): "
        "amend that log in the app (with a reason) or correct the row"
    )

"""An independent check of an exported schedule against the hard rules of schedule.md.

Written from the two public contracts only (shared/spec/bundle.md and schedule.md):
it reads the district bundle's CSV files and the JSON that `flask export-schedule`
writes, and imports nothing from schoolot, so a bug shared by the solver, its
validator and the bridge cannot hide here.

`check_schedule(bundle_dir, document, as_of)` returns one line per broken rule;
an empty list means the schedule is valid.

The cycle of weeks (schoolot's extension, docs/schedule-json.md and docs/bundle.md):
the document's `cycle_weeks` (missing: 1) and each session's `cycle_week` (missing: 1);
every day rule holds per (cycle week, weekday); blocks and hours with a `cycle_week`
hold in that week only (a week's hours replace the every-week hours of the weekday);
a weekly line has its sessions every cycle week, a monthly line ceil(k x weeks / 4) in
the cycle; a 3:1 therapist has no direct session in every fourth week and gives the
weekly lines' sessions in the other weeks as evenly as they go; quarterly and yearly
lines are not in the cycle.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALL_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
GRADE_RANK = {"PK": -1, "K": 0, **{str(g): g for g in range(1, 13)}}


# --- reading the bundle ------------------------------------------------------------


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Line:
    id: str
    student: str
    sessions: int
    length: int
    delivery: str
    group: bool
    max_group: int
    start: dt.date
    end: dt.date
    # schoolot's optional services.csv columns (docs/bundle.md): (weekday, start) or None.
    fixed: tuple[str, int] | None = None
    per: str = "week"
    # Sessions a week (per week) or a month (per month), from minutes / session_minutes.
    per_period: int = 0

    def in_cycle(self, weeks: int) -> int:
        """Sessions of the line in a cycle of `weeks` weeks (a month is four weeks)."""
        if self.per == "week":
            return self.per_period * weeks
        if self.per == "month":
            return math.ceil(self.per_period * weeks / 4)
        return 0


@dataclass
class Bundle:
    name: str
    school_days: tuple[str, ...]
    year_start: dt.date
    year_end: dt.date
    lunch_minutes: int
    lunch_window: tuple[int, int]
    grade_span: int
    cycle_weeks: int | None = None
    service_model: str = "weekly"
    therapist_model: dict[str, str] = field(default_factory=dict)
    school_day: dict[str, tuple[int, int]] = field(default_factory=dict)
    travel: dict[frozenset[str], int] = field(default_factory=dict)
    therapist_schools: dict[str, set[str]] = field(default_factory=dict)
    # (therapist, cycle week or 0 for every week, weekday) -> (start, end, pinned school)
    hours: dict[tuple[str, int, str], tuple[int, int, str]] = field(default_factory=dict)
    teacher_school: dict[str, str] = field(default_factory=dict)
    students: dict[str, dict[str, str]] = field(default_factory=dict)
    lines: dict[str, Line] = field(default_factory=dict)
    # Each block: school, scope, target, weekdays, (start, end), kind, cycle week (0: every)
    blocks: list[tuple[str, str, str, tuple[str, ...], tuple[int, int], str, int]] = field(
        default_factory=list
    )

    def hours_of(self, therapist: str, week: int, weekday: str) -> tuple[int, int, str] | None:
        """The therapist's hours on `weekday` of cycle week `week`."""
        found = self.hours.get((therapist, week, weekday))
        return found if found is not None else self.hours.get((therapist, 0, weekday))

    def off_weeks(self, therapist: str, weeks: int) -> set[int]:
        """Cycle weeks with no direct session: every fourth on 3:1."""
        model = self.therapist_model.get(therapist) or self.service_model
        return set(range(4, weeks + 1, 4)) if model == "3:1" else set()

    def days(self, cell: str) -> tuple[str, ...]:
        return self.school_days if cell == "*" else tuple(cell.split())

    def travel_minutes(self, a: str, b: str) -> int | None:
        return 0 if a == b else self.travel.get(frozenset((a, b)))

    def blocks_of_student(
        self, code: str, week: int, weekday: str, kind: str
    ) -> list[tuple[int, int]]:
        student = self.students[code]
        spans = []
        for school, scope, target, weekdays, span, block_kind, in_week in self.blocks:
            if block_kind != kind or weekday not in weekdays or school != student["school"]:
                continue
            if in_week and in_week != week:
                continue
            if (
                scope == "school"
                or (scope == "grade" and target == student["grade"])
                or (scope == "teacher" and target == student["teacher"])
                or (scope == "student" and target == code)
            ):
                spans.append(span)
        return spans

    def teacher_busy(self, teacher: str, week: int, weekday: str) -> list[tuple[int, int]]:
        return [
            span
            for _school, scope, target, weekdays, span, kind, in_week in self.blocks
            if scope == "teacher"
            and target == teacher
            and kind == "busy"
            and weekday in weekdays
            and in_week in (0, week)
        ]


def read_bundle(folder: Path) -> Bundle:
    """The parts of a bundle that the hard rules need, with bundle.md's defaults."""
    (district,) = _rows(folder, "district.csv")
    window = (district.get("lunch_window") or "11:00-13:30").split("-")
    bundle = Bundle(
        name=district["name"],
        school_days=tuple((district.get("school_days") or "Mon Tue Wed Thu Fri").split()),
        year_start=dt.date.fromisoformat(district["year_start"]),
        year_end=dt.date.fromisoformat(district["year_end"]),
        lunch_minutes=int(district.get("lunch_minutes") or 30),
        lunch_window=(_minutes(window[0]), _minutes(window[1])),
        grade_span=int(district.get("group_grade_span") or 1),
        cycle_weeks=int(district["cycle_weeks"]) if district.get("cycle_weeks") else None,
        service_model=district.get("service_model") or "weekly",
    )
    for row in _rows(folder, "schools.csv"):
        bundle.school_day[row["id"]] = (_minutes(row["day_start"]), _minutes(row["day_end"]))
    for row in _rows(folder, "travel.csv"):
        bundle.travel[frozenset((row["from_school"], row["to_school"]))] = int(row["minutes"])
    for row in _rows(folder, "therapists.csv"):
        bundle.therapist_schools[row["id"]] = set(row["schools"].split())
        bundle.therapist_model[row["id"]] = row.get("service_model", "")
    for row in _rows(folder, "therapist_hours.csv"):
        for day in bundle.days(row["weekday"]):
            bundle.hours[row["therapist"], int(row.get("cycle_week") or 0), day] = (
                _minutes(row["start"]),
                _minutes(row["end"]),
                row.get("school", ""),
            )
    for row in _rows(folder, "teachers.csv"):
        bundle.teacher_school[row["id"]] = row["school"]
    for row in _rows(folder, "students.csv"):
        grade = row["grade"].upper()
        row["grade"] = str(int(grade)) if grade.isdigit() else grade
        bundle.students[row["id"]] = row
    for row in _rows(folder, "services.csv"):
        student = bundle.students[row["student"]]
        minutes, length = int(row["minutes"]), int(row["session_minutes"])
        per = row.get("per") or "week"
        sessions = minutes // length if per == "week" else math.ceil(minutes / 4 / length)
        bundle.lines[row["id"]] = Line(
            id=row["id"],
            student=row["student"],
            sessions=sessions,
            per=per,
            per_period=minutes // length,
            length=length,
            delivery=row.get("delivery") or "pull_out",
            group=(row.get("grouping") or "individual") == "group",
            max_group=int(row.get("max_group") or 3),
            start=dt.date.fromisoformat(row.get("start") or student["iep_start"]),
            end=dt.date.fromisoformat(row.get("end") or student["iep_end"]),
            fixed=(
                (row["fixed_day"], _minutes(row["fixed_start"]))
                if row.get("fixed_day") and row.get("fixed_start")
                else None
            ),
        )
    for row in _rows(folder, "blocks.csv"):
        target = row.get("target", "")
        if row["scope"] == "grade":
            target = str(int(target)) if target.isdigit() else target.upper()
        bundle.blocks.append(
            (
                row["school"],
                row["scope"],
                target,
                bundle.days(row["weekday"]),
                (_minutes(row["start"]), _minutes(row["end"])),
                row["kind"],
                int(row.get("cycle_week") or 0),
            )
        )
    return bundle


# --- the check -----------------------------------------------------------------------


@dataclass
class _Session:
    id: str
    therapist: str
    school: str
    weekday: str
    start: int
    end: int
    delivery: str
    services: list[str]
    students: list[str]
    week: int = 1

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def day(self) -> tuple[int, str]:
        """The day of the cycle: (cycle week, weekday)."""
        return (self.week, self.weekday)

    def __str__(self) -> str:
        week = f"w{self.week} " if self.week != 1 else ""
        return (
            f"session {self.id} ({self.therapist} {week}{self.weekday} {_text(self.start)}-"
            f"{_text(self.end)} at {self.school}, {' '.join(self.services)})"
        )


def check_schedule(
    bundle_dir: str | Path, document: dict[str, Any], as_of: dt.date | None = None
) -> list[str]:
    """Every hard rule of schedule.md that `document` breaks for the bundle in
    `bundle_dir`. Lines owed are those whose dates overlap `as_of`..year end
    (`as_of` defaults to the first day of the year)."""
    bundle = read_bundle(Path(bundle_dir))
    first_day = max(as_of or bundle.year_start, bundle.year_start)
    errors: list[str] = []
    weeks = int(document.get("cycle_weeks", 1))
    sessions = [
        _Session(
            id=s["id"],
            therapist=s["therapist"],
            school=s["school"],
            weekday=s["weekday"],
            start=_minutes(s["start"]),
            end=_minutes(s["end"]),
            delivery=s["delivery"],
            services=list(s["services"]),
            students=list(s["students"]),
            week=int(s.get("cycle_week", 1)),
        )
        for s in document["sessions"]
    ]
    errors += _cycle_shape(bundle, document, sessions, weeks)
    errors += _shape(bundle, document, sessions)
    if errors:
        return errors
    therapist_of = _therapists_of_students(bundle, document, errors)
    errors += _inside_the_day(bundle, sessions)
    errors += _one_place_at_a_time(bundle, document, sessions)
    errors += _lunch(bundle, document, sessions)
    errors += _student_free(bundle, sessions)
    errors += _consult(bundle, sessions)
    errors += _minutes_owed(bundle, document, sessions, therapist_of, first_day, weeks)
    errors += _groups(bundle, sessions)
    errors += _fixed(bundle, sessions)
    return errors


def _cycle_shape(
    bundle: Bundle, document: dict[str, Any], sessions: list[_Session], weeks: int
) -> list[str]:
    """The cycle: the bundle's setting when it has one; each week inside the cycle."""
    errors = []
    if not 1 <= weeks <= 8:
        errors.append(f"shape: cycle_weeks is {weeks}, not 1 to 8")
    if bundle.cycle_weeks is not None and bundle.cycle_weeks != weeks:
        errors.append(f"shape: cycle_weeks is {weeks}, the district's is {bundle.cycle_weeks}")
    legs = [int(leg.get("cycle_week", 1)) for leg in document.get("travel", [])]
    for week in [s.week for s in sessions] + legs:
        if not 1 <= week <= weeks:
            errors.append(f"shape: cycle_week {week} is outside the {weeks}-week cycle")
    return errors


def _day_text(day: tuple[int, str]) -> str:
    """ "Mon" in week 1 (the only week of a one-week cycle), "w2 Mon" beyond."""
    return day[1] if day[0] == 1 else f"w{day[0]} {day[1]}"


def _leg_day(leg: dict[str, Any]) -> tuple[int, str]:
    return (int(leg.get("cycle_week", 1)), leg["weekday"])


def _fixed(bundle: Bundle, sessions: list[_Session]) -> list[str]:
    """A line with a fixed day and start (docs/bundle.md) is held only then."""
    errors = []
    for s in sessions:
        for code in s.services:
            line = bundle.lines.get(code)
            if line is not None and line.fixed and line.fixed != (s.weekday, s.start):
                day, start = line.fixed
                errors.append(f"fixed: {s}: {code} is fixed to {day} {_text(start)}")
    return errors


def _shape(bundle: Bundle, document: dict[str, Any], sessions: list[_Session]) -> list[str]:
    errors = []
    for key in ("district", "generated_at", "solver", "assignments", "sessions", "travel"):
        if key not in document:
            errors.append(f"shape: no '{key}'")
    if "unscheduled" not in document:
        errors.append("shape: no 'unscheduled'")
    if document.get("district") != bundle.name:
        errors.append(f"shape: district is {document.get('district')!r}, not {bundle.name!r}")
    for key in ("status", "objective", "bound", "seconds"):
        if key not in document.get("solver", {}):
            errors.append(f"shape: solver has no '{key}'")
    for uid, times in Counter(s.id for s in sessions).items():
        if times > 1:
            errors.append(f"shape: session id {uid} is used {times} times")
    for s in sessions:
        if s.weekday not in bundle.school_days:
            errors.append(f"shape: {s}: {s.weekday} is not a school day")
        if s.therapist not in bundle.therapist_schools:
            errors.append(f"shape: {s}: unknown therapist")
        if s.school not in bundle.school_day:
            errors.append(f"shape: {s}: unknown school")
        if s.end <= s.start:
            errors.append(f"shape: {s}: ends before it starts")
        unknown = [j for j in s.services if j not in bundle.lines]
        if unknown or not s.services:
            errors.append(f"shape: {s}: unknown or no service lines {unknown}")
        elif s.delivery != "consult" and sorted(s.students) != sorted(
            bundle.lines[j].student for j in s.services
        ):
            errors.append(f"shape: {s}: students {s.students} are not the lines' students")
    return errors


def _therapists_of_students(
    bundle: Bundle, document: dict[str, Any], errors: list[str]
) -> dict[str, str]:
    """Rule 6: one therapist per student, the pinned one where pinned."""
    therapist_of: dict[str, str] = {}
    for item in document["assignments"]:
        student, therapist = item["student"], item["therapist"]
        if student in therapist_of:
            errors.append(f"rule 6: {student} is assigned twice")
        if student not in bundle.students or therapist not in bundle.therapist_schools:
            errors.append(f"rule 6: assignment of unknown student or therapist {item}")
            continue
        pinned = bundle.students[student].get("therapist", "")
        if pinned and pinned != therapist:
            errors.append(f"rule 6: {student} is pinned to {pinned} but assigned to {therapist}")
        therapist_of[student] = therapist
    for code, student in bundle.students.items():
        if student.get("therapist") and code not in therapist_of:
            therapist_of[code] = student["therapist"]
    return therapist_of


def _inside_the_day(bundle: Bundle, sessions: list[_Session]) -> list[str]:
    """Rule 1: inside the school day and the therapist's hours, at a pinned school,
    at one of the therapist's schools; and at the school of the lines' students."""
    errors = []
    for s in sessions:
        day_start, day_end = bundle.school_day[s.school]
        if s.start < day_start or s.end > day_end:
            errors.append(f"rule 1: {s} is outside the student day at {s.school}")
        hours = bundle.hours_of(s.therapist, s.week, s.weekday)
        if hours is None:
            errors.append(f"rule 1: {s}: {s.therapist} does not work on {s.weekday}")
        else:
            if s.start < hours[0] or s.end > hours[1]:
                errors.append(f"rule 1: {s} is outside {s.therapist}'s hours")
            if hours[2] and hours[2] != s.school:
                errors.append(f"rule 1: {s}: {s.weekday} is pinned to {hours[2]}")
        if s.school not in bundle.therapist_schools[s.therapist]:
            errors.append(f"rule 1: {s}: {s.school} is not one of {s.therapist}'s schools")
        for j in s.services:
            home = bundle.students[bundle.lines[j].student]["school"]
            if home != s.school:
                errors.append(f"rule 1: {s}: {j}'s student is at {home}")
    return errors


def _by_therapist_day(
    sessions: list[_Session],
) -> dict[tuple[str, tuple[int, str]], list[_Session]]:
    days: dict[tuple[str, tuple[int, str]], list[_Session]] = defaultdict(list)
    for s in sessions:
        days[s.therapist, s.day].append(s)
    for found in days.values():
        found.sort(key=lambda s: s.start)
    return days


def _one_place_at_a_time(
    bundle: Bundle, document: dict[str, Any], sessions: list[_Session]
) -> list[str]:
    """Rule 2: no overlap; travel time between schools; no day joining schools that
    have no travel row; the exported travel covers each drive."""
    errors = []
    legs: dict[tuple[str, tuple[int, str]], list[dict[str, str]]] = defaultdict(list)
    for leg in document["travel"]:
        legs[leg["therapist"], _leg_day(leg)].append(leg)
    for (therapist, weekday), found in sorted(_by_therapist_day(sessions).items()):
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                if _overlap(a.span, b.span):
                    errors.append(f"rule 2: {a} overlaps {b}")
        schools = sorted({s.school for s in found})
        for i, x in enumerate(schools):
            for y in schools[i + 1 :]:
                if bundle.travel_minutes(x, y) is None:
                    errors.append(
                        f"rule 2: {therapist} visits {x} and {y} on {_day_text(weekday)} "
                        "with no travel row"
                    )
        for a, b in itertools.pairwise(found):
            minutes = bundle.travel_minutes(a.school, b.school)
            if a.school == b.school or minutes is None:
                continue
            if b.start - a.end < minutes:
                errors.append(f"rule 2: {a} then {b}: the drive takes {minutes} minutes")
            drive = [
                leg
                for leg in legs[therapist, weekday]
                if (leg["from_school"], leg["to_school"]) == (a.school, b.school)
                and a.end <= _minutes(leg["start"])
                and _minutes(leg["end"]) <= b.start
                and _minutes(leg["end"]) - _minutes(leg["start"]) >= minutes
            ]
            if not drive:
                errors.append(f"rule 2: {a} then {b}: no travel of {minutes} minutes between")
    for (therapist, weekday), found in legs.items():
        for leg in found:
            span = (_minutes(leg["start"]), _minutes(leg["end"]))
            for s in sessions:
                if (s.therapist, s.day) == (therapist, weekday) and _overlap(span, s.span):
                    errors.append(f"rule 2: travel {leg} overlaps {s}")
    return errors


def _lunch(bundle: Bundle, document: dict[str, Any], sessions: list[_Session]) -> list[str]:
    """Rule 3: `lunch_minutes` in a row free of sessions and travel, inside the window."""
    errors = []
    busy: dict[tuple[str, tuple[int, str]], list[tuple[int, int]]] = defaultdict(list)
    for s in sessions:
        busy[s.therapist, s.day].append(s.span)
    for leg in document["travel"]:
        busy[leg["therapist"], _leg_day(leg)].append((_minutes(leg["start"]), _minutes(leg["end"])))
    low, high = bundle.lunch_window
    for (therapist, weekday), spans in sorted(busy.items()):
        free_from, longest = low, 0
        for start, end in sorted(spans):
            if end <= free_from:
                continue
            longest = max(longest, min(start, high) - free_from)
            free_from = max(free_from, end)
        longest = max(longest, high - free_from)
        if longest < bundle.lunch_minutes:
            errors.append(
                f"rule 3: {therapist} on {_day_text(weekday)} has no "
                f"{bundle.lunch_minutes}-minute lunch "
                f"inside {_text(low)}-{_text(high)}"
            )
    return errors


def _student_free(bundle: Bundle, sessions: list[_Session]) -> list[str]:
    """Rule 4: one session at a time; never in a busy block; in a protected block
    only for push-in."""
    errors = []
    attending: dict[tuple[str, tuple[int, str]], list[_Session]] = defaultdict(list)
    for s in sessions:
        if s.delivery == "consult":
            continue
        for code in s.students:
            attending[code, s.day].append(s)
            for block in bundle.blocks_of_student(code, s.week, s.weekday, "busy"):
                if _overlap(block, s.span):
                    errors.append(f"rule 4: {s}: {code} is busy {_text(block[0])}")
            if s.delivery != "push_in":
                for block in bundle.blocks_of_student(code, s.week, s.weekday, "protected"):
                    if _overlap(block, s.span):
                        errors.append(f"rule 4: {s}: {code} is in protected time {_text(block[0])}")
    for (code, _weekday), found in sorted(attending.items()):
        found.sort(key=lambda s: s.start)
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                if _overlap(a.span, b.span):
                    errors.append(f"rule 4: {code} is in {a} and {b} at once")
    return errors


def _consult(bundle: Bundle, sessions: list[_Session]) -> list[str]:
    """Rule 5: a consult holds one consult line, no student, outside the teacher's
    busy blocks; consult lines only in consult sessions."""
    errors = []
    for s in sessions:
        consults = [j for j in s.services if bundle.lines[j].delivery == "consult"]
        if s.delivery != "consult":
            if consults:
                errors.append(f"rule 5: {s} is {s.delivery} but serves consult lines {consults}")
            continue
        if s.students or len(s.services) != 1 or len(consults) != 1:
            errors.append(f"rule 5: {s}: a consult holds one consult line and no student")
            continue
        teacher = bundle.students[bundle.lines[consults[0]].student]["teacher"]
        for block in bundle.teacher_busy(teacher, s.week, s.weekday):
            if _overlap(block, s.span):
                errors.append(f"rule 5: {s}: teacher {teacher} is busy {_text(block[0])}")
    return errors


def _minutes_owed(
    bundle: Bundle,
    document: dict[str, Any],
    sessions: list[_Session],
    therapist_of: dict[str, str],
    first_day: dt.date,
    weeks: int = 1,
) -> list[str]:
    """Rule 6: each line owed gets exactly its sessions of the cycle of its length and
    delivery, with the student's therapist, spread over the cycle's weeks as its period
    asks (`_per_week`), on different days; or none, listed as unscheduled with a reason."""
    errors = []
    placed: dict[str, list[_Session]] = defaultdict(list)
    for s in sessions:
        for j, times in Counter(s.services).items():
            if times > 1:
                errors.append(f"rule 6: {s} lists {j} {times} times")
        for j in set(s.services):
            placed[j].append(s)
    unscheduled = _unscheduled(bundle, document, errors)
    for j, line in sorted(bundle.lines.items()):
        owed = line.start <= bundle.year_end and line.end >= first_day
        owed = owed and line.per in ("week", "month")
        found = placed.get(j, [])
        if not owed:
            if found:
                errors.append(f"rule 6: {j} is not owed in the cycle but has sessions")
            continue
        if j in unscheduled:
            if found:
                errors.append(f"rule 6: {j} is unscheduled but has {len(found)} sessions")
            continue
        needed = line.in_cycle(weeks)
        if len(found) != needed:
            a_week = "a week" if weeks == 1 else f"in the {weeks}-week cycle"
            errors.append(
                f"rule 6: {j} needs {needed} sessions {a_week}, has {len(found)} "
                f"and is not listed unscheduled"
            )
        therapist = therapist_of.get(line.student)
        for s in found:
            if s.end - s.start != line.length:
                errors.append(f"rule 6: {s} lasts {s.end - s.start} min, {j} needs {line.length}")
            if s.delivery != line.delivery:
                errors.append(f"rule 6: {s} is {s.delivery}, {j} is {line.delivery}")
            if s.therapist != therapist:
                errors.append(f"rule 6: {s}: {line.student}'s therapist is {therapist}")
        if therapist is not None and len(found) == needed:
            errors += _per_week(bundle, line, found, therapist, weeks)
        if math.ceil(needed / weeks) <= len(bundle.school_days):
            for day, times in Counter(s.day for s in found).items():
                if times > 1:
                    errors.append(f"rule 6: {j} has {times} sessions on {_day_text(day)}")
    return errors


def _per_week(
    bundle: Bundle, line: Line, found: list[_Session], therapist: str, weeks: int
) -> list[str]:
    """A weekly line: its weekly sessions every cycle week; on 3:1 (direct lines), none
    in the off weeks and the cycle's sessions as evenly as they go over the others. A
    monthly line: no week more than an even share over the weeks it may use."""
    off = bundle.off_weeks(therapist, weeks) if line.delivery != "consult" else set()
    direct = [w for w in range(1, weeks + 1) if w not in off]
    if weeks == 1 and not off:
        return []
    needed = line.in_cycle(weeks)
    in_week = Counter(s.week for s in found)
    errors = []
    for week in range(1, weeks + 1):
        if week in off:
            low = high = 0
        elif line.per == "week":
            low, high = needed // len(direct), math.ceil(needed / len(direct))
        else:
            low, high = 0, math.ceil(needed / len(direct)) if direct else 0
        if not low <= in_week[week] <= high:
            errors.append(
                f"rule 6: {line.id} has {in_week[week]} sessions in cycle week {week}, "
                f"not {low}" + (f" to {high}" if high != low else "")
            )
    return errors


def _unscheduled(
    bundle: Bundle, document: dict[str, Any], errors: list[str]
) -> dict[str, dict[str, str]]:
    unscheduled: dict[str, dict[str, str]] = {}
    for item in document["unscheduled"]:
        j = item["service"]
        if j in unscheduled:
            errors.append(f"rule 6: {j} is listed unscheduled twice")
        unscheduled[j] = item
        if j not in bundle.lines:
            errors.append(f"rule 6: unscheduled line {j} does not exist")
            continue
        if item.get("student") != bundle.lines[j].student:
            errors.append(f"rule 6: unscheduled {j} names student {item.get('student')}")
        if not str(item.get("reason", "")).strip():
            errors.append(f"rule 6: unscheduled {j} has no reason")
    return unscheduled


def _groups(bundle: Bundle, sessions: list[_Session]) -> list[str]:
    """Rule 7: groups of group lines alike in delivery and length, one school, a small
    grade spread, within every max_group; push-in groups from one teacher."""
    errors = []
    for s in sessions:
        if len(s.services) < 2:
            continue
        lines = [bundle.lines[j] for j in s.services]
        students = [bundle.students[line.student] for line in lines]
        if not all(line.group for line in lines):
            errors.append(f"rule 7: {s} groups a line that is individual")
        if len({line.delivery for line in lines}) > 1:
            errors.append(f"rule 7: {s} mixes deliveries")
        if len({line.length for line in lines}) > 1:
            errors.append(f"rule 7: {s} mixes session lengths")
        if len({st["school"] for st in students}) > 1:
            errors.append(f"rule 7: {s} mixes schools")
        ranks = [GRADE_RANK[st["grade"]] for st in students]
        if max(ranks) - min(ranks) > bundle.grade_span:
            errors.append(f"rule 7: {s} spreads grades more than {bundle.grade_span}")
        if len(lines) > min(line.max_group for line in lines):
            errors.append(f"rule 7: {s} is larger than a student's max_group")
        if s.delivery == "push_in" and len({st["teacher"] for st in students}) > 1:
            errors.append(f"rule 7: {s} is a push-in group of several teachers")
    return errors

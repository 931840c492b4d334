"""Generate a realistic district bundle (the CSV files of the bundle spec).

Each concern draws from its own random stream derived from the seed, so one seed
always gives the same files, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from schoolot.bundle.csv_cells import write_csv
from schoolot.bundle.spec import FILES, column_names
from schoolot.generator import caseload, cycle_weeks, geography, profiles, school_day, school_year
from schoolot.generator.names import (
    DISTRICT_NAMES,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    NAME_PREFIXES,
    OTHER_SERVICES,
    SCHOOL_NAMES,
    STREETS,
    TIMEZONES,
)
from schoolot.generator.school_day import hhmm

SCHOOL_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
LEVEL_GRADES = {
    "E": ("K", "1", "2", "3", "4", "5"),
    "M": ("6", "7", "8"),
    "H": ("9", "10", "11", "12"),
}
LEVEL_TITLE = {"E": "Elementary", "M": "Middle School", "H": "High School"}
# Students enrolled per school (whole school), by level.
ENROLMENT = {"E": (350, 650), "M": (550, 950), "H": (900, 1700)}
# Relative share of each grade's enrolment on an OT caseload: highest in the early
# grades, when motor and self-care skills are still developing.
OT_PREVALENCE = {
    "PK": 2.0, "K": 1.6, "1": 1.5, "2": 1.3, "3": 1.0, "4": 0.8, "5": 0.7, "6": 0.45,
    "7": 0.4, "8": 0.35, "9": 0.25, "10": 0.22, "11": 0.2, "12": 0.18,
}  # fmt: skip
UNPINNED_SHARE = 0.12  # students left for the coordinator or the scheduler to assign
COORDINATOR_EMAIL = f"coordinator@{EMAIL_DOMAIN}"


@dataclass
class SchoolPlan:
    code: str
    name: str
    level: str
    grades: tuple[str, ...]
    day: tuple[int, int]
    position: tuple[float, float]
    address: str
    enrolment: int


@dataclass
class TeacherPlan:
    code: str
    name: str
    school: int
    grade: str
    room: str
    index: int  # the classroom's number within its grade


@dataclass
class StudentPlan:
    code: str
    first_name: str
    last_name: str
    grade: str
    school: int
    teacher: int
    iep_start: dt.date
    iep_end: dt.date
    lines: list[caseload.LinePlan] = field(default_factory=list)
    therapist: int | None = None
    pinned: bool = True


@dataclass
class TherapistPlan:
    code: str
    name: str
    role: str
    fte: float
    schools: list[int]
    days: tuple[str, ...]
    target_load: float = 0.0  # the oversubscribed profile's planned load


def generate_district(
    out_dir: str | os.PathLike[str],
    schools: int,
    therapists: int,
    students: int,
    seed: int,
    profile: str = "balanced",
    open_caseloads: bool = False,
    cycle: bool = False,
) -> None:
    """Write a district bundle (district.csv ... equipment.csv) into `out_dir`.

    `profile` is one of `profiles.PROFILES` (see there); `open_caseloads` (with the
    oversubscribed profile only) leaves every student unpinned and lets every
    therapist serve every school, the same district otherwise. `cycle` makes it a
    district of a 4-week cycle (schoolot/generator/cycle_weeks.py: A/B specials,
    monthly consults, a 3:1 therapist).

    Raises ValueError when the sizes cannot make a realistic district (fewer than
    one school or therapist, or more schools than the therapists can serve at six
    schools each), or for an unknown profile.
    """
    if schools < 1 or therapists < 1 or students < 0:
        raise ValueError("a district needs at least one school and one therapist")
    if schools > geography.MAX_SCHOOLS_PER_THERAPIST * therapists:
        raise ValueError(
            f"{therapists} therapists cannot serve {schools} schools: a therapist serves at "
            f"most {geography.MAX_SCHOOLS_PER_THERAPIST}, so use at least "
            f"{math.ceil(schools / geography.MAX_SCHOOLS_PER_THERAPIST)} therapists"
        )
    files = build_bundle(
        schools,
        therapists,
        students,
        seed,
        profile=profile,
        open_caseloads=open_caseloads,
        cycle=cycle,
    )
    path = Path(out_dir)
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with open(path / name, "w", newline="", encoding="utf-8") as handle:
            write_csv(handle, rows)


def build_bundle(
    school_count: int,
    therapist_count: int,
    student_count: int,
    seed: int,
    year: int = 2026,
    profile: str = "balanced",
    open_caseloads: bool = False,
    cycle: bool = False,
) -> dict[str, list[tuple]]:
    """The bundle's files as {file name: rows, header first}: the whole district,
    built in memory (see `generate_district` for `profile` and `open_caseloads`)."""
    if profile not in profiles.PROFILES:
        raise ValueError(f"unknown profile {profile!r}: choose {', '.join(profiles.PROFILES)}")
    if open_caseloads and profile != "oversubscribed":
        raise ValueError("open caseloads are a trait of the oversubscribed profile")

    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    traits = profiles.draw_traits(stream("profile")) if profile == "oversubscribed" else None
    emails = _EmailBook()
    schools = _schools(school_count, stream("schools"), traits.spread if traits else 1.0)
    if traits:
        pairs = geography.travel_pairs(
            [s.position for s in schools], profiles.DRIVE_MINUTES[1], profiles.DRIVE_MINUTES[0]
        )
    else:
        pairs = geography.travel_pairs([s.position for s in schools])
    teachers = _teachers(schools, emails, stream("teachers"))
    if traits:
        days, classrooms, block_rows = _packed_blocks(schools, teachers, stream("blocks"))
        therapists = _oversubscribed_staff(
            therapist_count, schools, pairs, emails, traits, stream("staff")
        )
        weights = _school_weights(schools, therapists)
    else:
        days, classrooms, block_rows = _blocks(schools, teachers, stream("blocks"))
        weights = None
    students = _students(student_count, schools, teachers, year, stream("students"), weights)
    codes = (f"SV{n}" for n in itertools.count(10001))
    line_rng = stream("services")
    monthly_share = traits.monthly_share if traits else 0.2
    for student in students:
        level = schools[student.school].level
        student.lines = caseload.service_lines(
            student.code, student.grade, level, lambda: next(codes), line_rng, monthly_share
        )
        if line_rng.random() < 0.05:
            # A service that began a few weeks after the IEP meeting.
            start = student.iep_start + dt.timedelta(days=line_rng.randrange(14, 60))
            student.lines[0].start = start.isoformat()
    if traits:
        _pin_caseloads(therapists, schools, students, stream("caseloads"))
        # Working hours follow the home schools, open caseloads or not.
        hours = _hours_rows(therapists, schools, students, stream("hours"))
        if open_caseloads:
            for therapist in therapists:
                therapist.schools = list(range(len(schools)))
            for student in students:
                student.pinned = False
    else:
        therapists = _therapists(therapist_count, schools, students, pairs, emails, stream("staff"))
        hours = _hours_rows(therapists, schools, students, stream("hours"))
    block_rows += _student_blocks(students, teachers, days, classrooms, stream("other services"))

    closed = school_year.closed_days(year, stream("calendar"))
    everyone, conferences = school_year.early_release_dates(
        year, {c.date for c in closed}, stream("early release")
    )
    year_start, year_end = school_year.year_bounds(year)
    district_rng = stream("district")
    district = (
        district_rng.choice(DISTRICT_NAMES),
        district_rng.choice(TIMEZONES),
        year_start.isoformat(),
        year_end.isoformat(),
        " ".join(SCHOOL_DAYS),
        profiles.LUNCH_MINUTES,
        "11:00-13:30",
        1,
    )
    rows: dict[str, list] = {
        "district.csv": [district],
        "schools.csv": [
            (s.code, s.name, hhmm(s.day[0]), hhmm(s.day[1]), s.address) for s in schools
        ],
        "travel.csv": [(schools[i].code, schools[j].code, m) for (i, j), m in pairs.items()],
        "calendar.csv": _calendar_rows(schools, closed, everyone, conferences),
        "therapists.csv": [
            (t.code, t.name, t.role, f"{t.fte:.1f}", " ".join(schools[s].code for s in t.schools))
            for t in therapists
        ],
        "therapist_hours.csv": hours,
        "teachers.csv": [
            (t.code, t.name, schools[t.school].code, t.grade, t.room) for t in teachers
        ],
        "blocks.csv": [
            (b.school, b.scope, b.target, b.weekday, hhmm(b.start), hhmm(b.end), b.kind, b.label)
            for b in block_rows
        ],
        "students.csv": [
            {
                "id": s.code,
                "first_name": s.first_name,
                "last_name": s.last_name,
                "grade": s.grade,
                "school": schools[s.school].code,
                "teacher": teachers[s.teacher].code,
                "therapist": (
                    therapists[s.therapist].code if s.pinned and s.therapist is not None else ""
                ),
                "iep_start": s.iep_start.isoformat(),
                "iep_end": s.iep_end.isoformat(),
            }
            for s in students
        ],
        "services.csv": [
            (
                line.code,
                line.student,
                line.minutes,
                line.per,
                line.session_minutes,
                line.delivery,
                line.grouping,
                line.max_group or "",
                line.start,
                "",
            )
            for s in students
            for line in s.lines
        ],
        "goals.csv": _goal_rows(students, schools, stream("goals")),
        "equipment.csv": _equipment_rows(students, stream("equipment")),
    }
    files = {
        name: [tuple(column_names(name)), *(_in_order(name, row) for row in rows[name])]
        for name in FILES
    }
    return cycle_weeks.add_cycle(files, stream("cycle")) if cycle else files


def _in_order(file: str, row: tuple | dict[str, object]) -> tuple:
    """A row in the spec's column order: a dict by column name (a column it lacks is
    empty), or a tuple already in that order."""
    if isinstance(row, dict):
        return tuple(row.get(name, "") for name in column_names(file))
    return row


class _EmailBook:
    """Unique staff emails, first.last@domain, with a number when a name repeats."""

    def __init__(self) -> None:
        self.used = {COORDINATOR_EMAIL}

    def person(self, rng: random.Random) -> tuple[str, str]:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = f"{first}.{last}".lower()
        email = f"{base}@{EMAIL_DOMAIN}"
        n = 2
        while email in self.used:
            email = f"{base}{n}@{EMAIL_DOMAIN}"
            n += 1
        self.used.add(email)
        return email, f"{first} {last}"


def _level_counts(n: int) -> dict[str, int]:
    """About 60% elementary, 22% middle and 18% high schools, as in US districts."""
    if n == 1:
        return {"E": 1, "M": 0, "H": 0}
    if n == 2:
        return {"E": 1, "M": 1, "H": 0}
    high = max(1, round(n * 0.18))
    middle = max(1, round(n * 0.22))
    return {"E": n - high - middle, "M": middle, "H": high}


def _schools(count: int, rng: random.Random, spread: float = 1.0) -> list[SchoolPlan]:
    """Schools in feeder-pattern clusters (a high school, its middle and elementary
    schools), with names, bell times and enrolment; `spread` scales the distances."""
    levels = _level_counts(count)
    clusters = max(1, levels["H"])
    centres = geography.place_clusters(clusters, rng, 16.0 * spread)
    names = list(SCHOOL_NAMES)
    rng.shuffle(names)
    plans: list[SchoolPlan] = []
    for level in ("E", "M", "H"):
        for k in range(levels[level]):
            cluster = k % clusters
            # The high school sits near the centre.
            sigma = (1.5 if level == "H" else 3.5) * spread
            cx, cy = centres[cluster]
            position = (round(rng.gauss(cx, sigma), 2), round(rng.gauss(cy, sigma), 2))
            base = names[len(plans) % len(names)]
            round_ = len(plans) // len(names)
            if round_:
                base = f"{NAME_PREFIXES[(round_ - 1) % len(NAME_PREFIXES)]} {base}"
            name = f"{base} {LEVEL_TITLE[level]}"
            grades = LEVEL_GRADES[level]
            if level == "E" and rng.random() < 0.5:
                grades = ("PK", *grades)
            plans.append(
                SchoolPlan(
                    code=f"{level}{k + 1:03d}",
                    name=name,
                    level=level,
                    grades=grades,
                    day=school_day.bell_times(level, rng),
                    position=position,
                    address=f"{rng.randrange(100, 9900, 5)} {rng.choice(STREETS)}",
                    enrolment=rng.randint(*ENROLMENT[level]),
                )
            )
    return plans


def _teachers(schools: list[SchoolPlan], emails: _EmailBook, rng: random.Random):
    """2 to 4 homeroom classrooms per grade in each school, each with a room."""
    teachers: list[TeacherPlan] = []
    for s, school in enumerate(schools):
        for row, grade in enumerate(school.grades):
            for index in range(rng.randint(2, 4)):
                code, name = emails.person(rng)
                if grade in ("PK", "K"):
                    room = f"{grade}{index + 1}"
                elif school.level == "E":
                    room = f"{grade}{index + 1:02d}"
                else:  # upper schools: a wing per grade
                    room = f"{'ABCD'[row]}{100 + 2 * index + 1}"
                teachers.append(TeacherPlan(code, name, s, grade, room, index))
    return teachers


def _blocks(schools: list[SchoolPlan], teachers: list[TeacherPlan], rng: random.Random):
    """Every school's blocks; returns (school days, classroom days by teacher, rows)."""
    days = [
        school_day.school_blocks(s.code, s.level, s.grades, s.day, SCHOOL_DAYS, rng)
        for s in schools
    ]
    classrooms = [
        school_day.classroom_blocks(days[t.school], t.code, t.grade, t.index, rng) for t in teachers
    ]
    rows = [row for day in days for row in day.rows]
    return days, classrooms, rows


def _students(
    count: int,
    schools: list[SchoolPlan],
    teachers: list[TeacherPlan],
    year: int,
    rng: random.Random,
    school_weights: list[float] | None = None,
) -> list[StudentPlan]:
    """Students spread over schools and grades by enrolment and OT prevalence (times
    `school_weights`, if given), each in a homeroom of their grade, with an IEP in
    force that began within the last year."""
    cells = [(s, g) for s, school in enumerate(schools) for g in school.grades]
    weights = []
    for s, g in cells:
        per_grade = schools[s].enrolment / len(schools[s].grades)
        if g == "PK":
            per_grade /= 2  # pre-K classes are smaller
        weight = per_grade * OT_PREVALENCE[g] * rng.uniform(0.7, 1.3)
        weights.append(weight * school_weights[s] if school_weights else weight)
    counts = _largest_remainder(count, weights)
    rooms: dict[tuple[int, str], list[int]] = {}
    for t, teacher in enumerate(teachers):
        rooms.setdefault((teacher.school, teacher.grade), []).append(t)
    iep_days = _iep_start_days(year)
    students = []
    serial = itertools.count(100001)
    for (s, grade), n in zip(cells, counts, strict=True):
        for _ in range(n):
            start = rng.choice(iep_days)
            students.append(
                StudentPlan(
                    code=f"S{next(serial)}",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    grade=grade,
                    school=s,
                    teacher=rng.choice(rooms[(s, grade)]),
                    iep_start=start,
                    iep_end=_one_year_later(start) - dt.timedelta(days=1),
                )
            )
    return students


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers."""
    scale = sum(weights)
    shares = [total * w / scale for w in weights]
    counts = [math.floor(x) for x in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _iep_start_days(year: int) -> list[dt.date]:
    """School days on which the IEPs in force at the start of `year` could have been
    written: over the previous school year (not in summer) and the first weeks."""
    _, previous_end = school_year.year_bounds(year - 1)
    start, _ = school_year.year_bounds(year)
    first = start - dt.timedelta(days=330)
    days = school_year.weekdays_between(first, start + dt.timedelta(days=45))
    return [d for d in days if not previous_end < d < start]


def _one_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _therapists(
    count: int,
    schools: list[SchoolPlan],
    students: list[StudentPlan],
    pairs: dict[tuple[int, int], int],
    emails: _EmailBook,
    rng: random.Random,
) -> list[TherapistPlan]:
    """Therapists with FTE, role and schools; plans who serves each student, trims
    caseloads over budget and leaves a share of students unpinned."""
    ftes = [1.0] + [_weighted_fte(rng) for _ in range(count - 1)]
    demand = [0.0] * len(schools)
    for student in students:
        demand[student.school] += sum(line.therapist_minutes for line in student.lines)
    if not any(demand):
        demand = [1.0] * len(schools)
    served = geography.territories(demand, [s.position for s in schools], pairs, ftes, rng)
    therapists = []
    for t in range(count):
        code, name = emails.person(rng)
        role = "COTA" if t > 0 and rng.random() < 0.2 else "OT"
        therapists.append(
            TherapistPlan(code, name, role, ftes[t], served[t], _working_days(ftes[t], rng))
        )
    servers: list[list[int]] = [[] for _ in schools]
    for t, therapist in enumerate(therapists):
        for s in therapist.schools:
            servers[s].append(t)
    weights = [
        (st.code, st.school, sum(line.therapist_minutes for line in st.lines)) for st in students
    ]
    plan = caseload.assign(weights, servers, ftes)
    for student in students:
        student.therapist = plan[student.code]
    for t, therapist in enumerate(therapists):
        lines = [line for st in students if st.therapist == t for line in st.lines]
        caseload.lighten_to_budget(lines, therapist.fte, rng)
    for student in rng.sample(students, round(len(students) * UNPINNED_SHARE)):
        student.pinned = False
    return therapists


def _oversubscribed_staff(
    count: int,
    schools: list[SchoolPlan],
    pairs: dict[tuple[int, int], int],
    emails: _EmailBook,
    traits: profiles.Traits,
    rng: random.Random,
) -> list[TherapistPlan]:
    """The oversubscribed profile's therapists: FTE 0.6-1.0, one therapist per school,
    each with the load their caseload will be fitted to."""
    ftes = [profiles.draw_fte(rng) for _ in range(count)]
    positions = [s.position for s in schools]
    served = profiles.partition(positions, ftes, geography.MAX_SCHOOLS_PER_THERAPIST, rng)
    shortest = profiles.DRIVE_MINUTES[0]
    for own in served:
        # A therapist can drive between any two of their schools (a rural posting).
        for i, j in itertools.combinations(own, 2):
            pairs.setdefault(
                (i, j), max(shortest, geography.drive_minutes(positions[i], positions[j]))
            )
    targets = profiles.target_loads(count, traits, rng)
    therapists = []
    for t in range(count):
        code, name = emails.person(rng)
        role = "COTA" if t > 0 and rng.random() < 0.2 else "OT"
        days = _working_days(ftes[t], rng)
        therapists.append(TherapistPlan(code, name, role, ftes[t], served[t], days, targets[t]))
    pairs_sorted = dict(sorted(pairs.items()))
    pairs.clear()
    pairs.update(pairs_sorted)
    return therapists


def _school_weights(schools: list[SchoolPlan], therapists: list[TherapistPlan]) -> list[float]:
    """How much more (or less) of each school's enrolment is on an OT caseload, so each
    therapist's students come near the minutes their planned load asks for."""
    base = [
        school.enrolment / len(school.grades) * sum(OT_PREVALENCE[g] for g in school.grades)
        for school in schools
    ]
    asked = [0.0] * len(schools)
    for therapist in therapists:
        minutes = therapist.target_load * profiles.weekly_capacity(len(therapist.days))
        enrolled = sum(base[s] for s in therapist.schools)
        for s in therapist.schools:
            asked[s] += minutes / enrolled
    average = sum(a * b for a, b in zip(asked, base, strict=True)) / sum(base)
    return [a / average for a in asked]


def _pin_caseloads(
    therapists: list[TherapistPlan],
    schools: list[SchoolPlan],
    students: list[StudentPlan],
    rng: random.Random,
) -> None:
    """Pin every student to their school's therapist (one of them, where a school has
    several), then make each caseload's lines heavier or lighter, a step at a time on
    random lines, until the therapist's load reaches its planned value."""
    servers: list[list[int]] = [[] for _ in schools]
    for t, therapist in enumerate(therapists):
        for s in therapist.schools:
            servers[s].append(t)
    for student in students:
        student.therapist = rng.choice(servers[student.school])
    for t, therapist in enumerate(therapists):
        lines = [(line, st.grade) for st in students if st.therapist == t for line in st.lines]
        goal = therapist.target_load * profiles.weekly_capacity(len(therapist.days))
        _fit_load(lines, goal, rng)


def _fit_load(lines: list[tuple[caseload.LinePlan, str]], goal: float, rng: random.Random) -> None:
    """Make (line, grade)s heavier or lighter, a step at a time on random lines,
    until their therapist minutes reach `goal` (or no line can move further)."""

    def load() -> float:
        return sum(line.therapist_minutes for line, _ in lines)

    heavier = load() < goal
    movable = list(lines)
    while movable and (load() < goal if heavier else load() > goal):
        line, grade = rng.choice(movable)
        if not (line.heavier(grade, rng) if heavier else line.lighter(rng)):
            movable.remove((line, grade))


def _weighted_fte(rng: random.Random) -> float:
    """Most therapists are full time; some work 0.8 (four days) or 0.6 (three)."""
    return rng.choices((1.0, 0.8, 0.6), weights=(75, 15, 10))[0]


def _working_days(fte: float, rng: random.Random) -> tuple[str, ...]:
    if fte >= 1.0:
        return SCHOOL_DAYS
    if fte >= 0.8:
        off = rng.choice(("Mon", "Fri"))
        return tuple(d for d in SCHOOL_DAYS if d != off)
    return rng.choice(
        (("Mon", "Tue", "Wed"), ("Wed", "Thu", "Fri"), ("Mon", "Wed", "Fri"), ("Tue", "Wed", "Thu"))
    )


def _hours_rows(
    therapists: list[TherapistPlan],
    schools: list[SchoolPlan],
    students: list[StudentPlan],
    rng: random.Random,
) -> list[tuple]:
    """Eight-hour days starting a little before the earliest bell of their schools;
    some therapists spend a fixed weekday at their busiest school."""
    rows: list[tuple] = []
    for t, therapist in enumerate(therapists):
        earliest = min(schools[s].day[0] for s in therapist.schools)
        start = max(7 * 60, (earliest - 15) // 15 * 15)
        load = dict.fromkeys(therapist.schools, 0.0)
        for student in students:
            if student.therapist == t:
                load[student.school] += sum(line.therapist_minutes for line in student.lines)
        busiest = max(therapist.schools, key=lambda s: (load[s], -s))
        share = load[busiest] / (sum(load.values()) or 1)
        pinned: dict[str, int] = {}
        if len(therapist.schools) >= 2 and len(therapist.days) >= 3 and rng.random() < 0.4:
            # A day pinned to a school is a whole day there: only worth it with enough work.
            pin_count = 2 if share >= 0.6 and len(therapist.days) >= 4 else 1
            if share >= 0.3:
                for weekday in rng.sample(therapist.days, pin_count):
                    pinned[weekday] = busiest
        free_days = [d for d in therapist.days if d not in pinned]
        if free_days:
            rows.append((therapist.code, " ".join(free_days), hhmm(start), hhmm(start + 480), ""))
        for weekday in therapist.days:
            if weekday in pinned:
                school = schools[pinned[weekday]]
                rows.append((therapist.code, weekday, hhmm(start), hhmm(start + 480), school.code))
    return rows


def _packed_blocks(schools: list[SchoolPlan], teachers: list[TeacherPlan], rng: random.Random):
    """The oversubscribed profile's blocks: school-wide ones, then each classroom's
    whole day (lunch, recess and specials included) with two or three free stretches."""
    days = [
        school_day.school_blocks(
            s.code, s.level, s.grades, s.day, SCHOOL_DAYS, rng, grade_blocks=False
        )
        for s in schools
    ]
    classrooms = [
        school_day.packed_classroom_blocks(
            days[t.school], t.code, t.grade, t.index, rng.choice((2, 3)), rng
        )
        for t in teachers
    ]
    rows = [row for day in days for row in day.rows]
    return days, classrooms, rows


def _student_blocks(
    students: list[StudentPlan],
    teachers: list[TeacherPlan],
    days: list[school_day.SchoolDay],
    classrooms: list[school_day.ClassroomDay],
    rng: random.Random,
) -> list[school_day.BlockRow]:
    """Other providers' sessions (speech, counselling...) for about a quarter of students."""
    rows = []
    for student in students:
        if rng.random() >= 0.25:
            continue
        day = days[student.school]
        offered = [s for s in OTHER_SERVICES if day.level in s[3]]
        picks = rng.sample(offered, rng.choice((1, 1, 2)))
        labels = set()
        services = []
        for label, minutes, per_week, _levels in picks:
            if label not in labels:  # speech once, not twice
                labels.add(label)
                services.append((label, minutes, per_week))
        rows += school_day.student_service_blocks(
            day, classrooms[student.teacher], student.grade, student.code, services, rng
        )
    return rows


def _goal_rows(students: list[StudentPlan], schools: list[SchoolPlan], rng: random.Random):
    return [
        row
        for s in students
        for row in caseload.goals(s.code, s.grade, schools[s.school].level, rng)
    ]


def _equipment_rows(students: list[StudentPlan], rng: random.Random):
    return [row for s in students for row in caseload.equipment(s.code, rng)]


def _calendar_rows(
    schools: list[SchoolPlan],
    closed: list[school_year.ClosedDay],
    everyone: list[tuple[dt.date, str]],
    conferences: list[tuple[dt.date, str]],
) -> list[tuple]:
    """Closed days for every school; early release per school, since each school's
    bell schedule sets its own early dismissal time."""
    rows = [(c.date.isoformat(), "", "closed", "", c.note) for c in closed]
    early = []
    for school in schools:
        start, end = school.day
        release = max(start + 180, end - 150)
        dates = everyone + (conferences if school.level != "H" else [])
        for day, note in dates:
            ends = end - 120 if note == "Last day of school" else release
            early.append((day.isoformat(), school.code, "early_release", hhmm(ends), note))
    rows += sorted(early)
    return rows

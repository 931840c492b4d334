"""Bell schedules and the blocks of a school day: when students are not free for therapy.

Times are minutes since midnight. Elementary schools get arrival, morning recess
for the youngest grades, lunch and recess staggered by grade, and per classroom an
ELA and a math block (protected) and a special each weekday (busy). Middle and high
schools get advisory, lunch waves by grade, and the same per-homeroom blocks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from schoolot.generator.names import SPECIALS

Span = tuple[int, int]

# Bell-time tiers by level, (start, end) in minutes: high schools start first so
# buses can run three routes; each school picks one tier of its level.
BELL_TIERS: dict[str, tuple[Span, ...]] = {
    "H": ((7 * 60 + 15, 14 * 60 + 15), (7 * 60 + 20, 14 * 60 + 25), (7 * 60 + 30, 14 * 60 + 30)),
    "M": ((7 * 60 + 50, 14 * 60 + 50), (8 * 60, 15 * 60), (8 * 60 + 15, 15 * 60 + 15)),
    "E": (
        (7 * 60 + 45, 14 * 60 + 45),
        (8 * 60 + 15, 15 * 60 + 15),
        (8 * 60 + 45, 15 * 60 + 45),
        (9 * 60, 15 * 60 + 30),
    ),
}
YOUNG_GRADES = ("PK", "K", "1", "2")


@dataclass(frozen=True)
class BlockRow:
    """One row of blocks.csv."""

    school: str
    scope: str
    target: str
    weekday: str
    start: int
    end: int
    kind: str
    label: str


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def bell_times(level: str, rng: random.Random) -> Span:
    return rng.choice(BELL_TIERS[level])


def place(
    busy: list[Span],
    duration: int,
    earliest: int,
    latest_end: int,
    rng: random.Random,
    among_first: int | None = None,
) -> Span | None:
    """A free span of `duration` minutes on a 5-minute grid, or None.

    With `among_first`, the start is drawn from the first few free starts (so blocks
    cluster early but classrooms still differ); otherwise from all of them.
    """
    # Walk the gaps between busy spans (all on the 5-minute grid) in time order.
    starts: list[int] = []
    cursor = earliest + -earliest % 5
    for busy_start, busy_end in [*sorted(busy), (latest_end, latest_end)]:
        gap_end = min(busy_start, latest_end)
        starts.extend(range(cursor, gap_end - duration + 1, 5))
        cursor = max(cursor, busy_end + -busy_end % 5)
        if cursor >= latest_end:
            break
    if not starts:
        return None
    if among_first:
        starts = starts[:among_first]
    start = rng.choice(starts)
    return start, start + duration


@dataclass
class SchoolDay:
    """The blocks of one school, with enough structure to place more inside them."""

    code: str
    level: str
    grades: tuple[str, ...]
    start: int
    end: int
    school_days: tuple[str, ...]
    daily: list[Span]  # school-wide blocks on every day
    weekly: dict[str, list[Span]]  # school-wide blocks on one weekday
    by_grade: dict[str, list[Span]]
    rows: list[BlockRow]


def school_blocks(
    code: str,
    level: str,
    grades: tuple[str, ...],
    day: Span,
    school_days: tuple[str, ...],
    rng: random.Random,
    grade_blocks: bool = True,
) -> SchoolDay:
    """School-wide and grade blocks of one school; without `grade_blocks`, only the
    school-wide ones (lunch and recess are then each classroom's own)."""
    start, end = day
    rows: list[BlockRow] = []
    daily: list[Span] = []
    weekly: dict[str, list[Span]] = {d: [] for d in school_days}
    by_grade: dict[str, list[Span]] = {g: [] for g in grades}

    def add(scope: str, target: str, weekday: str, span: Span, kind: str, label: str) -> None:
        rows.append(BlockRow(code, scope, target, weekday, span[0], span[1], kind, label))

    opening = (start, start + 15) if level == "E" else (start, start + 20)
    add("school", "", "*", opening, "busy", "Arrival and breakfast" if level == "E" else "Advisory")
    daily.append(opening)
    assembly_day = rng.choice((school_days[0], school_days[-1]))
    if level == "E" and rng.random() < 0.5:
        assembly = (start + 15, start + 45)
    else:
        assembly = (end - 50, end - 5) if level != "E" else (end - 45, end - 15)
    add("school", "", assembly_day, assembly, "busy", "Assembly")
    weekly[assembly_day].append(assembly)

    if not grade_blocks:
        return SchoolDay(
            code, level, grades, start, end, school_days, daily, weekly, by_grade, rows
        )
    # Lunch (and, in elementary schools, recess) by grade, staggered through midday.
    first_lunch = min(max(start + 135, 10 * 60 + 40), 11 * 60 + 15)
    if level == "E":
        stagger = 20 if len(grades) >= 6 else 25
        recess_first = rng.random() < 0.4  # "recess before lunch" schools
        for i, grade in enumerate(grades):
            slot = first_lunch + i * stagger
            lunch, recess = (slot, slot + 30), (slot + 30, slot + 50)
            if recess_first:
                recess, lunch = (slot, slot + 20), (slot + 20, slot + 50)
            add("grade", grade, "*", lunch, "busy", "Lunch")
            add("grade", grade, "*", recess, "busy", "Recess")
            by_grade[grade] += [lunch, recess]
            if grade in YOUNG_GRADES:
                morning = (start + 105 + 15 * (i % 2), start + 120 + 15 * (i % 2))
                add("grade", grade, "*", morning, "busy", "Morning recess")
                by_grade[grade].append(morning)
    else:
        for i, grade in enumerate(grades):
            lunch = (first_lunch + 35 * i, first_lunch + 35 * i + 30)
            add("grade", grade, "*", lunch, "busy", "Lunch")
            by_grade[grade].append(lunch)
    return SchoolDay(code, level, grades, start, end, school_days, daily, weekly, by_grade, rows)


@dataclass
class ClassroomDay:
    """One classroom's own blocks: ELA and math every day, a special each weekday."""

    core: list[Span]
    specials: dict[str, Span]


def classroom_blocks(
    day: SchoolDay, teacher: str, grade: str, index: int, rng: random.Random
) -> ClassroomDay:
    """Place a classroom's ELA, math and specials around the school and grade blocks,
    adding their rows to `day.rows`."""
    taken = day.daily + day.by_grade[grade]
    young = grade == "PK"
    if day.level == "E":
        ela_minutes, math_minutes, special_minutes = (45, 30, 30) if young else (90, 60, 45)
    else:
        ela_minutes, math_minutes, special_minutes = 55, 55, 50
    # ELA in the morning, early, but classrooms of one grade start it a little apart.
    ela = place(taken, ela_minutes, day.start, day.start + 240, rng, among_first=6)
    ela = ela or place(taken, ela_minutes, day.start, day.end, rng)
    assert ela is not None, "a school day always has room for ELA"
    math = place([*taken, ela], math_minutes, day.start, day.end, rng)
    assert math is not None, "a school day always has room for math"
    core = [ela, math]
    for span, label in ((ela, "ELA block"), (math, "Math block")):
        day.rows.append(
            BlockRow(day.code, "teacher", teacher, "*", span[0], span[1], "protected", label)
        )
    rotation = SPECIALS[day.level]
    specials: dict[str, Span] = {}
    for d, weekday in enumerate(day.school_days):
        busy = taken + core + day.weekly[weekday]
        special = place(busy, special_minutes, day.start + 15, day.end, rng)
        if special is None:
            continue
        specials[weekday] = special
        label = rotation[(d + index) % len(rotation)]
        day.rows.append(
            BlockRow(day.code, "teacher", teacher, weekday, special[0], special[1], "busy", label)
        )
    return ClassroomDay(core, specials)


def student_service_blocks(
    day: SchoolDay,
    classroom: ClassroomDay,
    grade: str,
    student: str,
    services: list[tuple[str, int, int]],
    rng: random.Random,
) -> list[BlockRow]:
    """Rows for a student's other services (speech, counselling...): (label, minutes,
    days a week) each, at the same time on each of its days where possible."""
    rows: list[BlockRow] = []
    own: dict[str, list[Span]] = {d: [] for d in day.school_days}
    for label, minutes, per_week in services:
        weekdays = sorted(
            rng.sample(day.school_days, min(per_week, len(day.school_days))),
            key=day.school_days.index,
        )

        def busy_on(weekday: str) -> list[Span]:
            special = classroom.specials.get(weekday)
            return (
                day.daily
                + day.by_grade[grade]
                + classroom.core
                + day.weekly[weekday]
                + ([special] if special else [])
                + own[weekday]
            )

        together = [span for weekday in weekdays for span in busy_on(weekday)]
        span = place(together, minutes, day.start + 15, day.end - 5, rng)
        if span is not None:
            placements = [(" ".join(weekdays), span, weekdays)]
        else:
            placements = []
            for weekday in weekdays:
                alone = place(busy_on(weekday), minutes, day.start + 15, day.end - 5, rng)
                if alone is not None:
                    placements.append((weekday, alone, [weekday]))
        for cell, span, days in placements:
            rows.append(
                BlockRow(day.code, "student", student, cell, span[0], span[1], "busy", label)
            )
            for weekday in days:
                own[weekday].append(span)
    return rows


# A stretch shorter than the shortest session is no use for therapy.
USEFUL_STRETCH_MINUTES = 20


def packed_classroom_blocks(
    day: SchoolDay, teacher: str, grade: str, index: int, stretches: int, rng: random.Random
) -> ClassroomDay:
    """A classroom's whole day as its own blocks (ELA, math and, half the time,
    another core subject protected; lunch, recess and a daily special busy), laid end
    to end with `stretches` free stretches of at least USEFUL_STRETCH_MINUTES between
    them; adds their rows to `day.rows`."""
    opening_end = max((end for start, end in day.daily if start == day.start), default=day.start)
    usable = day.end - opening_end
    young = grade in ("PK", "K")
    if day.level == "E":
        ela = rng.choice((45, 60)) if young else rng.choice((90, 105, 120))
        math_minutes = 30 if young else rng.choice((60, 75))
        special, lunch, recess, other = (30 if young else 45), 30, 20, rng.choice((30, 45))
        other_label = "Science and social studies"
    else:
        ela, math_minutes, special, lunch, recess, other = 55, 55, 50, 30, 0, 55
        other_label = rng.choice(("Science", "Social studies"))
    # Items in day order: (minutes, kind, label); lunch and recess stay together.
    meal = [(lunch, "busy", "Lunch")] + ([(recess, "busy", "Recess")] if recess else [])
    if recess and rng.random() < 0.4:
        meal.reverse()  # "recess before lunch"
    morning = [(math_minutes, "protected", "Math block"), (special, "busy", "special")]
    rng.shuffle(morning)
    items = [(ela, "protected", "ELA block"), morning[0], *meal, morning[1]]
    if rng.random() < 0.5:
        items.append((other, "protected", other_label))
    least = USEFUL_STRETCH_MINUTES + 5
    while len(items) > 4 and usable - sum(m for m, _, _ in items) < stretches * least:
        items.pop()  # a short day: the last subject goes
    free = usable - sum(m for m, _, _ in items)
    stretches = max(1, min(stretches, free // least))
    gaps = _split(free, stretches, least, rng)
    slots = sorted(rng.sample(range(len(items) + 1), stretches))
    gap_before = dict(zip(slots, gaps, strict=True))
    cursor = opening_end
    core: list[Span] = []
    special_span: Span | None = None
    for i, (minutes, kind, label) in enumerate(items):
        cursor += gap_before.get(i, 0)
        span = (cursor, cursor + minutes)
        cursor += minutes
        if label == "special":
            special_span = span
            continue
        core.append(span)
        day.rows.append(BlockRow(day.code, "teacher", teacher, "*", span[0], span[1], kind, label))
    specials: dict[str, Span] = {}
    if special_span is not None:
        rotation = SPECIALS[day.level]
        for d, weekday in enumerate(day.school_days):
            specials[weekday] = special_span
            label = rotation[(d + index) % len(rotation)]
            day.rows.append(
                BlockRow(day.code, "teacher", teacher, weekday, *special_span, "busy", label)
            )
    return ClassroomDay(core, specials)


def _split(total: int, parts: int, least: int, rng: random.Random) -> list[int]:
    """`total` minutes (a multiple of 5) in `parts` random parts of at least `least`,
    each a multiple of 5; the last takes what the 5-minute grid leaves."""
    spare = (total - parts * least) // 5
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    units = [b - a for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]
    sizes = [least + 5 * u for u in units]
    sizes[-1] += total - sum(sizes)
    return sizes

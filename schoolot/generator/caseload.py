"""Students' OT service lines, goals and equipment, and how heavy a caseload is.

The workload measure is the therapist's weekly minutes: each line's weekly
pattern (a monthly line is spread as ceil(sessions / 4) sessions a week), halved
for a group line since a group is usually two or more students at once.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from schoolot.generator.names import EQUIPMENT, GOAL_AREA_WEIGHTS, GOALS

T = TypeVar("T")

# A realistic ceiling for a full-time therapist's direct weekly minutes: the rest
# of the week goes to travel, paperwork, meetings and makeups.
MAX_THERAPIST_MINUTES_PER_FTE = 1000
# And of the weekly pattern's student minutes, should no group form at all.
MAX_PATTERN_MINUTES_PER_FTE = 1300


@dataclass
class LinePlan:
    """One service line; `sessions` are per `per` (week or month)."""

    code: str
    student: str
    sessions: int
    per: str
    session_minutes: int
    delivery: str
    grouping: str
    max_group: int | None
    start: str = ""

    @property
    def minutes(self) -> int:
        return self.sessions * self.session_minutes

    @property
    def weekly_sessions(self) -> int:
        return self.sessions if self.per == "week" else math.ceil(self.sessions / 4)

    @property
    def pattern_minutes(self) -> int:
        """Minutes of the line's weekly pattern."""
        return self.weekly_sessions * self.session_minutes

    @property
    def therapist_minutes(self) -> float:
        """Estimated weekly minutes of the therapist's time this line takes."""
        return self.pattern_minutes / 2 if self.grouping == "group" else self.pattern_minutes

    def lighter(self, rng: random.Random) -> bool:
        """Make the line one step lighter, as an IEP team trims a plan to the staff
        it has; False when it is as light as a line gets."""
        if self.per == "week" and self.sessions >= 2:
            self.sessions -= 1
        elif self.session_minutes == 45:
            self.session_minutes = 30
        elif self.grouping == "individual" and self.delivery != "consult":
            self.grouping = "group"
            self.max_group = rng.choice((2, 3))
        elif self.session_minutes == 30:
            self.session_minutes = 20
        else:
            return False
        return True

    def heavier(self, grade: str, rng: random.Random) -> bool:
        """Make the line one step heavier, as a plan written when staff was there to
        meet it; False when it is as heavy as a line of its kind gets (three weekly
        sessions, four monthly; 45 minutes, 30 for pre-K and K and consults)."""
        longest = 30 if grade in ("PK", "K") or self.delivery == "consult" else 45
        if self.grouping == "group":
            self.grouping, self.max_group = "individual", None
        elif self.session_minutes < longest:
            self.session_minutes = 30 if self.session_minutes < 30 else 45
        elif self.sessions < (3 if self.per == "week" else 4):
            self.sessions += 1
        else:
            return False
        return True


def weighted(rng: random.Random, weights: dict[T, int]) -> T:
    """One key of `weights`, drawn in proportion to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def service_lines(
    student: str,
    grade: str,
    level: str,
    next_code: Callable[[], str],
    rng: random.Random,
    monthly_share: float = 0.2,
) -> list[LinePlan]:
    """A student's OT service lines: usually one direct line, sometimes with a consult
    line beside it; some older students get consult only. `monthly_share` of the
    direct lines are owed per month."""
    consult_only = rng.random() < (0.2 if level == "H" else 0.04)
    lines = []
    if consult_only:
        lines.append(_consult_line(student, next_code(), rng))
        return lines
    young = grade in ("PK", "K")
    delivery = "push_in" if rng.random() < (0.3 if young else 0.18) else "pull_out"
    if young:
        session = weighted(rng, {20: 5, 30: 5})
    elif level == "E":
        session = weighted(rng, {20: 3, 30: 6, 45: 1})
    else:
        session = weighted(rng, {20: 1, 30: 6, 45: 3})
    if rng.random() < monthly_share:
        per, sessions = "month", weighted(rng, {2: 4, 3: 2, 4: 4})
    else:
        per = "week"
        sessions = (
            weighted(rng, {1: 12, 2: 7, 3: 1}) if session == 20 else weighted(rng, {1: 3, 2: 2})
        )
    group_share = 0.45 if delivery == "pull_out" else 0.3
    grouping = "group" if rng.random() < group_share else "individual"
    max_group = weighted(rng, {2: 3, 3: 5, 4: 2}) if grouping == "group" else None
    lines.append(
        LinePlan(
            next_code(),
            student,
            sessions,
            per,
            session,
            delivery,
            grouping,
            max_group,
        )
    )
    if rng.random() < 0.06:
        lines.append(_consult_line(student, next_code(), rng))
    return lines


def _consult_line(student: str, code: str, rng: random.Random) -> LinePlan:
    session = weighted(rng, {20: 1, 30: 3})
    sessions = weighted(rng, {1: 3, 2: 1})
    return LinePlan(code, student, sessions, "month", session, "consult", "individual", None)


def goals(student: str, grade: str, level: str, rng: random.Random) -> list[tuple[str, ...]]:
    """1 to 3 goals in different areas suited to the student's age:
    (id, student, area, description, baseline, target) rows."""
    band = "early" if grade in ("PK", "K", "1") else level
    weights = dict(GOAL_AREA_WEIGHTS[band])
    count = weighted(rng, {1: 3, 2: 5, 3: 2})
    rows: list[tuple[str, ...]] = []
    for k in range(1, count + 1):
        area = str(weighted(rng, weights))
        del weights[area]  # one goal per area
        description, baseline, target = rng.choice(GOALS[area])
        rows.append((f"G{student}-{k}", student, area, f"Student {description}", baseline, target))
    return rows


def equipment(student: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """(student, item, note) rows: about a quarter of students use something."""
    if rng.random() >= 0.25:
        return []
    picks = rng.sample(EQUIPMENT, weighted(rng, {1: 4, 2: 1}))
    items: dict[str, str] = {}
    for item, note in picks:
        items.setdefault(item, note)  # at most one of each item
    return [(student, item, note) for item, note in items.items()]


def assign(
    students: list[tuple[str, int, float]],
    servers: list[list[int]],
    ftes: list[float],
) -> dict[str, int]:
    """The therapist planned for each (student, school, load) so loads per FTE stay
    even: students of schools with fewer therapists go first, each to the least-loaded
    (per FTE) therapist serving the school."""
    load = [0.0] * len(ftes)
    plan: dict[str, int] = {}
    order = sorted(students, key=lambda s: (len(servers[s[1]]), s[1], -s[2], s[0]))
    for code, school, weight in order:
        therapist = min(servers[school], key=lambda t: ((load[t] + weight) / ftes[t], t))
        plan[code] = therapist
        load[therapist] += weight
    return plan


def lighten_to_budget(lines: list[LinePlan], fte: float, rng: random.Random) -> None:
    """Trim a therapist's lines, a step at a time on random lines (heavier ones more
    often), until they fit the budgets per FTE or nothing is left to trim."""

    def over() -> bool:
        therapist = sum(line.therapist_minutes for line in lines)
        pattern = sum(line.pattern_minutes for line in lines)
        return (
            therapist > MAX_THERAPIST_MINUTES_PER_FTE * fte
            or pattern > MAX_PATTERN_MINUTES_PER_FTE * fte
        )

    trimmable = list(lines)
    while trimmable and over():
        line = rng.choices(trimmable, weights=[ln.pattern_minutes for ln in trimmable])[0]
        if not line.lighter(rng):
            trimmable.remove(line)

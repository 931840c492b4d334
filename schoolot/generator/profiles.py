"""Generator profiles: what kind of district a seed becomes.

`balanced` is the project's original district: caseloads planned even per FTE and
trimmed to a budget, schools shared by neighbouring therapists, lunch and recess by
grade. `oversubscribed` is a district short of therapists, as districts made
elsewhere look (issue 10):

- caseloads arrive pinned from last year and unbalanced: a few therapists carry
  100-130% of what their week holds, several 25-60%, the rest in between;
- each school has one therapist (several only when there are more therapists than
  schools), schools lie 20-50 minutes apart;
- lunch, recess and specials are the classroom's own (teacher-level) blocks around
  protected ELA and math, so a class has two or three free stretches a day;
- monthly and weekly lines are mixed.

A therapist's load is the weekly minutes of their pinned lines (a monthly line's
weekly pattern, `ceil(sessions / 4)` sessions; a group line counted at half, as a
group is two or more students at once) over their weekly hours less lunch.

The traits are drawn per district from the seed, within the ranges below, so one
profile gives districts of different shapes; the ranges describe districts, not a
solver.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

PROFILES = ("balanced", "oversubscribed")

# Oversubscribed districts: the ranges each district's traits are drawn from.
OVER_LOAD = (1.02, 1.28)  # the few therapists beyond their week
UNDER_LOAD = (0.25, 0.55)  # the several well below it
MIDDLE_LOAD = (0.65, 0.95)
OVER_SHARE = (0.15, 0.3)  # share of therapists overloaded (at least one)
UNDER_SHARE = (0.3, 0.45)  # share underloaded (at least one)
FTE_WEIGHTS = {1.0: 55, 0.8: 25, 0.6: 20}
SPREAD = (2.5, 3.5)  # schools this much further apart than in the balanced profile
DRIVE_MINUTES = (20, 50)  # shortest drive between two schools; longest given a row
MONTHLY_SHARE = (0.2, 0.4)  # share of direct lines owed per month
DAY_MINUTES = 480  # a therapist's working day (therapist_hours.csv)
LUNCH_MINUTES = 30  # district.csv lunch_minutes


@dataclass(frozen=True)
class Traits:
    """One oversubscribed district's traits, drawn from its seed."""

    spread: float
    over_share: float
    under_share: float
    monthly_share: float


def draw_traits(rng: random.Random) -> Traits:
    return Traits(
        spread=round(rng.uniform(*SPREAD), 2),
        over_share=rng.uniform(*OVER_SHARE),
        under_share=rng.uniform(*UNDER_SHARE),
        monthly_share=rng.uniform(*MONTHLY_SHARE),
    )


def draw_fte(rng: random.Random) -> float:
    return rng.choices(list(FTE_WEIGHTS), weights=list(FTE_WEIGHTS.values()))[0]


def weekly_capacity(working_days: int) -> int:
    """Minutes a week holds for sessions: working hours less lunch."""
    return working_days * (DAY_MINUTES - LUNCH_MINUTES)


def target_loads(count: int, traits: Traits, rng: random.Random) -> list[float]:
    """Each therapist's load (session minutes over capacity): a few over, several
    under, the rest between, in random order."""
    over = max(1, round(count * traits.over_share))
    under = max(1, round(count * traits.under_share)) if count > 1 else 0
    under = min(under, count - over)
    bands = [OVER_LOAD] * over + [UNDER_LOAD] * under + [MIDDLE_LOAD] * (count - over - under)
    rng.shuffle(bands)
    return [round(rng.uniform(*band), 3) for band in bands]


def partition(
    positions: Sequence[tuple[float, float]],
    weights: Sequence[float],
    max_schools: int,
    rng: random.Random,
) -> list[list[int]]:
    """The schools of each therapist: every school to exactly one therapist (when
    there are more therapists than schools, the extra ones share the largest
    schools), each territory grown from a spread-out anchor by its nearest school,
    the therapist with the least weight per school taking next."""
    n, count = len(positions), len(weights)
    anchors = [rng.randrange(n)]
    while len(anchors) < min(count, n):
        anchors.append(
            max(
                (s for s in range(n) if s not in anchors),
                key=lambda s: (min(math.dist(positions[s], positions[a]) for a in anchors), -s),
            )
        )
    served = [[a] for a in anchors] + [[] for _ in range(count - len(anchors))]
    for t in range(len(anchors), count):
        served[t].append(served[t - len(anchors)][0])  # share an anchor school
    owned = set(anchors)
    while len(owned) < n:
        open_ = [t for t in range(len(anchors)) if len(served[t]) < max_schools]
        # Territories stay about even per FTE, and each takes its nearest school.
        least = min(len(served[t]) / weights[t] for t in open_)
        even = [t for t in open_ if len(served[t]) / weights[t] <= least + 1]
        _, t, school = min(
            (min(math.dist(positions[s], positions[o]) for o in served[t]), t, s)
            for t in even
            for s in range(n)
            if s not in owned
        )
        served[t].append(school)
        owned.add(school)
    return [sorted(schools) for schools in served]

"""More lines met in an over-loaded week: ruin and recreate on the greedy week.

Each step takes a few lines out of the week (most often lines with a session on one
day, else any) and places every line left out again, in a shuffled hardest-first
order, by the greedy's own rules (`GreedyWeek.place`, so every placement keeps the
model's rules). The step stays when the week meets at least as many lines as before
(equal counts let the week drift to arrangements with room), else it is undone.

Measured on the over-subscribed profile (one core, load 4): the busiest week of the
coop seed 0 meets 50 of 60 lines after 4 s, where the week's CP-SAT model alone
meets 44 in 4 s and 49 in two minutes; the district seed 0's busiest meets 46-48 of
63 in 4-8 s, CP-SAT 38 in 4 s and 44 in 32 s. The CP-SAT model then polishes the
week it finds (travel, idle time, drift), starting from it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from schoolot.solver.week_greedy import GreedyWeek, shuffled_difficulty

# Lines taken out in one step; and how often they are lines of one day.
RUINED_LINES = 5
ONE_DAY_RUIN = 0.7


def recreate_more(
    week: GreedyWeek,
    seconds: float,
    seed: int = 0,
    stopped: Callable[[], bool] | None = None,
) -> GreedyWeek:
    """Improve `week` in place for `seconds` (or until it meets every line that can
    fit, or `stopped()`), never meeting fewer lines; returns it."""
    rng = random.Random(seed)
    lines = [line for line in week.data.lines if line.can_fit]
    deadline = time.monotonic() + seconds
    while week.lines_met() < len(lines) and time.monotonic() < deadline:
        if stopped is not None and stopped():
            break
        before = week.lines_met()
        taken = [(service, week.take_out(service)) for service in _victims(week, rng)]
        order = shuffled_difficulty(rng)
        added = [
            line.service
            for line in sorted((ln for ln in lines if not week.placed.get(ln.service)), key=order)
            if week.place(line)
        ]
        if week.lines_met() < before:
            for service in added:
                week.take_out(service)
            for service, options in taken:
                week.put_back(service, options)
    return week


def _victims(week: GreedyWeek, rng: random.Random) -> list[int]:
    """The lines one step takes out: up to RUINED_LINES of one day's, or of any."""
    placed = sorted(service for service, options in week.placed.items() if options)
    if not placed:
        return []
    if rng.random() < ONE_DAY_RUIN:
        day = rng.choice(week.data.days)
        options = week.data.options
        on_day = [s for s in placed if any(options[o].day == day for o in week.placed[s])]
        if on_day:
            placed = on_day
    return rng.sample(placed, min(RUINED_LINES, len(placed)))

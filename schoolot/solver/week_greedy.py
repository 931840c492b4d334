"""A quick valid week for one therapist, by hand-like rules, as the model's first hint.

Lines go hardest first (fewest spare days, then fewest options); `best_greedy_week`
tries that order and, within a few tenths of a second, shuffled ones near it (an
over-loaded week's best order is rarely the plain one: measured on over-subscribed
districts, the best of ten meets 5-10% more lines than the first); `week_ruin`
improves a `GreedyWeek` further by taking lines out and placing them again. Each
session joins a
compatible group already placed when it can, else takes the free option that keeps
the therapist at a school they already visit that day, next to their other sessions,
at the time of the line's other sessions. A line that cannot get all its sessions
gets none. Every placement keeps the model's rules: no overlap, one visit per school
a day with the drive between visits, a lunch clear of sessions and driving, groups
within their limits. It works on grid steps as the model does.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from schoolot.solver.problem import PlacedSession, Problem
from schoolot.solver.rules import fits_therapist_day, may_join
from schoolot.solver.week_data import SessionOption, WeekData, WeekLine


@dataclass
class _Day:
    busy: int = 0  # bitmask of grid steps holding a session
    # (first step, end step, school, option index), kept sorted
    sessions: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class GreedyWeek:
    """A week being built by hand-like rules: which options hold which lines."""

    problem: Problem
    data: WeekData
    days: dict[int, _Day] = field(default_factory=lambda: defaultdict(_Day))
    members: dict[int, list[int]] = field(default_factory=dict)  # option -> services
    placed: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    # Per option: the grid steps it covers, as a bitmask (computed once; the greedy
    # passes and ruin and recreate ask for them millions of times).
    masks: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.masks = [self._mask(option) for option in self.data.options]

    def steps(self, option: SessionOption) -> range:
        return self.data.slots(option.start, option.end)

    def _mask(self, option: SessionOption) -> int:
        steps = self.steps(option)
        return ((1 << len(steps)) - 1) << steps.start

    def mask(self, option: SessionOption) -> int:
        return self.masks[option.index]

    def place(self, line: WeekLine) -> bool:
        """Give `line` all its sessions, each at its best free option; or none."""
        return _place_line(self, line)

    def take_out(self, service: int) -> list[int]:
        """Remove every session of line `service`; returns the options it held."""
        options = list(self.placed.get(service, ()))
        for index in options:
            _remove(self, index, service)
        return options

    def put_back(self, service: int, options: list[int]) -> None:
        """Return line `service` to `options` (as `take_out` gave them)."""
        for index in options:
            _add(self, index, service)

    def lines_met(self) -> int:
        return sum(1 for options in self.placed.values() if options)

    def sessions(self) -> list[PlacedSession]:
        return [
            PlacedSession(
                therapist=self.data.therapist,
                school=self.data.options[o].school,
                day=self.data.options[o].day,
                start=self.data.options[o].start,
                services=tuple(sorted(services)),
            )
            for o, services in self.members.items()
            if services
        ]


# Orders a best_greedy_week tries at most, and its share of the week's seconds.
GREEDY_ORDERS = 20
GREEDY_SHARE = 0.1


def best_greedy_week(
    problem: Problem, data: WeekData, seed: int = 0, seconds: float = 0.0
) -> GreedyWeek:
    """The greedy week that meets the most lines among the plain order and shuffled
    ones tried within `seconds` (at most GREEDY_ORDERS); repeatable for a `seed`
    when the time allows as many orders."""
    best = build_greedy_week(problem, data)
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    every = sum(line.can_fit for line in data.lines)
    for _ in range(GREEDY_ORDERS - 1):
        if time.monotonic() >= deadline or best.lines_met() == every:
            break
        order = shuffled_difficulty(random.Random(rng.random()))
        tried = build_greedy_week(problem, data, order)
        if tried.lines_met() > best.lines_met():
            best = tried
    return best


def shuffled_difficulty(rng: random.Random) -> Callable[[WeekLine], tuple[float, ...]]:
    """An order near the plain one (hardest first): spare days and options jittered."""

    def key(line: WeekLine) -> tuple[float, ...]:
        spare = len(line.days) - line.sessions + 2 * rng.random()
        return (spare, len(line.options) * rng.uniform(0.5, 1.5), line.service)

    return key


def build_greedy_week(
    problem: Problem,
    data: WeekData,
    order: Callable[[WeekLine], tuple[float, ...]] | None = None,
) -> GreedyWeek:
    """A valid week for `data` (some lines may be left out), placing the lines in
    `order` (by default hardest first)."""
    week = GreedyWeek(problem, data)
    for line in sorted(data.lines, key=order or _difficulty):
        if line.can_fit:
            week.place(line)
    return week


def _difficulty(line: WeekLine) -> tuple[float, ...]:
    return (len(line.days) - line.sessions, len(line.options), line.service)


def _place_line(week: GreedyWeek, line: WeekLine) -> bool:
    taken: list[int] = []
    for _ in range(line.sessions):
        option = _best_option(week, line, taken)
        if option is None:
            for index in taken:
                _remove(week, index, line.service)
            return False
        _add(week, option, line.service)
        taken.append(option)
    return True


def _best_option(week: GreedyWeek, line: WeekLine, taken: list[int]) -> int | None:
    data, problem = week.data, week.problem
    used_days = {data.options[o].day for o in taken} if line.one_a_day else set()
    line_starts = [data.options[o].start for o in taken]
    full = _full_weeks(line, [data.options[o].day for o in taken])
    # In a cycle of weeks, the line's weekday and start of another week come first, so
    # that a weekly line repeats at the same weekday and time every week it can.
    pattern = {(line.weekday_of(data.options[o].day), data.options[o].start) for o in taken}
    candidates = []
    for index in line.options:
        option = data.options[index]
        if option.day in used_days or (full and line.week_of(option.day) in full):
            continue
        members = week.members.get(index)
        day = week.days[option.day]
        if members:
            if not may_join(
                problem, line.service, members, option.school, option.delivery, option.length
            ):
                continue
            score: tuple[int, ...] = (0, 0, 0, 0, 0)
        else:
            if day.busy & week.mask(option):
                continue
            steps = week.steps(option)
            gaps = [
                max(first - steps.stop, steps.start - end)
                for first, end, school, _ in day.sessions
                if school == option.school
            ]
            here = 0 if gaps else 1 + len(day.sessions)
            drift = min((abs(option.start - s) for s in line_starts), default=0)
            repeat = 0 if (line.weekday_of(option.day), option.start) in pattern else 1
            if line.caps is None or not pattern:
                repeat = 0
            score = (1, repeat, here, max(min(gaps, default=99), 0), drift)
        candidates.append((score, option.start, index))
    grid = data.grid
    bookings_of: dict[int, list[tuple[int, int, int]]] = {}
    for _, _, index in sorted(candidates):
        option = data.options[index]
        if week.members.get(index):
            return index
        bookings = bookings_of.get(option.day)
        if bookings is None:
            sessions = week.days[option.day].sessions
            bookings = [(first * grid, end * grid, school) for first, end, school, _ in sessions]
            bookings_of[option.day] = bookings
        if fits_therapist_day(
            problem, bookings, option.school, option.start, option.end, as_model=True
        ):
            return index
    return None


def _full_weeks(line: WeekLine, days: list[int]) -> set[int]:
    """The cycle weeks where the line already holds as many sessions as its cap."""
    if line.caps is None:
        return set()
    held: dict[int, int] = defaultdict(int)
    for day in days:
        held[line.week_of(day)] += 1
    return {week for week, count in held.items() if count >= line.caps[week - 1]}


def _add(week: GreedyWeek, index: int, service: int) -> None:
    option = week.data.options[index]
    week.placed[service].append(index)
    if week.members.get(index):
        week.members[index].append(service)
        return
    week.members[index] = [service]
    day = week.days[option.day]
    steps = week.steps(option)
    day.busy |= week.mask(option)
    day.sessions = sorted([*day.sessions, (steps.start, steps.stop, option.school, index)])


def _remove(week: GreedyWeek, index: int, service: int) -> None:
    option = week.data.options[index]
    week.placed[service].remove(index)
    week.members[index].remove(service)
    if week.members[index]:
        return
    del week.members[index]
    day = week.days[option.day]
    day.busy &= ~week.mask(option)
    day.sessions = [s for s in day.sessions if s[3] != index]

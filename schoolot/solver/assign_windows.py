"""What the assignment model counts besides minutes: when students are free, and
which schools one therapist can combine.

- *Window groups*: the students of one class who need as many days are free at
  much the same times (one bell schedule), so they compete for the same minutes.
  A therapist can give a group no more minutes a week than the group's free
  windows hold on the therapist's days at the school; a class with one free stretch
  a day is then spread over therapists rather than given whole to one. Likewise a
  school's students together get no more of one therapist than the school's free
  times hold.
- *Schools apart*: two schools with no drive between them are never visited on one
  day, so a therapist who serves both splits their week between them; each such
  pair costs a quarter of a dropped line.

Both are soft: minutes beyond what the windows hold cost the model's overflow
weight, as minutes beyond a therapist's hours do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .instance import free_windows, therapist_at
from .problem import Problem
from .windows import Span, clip, merge, total

# A pair of schools with no drive between them, served by one therapist, costs this
# share of a line (a week split between two groups of schools counts several pairs).
APART_SHARE = 4


@dataclass(frozen=True)
class WindowGroup:
    """Students of one class who need as many days, and when any of them is free."""

    school: int
    windows: tuple[tuple[Span, ...], ...]  # per day
    students: tuple[int, ...]


def window_groups(problem: Problem) -> list[WindowGroup]:
    """The window groups of every student with lines."""
    lines_of: dict[int, list[int]] = defaultdict(list)
    for index, line in enumerate(problem.services):
        lines_of[line.student].append(index)
    members: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    spans: dict[tuple[int, int, int], list[list[Span]]] = {}
    for student, lines in sorted(lines_of.items()):
        needed = min(len(problem.weekdays), max(problem.services[j].sessions for j in lines))
        key = (problem.students[student].school, problem.students[student].teacher, needed)
        members[key].append(student)
        found = spans.setdefault(key, [[] for _ in problem.weekdays])
        for day, day_spans in enumerate(found):
            day_spans += [w for j in lines for w in free_windows(problem, j, day)]
    return [
        WindowGroup(key[0], tuple(merge(day) for day in spans[key]), tuple(students))
        for key, students in members.items()
    ]


def window_room(
    problem: Problem, therapist: int, school: int, windows: Sequence[Sequence[Span]]
) -> int:
    """Minutes a week `windows` (per day) hold with `therapist` at `school`."""
    room = 0
    for day, spans in enumerate(windows):
        at = therapist_at(problem, therapist, school, day)
        if at is not None:
            room += total(clip(spans, at))
    return room


def add_window_room(
    model: cp_model.CpModel,
    problem: Problem,
    demand: Sequence[int],
    assigned: Mapping[tuple[int, int], cp_model.LinearExprT],
    overflow_weight: int,
) -> list[cp_model.LinearExprT]:
    """Soft limits: each window group's and each school's minutes with a therapist
    within the free windows that hold them; `assigned[student, therapist]` is 1 or a
    literal. Returns the cost terms."""
    costs: list[cp_model.LinearExprT] = []
    groups = window_groups(problem)
    options: dict[int, list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)
    for (student, therapist), literal in assigned.items():
        options[student].append((therapist, literal))
    at_school: dict[tuple[int, int], list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)
    school_windows: dict[int, list[list[Span]]] = defaultdict(
        lambda: [[] for _ in problem.weekdays]
    )
    for group in groups:
        for day, spans in enumerate(group.windows):
            school_windows[group.school][day] += spans
        by_therapist: dict[int, list[tuple[int, cp_model.LinearExprT]]] = defaultdict(list)
        for student in group.students:
            for therapist, literal in options[student]:
                by_therapist[therapist].append((student, literal))
        for therapist, members in by_therapist.items():
            at_school[therapist, group.school] += members
            costs += _soft_limit(
                model,
                demand,
                members,
                window_room(problem, therapist, group.school, group.windows),
                overflow_weight,
            )
    for (therapist, school), members in at_school.items():
        windows = [merge(spans) for spans in school_windows[school]]
        room = window_room(problem, therapist, school, windows)
        costs += _soft_limit(model, demand, members, room, overflow_weight)
    return costs


def _soft_limit(
    model: cp_model.CpModel,
    demand: Sequence[int],
    members: list[tuple[int, cp_model.LinearExprT]],
    room: int,
    overflow_weight: int,
) -> list[cp_model.LinearExprT]:
    owed = sum(demand[s] for s, _ in members)
    if owed <= room:
        return []
    over = model.new_int_var(0, owed, "window_overflow")
    model.add(sum(demand[s] * literal for s, literal in members) <= room + over)
    return [overflow_weight * over]


def add_schools_apart(
    model: cp_model.CpModel,
    problem: Problem,
    serves: Mapping[tuple[int, int], cp_model.IntVar | int],
) -> list[cp_model.LinearExprT]:
    """A therapist serving two schools with no drive between them costs a share of a
    line: `serves[therapist, school]` is 1 or a literal. Returns the cost terms."""
    costs: list[cp_model.LinearExprT] = []
    schools_of: dict[int, list[int]] = defaultdict(list)
    for therapist, school in sorted(serves):
        schools_of[therapist].append(school)
    for therapist, schools in schools_of.items():
        for position, a in enumerate(schools):
            for b in schools[position + 1 :]:
                if problem.travel[a][b] is not None:
                    continue
                pair = (serves[therapist, a], serves[therapist, b])
                literals = [x for x in pair if isinstance(x, cp_model.IntVar)]
                if not literals:
                    continue
                apart = model.new_bool_var(f"apart_{therapist}_{a}_{b}")
                model.add(
                    apart >= cp_model.LinearExpr.sum(literals) + len(pair) - len(literals) - 1
                )
                costs.append(problem.weights.unscheduled_line // APART_SHARE * apart)
    return costs


class WindowLoad:
    """The greedy pass's running count of minutes per therapist in each window group
    and school, against what their windows hold (the model's soft limits, one
    student at a time)."""

    def __init__(self, problem: Problem, demand: Sequence[int]) -> None:
        self.problem = problem
        self.demand = demand
        self.group_of: dict[int, int] = {}
        self.groups = window_groups(problem)
        school_spans: dict[int, list[list[Span]]] = defaultdict(
            lambda: [[] for _ in problem.weekdays]
        )
        for number, group in enumerate(self.groups):
            for student in group.students:
                self.group_of[student] = number
            for day, spans in enumerate(group.windows):
                school_spans[group.school][day] += spans
        self.school_windows = {k: [merge(day) for day in v] for k, v in school_spans.items()}
        self.load: dict[tuple[int, str, int], int] = defaultdict(int)
        self._room: dict[tuple[int, str, int], int] = {}

    def _keys(self, student: int, therapist: int) -> list[tuple[int, str, int]]:
        keys = [(therapist, "school", self.problem.students[student].school)]
        if student in self.group_of:
            keys.append((therapist, "group", self.group_of[student]))
        return keys

    def _room_of(self, key: tuple[int, str, int]) -> int:
        found = self._room.get(key)
        if found is None:
            therapist, kind, which = key
            if kind == "school":
                found = window_room(self.problem, therapist, which, self.school_windows[which])
            else:
                group = self.groups[which]
                found = window_room(self.problem, therapist, group.school, group.windows)
            self._room[key] = found
        return found

    def overflow(self, student: int, therapist: int) -> int:
        """Minutes beyond the windows' room that giving `student` to `therapist` adds."""
        more = 0
        for key in self._keys(student, therapist):
            room, now = self._room_of(key), self.load[key]
            more += max(0, now + self.demand[student] - room) - max(0, now - room)
        return more

    def add(self, student: int, therapist: int) -> None:
        for key in self._keys(student, therapist):
            self.load[key] += self.demand[student]

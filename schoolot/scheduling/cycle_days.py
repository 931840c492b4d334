"""The days of a cycle of weeks (schoolot/cycle.py) and the blocks of the district
expanded to them, for `problem_builder`: a row with a `cycle_week` holds in that week
of the cycle only, one with none in every week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from schoolot.models import Block, Student, Teacher
from schoolot.solver import problem as p
from schoolot.solver.windows import merge, subtract
from schoolot.values import expand_weekdays, minutes_of

Span = tuple[int, int]
# Per day of the cycle: the spans of blocks of one kind.
DaySpans = list[list[Span]]


class CycleDays:
    """The day indices of the cycle: a row's weekdays (a bundle cell, "Mon Wed" or "*")
    in the week of the cycle it holds in, or in every week when it names none."""

    def __init__(self, day_of: dict[str, int], weeks: int, school_days: str) -> None:
        self.day_of, self.weeks, self.school_days = day_of, weeks, school_days
        self.per_week = len(day_of)
        self.count = self.per_week * weeks

    def of(self, weekdays: str, cycle_week: int | None) -> list[int]:
        """The day indices of `weekdays` in `cycle_week` (None: every week); a week
        beyond the cycle, or a weekday that is not a school day, has none."""
        if cycle_week is not None and not 1 <= cycle_week <= self.weeks:
            return []
        weeks = range(self.weeks) if cycle_week is None else (cycle_week - 1,)
        found: list[int] = []
        for name in expand_weekdays(weekdays, self.school_days):
            day = self.day_of.get(name)
            if day is not None:
                found.extend(w * self.per_week + day for w in weeks)
        return found


class Blocks:
    """The blocks of the district, by what they cover, expanded to the days of the cycle."""

    def __init__(self, blocks: Iterable[Block], days: CycleDays) -> None:
        self.days = days.count
        # (scope key) -> kind -> per weekday spans
        self._spans: dict[tuple, dict[str, DaySpans]] = defaultdict(
            lambda: {kind: [[] for _ in range(self.days)] for kind in ("busy", "protected")}
        )
        self._with_own_blocks: set[int] = set()
        for block in blocks:
            key = self._key(block)
            span = (minutes_of(block.start), minutes_of(block.end))
            for day in days.of(block.weekdays, block.cycle_week):
                self._spans[key][block.kind][day].append(span)
            if block.student_id is not None:
                self._with_own_blocks.add(block.student_id)
        # Students of one classroom share their windows: compute each set once.
        self._cache: dict[tuple, tuple[tuple[p.DayWindows, ...], tuple[p.DayWindows, ...]]] = {}

    @staticmethod
    def _key(block: Block) -> tuple:
        if block.scope == "grade":
            return ("grade", block.school_id, block.target_grade)
        if block.scope == "teacher":
            return ("teacher", block.teacher_id)
        if block.scope == "student":
            return ("student", block.student_id)
        return ("school", block.school_id)

    def _covering(self, keys: Sequence[tuple], kind: str, day: int) -> list[Span]:
        spans: list[Span] = []
        for key in keys:
            found = self._spans.get(key)
            if found is not None:
                spans.extend(found[kind][day])
        return spans

    def student_free(
        self, student: Student, school_day: Span
    ) -> tuple[tuple[p.DayWindows, ...], tuple[p.DayWindows, ...]]:
        """Per weekday, (pull-out windows, push-in windows): the school day minus the
        busy blocks covering the student; pull-out also minus the protected ones."""
        own = student.id if student.id in self._with_own_blocks else None
        cache_key = (student.school_id, student.grade, student.teacher_id, own)
        if cache_key in self._cache:
            return self._cache[cache_key]
        keys = [
            ("school", student.school_id),
            ("grade", student.school_id, student.grade),
            ("teacher", student.teacher_id),
            ("student", own),
        ]
        pull_out, push_in = [], []
        for day in range(self.days):
            busy = self._covering(keys, "busy", day)
            protected = self._covering(keys, "protected", day)
            push_in.append(subtract([school_day], busy))
            pull_out.append(subtract([school_day], merge([*busy, *protected])))
        result = (tuple(pull_out), tuple(push_in))
        self._cache[cache_key] = result
        return result

    def teacher_free(
        self, teacher: Teacher, school_day: Span, days: int
    ) -> tuple[p.DayWindows, ...]:
        """Per weekday, the teacher's consult windows: the school day minus the
        teacher-scope busy blocks."""
        keys = [("teacher", teacher.id)]
        return tuple(
            subtract([school_day], self._covering(keys, "busy", day)) for day in range(days)
        )

"""The CP-SAT variables of one therapist's week, shared by the rule families.

`held[o]` says option `o` takes place; `member[o, line]` says `line` is in it (the
same literal as `held[o]` for an option with one possible line); `met[line]` says
the line gets all its sessions. Each rule family (week_time, week_groups,
week_travel, week_replan) adds its constraints to a `WeekModel`; soft rules return
`Penalty` terms, and week.build_objective is the one place that weighs them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from schoolot.solver.problem import Problem
from schoolot.solver.week_data import WeekData

Literal = cp_model.IntVar


@dataclass(frozen=True)
class Penalty:
    """A soft rule's cost: `weight` per unit of `expr` (an integer expression >= 0)."""

    name: str
    weight: int
    expr: cp_model.LinearExprT


@dataclass
class WeekModel:
    problem: Problem
    data: WeekData
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    held: list[Literal] = field(default_factory=list)
    member: dict[tuple[int, int], Literal] = field(default_factory=dict)
    met: dict[int, Literal] = field(default_factory=dict)
    # day -> lunch start minute -> literal
    lunch: dict[int, dict[int, Literal]] = field(default_factory=dict)
    # (day, school) -> the therapist is at that school that day, and the span of the visit
    visit: dict[tuple[int, int], Literal] = field(default_factory=dict)
    first: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    last: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # (day, from school, to school) -> the therapist drives from one visit to the next
    drive: dict[tuple[int, int, int], Literal] = field(default_factory=dict)
    # The hint given to the search: variable index -> value.
    hint: dict[int, int] = field(default_factory=dict)
    # Option indices per line, per (day, school), per day: filled by `index_options`.
    uses: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    at_school: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    on_day: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def uses_of(self, service: int) -> list[tuple[int, Literal]]:
        """(option, membership literal) for every option that may hold `service`."""
        return [(o, self.member[o, service]) for o in self.uses[service]]

    def index_options(self) -> None:
        for option in self.data.options:
            for service in option.lines:
                self.uses[service].append(option.index)
            self.at_school[option.day, option.school].append(option.index)
            self.on_day[option.day].append(option.index)

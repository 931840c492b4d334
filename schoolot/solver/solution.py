"""The scheduler's output: assignments, sessions, travel and what could not be placed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Session:
    therapist: int
    school: int
    day: int
    start: int
    end: int
    delivery: str
    services: tuple[int, ...]  # one service line per student; a consult has one line


@dataclass(frozen=True)
class TravelLeg:
    therapist: int
    day: int
    from_school: int
    to_school: int
    start: int
    end: int


@dataclass(frozen=True)
class Unscheduled:
    service: int
    reason: str


@dataclass(frozen=True)
class SolveStats:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN
    objective: float
    bound: float
    seconds: float
    first_solution_seconds: float | None = None
    seed: int = 0
    # (seconds, objective, bound) as the search went on.
    progress: tuple[tuple[float, float, float], ...] = ()
    # Proven for the therapist assignments of this solution: no valid schedule meets
    # more service lines than this (lines that cannot fit at all, and lines a
    # therapist's week has no room for, taken off the total).
    most_lines_met: int | None = None
    # Per therapist with lines left out, what they would need, in words
    # (`needs.shortfall_words`): "Sara Rodriguez needs about 530 more minutes a week at
    # Hawthorne Elementary, Mon-Thu mornings: 12 of 57 lines left out (...)".
    shortfalls: tuple[str, ...] = ()

    @property
    def gap(self) -> float:
        if self.objective == 0:
            return 0.0
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)


@dataclass(frozen=True)
class Solution:
    # Per student: the therapist who serves them, or None.
    assignments: tuple[int | None, ...]
    sessions: tuple[Session, ...]
    travel: tuple[TravelLeg, ...]
    unscheduled: tuple[Unscheduled, ...]
    stats: SolveStats = field(default_factory=lambda: SolveStats("UNKNOWN", 0, 0, 0))

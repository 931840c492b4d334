"""A student's goal progress over time: each goal's marks (GoalProgress) as the points of
a small chart the server draws (SVG), for the student page and the IEP report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schoolot.models import Goal, GoalProgress
from schoolot.models.service_log import PROGRESS_LABELS

# Marks from worst to best: the chart's levels, bottom to top.
LEVELS = ("regressed", "no_progress", "some_progress", "good_progress", "met")
# The chart's drawing box (SVG user units): a 260 x 96 view box.
WIDTH, HEIGHT = 260, 96
LEFT, RIGHT, TOP, BOTTOM = 70, 250, 8, 72


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    date: dt.date
    mark: str
    label: str  # "Good progress on 2026-09-14"
    note: str | None


@dataclass(frozen=True)
class GoalChart:
    """One goal and its marks, oldest first, placed on the chart."""

    goal_id: int
    code: str
    area: str
    description: str
    baseline: str | None
    target: str | None
    points: tuple[ChartPoint, ...]

    @property
    def polyline(self) -> str:
        """The SVG points attribute joining the marks in date order."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    @property
    def summary(self) -> str:
        """The chart in words (its accessible name)."""
        if not self.points:
            return f"Goal {self.code}: no progress marked yet"
        first, last = self.points[0], self.points[-1]
        span = (
            f"on {first.date}" if first.date == last.date else f"from {first.date} to {last.date}"
        )
        count = f"{len(self.points)} mark{'s' if len(self.points) != 1 else ''}"
        return f"Goal {self.code}: {count} {span}; latest {PROGRESS_LABELS[last.mark]}"

    @property
    def notes(self) -> tuple[ChartPoint, ...]:
        """The marks with a note, newest first."""
        return tuple(p for p in reversed(self.points) if p.note)


def goal_charts(session: Session, student_id: int, last: dt.date | None = None) -> list[GoalChart]:
    """Each of the student's goals with its marks up to `last` (default: all), by code."""
    goals = list(
        session.scalars(select(Goal).where(Goal.student_id == student_id).order_by(Goal.code))
    )
    if not goals:
        return []
    query = (
        select(GoalProgress)
        .where(GoalProgress.goal_id.in_([g.id for g in goals]))
        .order_by(GoalProgress.date, GoalProgress.id)
    )
    if last is not None:
        query = query.where(GoalProgress.date <= last)
    marks: dict[int, list[GoalProgress]] = {g.id: [] for g in goals}
    for mark in session.scalars(query):
        marks[mark.goal_id].append(mark)
    return [_chart(goal, marks[goal.id]) for goal in goals]


def _chart(goal: Goal, marks: list[GoalProgress]) -> GoalChart:
    points: tuple[ChartPoint, ...] = ()
    if marks:
        first, last = marks[0].date, marks[-1].date
        days = (last - first).days
        points = tuple(
            ChartPoint(
                x=_x(mark.date, first, days),
                y=_y(mark.mark),
                date=mark.date,
                mark=mark.mark,
                label=f"{PROGRESS_LABELS[mark.mark]} on {mark.date}",
                note=mark.note,
            )
            for mark in marks
        )
    return GoalChart(
        goal_id=goal.id,
        code=goal.code,
        area=goal.area,
        description=goal.description,
        baseline=goal.baseline,
        target=goal.target,
        points=points,
    )


def _x(date: dt.date, first: dt.date, days: int) -> float:
    if days == 0:
        return (LEFT + RIGHT) / 2
    return LEFT + (RIGHT - LEFT) * (date - first).days / days


def _y(mark: str) -> float:
    level = LEVELS.index(mark)
    return BOTTOM - (BOTTOM - TOP) * level / (len(LEVELS) - 1)


# The horizontal guide lines, top (met) to bottom (regressed): (y, label).
GUIDES = tuple((_y(mark), PROGRESS_LABELS[mark]) for mark in reversed(LEVELS))

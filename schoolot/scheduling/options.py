"""Options of one solve as stored drafts: each a version of its own, linked to the first
ranked (`ScheduleVersion.option_of`), and their figures side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from schoolot.jobs.progress import per_week
from schoolot.models import ScheduleVersion, User
from schoolot.scheduling import store
from schoolot.scheduling.problem_builder import Index
from schoolot.solver.options import Option
from schoolot.solver.problem import Problem
from schoolot.solver.week import WEIGHT_PROFILES


def store_options(
    session: Session,
    problem: Problem,
    index: Index,
    options: Sequence[Option],
    in_force: ScheduleVersion | None,
    created_by: User | None,
    time_limit: float,
    seed: int,
) -> list[ScheduleVersion]:
    """Keep each option as a draft (store.store_solution, so each is validated), in rank
    order; the second and third name the first as the solve they are options of."""
    versions: list[ScheduleVersion] = []
    for option in options:
        version = store.store_solution(
            session, problem, index, option.solution, in_force, created_by, time_limit, seed
        )
        version.option_rank = option.rank
        version.option_profiles = list(option.profiles)
        version.moved_sessions = option.figures.moved_sessions
        version.school_days = option.figures.school_days
        if versions:
            version.option_of = versions[0]
        versions.append(version)
    session.flush()
    return versions


def options_of(session: Session, version: ScheduleVersion) -> list[ScheduleVersion]:
    """The options of the solve `version` is one of, by rank ([] for a plain solve)."""
    if version.option_rank is None:
        return []
    first = version.option_of_id or version.id
    return list(
        session.scalars(
            select(ScheduleVersion)
            .where(or_(ScheduleVersion.id == first, ScheduleVersion.option_of_id == first))
            .order_by(ScheduleVersion.option_rank, ScheduleVersion.id)
        )
    )


def profile_labels(version: ScheduleVersion) -> list[str]:
    """What each profile that found `version` is called ("Fewer drives", ...)."""
    return [
        WEIGHT_PROFILES[name].label if name in WEIGHT_PROFILES else name
        for name in version.option_profiles or ()
    ]


@dataclass(frozen=True)
class FigureRow:
    """One figure of the comparison: its name, each option's value, and which options
    are best at it (the most lines met; the fewest of anything else)."""

    label: str
    values: tuple[int | None, ...]
    best: tuple[bool, ...]


# (label, attribute, more is better)
FIGURES = (
    ("Lines met", "lines_met", True),
    ("Driving, minutes a week", "travel_minutes", False),
    ("Idle, minutes a week", "idle_minutes", False),
    ("Sessions moved from the schedule in force", "moved_sessions", False),
    ("School days (a therapist at a school on a day)", "school_days", False),
)


# Figures stored for the whole cycle, shown as an average week of it.
_CYCLE_TOTALS = frozenset({"travel_minutes", "idle_minutes"})


def _figure(version: ScheduleVersion, name: str) -> int | None:
    value = getattr(version, name)
    return per_week(value, version.cycle_weeks) if name in _CYCLE_TOTALS else value


def compare_figures(versions: Sequence[ScheduleVersion]) -> list[FigureRow]:
    """Each figure for each option; driving and idle minutes are an average week of
    the option's cycle (stored for the whole cycle)."""
    rows = []
    for label, name, more in FIGURES:
        values = tuple(_figure(version, name) for version in versions)
        known = [value for value in values if value is not None]
        target = (max(known) if more else min(known)) if known else None
        best = tuple(
            value is not None and value == target and len(set(known)) > 1 for value in values
        )
        rows.append(FigureRow(label, values, best))
    return rows

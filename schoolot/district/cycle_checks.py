"""The cycle rules (schoolot.rules) as the forms apply them to the district's rows: a
block's or hours' cycle week inside the district's cycle, a therapist's 3:1 service
model only with a cycle of 4 or 8 weeks. The bundle import applies the same rules to its
rows (schoolot/bundle/validate_cycle.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from schoolot import cycle, rules
from schoolot.district.cycle import automatic_weeks
from schoolot.district.settings import get_district


def _cycle_now(session: Session, models: list[str]) -> tuple[int, bool] | None:
    """The district's cycle (weeks, automatic) with the service models `models` added;
    None before the district is set up."""
    district = get_district(session)
    if district is None:
        return None
    if district.cycle_weeks:
        return district.cycle_weeks, False
    return automatic_weeks(session, district.service_model, models), True


def cycle_weeks_now(session: Session) -> int:
    """Weeks in the district's cycle now (1 before it is set up)."""
    found = _cycle_now(session, [])
    return found[0] if found else 1


def cycle_week_problem(session: Session, week: int | None) -> str | None:
    """A block's or working hours' cycle week (None: every week) inside the cycle."""
    if week is None:
        return None
    found = _cycle_now(session, [])
    if found is None:
        return rules.cycle_week_in_cycle(week, cycle.MAX_CYCLE_WEEKS)
    return rules.cycle_week_in_cycle(week, *found)


def service_model_problem(session: Session, model: str | None) -> str | None:
    """A therapist's own service model (None: the district's): one of SERVICE_MODELS,
    and 3:1 only in a cycle of 4 or 8 weeks."""
    if model is None:
        return None
    if model not in cycle.SERVICE_MODELS:
        return f"'{model}' is not one of {', '.join(cycle.SERVICE_MODELS)}"
    found = _cycle_now(session, [model])
    return rules.three_one_cycle(model, found[0]) if found else None

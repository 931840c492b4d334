"""Rule families of time: minutes owed, one session at a time, lunch, idle gaps and
time-of-day drift."""

from __future__ import annotations

from collections import defaultdict

from schoolot.solver.week_model import Literal, Penalty, WeekModel
from schoolot.solver.week_travel import leg_steps


def add_minutes_owed(wm: WeekModel) -> None:
    """Each line gets exactly its sessions or none (`met`); at most one a day when it
    has no more sessions than the week has days; in a cycle of weeks, at most its cap
    in each cycle week (a weekly line's caps add up to its sessions: exact)."""
    model = wm.model
    for line in wm.data.lines:
        met = wm.met[line.service]
        uses = wm.uses_of(line.service)
        if not line.can_fit:
            model.add(met == 0)
            for _, literal in uses:
                model.add(literal == 0)
            continue
        model.add(sum(literal for _, literal in uses) == line.sessions * met)
        if line.caps is not None:
            by_week: dict[int, list[Literal]] = defaultdict(list)
            for option, literal in uses:
                by_week[line.week_of(wm.data.options[option].day)].append(literal)
            for week, literals in by_week.items():
                if len(literals) > line.caps[week - 1]:
                    model.add(sum(literals) <= line.caps[week - 1] * met)
        if line.one_a_day:
            by_day: dict[int, list[Literal]] = defaultdict(list)
            for option, literal in uses:
                by_day[wm.data.options[option].day].append(literal)
            for literals in by_day.values():
                if len(literals) > 1:
                    model.add_at_most_one(literals)


def add_lunch(wm: WeekModel) -> None:
    """One lunch start a working day, inside the lunch window (kept clear of sessions by
    add_one_place_at_a_time and of driving by week_travel)."""
    for day in wm.data.days:
        starts = wm.data.lunch_starts[day]
        if not starts:
            continue
        wm.lunch[day] = {start: wm.model.new_bool_var(f"lunch_d{day}_{start}") for start in starts}
        wm.model.add_exactly_one(wm.lunch[day].values())


def add_one_place_at_a_time(wm: WeekModel) -> None:
    """On every grid slot the therapist holds at most one session or lunch.

    A student is only ever seen by their own therapist, so this also keeps each
    student in at most one session at a time (week_groups keeps them once per session).
    """
    data = wm.data
    for day in data.days:
        busy: dict[int, list[Literal]] = defaultdict(list)
        for index in wm.on_day[day]:
            option = data.options[index]
            for slot in data.slots(option.start, option.end):
                busy[slot].append(wm.held[index])
        for start, literal in wm.lunch.get(day, {}).items():
            for slot in data.slots(start, start + data.lunch_minutes):
                busy[slot].append(literal)
        for literals in busy.values():
            if len(literals) > 1:
                wm.model.add_at_most_one(literals)


def unscheduled_penalty(wm: WeekModel) -> list[Penalty]:
    weight = wm.problem.weights.unscheduled_line
    return [Penalty("unscheduled lines", weight, sum(1 - met for met in wm.met.values()))]


def session_minutes_penalty(wm: WeekModel) -> list[Penalty]:
    """The therapist's minutes in sessions: a group of two takes one session's time."""
    minutes = sum(option.length * wm.held[option.index] for option in wm.data.options)
    return [Penalty("session minutes", wm.problem.weights.session_minute, minutes)]


def idle_penalty(wm: WeekModel) -> list[Penalty]:
    """Minutes of a working day between its first and last session that hold no
    session, no driving and no lunch."""
    model, data = wm.model, wm.data
    idle_minutes = []
    for day in data.days:
        schools = data.schools_by_day[day]
        visits = [wm.visit[day, school] for school in schools]
        low = min(data.options[o].start for o in wm.on_day[day]) // data.grid
        high = max(
            data.slots(data.options[o].start, data.options[o].end).stop for o in wm.on_day[day]
        )
        day_first = model.new_int_var(low, high, f"day_first_d{day}")
        day_last = model.new_int_var(low, high, f"day_last_d{day}")
        for school, visit in zip(schools, visits, strict=True):
            model.add(day_first <= wm.first[day, school]).only_enforce_if(visit)
            model.add(day_last >= wm.last[day, school]).only_enforce_if(visit)
        if len(visits) == 1:
            works = visits[0]
        else:
            works = model.new_bool_var(f"works_d{day}")
            model.add_max_equality(works, visits)
        session_steps = sum(
            len(data.slots(data.options[o].start, data.options[o].end)) * wm.held[o]
            for o in wm.on_day[day]
        )
        drive_steps = sum(
            leg_steps(wm.problem, a, b) * literal
            for (d, a, b), literal in wm.drive.items()
            if d == day
        )
        lunch = len(data.slots(0, data.lunch_minutes)) * works if day in wm.lunch else 0
        idle = model.new_int_var(0, high - low, f"idle_d{day}")
        model.add(idle >= day_last - day_first - session_steps - drive_steps - lunch)
        idle_minutes.append(idle)
    weight = wm.problem.weights.idle_minute * data.grid  # the spans are in grid steps
    return [Penalty("idle minutes", weight, sum(idle_minutes))]


def drift_penalty(wm: WeekModel) -> list[Penalty]:
    """Spread, in grid steps, between the earliest and latest start of a line's sessions."""
    model, data = wm.model, wm.data
    spreads = []
    for line in data.lines:
        if line.sessions < 2 or not line.can_fit:
            continue
        uses = wm.uses_of(line.service)
        steps = [data.options[o].start // data.grid for o, _ in uses]
        low, high = min(steps), max(steps)
        if low == high:
            continue
        earliest = model.new_int_var(low, high, f"earliest_{line.service}")
        latest = model.new_int_var(low, high, f"latest_{line.service}")
        for (_, literal), step in zip(uses, steps, strict=True):
            model.add(earliest <= step).only_enforce_if(literal)
            model.add(latest >= step).only_enforce_if(literal)
        model.add(latest >= earliest)
        spreads.append(latest - earliest)
    # The weight is per 5 minutes of spread; the spreads are in grid steps.
    weight = max(1, wm.problem.weights.time_of_day_drift * data.grid // 5)
    return [Penalty("time-of-day drift", weight, sum(spreads))]


def weekday_penalty(wm: WeekModel) -> list[Penalty]:
    """In a cycle of weeks: the weekdays each line's sessions use, so that a weekly line
    keeps the same weekdays every week (the greedy hint copies week 1; this keeps the
    search there), as `drift_penalty` keeps its time of day. Nothing in a one-week cycle."""
    model, data = wm.model, wm.data
    used = []
    for line in data.lines:
        if line.caps is None or not line.can_fit or line.sessions < 2:
            continue
        by_weekday: dict[int, list[Literal]] = defaultdict(list)
        for option, literal in wm.uses_of(line.service):
            by_weekday[line.weekday_of(data.options[option].day)].append(literal)
        if len(by_weekday) <= max(line.caps):
            continue  # every weekday it can use is needed in some week anyway
        for weekday, literals in sorted(by_weekday.items()):
            flag = model.new_bool_var(f"weekday_{line.service}_{weekday}")
            for literal in literals:
                model.add_implication(literal, flag)
            used.append(flag)
    return [Penalty("weekdays used in the cycle", wm.problem.weights.weekday_used, sum(used))]

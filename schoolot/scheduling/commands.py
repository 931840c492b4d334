"""`flask solve`, `flask export-schedule` and `flask publish-schedule [--from DATE]`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import NoReturn

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.jobs.progress import per_week, summarise_version
from schoolot.models import ScheduleVersion
from schoolot.scheduling import options as options_store
from schoolot.scheduling import store
from schoolot.scheduling.export_csv import schedule_csv
from schoolot.scheduling.export_json import schedule_json
from schoolot.scheduling.problem_builder import Index, build_problem
from schoolot.solver.options import MAX_OPTIONS, solve_options
from schoolot.solver.problem import Problem
from schoolot.solver.solve import Cancelled, InvalidSchedule, solve
from schoolot.timetable.school_year import SchoolYear
from schoolot.values import parse_date


def _fail(message: str) -> NoReturn:
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


FIRST_SCHOOL_DAY = "first-school-day"


_stands_from_option = click.option(
    "--from",
    "stands_from",
    default=None,
    metavar="DATE",
    help="the first date the schedule stands for, YYYY-MM-DD or first-school-day "
    "(default: today); the dates before keep the schedules that stood then",
)


def _stands_from_date(text: str | None) -> dt.date | None:
    """--from's date: None (today), the year's first school day, or YYYY-MM-DD."""
    if text is None:
        return None
    if text == FIRST_SCHOOL_DAY:
        year = SchoolYear.load(db.session())
        first = year.first_school_day() if year is not None else None
        if first is None:
            _fail("the district has no school day this year to stand from")
        return first
    try:
        return parse_date(text)
    except ValueError as error:
        _fail(f"--from: {error} (or {FIRST_SCHOOL_DAY})")


def _publish(version: ScheduleVersion, stands_from: dt.date | None) -> None:
    try:
        store.publish(db.session(), version, stands_from)
    except SchoolotError as error:
        _fail(f"schedule {version.id} was not published: {error}")


@click.command("solve")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="seconds the solver may search",
)
@click.option("--seed", type=int, default=0, show_default=True, help="same seed, same search")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="CP-SAT search workers per therapist's week (1 makes a seeded solve repeatable)",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="schedule the lines owed from this date, YYYY-MM-DD (default: the --from date, "
    "else today)",
)
@click.option("--publish", is_flag=True, help="publish the new schedule at once")
@click.option(
    "--options",
    "option_count",
    type=click.IntRange(1, MAX_OPTIONS),
    default=1,
    show_default=True,
    help="ranked schedules to return (fewer drives, fewer moves, more compact days), "
    "each a draft solved in an equal share of the time limit; --publish publishes the first",
)
@_stands_from_option
@click.option(
    "--if-none-in-force",
    is_flag=True,
    help="do nothing when a schedule is already in force (make run uses it)",
)
@with_appcontext
def solve_command(
    time_limit: float,
    seed: int,
    workers: int | None,
    as_of: dt.datetime | None,
    publish: bool,
    stands_from: str | None,
    if_none_in_force: bool,
    option_count: int,
) -> None:
    """Schedule the district's week and store it as a draft (the schedule in force stays)."""
    current = store.in_force(db.session())
    if if_none_in_force and current is not None:
        click.echo(f"Schedule {current.id} is in force: nothing to do.")
        return
    if stands_from is not None and not publish:
        _fail("--from is the date a published schedule stands from: give --publish too")
    first = _stands_from_date(stands_from)
    try:
        if first is not None:  # refused before the solve, not after it
            store.check_stands_from(db.session(), first, current)
        # A schedule standing from a date serves the lines owed from that date on.
        owed_from = as_of.date() if as_of else first
        problem, index = build_problem(db.session(), current, owed_from)
    except SchoolotError as error:
        _fail(str(error))
    click.echo(
        f"Scheduling {len(problem.services)} service lines of {len(problem.students)} "
        f"students for {len(problem.therapists)} therapists"
        + (f" over a {problem.cycle_weeks}-week cycle" if problem.cycle_weeks > 1 else "")
        + f" (time limit {time_limit:g} s, seed {seed})"
        + (f", re-planning from schedule {current.id} in force" if current else "")
        + "..."
    )
    if option_count > 1:
        version = _solve_options(problem, index, current, option_count, time_limit, seed, workers)
    else:
        version = _solve_one(problem, index, current, time_limit, seed, workers)
    if publish:
        _publish(version, first)
    db.session.commit()
    _print_summary(version, published=publish)


def _solve_one(
    problem: Problem,
    index: Index,
    current: ScheduleVersion | None,
    time_limit: float,
    seed: int,
    workers: int | None,
) -> ScheduleVersion:
    try:
        solution = solve(problem, time_limit=time_limit, seed=seed, workers=workers)
    except (Cancelled, InvalidSchedule, SchoolotError) as error:
        _fail(f"the solve failed, nothing was stored: {error}")
    if solution.stats.status == "INFEASIBLE":
        _fail("the solver found no schedule (INFEASIBLE); nothing was stored")
    try:
        return store.store_solution(
            db.session(), problem, index, solution, current, None, time_limit, seed
        )
    except ValidationFailed as error:
        _fail("\n".join(error.problems))


def _solve_options(
    problem: Problem,
    index: Index,
    current: ScheduleVersion | None,
    count: int,
    time_limit: float,
    seed: int,
    workers: int | None,
) -> ScheduleVersion:
    """Solve `count` options, store them as drafts and print them; returns the first
    ranked."""
    try:
        options = solve_options(problem, count, time_limit, seed=seed, workers=workers)
    except (Cancelled, InvalidSchedule, SchoolotError) as error:
        _fail(f"the solve failed, nothing was stored: {error}")
    try:
        versions = options_store.store_options(
            db.session(), problem, index, options, current, None, time_limit, seed
        )
    except ValidationFailed as error:
        _fail("\n".join(error.problems))
    click.echo(
        f"{len(versions)} option{'' if len(versions) == 1 else 's'} of {count} asked for "
        f"({time_limit / count:g} s each; identical ones kept once):"
    )
    for version in versions:
        click.echo(
            f"  {version.option_rank}. schedule {version.id}, "
            f"{' = '.join(options_store.profile_labels(version))}: "
            f"{version.lines_met} of {version.lines_owed} lines met, "
            f"{per_week(version.travel_minutes, version.cycle_weeks)} min driving a week, "
            f"{per_week(version.idle_minutes, version.cycle_weeks)} min idle, "
            f"{version.moved_sessions} sessions moved, {version.school_days} school days"
        )
    return versions[0]


def _print_summary(version: ScheduleVersion, published: bool) -> None:
    """What a coordinator reads first: lines met of those owed and the proven most,
    driving and idle minutes, and where time is short; the solver's own numbers last."""
    if published:
        click.echo(
            f"Stored schedule {version.id} and published it: it is now in force"
            f"{_standing(version.stands_from)}."
        )
    else:
        click.echo(f"Stored schedule {version.id} as a draft.")
    summary = summarise_version(version)
    for sentence in (summary.lines, summary.drive, summary.idle):
        if sentence is not None:
            click.echo(f"  {sentence}")
    left_out = version.lines_owed - version.lines_met
    if left_out:
        click.echo(f"  Left out: {left_out:,} service line{'' if left_out == 1 else 's'}")
    if version.shortfalls:
        click.echo("  Where time is short:")
        for sentence in version.shortfalls:
            click.echo(f"    {sentence}")
    gap = abs(version.objective - version.bound) / max(abs(version.objective), 1e-9)
    click.echo(
        f"  Details: {version.solver_status.lower()} after {version.seconds:.1f} s, seed "
        f"{version.seed}; objective {version.objective:g}, bound {version.bound:g}, "
        f"gap {100 * gap if version.objective else 0.0:.1f}%"
    )
    if not published:
        click.echo(f"Publish it with: flask publish-schedule {version.id}")


@click.command("export-schedule")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--schedule",
    "schedule_id",
    type=int,
    default=None,
    help="the schedule's number (default: the newest that is not discarded)",
)
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="CSV instead: one row a session (therapist, cycle week and its label, day, start, "
    "end, school, delivery, students, services, and the dates the schedule stands from and "
    "until)",
)
@with_appcontext
def export_schedule_command(out: str, schedule_id: int | None, as_csv: bool) -> None:
    """Write a schedule as JSON (schedule.md), or with --csv as CSV, to OUT ('-' for
    standard output)."""
    if schedule_id is None:
        version = store.newest(db.session())
        if version is None:
            _fail("there is no schedule yet: run flask solve first")
    else:
        version = db.session.get(ScheduleVersion, schedule_id)
        if version is None:
            _fail(f"there is no schedule {schedule_id}")
    text = (schedule_csv if as_csv else schedule_json)(db.session(), version)
    if out == "-":
        sys.stdout.write(text)
        return
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    click.echo(f"Exported schedule {version.id} ({version.state}) to {out}.")


@click.command("publish-schedule")
@click.argument("schedule_id", type=int, required=False)
@_stands_from_option
@with_appcontext
def publish_schedule_command(schedule_id: int | None, stands_from: str | None) -> None:
    """Put a draft schedule in force (default: the newest draft), from today or --from DATE."""
    first = _stands_from_date(stands_from)
    if schedule_id is None:
        version = store.newest(db.session(), state="draft")
        if version is None:
            _fail("there is no draft schedule to publish: run flask solve first")
    else:
        version = db.session.get(ScheduleVersion, schedule_id)
        if version is None:
            _fail(f"there is no schedule {schedule_id}")
    previous = store.in_force(db.session())
    _publish(version, first)
    db.session.commit()
    archived = f"; schedule {previous.id} is archived" if previous is not None else ""
    click.echo(f"Published schedule {version.id}: it is now in force{_standing(first)}{archived}.")


def _standing(first: dt.date | None) -> str:
    return f", standing from {first.isoformat()}" if first is not None else ""


def register(app: Flask) -> None:
    app.cli.add_command(solve_command)
    app.cli.add_command(export_schedule_command)
    app.cli.add_command(publish_schedule_command)

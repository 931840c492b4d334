"""`flask solve`, `flask export-schedule` and `flask publish-schedule`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import NoReturn

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.jobs.progress import summarise_version
from schoolot.models import ScheduleVersion
from schoolot.scheduling import store
from schoolot.scheduling.export_json import schedule_json
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.solve import Cancelled, InvalidSchedule, solve


def _fail(message: str) -> NoReturn:
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


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
    help="schedule the lines owed from this date, YYYY-MM-DD (default: today)",
)
@click.option("--publish", is_flag=True, help="publish the new schedule at once")
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
    if_none_in_force: bool,
) -> None:
    """Schedule the district's week and store it as a draft (the schedule in force stays)."""
    current = store.in_force(db.session())
    if if_none_in_force and current is not None:
        click.echo(f"Schedule {current.id} is in force: nothing to do.")
        return
    try:
        problem, index = build_problem(db.session(), current, as_of.date() if as_of else None)
    except SchoolotError as error:
        _fail(str(error))
    click.echo(
        f"Scheduling {len(problem.services)} service lines of {len(problem.students)} "
        f"students for {len(problem.therapists)} therapists "
        f"(time limit {time_limit:g} s, seed {seed})"
        + (f", re-planning from schedule {current.id} in force" if current else "")
        + "..."
    )
    try:
        solution = solve(problem, time_limit=time_limit, seed=seed, workers=workers)
    except (Cancelled, InvalidSchedule, SchoolotError) as error:
        _fail(f"the solve failed, nothing was stored: {error}")
    if solution.stats.status == "INFEASIBLE":
        _fail("the solver found no schedule (INFEASIBLE); nothing was stored")
    try:
        version = store.store_solution(
            db.session(), problem, index, solution, current, None, time_limit, seed
        )
    except ValidationFailed as error:
        _fail("\n".join(error.problems))
    if publish:
        store.publish(db.session(), version)
    db.session.commit()
    _print_summary(version, published=publish)


def _print_summary(version: ScheduleVersion, published: bool) -> None:
    """What a coordinator reads first: lines met of those owed and the proven most,
    driving and idle minutes, and where time is short; the solver's own numbers last."""
    if published:
        click.echo(f"Stored schedule {version.id} and published it: it is now in force.")
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
@with_appcontext
def export_schedule_command(out: str, schedule_id: int | None) -> None:
    """Write a schedule as JSON (schedule.md) to OUT ('-' for standard output)."""
    if schedule_id is None:
        version = store.newest(db.session())
        if version is None:
            _fail("there is no schedule yet: run flask solve first")
    else:
        version = db.session.get(ScheduleVersion, schedule_id)
        if version is None:
            _fail(f"there is no schedule {schedule_id}")
    text = schedule_json(db.session(), version)
    if out == "-":
        sys.stdout.write(text)
        return
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"Exported schedule {version.id} ({version.state}) to {out}.")


@click.command("publish-schedule")
@click.argument("schedule_id", type=int, required=False)
@with_appcontext
def publish_schedule_command(schedule_id: int | None) -> None:
    """Put a draft schedule in force (default: the newest draft)."""
    if schedule_id is None:
        version = store.newest(db.session(), state="draft")
        if version is None:
            _fail("there is no draft schedule to publish: run flask solve first")
    else:
        version = db.session.get(ScheduleVersion, schedule_id)
        if version is None:
            _fail(f"there is no schedule {schedule_id}")
    previous = store.in_force(db.session())
    try:
        store.publish(db.session(), version)
    except SchoolotError as error:
        _fail(str(error))
    db.session.commit()
    archived = f"; schedule {previous.id} is archived" if previous is not None else ""
    click.echo(f"Published schedule {version.id}: it is now in force{archived}.")


def register(app: Flask) -> None:
    app.cli.add_command(solve_command)
    app.cli.add_command(export_schedule_command)
    app.cli.add_command(publish_schedule_command)

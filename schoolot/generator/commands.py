"""`flask generate-district`, `flask seed-demo` and `flask seed-demo-logs`."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from schoolot.district.settings import district_today, get_district
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.generator.demo import (
    DEMO_PASSWORD,
    DistrictAlreadyLoaded,
    demo_loaded,
    demo_logins,
    load_demo,
)
from schoolot.generator.demo_logs import log_demo_weeks
from schoolot.generator.district import generate_district
from schoolot.generator.profiles import PROFILES
from schoolot.models import SessionLog
from schoolot.timetable.history import History


@click.command("generate-district")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--schools", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--therapists", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--students", type=click.IntRange(min=0), default=150, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="same seed, same files")
@click.option(
    "--profile",
    type=click.Choice(PROFILES),
    default="balanced",
    show_default=True,
    help="balanced: even caseloads; oversubscribed: pinned, unbalanced, narrow windows",
)
@click.option(
    "--open-caseloads",
    is_flag=True,
    help="oversubscribed only: no student pinned, every therapist may serve every school",
)
@click.option(
    "--cycle",
    is_flag=True,
    help="a 4-week cycle: A/B specials at some schools, monthly consults, one 3:1 therapist",
)
def generate_district_command(
    out_dir: str,
    schools: int,
    therapists: int,
    students: int,
    seed: int,
    profile: str,
    open_caseloads: bool,
    cycle: bool,
) -> None:
    """Write a realistic generated district bundle (CSV files) into OUT_DIR."""
    try:
        generate_district(
            out_dir, schools, therapists, students, seed, profile, open_caseloads, cycle
        )
    except ValueError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote a {profile}{' 4-week cycle' if cycle else ''} bundle of {schools} schools, "
        f"{therapists} therapists and "
        f"{students} students (seed {seed}) to {out_dir}."
    )


@click.command("seed-demo")
@click.option("--reset", is_flag=True, help="first delete everything: the district and accounts")
@with_appcontext
def seed_demo_command(reset: bool) -> None:
    """Load a generated demo district with an account for every role."""
    if demo_loaded(db.session()) and not reset:
        click.echo("The demo district is already loaded (seed-demo --reset starts it over).")
        _print_logins()
        return
    try:
        demo = load_demo(db.session(), reset=reset)
    except (DistrictAlreadyLoaded, ValidationFailed) as error:
        db.session.rollback()
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Loaded the demo district: {demo.district}.")
    _print_logins()


@click.command("seed-demo-logs")
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="log the school days up to this date, YYYY-MM-DD (default: yesterday)",
)
@with_appcontext
def seed_demo_logs_command(until: dt.datetime | None) -> None:
    """Log the demo's past school days (once), from the date its schedule stands from."""
    session = db.session()
    district = get_district(session)
    if not demo_loaded(session) or district is None:
        click.echo("The demo district is not loaded: no logs made (flask seed-demo first).")
        return
    if session.scalar(select(SessionLog.id).limit(1)) is not None:
        click.echo("The demo already has session logs: none added.")
        return
    started = History.load(session, district).started
    if started is None:
        click.echo("No schedule is published yet: no logs made (flask solve --publish first).")
        return
    last = until.date() if until else district_today(district) - dt.timedelta(days=1)
    logged = log_demo_weeks(session, started, last)
    if logged is None:
        click.echo(f"No session was planned from {started} to {last}: no logs made.")
        return
    db.session.commit()
    click.echo(
        f"Logged the demo's sessions from {logged.first} to {logged.last}: {logged.logs:,} "
        f"logs, {logged.progress} goal progress marks; {logged.sick_day} was out sick, "
        f"{logged.event} had an assembly."
    )


def _print_logins() -> None:
    logins = demo_logins(db.session())
    width = max(len(login.email) for login in logins)
    click.echo(f"Log in at /login with password {DEMO_PASSWORD}:")
    click.echo(f"  {'role':<12} {'email':<{width}}  sees")
    for login in logins:
        click.echo(f"  {login.role:<12} {login.email:<{width}}  {login.sees}")


def register(app: Flask) -> None:
    app.cli.add_command(generate_district_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_demo_logs_command)

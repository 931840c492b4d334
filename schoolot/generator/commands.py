"""`flask generate-district` and `flask seed-demo`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.generator.demo import (
    DEMO_PASSWORD,
    DistrictAlreadyLoaded,
    demo_loaded,
    demo_logins,
    load_demo,
)
from schoolot.generator.district import generate_district
from schoolot.generator.profiles import PROFILES


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
def generate_district_command(
    out_dir: str,
    schools: int,
    therapists: int,
    students: int,
    seed: int,
    profile: str,
    open_caseloads: bool,
) -> None:
    """Write a realistic generated district bundle (CSV files) into OUT_DIR."""
    try:
        generate_district(out_dir, schools, therapists, students, seed, profile, open_caseloads)
    except ValueError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote a {profile} bundle of {schools} schools, {therapists} therapists and "
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

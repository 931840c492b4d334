"""`flask caseload`: every therapist's caseload and workload, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.caseload.snapshot import load_snapshot
from schoolot.caseload.table import as_text, rows_of
from schoolot.caseload.workload import spread, workloads
from schoolot.extensions import db


@click.command("caseload")
@click.option("--json", "as_json", is_flag=True, help="a JSON list of objects, one a therapist")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="count the lines in effect from this date, YYYY-MM-DD (default: today)",
)
@with_appcontext
def caseload_command(as_json: bool, as_of: dt.datetime | None) -> None:
    """Print every therapist's caseload and workload (docs/caseload.md)."""
    snapshot = load_snapshot(db.session(), as_of.date() if as_of else None)
    loads = workloads(snapshot)
    if as_json:
        click.echo(json.dumps(rows_of(loads), indent=2))
        return
    settings = snapshot.settings
    schedule = snapshot.schedule
    in_force = f"schedule {schedule.version_id}" if schedule else "no schedule"
    click.echo(
        f"Caseloads on {snapshot.as_of}: {len(snapshot.students)} students with a line in"
        f" effect, {len(snapshot.unassigned())} on nobody's caseload; {in_force} in force."
    )
    click.echo(
        f"Capacity {settings.capacity_minutes_per_fte} minutes a week per FTE; over above"
        f" {settings.over_percent}%, under below {settings.under_percent}%; documentation"
        f" {settings.documentation_minutes_per_student} minutes per student. Minutes a week."
    )
    if not loads:
        click.echo("No therapists.")
        return
    click.echo(as_text(loads))
    found = spread(loads)
    ratio = f"{found.ratio:.2f}x" if found.ratio is not None else "the least loaded has none"
    click.echo(
        f"Spread per FTE: {found.most.name} {found.most.workload_per_fte:,.0f},"
        f" {found.least.name} {found.least.workload_per_fte:,.0f} ({ratio})."
    )


def register(app: Flask) -> None:
    app.cli.add_command(caseload_command)

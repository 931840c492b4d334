"""`flask compliance`: owed vs delivered minutes per service line, as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.compliance.ledger import line_ledgers
from schoolot.compliance.rollup import load_names, totals
from schoolot.compliance.table import as_text, rows_of
from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db


@click.command("compliance")
@click.option("--json", "as_json", is_flag=True, help="a JSON list of objects, one a line")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="count the dates up to this one, YYYY-MM-DD (default: today)",
)
@with_appcontext
def compliance_command(as_json: bool, as_of: dt.datetime | None) -> None:
    """Print owed, planned, delivered and missed minutes per service line, furthest
    behind first (docs/compliance.md)."""
    session = db.session()
    district = get_district(session)
    if district is None:
        raise click.ClickException("no district yet: import a bundle or run flask seed-demo")
    day = as_of.date() if as_of else district_today(district)
    ledgers = line_ledgers(session, day)
    names = load_names(session)
    if as_json:
        click.echo(json.dumps(rows_of(ledgers, names), indent=2))
        return
    if not ledgers:
        click.echo(f"Nothing counted by {day}: no schedule stands yet, or no line is in service.")
        return
    found = totals(ledgers)
    click.echo(
        f"Owed vs delivered by {day}: {found.lines} lines, {found.behind_lines} behind;"
        f" owed {found.owed_minutes:,}, delivered {found.delivered_minutes:,},"
        f" makeup owed {found.makeup_owed_minutes:,} minutes."
    )
    click.echo(as_text(ledgers, names))


def register(app: Flask) -> None:
    app.cli.add_command(compliance_command)

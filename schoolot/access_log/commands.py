"""`flask purge-access-log [--dry-run]`: the district's retention of the access log."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.access_log.record import purge_access_log, retention_cutoff
from schoolot.district.settings import get_district
from schoolot.extensions import db


@click.command("purge-access-log")
@click.option("--dry-run", is_flag=True, help="count the entries that would go, delete none")
@with_appcontext
def purge_access_log_command(dry_run: bool) -> None:
    """Delete access-log entries older than the district's retention (its settings page:
    days to keep the access log), and print how many."""
    district = get_district(db.session())
    if district is None:
        click.echo("error: no district yet: import a bundle or set up the district", err=True)
        raise SystemExit(1)
    cutoff = retention_cutoff(district)
    count = purge_access_log(db.session(), cutoff, dry_run=dry_run)
    db.session.commit()
    kept = f"kept {district.access_log_days} days: before {cutoff:%Y-%m-%d %H:%M} UTC"
    if dry_run:
        click.echo(f"Would delete {count} access-log entries ({kept}); deleted none.")
    else:
        click.echo(f"Deleted {count} access-log entries ({kept}).")


def register(app: Flask) -> None:
    app.cli.add_command(purge_access_log_command)

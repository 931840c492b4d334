"""`flask audit`, and the change history's actor in a `flask` command: "flask <command>",
one batch a run."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from schoolot.audit import Actor, register_source
from schoolot.audit.actor import new_batch
from schoolot.audit.queries import UnknownStudent, history, student_record_id
from schoolot.audit.sentences import entries
from schoolot.audit.words import as_json
from schoolot.extensions import db
from schoolot.models import District

_BATCH = "schoolot.audit_batch"


def command_actor() -> Actor | None:
    """The `flask` command running ("flask create-user"), or None outside one."""
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    names = []
    while context.parent is not None:
        names.append(context.info_name or "")
        context = context.parent
    if not names:
        return None
    batch = context.meta.setdefault(_BATCH, new_batch())
    return Actor(label=f"flask {' '.join(reversed(names))}", batch=batch)


def _district_zone() -> dt.tzinfo:
    name = db.session.scalar(select(District.timezone).limit(1))
    return zoneinfo.ZoneInfo(name) if name else dt.UTC


@click.command("audit")
@click.option("--student", "student_code", help="only this student's records (bundle id)")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="only changes from this day on, YYYY-MM-DD (the district's time zone)",
)
@click.option("--json", "as_json_list", is_flag=True, help="a JSON list of objects")
@with_appcontext
def audit_command(student_code: str | None, since: dt.datetime | None, as_json_list: bool) -> None:
    """Print the change history, oldest first: who changed what, when, before and after."""
    zone = _district_zone()
    student_id = None
    if student_code is not None:
        try:
            student_id = student_record_id(db.session(), student_code.strip())
        except UnknownStudent as error:
            click.echo(f"error: --student: {error}", err=True)
            raise SystemExit(1) from None
    since_utc = None
    if since is not None:
        since_utc = since.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)
    changes = history(db.session(), student_id, since_utc)
    if as_json_list:
        click.echo(json.dumps([as_json(c) for c in changes], indent=2))
        return
    today = dt.datetime.now(zone).date()
    for entry in entries(db.session(), changes, zone, today, with_day=False):
        reason = f"; reason: {entry.reason}" if entry.reason else ""
        click.echo(f"{entry.at:%Y-%m-%d %H:%M} {entry.sentence}{reason}")
    if not changes:
        click.echo("No changes recorded.")


def register(app: Flask) -> None:
    register_source("flask command", command_actor)
    app.cli.add_command(audit_command)

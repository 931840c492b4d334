"""`flask export-ical`: a feed's calendar written to a file, the same bytes the URL serves."""

from __future__ import annotations

from typing import NoReturn

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.extensions import db
from schoolot.feeds.ical import build_feed, owner_by_code


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


@click.command("export-ical")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, allow_dash=True))
@click.option("--therapist", "therapist", metavar="ID", help="a therapist's id (email)")
@click.option("--teacher", "teacher", metavar="ID", help="a teacher's id")
@click.option("--school", "school", metavar="ID", help="a school's id")
@with_appcontext
def export_ical_command(
    out: str, therapist: str | None, teacher: str | None, school: str | None
) -> None:
    """Write the calendar feed of one therapist, teacher or school to OUT (- for stdout):
    the school year, each date from the schedule that stood on it, as its feed URL
    serves it."""
    given = {
        kind: code
        for kind, code in (("therapist", therapist), ("teacher", teacher), ("school", school))
        if code is not None
    }
    if len(given) != 1:
        _fail("give exactly one of --therapist, --teacher or --school")
    [(kind, code)] = given.items()
    owner = owner_by_code(db.session(), kind, code)
    if owner is None:
        _fail(f"no {kind} with id '{code}'")
    body = build_feed(db.session(), kind, owner.id)
    with click.open_file(out, "wb") as stream:
        stream.write(body)
    if out != "-":
        events = body.count(b"\r\nBEGIN:VEVENT\r\n")
        click.echo(f"Wrote the {kind} feed of {owner.name} to {out}: {events} events.")


def register(app: Flask) -> None:
    app.cli.add_command(export_ical_command)

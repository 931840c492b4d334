"""`flask propose-makeups`: makeup slots for the minutes owed back, stored as proposals."""

from __future__ import annotations

import datetime as dt
import json

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from schoolot.audit import recording
from schoolot.district.settings import district_today, get_district
from schoolot.extensions import db
from schoolot.makeups.propose import WEEKS_AHEAD, TherapistProposal, coming_weeks, propose_makeups
from schoolot.models import Therapist


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


@click.command("propose-makeups")
@click.option("--therapist", "email", metavar="EMAIL", help="one therapist (their id, an email)")
@click.option("--as-of", "as_of", metavar="DATE", help="today's date (default: the district's)")
@click.option("--weeks", type=click.IntRange(1, 8), default=WEEKS_AHEAD, show_default=True)
@click.option(
    "--time-limit", type=float, default=5.0, show_default=True, help="seconds a therapist"
)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@with_appcontext
def propose_makeups_command(
    email: str | None, as_of: str | None, weeks: int, time_limit: float, as_json: bool
) -> None:
    """Propose makeups for the minutes owed back: slots from tomorrow for WEEKS weeks
    that break no rule of the schedule in force then. Replaces each therapist's
    undecided proposals; the therapist accepts, moves or declines them on /makeups."""
    session = db.session()
    district = get_district(session)
    if district is None:
        _fail("there is no district yet: import a bundle first")
        return
    therapist_id = None
    if email is not None:
        therapist = session.scalar(select(Therapist).where(Therapist.code == email.strip()))
        if therapist is None:
            _fail(f"--therapist: no therapist with id '{email}'")
            return
        therapist_id = therapist.id
    try:
        today = dt.date.fromisoformat(as_of) if as_of else district_today(district)
    except ValueError:
        _fail(f"--as-of: '{as_of}' is not a date (YYYY-MM-DD)")
        return
    with recording(actor="flask propose-makeups"):
        results = propose_makeups(
            session, therapist_id=therapist_id, today=today, weeks=weeks, time_limit=time_limit
        )
    session.commit()
    first, last = coming_weeks(today, weeks)
    if as_json:
        document = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "therapists": [_as_dict(result) for result in results],
        }
        click.echo(json.dumps(document, indent=2))
        return
    click.echo(f"Makeups from {first:%a %d %b %Y} to {last:%a %d %b %Y}:")
    if not results:
        click.echo("  no minutes are owed back.")
    for result in results:
        _print(result)


def _as_dict(result: TherapistProposal) -> dict:
    return {
        "therapist": result.therapist.code,
        "name": result.therapist.name,
        "proposed": [
            {
                "id": makeup.id,
                "uid": makeup.uid,
                "service": makeup.service_line.code,
                "student": makeup.service_line.student.code,
                "school": makeup.school.code,
                "date": makeup.date.isoformat(),
                "start": f"{makeup.start:%H:%M}",
                "end": f"{makeup.end:%H:%M}",
                "minutes": makeup.minutes,
            }
            for makeup in result.made
        ],
        "left": [
            {"service": line.code, "student": line.student.code, "minutes": minutes}
            for line, minutes in result.left
        ],
    }


def _print(result: TherapistProposal) -> None:
    click.echo(f"{result.therapist.name} ({result.therapist.code}):")
    for makeup in result.made:
        line = makeup.service_line
        click.echo(
            f"  proposed {line.code} {line.student.first_name} {line.student.last_name}: "
            f"{makeup.date:%a %d %b} {makeup.start:%H:%M}-{makeup.end:%H:%M} "
            f"({makeup.minutes} min) at {makeup.school.name}"
        )
    for line, minutes in result.left:
        click.echo(f"  no slot for {minutes} min owed back on {line.code}")
    if not result.made and not result.left:
        click.echo("  nothing owed back.")


def register(app: Flask) -> None:
    app.cli.add_command(propose_makeups_command)

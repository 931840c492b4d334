"""`flask import-session-log FILE.csv`: session logs from another system, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.audit import recording
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.service_log.importer import import_session_log


@click.command("import-session-log")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_session_log_command(path: str) -> None:
    """Import dated session logs (columns date, student, service, start, minutes,
    status, reason, note): all or nothing; importing a file again adds nothing."""
    name = Path(path).name
    try:
        # One batch in the change history, by "import of <file>", as the bundle's import.
        with recording(actor=f"import of {name}"):
            report = import_session_log(db.session(), path, name)
    except ValidationFailed as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(problem, err=True)
        plural = "" if error.total == 1 else "s"
        click.echo(f"{error.total} problem{plural}: nothing was imported.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(report.summary())


def register(app: Flask) -> None:
    app.cli.add_command(import_session_log_command)

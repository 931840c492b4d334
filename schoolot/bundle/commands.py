"""`flask import-bundle` and `flask export-bundle`."""

from __future__ import annotations

import click
from flask import Flask

from schoolot.access_log import record_command_export
from schoolot.audit import recording
from schoolot.bundle.export import export_bundle
from schoolot.bundle.importer import import_bundle
from schoolot.bundle.progress import describe
from schoolot.bundle.reader import shown_name
from schoolot.errors import ValidationFailed
from schoolot.extensions import db


@click.command("import-bundle")
@click.argument("path", type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="check and report, but import nothing")
@click.option("--progress", is_flag=True, help="print each stage to standard error as it goes")
def import_bundle_command(path: str, dry_run: bool, progress: bool) -> None:
    """Import a district bundle (a folder or a .zip of CSV files): all or nothing.

    A bundle over the size limits (see the README) is refused unread."""

    def print_stage(stage: str, done: int, total: int) -> None:
        click.echo(describe(stage, done, total), err=True)

    try:
        # The import's changes are one batch in the history, by "import of <bundle>".
        with recording(actor=f"import of {shown_name(path, None)}"):
            report = import_bundle(db.session(), path, progress=print_stage if progress else None)
    except ValidationFailed as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(problem, err=True)
        plural = "" if error.total == 1 else "s"
        click.echo(f"{error.total} problem{plural}: nothing was imported.", err=True)
        raise SystemExit(1) from None
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for line in report.summary_lines():
        click.echo(line)
    if dry_run:
        click.echo("Dry run: the bundle is valid; nothing was imported.")


@click.command("export-bundle")
@click.argument("out_dir", type=click.Path(file_okay=False))
def export_bundle_command(out_dir: str) -> None:
    """Write the district's data as a bundle folder."""
    held = export_bundle(db.session(), out_dir)
    record_command_export(db.session(), "flask export-bundle", "bundle export", out_dir, held=held)
    db.session.commit()
    click.echo(f"Exported the bundle to {out_dir}.")


def register(app: Flask) -> None:
    app.cli.add_command(import_bundle_command)
    app.cli.add_command(export_bundle_command)

"""`flask create-user` and `flask set-password`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from schoolot.accounts.service import create_user, set_password
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models.users import ROLES, User


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--therapist", "therapist_code", help="therapist id, for a therapist account")
@click.option("--teacher", "teacher_code", help="teacher id, for a teacher account")
@click.password_option(help="prompted for when not given")
@with_appcontext
def create_user_command(
    email: str, role: str, therapist_code: str | None, teacher_code: str | None, password: str
) -> None:
    """Add an account that can log in."""
    try:
        user = create_user(db.session(), email, role, password, therapist_code, teacher_code)
    except ValidationFailed as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Created {user.role} account {user.email}.")


@click.command("set-password")
@click.argument("email")
@click.password_option(help="prompted for when not given")
@with_appcontext
def set_password_command(email: str, password: str) -> None:
    """Give an account a new password (a forgotten one): every session of it ends."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        click.echo(f"error: email: no account for {email}", err=True)
        raise SystemExit(1)
    try:
        set_password(user, password)
    except ValidationFailed as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"New password set for {user.email}; every session of the account has ended.")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(set_password_command)

"""`flask balance`: print the balance proposal; with --apply, apply it as one change
and solve a draft schedule."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask
from flask.cli import with_appcontext

from schoolot.errors import SchoolotError, ValidationFailed
from schoolot.extensions import db
from schoolot.scheduling.commands import solve_command

from .apply import apply_steps, parse_token
from .proposal import Figures, Proposal, check_options, propose


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


@click.command("balance")
@click.option("--max-moves", type=int, default=30, show_default=True, help="students moved at most")
@click.option("--time-limit", type=float, default=10.0, show_default=True, help="seconds to search")
@click.option("--seed", type=int, default=0, show_default=True, help="same seed, same search")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="count the lines owed from this date, YYYY-MM-DD (default: today), as flask solve",
)
@click.option("--apply", "apply_it", is_flag=True, help="apply it, then solve a draft schedule")
@click.option(
    "--solve-time-limit",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="seconds the draft solve after --apply may search",
)
@click.pass_context
@with_appcontext
def balance_command(
    ctx: click.Context,
    max_moves: int,
    time_limit: float,
    seed: int,
    as_of: dt.datetime | None,
    apply_it: bool,
    solve_time_limit: float,
) -> None:
    """Propose moves of students and school coverage that meet more lines and even
    workload per FTE, with the fewest changes; students kept with their therapist never
    move."""
    problems = check_options(max_moves, time_limit)
    if problems:
        _fail("; ".join(problems))
    try:
        proposal = propose(db.session(), max_moves, time_limit, seed, as_of and as_of.date())
    except SchoolotError as error:
        _fail(str(error))
    db.session.rollback()  # the proposal wrote nothing; end its read transaction
    print_proposal(proposal)
    if not apply_it or proposal.empty:
        if apply_it:
            click.echo("Nothing to apply.")
        return
    try:
        moved = apply_steps(
            db.session(),
            parse_token(proposal.token),
            actor="flask balance",
            reason=f"balance proposal: {len(proposal.moves)} moves",
            as_of=as_of and as_of.date(),
        )
    except ValidationFailed as error:
        _fail("nothing was applied:\n" + "\n".join(error.problems))
    db.session.commit()
    click.echo(f"Applied: {moved} students moved, {len(proposal.coverage)} coverage changes.")
    ctx.invoke(solve_command, time_limit=solve_time_limit, seed=seed, as_of=as_of)


def print_proposal(proposal: Proposal) -> None:
    before, after = proposal.before, proposal.after
    if proposal.empty:
        click.echo("The caseloads are balanced as they are: no move proposed.")
    else:
        click.echo(f"Proposed: {len(proposal.moves)} moves of students:")
        for move in proposal.moves:
            click.echo(
                f"  {move.student} ({move.school}): {move.from_name or 'no therapist'} -> "
                f"{move.to_name}; {move.why}"
            )
        if proposal.coverage:
            click.echo("School coverage:")
            for change in proposal.coverage:
                verb = "starts serving" if change.added else "stops serving"
                click.echo(f"  {change.therapist} {verb} {change.school}")
    click.echo(f"Kept with their therapist: {proposal.kept} students.")
    click.echo(f"Before: {_figures(before)}")
    click.echo(f"After:  {_figures(after)}")


def _figures(figures: Figures) -> str:
    most, least = figures.most, figures.least
    return (
        f"at most {figures.lines_most:,} of {figures.lines_owed:,} lines met; workload per "
        f"FTE {round(least.per_fte):,} ({least.name}) to {round(most.per_fte):,} "
        f"({most.name}) minutes a week, spread {figures.spread:.2f}x"
    )


def register(app: Flask) -> None:
    app.cli.add_command(balance_command)

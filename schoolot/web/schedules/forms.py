"""Forms of the schedule pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from schoolot.jobs.service import MAX_SEED, MAX_TIME_LIMIT, MIN_TIME_LIMIT
from schoolot.solver.options import MAX_OPTIONS
from schoolot.web.forms_common import choices


class SolveForm(FlaskForm):
    time_limit = IntegerField(
        "Time limit (seconds)",
        validators=[InputRequired(), NumberRange(MIN_TIME_LIMIT, MAX_TIME_LIMIT)],
        default=60,
        description=f"How long the search may run: {MIN_TIME_LIMIT} to {MAX_TIME_LIMIT} seconds.",
    )
    seed = IntegerField(
        "Random seed",
        validators=[InputRequired(), NumberRange(0, MAX_SEED)],
        default=0,
        description="The same seed and time limit on the same data give a similar schedule.",
    )
    options = SelectField(
        "Schedules to compare",
        choices=choices(
            [(1, "One schedule"), *((n, f"Up to {n} options") for n in range(2, MAX_OPTIONS + 1))]
        ),
        coerce=int,
        default=1,
        description="Options weigh fewer drives, fewer moves from the schedule in force and "
        "more compact days differently; the time limit is split between them.",
    )
    submit = SubmitField("Solve now")

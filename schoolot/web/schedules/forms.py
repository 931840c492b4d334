"""Forms of the schedule pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from schoolot.jobs.service import MAX_SEED, MAX_TIME_LIMIT, MIN_TIME_LIMIT


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
    submit = SubmitField("Solve now")

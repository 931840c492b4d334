"""Forms of the balance page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from schoolot.balance.proposal import MAX_MOVES_LIMIT

# The page computes the proposal inside the request, so its search stays short: at the
# default 1 s a 250-student district's proposal takes about 2.3 s in all (building the
# problem, the caseloads, the search and the proven most before and after).
MAX_PAGE_SECONDS = 5
# The draft solve after Apply (app config BALANCE_SOLVE_SECONDS overrides it).
SOLVE_SECONDS = 60


class ProposeForm(FlaskForm):
    max_moves = IntegerField(
        "Most students moved",
        validators=[
            InputRequired(message="enter how many students may move"),
            NumberRange(0, MAX_MOVES_LIMIT, message=f"enter 0 to {MAX_MOVES_LIMIT}"),
        ],
        default=30,
    )
    time_limit = IntegerField(
        "Time limit (seconds)",
        validators=[
            InputRequired(message="enter the seconds the search may take"),
            NumberRange(1, MAX_PAGE_SECONDS, message=f"enter 1 to {MAX_PAGE_SECONDS} seconds"),
        ],
        default=1,
        description=f"1 to {MAX_PAGE_SECONDS} seconds; the command flask balance may take longer.",
    )
    submit = SubmitField("Propose")


class ApplyForm(FlaskForm):
    proposal = HiddenField(validators=[InputRequired(message="propose first")])
    submit = SubmitField("Apply and solve a draft")

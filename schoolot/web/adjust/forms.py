"""Forms of adjusting a draft by hand: each listed change is one small form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired


class MoveForm(FlaskForm):
    day = HiddenField("Day", validators=[InputRequired()])
    start = HiddenField("Start", validators=[InputRequired()])


class JoinForm(FlaskForm):
    group = IntegerField("Group session", validators=[InputRequired()])


class SwapForm(MoveForm):
    other = IntegerField("Other session", validators=[InputRequired()])
    other_day = HiddenField("Other's day", validators=[InputRequired()])
    other_start = HiddenField("Other's start", validators=[InputRequired()])

"""Forms of the makeups page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, Optional


class DecideForm(FlaskForm):
    """Accept or decline: the CSRF token only."""


class ProposeForm(FlaskForm):
    therapist = SelectField("Therapist", coerce=int)
    submit = SubmitField("Propose makeups")


class MoveForm(FlaskForm):
    date = DateField("Date", validators=[InputRequired(message="enter the date")])
    start = TimeField("Starts", validators=[InputRequired(message="enter the start time")])
    end = TimeField("Ends", validators=[InputRequired(message="enter the end time")])
    note = TextAreaField(
        "Note", validators=[Optional(), Length(max=500, message="at most 500 characters")]
    )
    submit = SubmitField("Save and accept")

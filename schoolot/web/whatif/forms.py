"""Forms of the what-if page: one per kind of change, each with its own prefix so the
page's fields keep unique ids. Choices are filled in by the view."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FloatField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from schoolot.web.forms_common import CheckboxesField, choices
from schoolot.whatif.changes import MAX_FTE, MIN_FTE


def _choice(label: str, **kw) -> SelectField:
    return SelectField(label, coerce=int, validators=[InputRequired()], **kw)


class MoveStudentForm(FlaskForm):
    student = _choice("Student")
    to_therapist = _choice("To therapist")
    submit = SubmitField("Try this move")


class ServeSchoolForm(FlaskForm):
    therapist = _choice("Therapist")
    serves = SelectField(
        "Change",
        choices=choices([("start", "starts serving"), ("stop", "stops serving")]),
        validators=[InputRequired()],
    )
    school = _choice("School")
    submit = SubmitField("Try this coverage")


class MoveSchoolForm(FlaskForm):
    school = _choice("School")
    from_therapist = _choice("From therapist")
    to_therapist = _choice("To therapist")
    submit = SubmitField("Try moving the school")


class FteForm(FlaskForm):
    therapist = _choice("Therapist")
    fte = FloatField(
        "FTE",
        validators=[InputRequired(), NumberRange(MIN_FTE, MAX_FTE)],
        description=f"{MIN_FTE:g} to {MAX_FTE:g}",
    )
    submit = SubmitField("Try this FTE")


class HoursForm(FlaskForm):
    therapist = _choice("Therapist")
    weekdays = CheckboxesField("Working days")
    start = StringField("Start (HH:MM)", validators=[InputRequired()], default="08:00")
    end = StringField("End (HH:MM)", validators=[InputRequired()], default="16:00")
    submit = SubmitField("Try these hours")


class TrialForm(FlaskForm):
    pass

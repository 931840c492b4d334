"""Forms of the schools area: a school, a block, a calendar day, a travel time."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired

from schoolot.models import Block, CalendarDay, School
from schoolot.models.district import CALENDAR_KINDS
from schoolot.models.students import BLOCK_KINDS, BLOCK_SCOPES
from schoolot.values import parse_weekdays
from schoolot.web.cycle_fields import CycleWeekField, chosen_int
from schoolot.web.forms_common import (
    DateText,
    ParsedField,
    TextForm,
    TimeText,
    WholeNumber,
    choices,
    fits,
)

SCOPE_LABELS = {
    "school": "Whole school",
    "grade": "A grade",
    "teacher": "A teacher's classroom",
    "student": "One student",
}
BLOCK_KIND_LABELS = {
    "busy": "Busy: no therapy (lunch, recess, specials, other services)",
    "protected": "Protected: core instruction, push-in only",
}
CALENDAR_KIND_LABELS = {"closed": "Closed", "early_release": "Early release"}


class SchoolForm(TextForm):
    code = StringField(
        "School id",
        validators=[InputRequired(), fits(School, "code")],
        description="The district's own id, as in the bundle's schools.csv.",
    )
    name = StringField("Name", validators=[InputRequired(), fits(School, "name")])
    day_start = TimeText("Student day starts", validators=[InputRequired()])
    day_end = TimeText("Student day ends", validators=[InputRequired()])
    address = StringField("Address", validators=[fits(School, "address")])
    submit = SubmitField("Save school")

    layout = (("code", "name"), ("day_start", "day_end"), ("address",))

    def values(self) -> dict:
        return dict(
            code=self.code.data or "",
            name=self.name.data or "",
            day_start=self.day_start.data,
            day_end=self.day_end.data,
            address=self.address.data,
        )


class BlockForm(TextForm):
    scope = SelectField(
        "Applies to",
        choices=choices((s, SCOPE_LABELS[s]) for s in BLOCK_SCOPES),
        validate_choice=False,
    )
    target = SelectField(
        "Which grade, teacher or student",
        validate_choice=False,
        description="Leave empty for a whole-school block.",
    )
    weekdays = ParsedField(
        "Weekdays",
        validators=[InputRequired()],
        parser=parse_weekdays,
        default="*",
        description="One or several of Mon Tue Wed Thu Fri, separated by spaces; * for every "
        "school day.",
    )
    start = TimeText("From", validators=[InputRequired()])
    end = TimeText("To", validators=[InputRequired()])
    kind = SelectField(
        "Kind",
        choices=choices((k, BLOCK_KIND_LABELS[k]) for k in BLOCK_KINDS),
        validate_choice=False,
    )
    label = StringField(
        "Label", validators=[fits(Block, "label")], description='e.g. "Lunch", "ELA block"'
    )
    cycle_week = CycleWeekField()
    submit = SubmitField("Save block")

    layout = (
        ("scope", "target"),
        ("weekdays", "start", "end"),
        ("kind", "label"),
        ("cycle_week",),
    )

    def values(self) -> dict:
        return dict(
            scope=self.scope.data or "",
            target=self.target.data,
            weekdays=self.weekdays.data or "",
            start=self.start.data,
            end=self.end.data,
            kind=self.kind.data or "",
            label=self.label.data,
            cycle_week=chosen_int(self.cycle_week.data),
        )


class CalendarDayForm(TextForm):
    date = DateText("Date", validators=[InputRequired()])
    school = SelectField("School", validate_choice=False)
    kind = SelectField(
        "Kind",
        choices=choices((k, CALENDAR_KIND_LABELS[k]) for k in CALENDAR_KINDS),
        validate_choice=False,
    )
    end_time = TimeText(
        "Student day ends at", description="Only for an early release; leave empty if closed."
    )
    note = StringField(
        "Note", validators=[fits(CalendarDay, "note")], description='e.g. "Thanksgiving"'
    )
    submit = SubmitField("Save day")

    layout = (("date", "school"), ("kind", "end_time"), ("note",))

    def values(self) -> dict:
        return dict(
            date=self.date.data,
            school_code=self.school.data or None,
            kind=self.kind.data or "",
            end_time=self.end_time.data,
            note=self.note.data,
        )


class TravelForm(TextForm):
    to_school = SelectField("To school", validate_choice=False)
    minutes = WholeNumber("Driving minutes", validators=[InputRequired()], low=0)
    submit = SubmitField("Save travel time")

    layout = (("to_school", "minutes"),)

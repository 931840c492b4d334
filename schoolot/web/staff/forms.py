"""Forms of the staff area: therapists, their schools and hours, teachers, accounts."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from schoolot.accounts.service import MIN_PASSWORD_LENGTH
from schoolot.models.staff import THERAPIST_ROLES
from schoolot.models.users import ROLES
from schoolot.values import GRADES, parse_weekdays
from schoolot.web.cycle_fields import SERVICE_MODEL_CHOICES, CycleWeekField, as_choice, chosen_int
from schoolot.web.forms_common import (
    CheckboxesField,
    FteField,
    ParsedField,
    TextForm,
    TimeText,
    choices,
)

ROLE_LABELS = {"OT": "OT (occupational therapist)", "COTA": "COTA (OT assistant)"}


class TherapistForm(TextForm):
    code = StringField(
        "Therapist id",
        validators=[InputRequired(), Length(max=200)],
        description="The district's own id, e.g. their email.",
    )
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    role = SelectField(
        "Role", choices=choices((r, ROLE_LABELS[r]) for r in THERAPIST_ROLES), validate_choice=False
    )
    fte = FteField(
        "FTE", validators=[InputRequired()], default=1.0, description="1 is full time; 0.5 half."
    )
    service_model = SelectField(
        "Service model",
        choices=SERVICE_MODEL_CHOICES,
        coerce=as_choice,
        validate_choice=False,
        default="",
        description="3:1 gives every fourth week of the cycle to consults and paperwork.",
    )
    submit = SubmitField("Save therapist")

    layout: tuple[tuple[str, ...], ...] = (("code", "name"), ("role", "fte"), ("service_model",))

    def values(self) -> dict:
        return dict(
            code=self.code.data or "",
            name=self.name.data or "",
            role=self.role.data or "",
            fte=self.fte.data,
            service_model=self.service_model.data or None,
        )


class NewTherapistForm(TherapistForm):
    schools = CheckboxesField("Schools served", validate_choice=False)

    layout = (("code", "name"), ("role", "fte"), ("service_model",), ("schools",))


class TherapistSchoolsForm(TextForm):
    schools = CheckboxesField("Schools served", validate_choice=False)
    submit = SubmitField("Save schools")

    layout = (("schools",),)


class HoursForm(TextForm):
    weekdays = ParsedField(
        "Weekdays",
        validators=[InputRequired()],
        parser=parse_weekdays,
        description="One or several of Mon Tue Wed Thu Fri, separated by spaces; * for every "
        "school day.",
    )
    start = TimeText("From", validators=[InputRequired()])
    end = TimeText("To", validators=[InputRequired()])
    school = SelectField(
        "School",
        validate_choice=False,
        description="Pin these days to one school, or let the scheduler choose among theirs.",
    )
    cycle_week = CycleWeekField()
    submit = SubmitField("Save hours")

    layout = (("weekdays", "start", "end"), ("school", "cycle_week"))

    def values(self) -> dict:
        return dict(
            weekdays=self.weekdays.data or "",
            start=self.start.data,
            end=self.end.data,
            school_code=self.school.data or None,
            cycle_week=chosen_int(self.cycle_week.data),
        )


class TeacherForm(TextForm):
    code = StringField(
        "Teacher id",
        validators=[InputRequired(), Length(max=200)],
        description="The district's own id, e.g. their email.",
    )
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    school = SelectField("School", validate_choice=False)
    grade = SelectField(
        "Grade",
        choices=choices([("", "(none)"), *((g, g) for g in GRADES)]),
        validate_choice=False,
    )
    room = StringField("Room", validators=[Length(max=40)])
    submit = SubmitField("Save teacher")

    layout = (("code", "name"), ("school", "grade", "room"))

    def values(self) -> dict:
        return dict(
            code=self.code.data or "",
            name=self.name.data or "",
            school_code=self.school.data or "",
            grade=self.grade.data or None,
            room=self.room.data,
        )


class AccountForm(TextForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    role = SelectField(
        "Role", choices=choices((r, r.capitalize()) for r in ROLES), validate_choice=False
    )
    therapist = SelectField(
        "Therapist", validate_choice=False, description="For a therapist account."
    )
    teacher = SelectField("Teacher", validate_choice=False, description="For a teacher account.")
    password = PasswordField(
        "Initial password",
        validators=[InputRequired()],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; "
        "ask the person to keep it private.",
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Create account")

    layout = (("email", "role"), ("therapist", "teacher"), ("password",))

    def validate_therapist(self, field: SelectField) -> None:
        if self.role.data == "therapist" and not field.data:
            raise ValidationError("choose the therapist this account belongs to")

    def validate_teacher(self, field: SelectField) -> None:
        if self.role.data == "teacher" and not field.data:
            raise ValidationError("choose the teacher this account belongs to")

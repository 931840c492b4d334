"""The district settings form."""

from __future__ import annotations

from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired

from schoolot.cycle import MAX_CYCLE_WEEKS
from schoolot.models import District
from schoolot.values import WEEKDAYS
from schoolot.web.forms_common import (
    CheckboxesField,
    DateText,
    TextForm,
    TimeText,
    WholeNumber,
    choices,
    fits,
)


def _weeks_text(value: object) -> str:
    """A cycle setting as the select holds it: "" for automatic (None)."""
    return "" if value is None else str(value)


def _weeks_number(text: str | None) -> int | None:
    """The select's cycle back: None for automatic; 0 (refused) for what is no number."""
    if not text:
        return None
    return int(text) if text.isdigit() else 0


class DistrictForm(TextForm):
    name = StringField("District name", validators=[InputRequired(), fits(District, "name")])
    timezone = StringField(
        "Time zone",
        validators=[InputRequired(), fits(District, "timezone")],
        description="An IANA zone, e.g. America/Chicago: every time in the app is local to it.",
        render_kw={"list": "timezones", "autocomplete": "off"},
    )
    year_start = DateText("First day of the school year", validators=[InputRequired()])
    year_end = DateText("Last day of the school year", validators=[InputRequired()])
    school_days = CheckboxesField(
        "School days", choices=choices((d, d) for d in WEEKDAYS), validate_choice=False
    )
    lunch_minutes = WholeNumber(
        "Lunch minutes",
        validators=[InputRequired()],
        low=0,
        description="Free minutes every therapist needs each working day.",
    )
    lunch_window_start = TimeText("Lunch window from", validators=[InputRequired()])
    lunch_window_end = TimeText("Lunch window to", validators=[InputRequired()])
    group_grade_span = WholeNumber(
        "Group grade span",
        validators=[InputRequired()],
        low=0,
        high=13,
        description="Largest grade difference inside one group (K counts as 0, PK as -1).",
    )
    feed_names = SelectField(
        "Students in calendar feeds",
        choices=[
            ("first_initial", "First name and last initial (Maya R.)"),
            ("initials", "Initials only (M.R.)"),
        ],
        default="first_initial",
        description="Feeds travel through outside calendar servers: they never carry more.",
    )
    capacity_minutes_per_fte = WholeNumber(
        "Capacity per FTE (minutes a week)",
        validators=[InputRequired()],
        low=1,
        high=10080,
        description="What one full-time therapist can give in a week: the workload's yardstick.",
    )
    documentation_minutes_per_student = WholeNumber(
        "Documentation per student (minutes a week)",
        validators=[InputRequired()],
        low=0,
        high=600,
        description="Paperwork allowed for each student on a caseload, added to the workload.",
    )
    over_percent = WholeNumber(
        "Over capacity above (%)",
        validators=[InputRequired()],
        low=1,
        high=1000,
        description="A therapist whose workload per FTE is above this share of capacity.",
    )
    under_percent = WholeNumber(
        "Under-used below (%)",
        validators=[InputRequired()],
        low=0,
        high=1000,
        description="A therapist whose workload per FTE is below this share of capacity.",
    )
    cycle_weeks = SelectField(
        "Cycle of weeks",
        choices=choices(
            [
                ("", "Automatic (4 with monthly lines or a 3:1 therapist, else 1)"),
                ("1", "1 week: every week alike"),
                ("2", "2 weeks: Week A and Week B"),
                *((str(n), f"{n} weeks") for n in range(3, MAX_CYCLE_WEEKS + 1)),
            ]
        ),
        coerce=_weeks_text,
        validate_choice=False,  # the service says which cycles there are
        default="",
        description="The schedule repeats every this many weeks (monthly lines need 4).",
    )
    cycle_anchor = DateText(
        "Week 1 of the cycle starts",
        description="A date of the school year whose week is week 1 (Week A); empty: the "
        "first day of the year.",
    )
    service_model = SelectField(
        "Service model",
        choices=choices(
            [
                ("weekly", "Weekly: direct sessions every week"),
                ("3:1", "3:1: every fourth week without direct sessions"),
            ]
        ),
        default="weekly",
        validate_choice=False,
        description="A therapist may have their own on their page. 3:1 needs a cycle of 4 "
        "or 8 weeks.",
    )
    submit = SubmitField("Save settings")

    layout = (
        ("name", "timezone"),
        ("year_start", "year_end"),
        ("school_days",),
        ("lunch_minutes", "lunch_window_start", "lunch_window_end"),
        ("group_grade_span",),
        ("feed_names",),
        ("capacity_minutes_per_fte", "documentation_minutes_per_student"),
        ("over_percent", "under_percent"),
        ("cycle_weeks", "cycle_anchor", "service_model"),
    )

    def values(self) -> dict:
        """The service's keyword arguments."""
        return dict(
            name=self.name.data or "",
            timezone=self.timezone.data or "",
            year_start=self.year_start.data,
            year_end=self.year_end.data,
            school_days=" ".join(self.school_days.data or []),
            lunch_minutes=self.lunch_minutes.data,
            lunch_window_start=self.lunch_window_start.data,
            lunch_window_end=self.lunch_window_end.data,
            group_grade_span=self.group_grade_span.data,
            feed_names=self.feed_names.data or "",
            capacity_minutes_per_fte=self.capacity_minutes_per_fte.data,
            documentation_minutes_per_student=self.documentation_minutes_per_student.data,
            over_percent=self.over_percent.data,
            under_percent=self.under_percent.data,
            cycle_weeks=_weeks_number(self.cycle_weeks.data),
            cycle_anchor=self.cycle_anchor.data,
            service_model=self.service_model.data or "weekly",
        )

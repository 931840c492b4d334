"""Forms of the students area.

Typed values (dates, whole numbers) are parsed with the bundle's own parsers from
schoolot.values, so a form and an import refuse the same text with the same words.
Field names follow the bundle's columns; the services name problems by them.
"""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    Form,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import NumberInput

from schoolot.models import Equipment, Goal, School, ServiceLine, Student, Teacher, Therapist
from schoolot.models.students import DELIVERIES, GROUPINGS, PERIODS
from schoolot.values import GOAL_AREAS, GRADES, WEEKDAYS
from schoolot.web.caches import CachedSelect
from schoolot.web.forms_common import DateText, TextForm, TimeText, WholeNumber, choices, fits

DELIVERY_LABELS = {"pull_out": "Pull-out", "push_in": "Push-in", "consult": "Consult"}
GROUPING_LABELS = {"individual": "Individual", "group": "May be grouped"}
PERIOD_LABELS = {
    "week": "per week",
    "month": "per month",
    "quarter": "per quarter",
    "year": "per year",
}
UNASSIGNED = "none"


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _optional_id(value: Any) -> int | None:
    """Coerce for a select whose empty option means 'none'."""
    if value in (None, "", "None"):
        return None
    return int(value)


def date_field(label: str, required: bool, message: str = "", **kw: Any) -> DateText:
    check = InputRequired(message=message) if required else Optional()
    return DateText(label, [check], **kw)


def number_field(
    label: str, message: str, low: int | None = 1, required: bool = True, **kw: Any
) -> WholeNumber:
    """A whole number; `low` as the import parses the column (None: the rules check it)."""
    check = InputRequired(message=message) if required else Optional()
    return WholeNumber(label, [check], low=low, widget=NumberInput(min=1), **kw)


class StudentForm(TextForm):
    code = StringField(
        "Student id",
        [InputRequired(message="enter the district's student id"), fits(Student, "code")],
        filters=[_strip],
    )
    first_name = StringField(
        "First name", [InputRequired(message="enter the first name"), fits(Student, "first_name")]
    )
    last_name = StringField(
        "Last name", [InputRequired(message="enter the last name"), fits(Student, "last_name")]
    )
    grade = SelectField(
        "Grade",
        [InputRequired(message="choose the grade")],
        choices=choices([("", "Choose a grade…"), *((g, g) for g in GRADES)]),
    )
    school = SelectField("School", [InputRequired(message="choose a school")], coerce=_optional_id)
    teacher = SelectField(
        "Homeroom teacher",
        [InputRequired(message="choose the homeroom teacher")],
        coerce=_optional_id,
        description="Must teach at the student's school.",
    )
    therapist = SelectField(
        "Therapist",
        coerce=_optional_id,
        description="Optional; must serve the student's school. Empty leaves the student "
        "for the coordinator or the scheduler to assign.",
    )
    keep_therapist = BooleanField(
        "Keep with this therapist",
        description="Balancing caseloads never moves the student to another therapist.",
    )
    iep_start = date_field("IEP start", True, "enter the date the IEP starts (YYYY-MM-DD)")
    iep_end = date_field("IEP end", True, "enter the date the IEP ends (YYYY-MM-DD)")
    submit = SubmitField("Save student")

    def set_choices(
        self, schools: list[School], teachers: list[Teacher], therapists: list[Therapist]
    ) -> None:
        """Fill the pickers: teachers grouped by school, therapists with the schools they serve."""
        self.school.choices = choices(
            [("", "Choose a school…"), *((s.id, s.name) for s in schools)]
        )
        self.teacher.choices = choices([("", "Choose a teacher…")]) + [
            SelectChoice(
                str(t.id),
                t.name + (f" (grade {t.grade})" if t.grade else ""),
                optgroup=t.school.name,
            )
            for t in teachers
        ]
        self.therapist.choices = choices([("", "None yet")]) + choices(
            (t.id, f"{t.name} ({t.role}; {', '.join(s.code for s in t.schools) or 'no school'})")
            for t in therapists
        )

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        return dict(
            code=self.code.data or "",
            first_name=self.first_name.data or "",
            last_name=self.last_name.data or "",
            grade=self.grade.data or "",
            school_id=self.school.data,
            teacher_id=self.teacher.data,
            therapist_id=self.therapist.data,
            iep_start=self.iep_start.data,
            iep_end=self.iep_end.data,
            keep_therapist=bool(self.keep_therapist.data),
        )


class ServiceLineForm(TextForm):
    code = StringField(
        "Service line id",
        [InputRequired(message="enter the service line id"), fits(ServiceLine, "code")],
        filters=[_strip],
    )
    minutes = number_field("Minutes", "enter the minutes owed per period")
    per = SelectField(
        "Period", choices=choices((p, PERIOD_LABELS[p]) for p in PERIODS), default="week"
    )
    session_minutes = number_field(
        "Session length (minutes)",
        "enter the length of one session",
        description="Minutes must be a whole number of sessions.",
    )
    delivery = SelectField(
        "Delivery", choices=choices((d, DELIVERY_LABELS[d]) for d in DELIVERIES), default="pull_out"
    )
    grouping = SelectField(
        "Grouping",
        choices=choices((g, GROUPING_LABELS[g]) for g in GROUPINGS),
        default="individual",
    )
    max_group = number_field(
        "Largest group",
        "enter the largest group this student may be in",
        low=None,
        default=3,
        description="At least 2 for a grouped line.",
    )
    start = date_field("Start", False, description="Empty: the IEP start date.")
    end = date_field("End", False, description="Empty: the IEP end date.")
    fixed_day = SelectField(
        "Fixed day",
        choices=choices([("", "Not fixed"), *((d, d) for d in WEEKDAYS)]),
        default="",
        # A line's None (not fixed) or a form without the field is "not fixed"; the
        # service refuses any other text that is not a weekday.
        validate_choice=False,
        description="The day of the weekly session when it must not move (e.g. after speech).",
    )
    fixed_start = TimeText(
        "Fixed start", [Optional()], description="HH:MM, with a fixed day; empty: not fixed."
    )
    submit = SubmitField("Save service line")

    def values(self) -> dict[str, Any]:
        return dict(
            code=self.code.data or "",
            minutes=self.minutes.data,
            per=self.per.data or "",
            session_minutes=self.session_minutes.data,
            delivery=self.delivery.data or "",
            grouping=self.grouping.data or "",
            max_group=self.max_group.data,
            start=self.start.data,
            end=self.end.data,
            fixed_day=self.fixed_day.data or None,
            fixed_start=self.fixed_start.data,
        )


class GoalForm(TextForm):
    code = StringField(
        "Goal id",
        [InputRequired(message="enter the goal id"), fits(Goal, "code")],
        filters=[_strip],
    )
    area = SelectField("Area", choices=choices((a, a.capitalize()) for a in GOAL_AREAS))
    description = TextAreaField(
        "Description",
        [InputRequired(message="enter a description of the goal")],
        render_kw={"rows": 3},
    )
    baseline = StringField("Baseline", [fits(Goal, "baseline")])
    target = StringField("Target", [fits(Goal, "target")])
    submit = SubmitField("Save goal")

    def values(self) -> dict[str, Any]:
        return dict(
            code=self.code.data or "",
            area=self.area.data or "",
            description=self.description.data or "",
            baseline=self.baseline.data,
            target=self.target.data,
        )


class EquipmentForm(TextForm):
    item = StringField(
        "Item",
        [InputRequired(message="enter the item"), fits(Equipment, "item")],
        description="e.g. slant board, pencil grip, wobble cushion",
    )
    note = StringField("Note", [fits(Equipment, "note")])
    submit = SubmitField("Save equipment")

    def values(self) -> dict[str, Any]:
        return dict(item=self.item.data or "", note=self.note.data)


class StudentFilterForm(Form):
    """The list's search and filters, read from the query string (no CSRF on a GET)."""

    q = SearchField("Search", description="Name or student id")
    school = SelectField("School", coerce=_optional_id, widget=CachedSelect())
    therapist = SelectField("Therapist", widget=CachedSelect())
    grade = SelectField(
        "Grade",
        choices=choices([("", "Any grade"), *((g, g) for g in GRADES)]),
        widget=CachedSelect(),
    )

    def set_choices(
        self, schools: list[tuple[int, str]], therapists: list[tuple[int, str]] | None
    ) -> None:
        """Fill the pickers from (id, name) pairs; no therapists: no therapist picker."""
        self.school.choices = choices([("", "Any school"), *schools])
        if therapists is None:
            del self.therapist  # a therapist sees only their own students
            return
        self.therapist.choices = choices(
            [("", "Any therapist"), (UNASSIGNED, "Unassigned"), *therapists]
        )

    def query_args(self) -> dict[str, str]:
        """The filters in force, for links that keep them (pagination)."""
        args: dict[str, str] = {}
        for name in ("q", "school", "therapist", "grade"):
            field = self._fields.get(name)
            raw = field.raw_data[0] if field is not None and field.raw_data else ""
            if raw:
                args[name] = raw
        return args

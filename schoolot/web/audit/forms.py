"""The district audit page's filters, read from the query string (no CSRF on a GET)."""

from __future__ import annotations

from wtforms import DateField, Form, SelectField, StringField
from wtforms.validators import Optional, ValidationError

FILTER_NAMES = ("person", "student", "kind", "first", "last")


class AuditFilterForm(Form):
    person = SelectField("Person", validate_choice=False)
    student = StringField("Student", description="Student id, e.g. S1042")
    kind = SelectField("Kind of change", validate_choice=False)
    first = DateField("From", validators=[Optional()])
    last = DateField("To", validators=[Optional()])

    def set_choices(self, actors: list[str], kinds: list[tuple[str, str]]) -> None:
        self.person.choices = [("", "Anyone"), *((actor, actor) for actor in actors)]
        self.kind.choices = [("", "Any kind"), *kinds]

    def validate_last(self, field: DateField) -> None:
        if field.data and self.first.data and field.data < self.first.data:
            raise ValidationError("'To' is before 'From'")

    def query_args(self) -> dict[str, str]:
        """The filters in force, for links that keep them (pagination, the CSV)."""
        args: dict[str, str] = {}
        for name in FILTER_NAMES:
            field = self._fields[name]
            raw = field.raw_data[0].strip() if field.raw_data else ""
            if raw:
                args[name] = raw
        return args

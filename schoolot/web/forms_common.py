"""Form pieces shared by the web areas' forms (district, schools, staff, students).

Fields parse their text with schoolot.values, the parsers the bundle import uses, so a
form and an import reject the same input with the same words; `attach_problems`
puts a service's `field: message` problems under the field concerned, and `save_form`
is the one "validate, call the service, commit, flash, redirect" of every form view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import flash, redirect, render_template, request
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, NumberInput, TimeInput

from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models.base import text_length
from schoolot.proposals.terms import watching_terms
from schoolot.values import (
    check_characters,
    format_time,
    parse_date,
    parse_fte,
    parse_int,
    parse_time,
)
from schoolot.web.records.hold import hold_iep_terms

T = TypeVar("T")


def fits(model: Any, column: str) -> Length:
    """A Length validator for the text `model`'s `column` holds: the model says how long."""
    return Length(max=text_length(model, column) or -1)


class TextForm(FlaskForm):
    """A form whose every typed field refuses control characters and bidirectional
    overrides, by the rule (and in the words) of the bundle import; a text area may hold
    tabs and line breaks."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            typed = field.raw_data[0] if field.raw_data else None
            if not isinstance(typed, str):
                continue
            try:
                check_characters(typed, multiline=isinstance(field, TextAreaField))
            except ValueError as error:
                # The one thing to fix: other messages about this text would only confuse.
                field.errors = [str(error)]
                valid = False
        return valid


class ParsedField(StringField):
    """A text field whose data is `parser(text)`; an empty box is None.

    A parse error becomes the field's error, and the text typed is shown again as it was.
    """

    def __init__(
        self,
        label: str | None = None,
        validators: Iterable[Any] | None = None,
        parser: Callable[[str], Any] = str,
        formatter: Callable[[Any], str] = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.parser = parser
        self.formatter = formatter

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        text = str(valuelist[0]).strip()
        self.data = None
        if text:
            self.data = self.parser(text)  # a ValueError becomes the field's error

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.formatter(self.data) if self.data is not None else ""


class TimeText(ParsedField):
    """HH:MM, 24-hour (the browser shows a time picker)."""

    widget = TimeInput()

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, parser=parse_time, formatter=format_time, **kwargs)


class DateText(ParsedField):
    """YYYY-MM-DD (the browser shows a date picker)."""

    widget = DateInput()

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label, validators, parser=parse_date, formatter=dt.date.isoformat, **kwargs
        )


class WholeNumber(ParsedField):
    widget = NumberInput()

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        low: int | None = None,
        high: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            label, validators, parser=lambda text: parse_int(text, low, high), **kwargs
        )


class FteField(ParsedField):
    widget = NumberInput(step="0.05", min="0.05", max="1")

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, parser=parse_fte, formatter="{:g}".format, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs: Iterable[tuple[Any, str]], group: str | None = None) -> list[SelectChoice]:
    """SelectChoice objects from (value, label) pairs, optionally in one <optgroup>.

    Values are made text, as the browser sends them back (ids are integers in the database).
    """
    return [SelectChoice(str(value), label, optgroup=group) for value, label in pairs]


def attach_problems(form: FlaskForm, error: ValidationFailed) -> None:
    """Show each `field: message` problem under its field; others above the form."""
    for problem in error.problems:
        name, sep, message = problem.partition(": ")
        field = form._fields.get(name) if sep else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(problem)


def problem_messages(error: ValidationFailed) -> list[str]:
    """The problems without their `field:` prefix, for a flash message."""
    return [problem.partition(": ")[2] or problem for problem in error.problems]


def form_status(form: FlaskForm) -> int:
    """422 for a submitted form shown again with errors, 200 otherwise."""
    return 422 if request.method == "POST" and form.errors else 200


def save_form(
    form: FlaskForm, save: Callable[[], T], done: Callable[[T], tuple[str, str]]
) -> Response | None:
    """Save a valid submitted form: `save()` calls the service, then the request commits.

    On success flashes the message and redirects to the address `done(result)` gives.
    A change of IEP terms the user may only propose is undone and held as a proposal
    (schoolot.web.records.hold), and the same address is shown with that said.
    A refused change is rolled back and its problems shown on the form; None means the
    form is to be shown (again).
    """
    if not form.validate_on_submit():
        return None
    try:
        with watching_terms(db.session()) as terms:
            result = save()
        # A change of IEP terms the user may only propose becomes a proposal.
        held = hold_iep_terms(terms)
    except ValidationFailed as error:
        # Nothing of a refused change may reach the database.
        db.session.rollback()
        attach_problems(form, error)
        return None
    if held is not None:
        flash(held, "info")
        return redirect(done(result)[1])
    db.session.commit()
    message, url = done(result)
    flash(message, "success")
    return redirect(url)


def flash_refusal(error: ValidationFailed, prefix: str) -> None:
    """Roll a refused action back and flash each problem, e.g. "Not deleted: …"."""
    db.session.rollback()
    for message in problem_messages(error):
        flash(f"{prefix}: {message}", "error")


def form_page(form: FlaskForm, title: str, **context: Any) -> tuple[str, int]:
    """The generic one-form page (district/form_page.html) with the form's status."""
    return (
        render_template("district/form_page.html", form=form, title=title, **context),
        form_status(form),
    )

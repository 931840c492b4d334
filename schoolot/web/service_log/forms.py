"""Forms of logging on the day.

A planned session's form holds one row per student, named by the line's id
(`status-<line>`, `minutes-<line>`, `reason-<line>`, `note-<line>`,
`goal-<line>-<goal>`): `outcomes_from` reads them into the service's Outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from schoolot.errors import ValidationFailed
from schoolot.models.service_log import (
    MISS_REASON_LABELS,
    MISS_REASONS,
    PROGRESS_LABELS,
    PROGRESS_MARKS,
)
from schoolot.service_log.day import StudentInSession
from schoolot.service_log.logging import MAX_MINUTES, MAX_NOTE, Outcome
from schoolot.values import check_characters, parse_int
from schoolot.web.forms_common import DateText, TextForm, TimeText, WholeNumber, choices

STATUS_LABELS = {"delivered": "Delivered", "missed": "Missed"}
REASON_CHOICES = [("", "Reason missed…"), *((r, MISS_REASON_LABELS[r]) for r in MISS_REASONS)]


class ActionForm(FlaskForm):
    """A form of buttons only (its CSRF token): "All delivered as planned", a session's
    rows (read by `outcomes_from`)."""


def outcomes_from(form: Mapping[str, str], students: Iterable[StudentInSession]) -> list[Outcome]:
    """The outcome of each not yet logged student whose row says delivered or missed."""
    outcomes, problems = [], []
    for entry in students:
        if entry.log is not None:
            continue
        line_id, who = entry.line.id, entry.student.full_name
        status = form.get(f"status-{line_id}", "")
        if not status:
            continue
        minutes_text = form.get(f"minutes-{line_id}", "").strip()
        try:
            minutes = parse_int(minutes_text, 1, MAX_MINUTES) if minutes_text else None
        except ValueError as error:
            problems.append(f"{who}: minutes: {error}")
            continue
        try:
            note = check_characters(form.get(f"note-{line_id}", ""), multiline=True)
        except ValueError as error:
            problems.append(f"{who}: note: {error}")
            continue
        progress = tuple(
            (goal.id, form[f"goal-{line_id}-{goal.id}"])
            for goal in entry.student.goals
            if form.get(f"goal-{line_id}-{goal.id}") and status == "delivered"
        )
        reason = form.get(f"reason-{line_id}") or None
        outcomes.append(
            Outcome(
                line_id,
                status,
                minutes if status == "delivered" else None,
                reason if status == "missed" else None,
                note,
                progress,
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return outcomes


class UnplannedForm(TextForm):
    """A session that was not planned: an extra one, or a makeup."""

    line = SelectField("Student", [InputRequired(message="say which student")])
    kind = RadioField(
        "Kind",
        choices=choices([("extra", "Extra session"), ("makeup", "Makeup")]),
        default="extra",
        validators=[InputRequired(message="say whether extra or makeup")],
    )
    start = TimeText("Start", [InputRequired(message="say when it started")])
    minutes = WholeNumber(
        "Minutes", [InputRequired(message="say how many minutes")], low=1, high=MAX_MINUTES
    )
    note = TextAreaField("Note", [Optional(), Length(max=MAX_NOTE)])


class AmendForm(TextForm):
    """A change to a saved log, with the reason for it."""

    status = RadioField("Outcome", choices=choices(STATUS_LABELS.items()))
    minutes = WholeNumber("Minutes delivered", [Optional()], low=1, high=MAX_MINUTES)
    reason = SelectField("Reason missed", choices=choices(REASON_CHOICES))
    note = TextAreaField("Note", [Optional(), Length(max=MAX_NOTE)])
    why = TextAreaField(
        "Reason for the change",
        [InputRequired(message="say why the log changes"), Length(max=MAX_NOTE)],
    )


class ProgressForm(TextForm):
    """A progress note on one goal."""

    date = DateText("Date", [InputRequired(message="say which day")])
    mark = SelectField(
        "Progress",
        choices=choices((m, PROGRESS_LABELS[m]) for m in PROGRESS_MARKS),
        validators=[InputRequired(message="choose a progress mark")],
    )
    note = TextAreaField("Note", [Optional(), Length(max=MAX_NOTE)])


class PickDayForm(FlaskForm):
    """Coordinators: whose day to log, and which."""

    class Meta:
        csrf = False  # a GET form that only opens a page

    therapist = SelectField("Therapist", [InputRequired(message="choose a therapist")])
    date = DateText("Day", [Optional()])

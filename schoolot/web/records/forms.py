"""Forms of the records pages: settings, IEP dates, a proposal's decision, log filters."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Optional

from schoolot.district.records import MOST_DAYS
from schoolot.web.forms_common import DateText, TextForm, WholeNumber, choices

IEP_TERMS_LABELS = {
    "edit": "Therapists edit them directly",
    "propose": "Therapists propose a change; a coordinator approves it",
}


class RecordsSettingsForm(TextForm):
    access_log_days = WholeNumber(
        "Days to keep the access log",
        [InputRequired(message="enter the days to keep the access log")],
        low=1,
        high=MOST_DAYS,
        description="flask purge-access-log deletes older entries (run it daily). "
        "The change history is kept for good: it is the record of the IEP's promise.",
    )
    iep_terms_by = SelectField(
        "Who may change IEP terms",
        choices=choices(IEP_TERMS_LABELS.items()),
        description="Service lines' minutes, period, session length and dates, and the "
        "IEP dates. Goals, progress and equipment stay the therapist's to edit.",
    )
    submit = SubmitField("Save")
    layout = (("access_log_days",), ("iep_terms_by",))

    def values(self) -> dict[str, Any]:
        return dict(access_log_days=self.access_log_days.data, iep_terms_by=self.iep_terms_by.data)


class IepDatesForm(TextForm):
    iep_start = DateText("IEP start", [InputRequired(message="enter the date the IEP starts")])
    iep_end = DateText("IEP end", [InputRequired(message="enter the date the IEP ends")])
    submit = SubmitField("Save IEP dates")
    layout = (("iep_start", "iep_end"),)


class DecisionForm(FlaskForm):
    """Approve (no field) or reject (a reason) one proposal."""

    reason = TextAreaField("Reason", [Optional()], render_kw={"rows": 2})


class AccessFilterForm(Form):
    """The district access log's filters, from the query string."""

    person = SelectField("Person", validate_choice=False)
    student = StringField("Student id", description="e.g. S1042")
    what = SelectField("What", validate_choice=False)
    first = DateText("From", [Optional()])
    last = DateText("To", [Optional()])

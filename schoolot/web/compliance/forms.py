"""The district's makeup policy form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField

from schoolot.models.service_log import MISS_REASON_LABELS, MISS_REASONS
from schoolot.web.forms_common import CheckboxesField, choices


class MakeupPolicyForm(FlaskForm):
    makeup_reasons = CheckboxesField(
        "Missed sessions owed back as makeups",
        choices=choices((reason, MISS_REASON_LABELS[reason]) for reason in MISS_REASONS),
        description="The minutes of sessions missed for these reasons count as makeup owed.",
        validate_choice=False,  # the service names an unknown reason
    )
    submit = SubmitField("Save makeup policy")

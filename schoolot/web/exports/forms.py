"""The date range of an export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from schoolot.web.forms_common import DateText

# A school year and a little: enough for any report, bounded for the server.
MAX_DAYS = 400


class DateRangeForm(FlaskForm):
    """From and to dates, read from the query string (a download is a GET)."""

    class Meta:
        csrf = False  # reads nothing but the dates, changes nothing

    first = DateText("From", validators=[InputRequired()])
    last = DateText("To", validators=[InputRequired()])

    def dates(self) -> tuple[dt.date, dt.date]:
        """The range asked for (once the fields hold dates)."""
        assert isinstance(self.first.data, dt.date) and isinstance(self.last.data, dt.date)
        return self.first.data, self.last.data

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        first, last = self.dates()
        if last < first:
            self.last.errors = [f"{last} is before the From date ({first})"]
            return False
        if (last - first).days >= MAX_DAYS:
            self.last.errors = [f"at most {MAX_DAYS} days at once (a school year)"]
            return False
        return True

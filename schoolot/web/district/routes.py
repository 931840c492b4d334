"""The district's settings page, with its district-wide calendar days. Coordinators only."""

from __future__ import annotations

import zoneinfo
from dataclasses import asdict

from flask import Blueprint, render_template, url_for

from schoolot.caseload.facts import CaseloadSettings
from schoolot.district.calendar import district_wide_days
from schoolot.district.settings import get_district, save_district
from schoolot.extensions import db
from schoolot.values import DEFAULT_SCHOOL_DAYS
from schoolot.web.district.forms import DistrictForm
from schoolot.web.forms_common import form_status, save_form
from schoolot.web.guards import coordinator_required

bp = Blueprint("district", __name__, url_prefix="/district")


@bp.route("/", methods=["GET", "POST"])
@coordinator_required
def settings():
    district = get_district(db.session())
    form = DistrictForm(obj=district)
    if not form.is_submitted():
        form.school_days.data = list(district.school_day_list if district else DEFAULT_SCHOOL_DAYS)
        if district is None:
            form.lunch_minutes.data = 30
            form.group_grade_span.data = 1
            for name, value in asdict(CaseloadSettings()).items():
                form[name].data = value
    saved = save_form(
        form,
        lambda: save_district(db.session(), **form.values()),
        lambda district: (f"Saved the settings of {district.name}.", url_for("district.settings")),
    )
    if saved is not None:
        return saved
    return render_template(
        "district/settings.html",
        form=form,
        district=district,
        calendar_days=district_wide_days(db.session()),
        timezones=sorted(zoneinfo.available_timezones()),
    ), form_status(form)

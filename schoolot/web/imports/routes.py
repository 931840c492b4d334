"""Upload a district bundle: check it, and import it unless asked to check only.

The bundle is the district's full state, so importing the same file again changes
nothing: showing the report straight after the POST (no redirect) is safe. The upload
is read from the request's own stream (never saved under a name of ours), and messages
call it by the name it was sent with.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from schoolot.bundle import import_bundle
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.web.guards import coordinator_required
from schoolot.web.imports.forms import BundleUploadForm

bp = Blueprint("imports", __name__, url_prefix="/import")

INVALID = 422  # a refused bundle is shown with its problems


@bp.route("/", methods=["GET", "POST"])
@coordinator_required
def upload():
    form = BundleUploadForm()
    if not form.validate_on_submit():
        status = INVALID if form.is_submitted() else 200
        return render_template("imports/upload.html", form=form), status
    upload = form.bundle.data
    try:
        report = import_bundle(db.session(), upload.stream, name=upload.filename)
    except ValidationFailed as error:
        db.session.rollback()
        return (
            render_template(
                "imports/upload.html", form=form, problems=error.problems, total=error.total
            ),
            INVALID,
        )
    if form.check_only.data:
        db.session.rollback()
    else:
        db.session.commit()
    return render_template(
        "imports/upload.html", form=form, report=report, imported=not form.check_only.data
    )

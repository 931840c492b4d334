from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SubmitField

from schoolot.bundle.limits import MAX_BUNDLE_BYTES, MAX_FILE_BYTES, MB


class BundleUploadForm(FlaskForm):
    bundle = FileField(
        "Bundle (.zip)",
        validators=[
            FileRequired("Choose the bundle's .zip file."),
            FileAllowed(["zip"], "The bundle must be a .zip of its CSV files."),
        ],
        description=(
            "A .zip of the bundle's CSV files, at its root or inside one folder; at most "
            f"{MAX_BUNDLE_BYTES // MB} MB unpacked, {MAX_FILE_BYTES // MB} MB a file."
        ),
    )
    check_only = BooleanField("Check only: report problems and changes, import nothing")
    submit = SubmitField("Upload")

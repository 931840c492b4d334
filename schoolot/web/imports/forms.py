from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SubmitField


class BundleUploadForm(FlaskForm):
    bundle = FileField(
        "Bundle (.zip)",
        validators=[
            FileRequired("Choose the bundle's .zip file."),
            FileAllowed(["zip"], "The bundle must be a .zip of its CSV files."),
        ],
        description="A .zip of the bundle's CSV files, at its root or inside one folder.",
    )
    check_only = BooleanField("Check only: report problems and changes, import nothing")
    submit = SubmitField("Upload")

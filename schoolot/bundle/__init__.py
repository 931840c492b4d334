"""The district bundle: CSV files in, checked all-or-nothing; the same files out.

The format is /work/shared/spec/bundle.md. Services only: nothing here imports flask
except `commands`.
"""

from schoolot.bundle.export import export_bundle
from schoolot.bundle.importer import apply_bundle, import_bundle
from schoolot.bundle.report import FileCounts, ImportReport
from schoolot.bundle.validate import validate_bundle

__all__ = [
    "FileCounts",
    "ImportReport",
    "apply_bundle",
    "export_bundle",
    "import_bundle",
    "validate_bundle",
]

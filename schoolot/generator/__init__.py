"""A realistic district generator: writes a bundle in the import format.

Pure Python (standard library only): `generate_district(out_dir, schools,
therapists, students, seed)`. The `flask generate-district` and `flask seed-demo`
commands live in `schoolot.generator.commands`.
"""

from schoolot.generator.district import build_bundle, generate_district

__all__ = ["build_bundle", "generate_district"]

"""The generator's 4-week cycle option: A/B specials, monthly consults, one 3:1 therapist,
and a bundle the import takes as it is."""

from __future__ import annotations

from collections import Counter

from schoolot.bundle import import_bundle, validate_bundle
from schoolot.extensions import db
from schoolot.generator.district import build_bundle, generate_district
from tests.bundle_files import read_rows


def _table(files, name):
    header, *rows = files[name]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_cycle_district_has_a_b_specials_monthly_consults_and_one_3_1_therapist():
    files = build_bundle(6, 4, 120, seed=3, cycle=True)
    (district,) = _table(files, "district.csv")
    assert (district["cycle_weeks"], district["cycle_anchor"], district["service_model"]) == (
        4,
        district["year_start"],
        "weekly",
    )
    models = [t["service_model"] for t in _table(files, "therapists.csv")]
    assert models.count("3:1") == 1 and models.count("") == 3
    services = _table(files, "services.csv")
    consults = [s for s in services if s["delivery"] == "consult"]
    assert consults and all(s["per"] == "month" for s in consults)
    blocks = _table(files, "blocks.csv")
    weekly = [b for b in blocks if b["cycle_week"] == ""]
    by_week = Counter(b["cycle_week"] for b in blocks if b["cycle_week"] != "")
    # Each rotating special is four rows: weeks 1 and 3 at its time, 2 and 4 shifted.
    assert by_week[1] == by_week[2] == by_week[3] == by_week[4] > 0
    assert weekly
    a_weeks = {(b["target"], b["weekday"], b["start"]) for b in blocks if b["cycle_week"] == 1}
    b_weeks = {(b["target"], b["weekday"], b["start"]) for b in blocks if b["cycle_week"] == 2}
    assert a_weeks.isdisjoint(b_weeks)  # week B's special is at another time


def test_same_seed_same_cycle_files_and_without_the_option_no_cycle_columns():
    assert build_bundle(3, 2, 40, seed=5, cycle=True) == build_bundle(3, 2, 40, seed=5, cycle=True)
    plain = build_bundle(3, 2, 40, seed=5)
    assert "cycle_weeks" not in plain["district.csv"][0]
    assert "cycle_week" not in plain["blocks.csv"][0]


def test_generated_cycle_district_imports(app, tmp_path):
    generate_district(tmp_path, 4, 3, 60, seed=2, cycle=True)
    validate_bundle(tmp_path)
    report = import_bundle(db.session, tmp_path)
    assert report.counts["students.csv"].created == 60
    header, row = read_rows(tmp_path, "district.csv")
    assert row[header.index("cycle_weeks")] == "4"
    assert row[header.index("cycle_anchor")] == row[header.index("year_start")]

"""The generator's profiles: `balanced` stays as it was, byte for byte; `oversubscribed`
makes valid bundles of districts short of therapists (issue 10): pinned, unbalanced
caseloads, one therapist per school, 20-50 minute drives, classes with two or three
free stretches a day, monthly and weekly lines mixed."""

from __future__ import annotations

import csv
import hashlib
import math
import pathlib
from collections import Counter, defaultdict

import pytest

from schoolot.bundle.importer import import_bundle
from schoolot.bundle.spec import FILES
from schoolot.extensions import db
from schoolot.generator import generate_district
from schoolot.generator.school_day import USEFUL_STRETCH_MINUTES

SIZES = {"schools": 20, "therapists": 8, "students": 250}
SEEDS = (0, 1, 2)
# sha256 over the files of generate_district(schools=6, therapists=3, students=80,
# seed=11) as written before profiles existed: the balanced profile must not move.
BALANCED_SHA256 = "cf694b98cfe0a94cd36120a9d555b3f7939e2b2e0fc7ed18ffd65572fba250ab"


def read(folder: pathlib.Path, file: str) -> list[dict[str, str]]:
    with open(folder / file, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def bundle_sha256(folder: pathlib.Path) -> str:
    digest = hashlib.sha256()
    for file in FILES:
        digest.update(file.encode() + b"\0" + (folder / file).read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module", params=SEEDS)
def bundle(request, tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp(f"oversubscribed{request.param}")
    generate_district(folder, seed=request.param, profile="oversubscribed", **SIZES)
    return folder


def therapist_loads(folder: pathlib.Path) -> dict[str, float]:
    """Each therapist's pinned session minutes a week (a monthly line by its weekly
    pattern, ceil(sessions / 4); a group line at half) over their weekly hours less
    lunch, from the bundle's own files."""
    pinned = {row["id"]: row["therapist"] for row in read(folder, "students.csv")}
    lunch = int(read(folder, "district.csv")[0]["lunch_minutes"])
    capacity: Counter[str] = Counter()
    for row in read(folder, "therapist_hours.csv"):
        day = minutes(row["end"]) - minutes(row["start"]) - lunch
        capacity[row["therapist"]] += day * len(row["weekday"].split())
    load: Counter[str] = Counter()
    for line in read(folder, "services.csv"):
        therapist = pinned[line["student"]]
        if not therapist:
            continue
        sessions = int(line["minutes"]) // int(line["session_minutes"])
        weekly = sessions if line["per"] == "week" else math.ceil(sessions / 4)
        session_minutes = weekly * int(line["session_minutes"])
        load[therapist] += session_minutes / 2 if line["grouping"] == "group" else session_minutes
    return {therapist: load[therapist] / capacity[therapist] for therapist in capacity}


def free_stretches(folder: pathlib.Path) -> dict[tuple[str, str], list[int]]:
    """(teacher, weekday): the minutes of each free stretch of the class's day (no
    school, grade or teacher block of either kind) at least USEFUL_STRETCH_MINUTES long."""
    school_days = read(folder, "district.csv")[0]["school_days"].split()
    bells = {
        row["id"]: (minutes(row["day_start"]), minutes(row["day_end"]))
        for row in read(folder, "schools.csv")
    }
    spans: dict[tuple[str, str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for row in read(folder, "blocks.csv"):
        days = school_days if row["weekday"] == "*" else row["weekday"].split()
        for day in days:
            key = (row["school"], row["scope"], row["target"], day)
            spans[key].append((minutes(row["start"]), minutes(row["end"])))
    result = {}
    for teacher in read(folder, "teachers.csv"):
        school = teacher["school"]
        for day in school_days:
            busy = sorted(
                spans[(school, "school", "", day)]
                + spans[(school, "grade", teacher["grade"], day)]
                + spans[(school, "teacher", teacher["id"], day)]
            )
            cursor, end = bells[school]
            gaps = []
            for start, stop in [*busy, (end, end)]:
                if start - cursor >= USEFUL_STRETCH_MINUTES:
                    gaps.append(start - cursor)
                cursor = max(cursor, stop)
            result[(teacher["id"], day)] = gaps
    return result


# The balanced profile


def test_balanced_profile_is_the_default_and_unchanged(tmp_path):
    sizes = {"schools": 6, "therapists": 3, "students": 80, "seed": 11}
    generate_district(tmp_path / "default", **sizes)
    generate_district(tmp_path / "balanced", profile="balanced", **sizes)
    assert bundle_sha256(tmp_path / "default") == bundle_sha256(tmp_path / "balanced")
    assert bundle_sha256(tmp_path / "default") == BALANCED_SHA256


def test_unknown_profile_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown profile 'crowded'"):
        generate_district(tmp_path, 4, 2, 10, 1, profile="crowded")
    with pytest.raises(ValueError, match="oversubscribed"):
        generate_district(tmp_path, 4, 2, 10, 1, open_caseloads=True)


# The oversubscribed profile


def test_oversubscribed_bundle_imports_cleanly(app, bundle):
    report = import_bundle(db.session, bundle)
    db.session.commit()
    assert report.counts["students.csv"].created == SIZES["students"]
    assert report.counts["services.csv"].created == len(read(bundle, "services.csv"))
    assert report.counts["blocks.csv"].created == len(read(bundle, "blocks.csv"))


def test_caseloads_are_pinned_and_unbalanced(bundle):
    assert all(row["therapist"] for row in read(bundle, "students.csv"))
    loads = sorted(therapist_loads(bundle).values())
    assert len(loads) == SIZES["therapists"]
    assert loads[-1] >= 1.0, loads  # a few beyond what their week holds
    assert 1 <= sum(load >= 1.0 for load in loads) <= 3, loads
    assert loads[-1] <= 1.35, loads
    assert sum(load <= 0.6 for load in loads) >= 2, loads  # several well below it
    assert {float(row["fte"]) for row in read(bundle, "therapists.csv")} <= {0.6, 0.8, 1.0}


def test_each_school_has_one_therapist(bundle):
    served = Counter(
        school for row in read(bundle, "therapists.csv") for school in row["schools"].split()
    )
    assert set(served) == {row["id"] for row in read(bundle, "schools.csv")}
    assert set(served.values()) == {1}


def test_drives_take_twenty_minutes_or_more(bundle):
    drives = [int(row["minutes"]) for row in read(bundle, "travel.csv")]
    assert min(drives) >= 20
    assert sorted(drives)[len(drives) // 2] <= 50  # most within 50


def test_classes_have_two_or_three_free_stretches_a_day(bundle):
    stretches = free_stretches(bundle)
    counts = Counter(len(gaps) for gaps in stretches.values())
    assert max(counts) <= 3, counts
    assert min(counts) >= 1, counts
    assert counts[2] + counts[3] >= 0.9 * len(stretches), counts


def test_monthly_and_weekly_lines_are_mixed(bundle):
    per = Counter(line["per"] for line in read(bundle, "services.csv"))
    assert per["month"] >= 0.15 * sum(per.values()), per
    assert per["week"] >= 0.5 * sum(per.values()), per


def test_open_caseloads_unpin_everyone_and_open_every_school(app, tmp_path):
    generate_district(tmp_path, seed=1, profile="oversubscribed", open_caseloads=True, **SIZES)
    schools = {row["id"] for row in read(tmp_path, "schools.csv")}
    assert not any(row["therapist"] for row in read(tmp_path, "students.csv"))
    assert all(set(row["schools"].split()) == schools for row in read(tmp_path, "therapists.csv"))
    report = import_bundle(db.session, tmp_path)
    assert report.counts["students.csv"].created == SIZES["students"]


def test_open_caseloads_keep_the_same_students_and_lines(tmp_path):
    for name, open_caseloads in (("pinned", False), ("open", True)):
        generate_district(
            tmp_path / name,
            seed=2,
            profile="oversubscribed",
            open_caseloads=open_caseloads,
            **SIZES,
        )
    for file in ("services.csv", "blocks.csv", "schools.csv", "therapist_hours.csv"):
        pinned = (tmp_path / "pinned" / file).read_bytes()
        assert pinned == (tmp_path / "open" / file).read_bytes(), file


def test_generate_district_command_takes_a_profile(runner, tmp_path):
    result = runner.invoke(
        args=["generate-district", str(tmp_path), "--schools", "6", "--therapists", "3",
              "--students", "60", "--seed", "4", "--profile", "oversubscribed"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "oversubscribed" in result.output
    assert all(row["therapist"] for row in read(tmp_path, "students.csv"))

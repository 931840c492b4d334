"""The district generator: deterministic, importable, and realistic in its distributions;
and the demo seed."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import math
import pathlib
import sys
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from schoolot.bundle.importer import import_bundle
from schoolot.bundle.spec import FILES
from schoolot.extensions import db
from schoolot.generator import generate_district
from schoolot.generator.caseload import (
    MAX_PATTERN_MINUTES_PER_FTE,
    MAX_THERAPIST_MINUTES_PER_FTE,
)
from schoolot.generator.demo import DEMO_PASSWORD, DEMO_SIZES, empty_database
from schoolot.models import Student, Teacher, Therapist, User
from schoolot.values import GOAL_AREAS, GRADES
from tests.factories import make_district

SIZES = {"schools": 12, "therapists": 6, "students": 220}
SEEDS = (1, 7, 2026)
ELEMENTARY = {"PK", "K", "1", "2", "3", "4", "5"}


def read(folder: pathlib.Path, file: str) -> list[dict[str, str]]:
    with open(folder / file, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


@pytest.fixture(scope="module", params=SEEDS)
def bundle(request, tmp_path_factory) -> pathlib.Path:
    """A generated district, one per seed; tests only read it."""
    folder = tmp_path_factory.mktemp(f"district{request.param}")
    generate_district(folder, seed=request.param, **SIZES)
    return folder


@pytest.fixture(scope="module")
def large_bundle(tmp_path_factory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("large")
    generate_district(folder, schools=30, therapists=14, students=600, seed=3)
    return folder


def _school_days(bundle: pathlib.Path) -> list[str]:
    return read(bundle, "district.csv")[0]["school_days"].split()


def _weekdays(cell: str, school_days: list[str]) -> list[str]:
    return school_days if cell == "*" else cell.split()


# Determinism


def test_same_seed_writes_identical_files(tmp_path):
    generate_district(tmp_path / "a", seed=5, **SIZES)
    generate_district(tmp_path / "b", seed=5, **SIZES)
    for file in FILES:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file


def test_different_seeds_write_different_districts(tmp_path):
    generate_district(tmp_path / "a", seed=5, **SIZES)
    generate_district(tmp_path / "b", seed=6, **SIZES)
    for file in ("schools.csv", "students.csv", "services.csv", "blocks.csv"):
        assert (tmp_path / "a" / file).read_bytes() != (tmp_path / "b" / file).read_bytes(), file


def test_every_file_of_the_spec_is_written_with_its_header(bundle):
    from schoolot.bundle.spec import column_names

    for file in FILES:
        with open(bundle / file, encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == column_names(file), file


def test_sizes_asked_for_are_the_sizes_written(bundle):
    assert len(read(bundle, "schools.csv")) == SIZES["schools"]
    assert len(read(bundle, "therapists.csv")) == SIZES["therapists"]
    assert len(read(bundle, "students.csv")) == SIZES["students"]


def test_more_schools_than_therapists_can_serve_is_refused(tmp_path):
    with pytest.raises(ValueError, match="use at least 3 therapists"):
        generate_district(tmp_path, schools=13, therapists=2, students=10, seed=1)


@pytest.mark.parametrize(
    ("schools", "therapists", "students"), [(1, 1, 10), (1, 3, 40), (2, 5, 30), (5, 1, 0)]
)
def test_tiny_and_lopsided_districts_still_import(app, tmp_path, schools, therapists, students):
    generate_district(tmp_path, schools=schools, therapists=therapists, students=students, seed=4)
    report = import_bundle(db.session, tmp_path)
    assert report.counts["students.csv"].created == students


# Import


def test_generated_bundle_imports_cleanly(app, bundle):
    report = import_bundle(db.session, bundle)
    db.session.commit()
    assert report.counts["students.csv"].created == SIZES["students"]
    assert report.counts["blocks.csv"].created == len(read(bundle, "blocks.csv"))
    assert db.session.scalar(select(func.count()).select_from(Therapist)) == SIZES["therapists"]


def test_large_generated_bundle_imports_cleanly(app, large_bundle):
    report = import_bundle(db.session, large_bundle)
    assert report.counts["services.csv"].created == len(read(large_bundle, "services.csv"))


# Schools, bells and blocks


def test_schools_are_mostly_elementary_with_middle_and_high_schools(large_bundle):
    levels = Counter(row["id"][0] for row in read(large_bundle, "schools.csv"))
    assert levels["E"] > levels["M"] + levels["H"]
    assert levels["M"] >= 1 and levels["H"] >= 1


def test_bell_schedules_are_staggered(bundle):
    starts = {row["day_start"] for row in read(bundle, "schools.csv")}
    assert len(starts) >= 3


def test_every_school_has_lunch_for_each_grade_it_teaches(bundle):
    taught = defaultdict(set)
    for teacher in read(bundle, "teachers.csv"):
        taught[teacher["school"]].add(teacher["grade"])
    lunches = defaultdict(set)
    for block in read(bundle, "blocks.csv"):
        if block["scope"] == "grade" and block["label"] == "Lunch":
            lunches[block["school"]].add(block["target"])
    for school in read(bundle, "schools.csv"):
        assert taught[school["id"]], school["id"]
        assert lunches[school["id"]] == taught[school["id"]], school["id"]


def test_lunches_are_staggered_by_grade(bundle):
    starts = defaultdict(list)
    for block in read(bundle, "blocks.csv"):
        if block["label"] == "Lunch":
            starts[block["school"]].append(block["start"])
    for school, times in starts.items():
        assert len(set(times)) == len(times), school


def test_every_classroom_has_protected_ela_and_math_blocks(bundle):
    core = defaultdict(set)
    for block in read(bundle, "blocks.csv"):
        if block["scope"] == "teacher" and block["kind"] == "protected":
            core[block["target"]].add(block["label"])
    for teacher in read(bundle, "teachers.csv"):
        assert core[teacher["id"]] == {"ELA block", "Math block"}, teacher["id"]


def test_every_classroom_has_a_special_each_school_day(bundle):
    school_days = _school_days(bundle)
    specials = defaultdict(list)
    for block in read(bundle, "blocks.csv"):
        if block["scope"] == "teacher" and block["kind"] == "busy":
            specials[block["target"]] += _weekdays(block["weekday"], school_days)
    for teacher in read(bundle, "teachers.csv"):
        assert sorted(specials[teacher["id"]]) == sorted(school_days), teacher["id"]


def test_blocks_lie_inside_the_school_day(bundle):
    day = {
        s["id"]: (minutes(s["day_start"]), minutes(s["day_end"]))
        for s in read(bundle, "schools.csv")
    }
    for block in read(bundle, "blocks.csv"):
        start, end = day[block["school"]]
        assert start <= minutes(block["start"]) < minutes(block["end"]) <= end, block


def test_some_students_see_other_providers(bundle):
    labels = {b["label"] for b in read(bundle, "blocks.csv") if b["scope"] == "student"}
    assert "Speech" in labels
    school_wide = {b["label"] for b in read(bundle, "blocks.csv") if b["scope"] == "school"}
    assert "Assembly" in school_wide


def test_teachers_have_two_to_four_classrooms_per_grade_with_rooms(bundle):
    per_grade = Counter((t["school"], t["grade"]) for t in read(bundle, "teachers.csv"))
    assert set(per_grade.values()) <= {2, 3, 4}
    assert all(t["room"] for t in read(bundle, "teachers.csv"))


# Calendar


def test_closed_days_are_us_holidays_and_breaks_for_every_school(bundle):
    closed = [row for row in read(bundle, "calendar.csv") if row["kind"] == "closed"]
    notes = {row["note"] for row in closed}
    assert {"Labor Day", "Thanksgiving break", "Winter break", "Spring break"} <= notes
    assert all(row["school"] == "" for row in closed)
    assert all(dt.date.fromisoformat(row["date"]).weekday() < 5 for row in closed)


def test_early_release_ends_inside_the_school_day(bundle):
    day = {
        s["id"]: (minutes(s["day_start"]), minutes(s["day_end"]))
        for s in read(bundle, "schools.csv")
    }
    early = [row for row in read(bundle, "calendar.csv") if row["kind"] == "early_release"]
    assert early
    for row in early:
        start, end = day[row["school"]]
        assert start < minutes(row["end_time"]) < end, row


# Travel and therapists


def _travel_graph(bundle: pathlib.Path) -> dict[str, set[str]]:
    graph = defaultdict(set)
    for row in read(bundle, "travel.csv"):
        graph[row["from_school"]].add(row["to_school"])
        graph[row["to_school"]].add(row["from_school"])
    return graph


def test_each_therapists_schools_are_connected_by_travel_rows(bundle):
    graph = _travel_graph(bundle)
    for therapist in read(bundle, "therapists.csv"):
        schools = set(therapist["schools"].split())
        start = min(schools)
        reached, todo = {start}, [start]
        while todo:
            for other in graph[todo.pop()] & schools:
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
        assert reached == schools, therapist["id"]


def test_most_travel_rows_are_short_drives(large_bundle):
    drives = [int(row["minutes"]) for row in read(large_bundle, "travel.csv")]
    schools = len(read(large_bundle, "schools.csv"))
    assert len(drives) < schools * (schools - 1) / 2  # far pairs get no row
    assert sum(1 for m in drives if m <= 30) / len(drives) > 0.9


def test_each_therapist_serves_two_to_six_schools(bundle):
    for therapist in read(bundle, "therapists.csv"):
        assert 2 <= len(therapist["schools"].split()) <= 6, therapist["id"]


def test_every_school_is_served_by_a_therapist(bundle):
    served = {s for t in read(bundle, "therapists.csv") for s in t["schools"].split()}
    assert served == {s["id"] for s in read(bundle, "schools.csv")}


def test_part_time_therapists_work_fewer_days(large_bundle):
    days = Counter()
    for row in read(large_bundle, "therapist_hours.csv"):
        days[row["therapist"]] += len(row["weekday"].split())
    ftes = {t["id"]: float(t["fte"]) for t in read(large_bundle, "therapists.csv")}
    assert any(fte < 1 for fte in ftes.values())
    for code, fte in ftes.items():
        assert days[code] == round(fte * 5), code


def test_pinned_days_name_a_school_the_therapist_serves(large_bundle):
    serves = {t["id"]: set(t["schools"].split()) for t in read(large_bundle, "therapists.csv")}
    pinned = [row for row in read(large_bundle, "therapist_hours.csv") if row["school"]]
    assert pinned
    for row in pinned:
        assert row["school"] in serves[row["therapist"]]


# Students and service lines


def test_pinned_students_belong_to_a_therapist_of_their_school(bundle):
    serves = {t["id"]: set(t["schools"].split()) for t in read(bundle, "therapists.csv")}
    for student in read(bundle, "students.csv"):
        if student["therapist"]:
            assert student["school"] in serves[student["therapist"]], student["id"]


def test_share_of_unpinned_students_is_between_bounds(bundle):
    students = read(bundle, "students.csv")
    unpinned = sum(1 for s in students if not s["therapist"])
    assert 0.08 <= unpinned / len(students) <= 0.16


def test_students_are_skewed_to_the_early_grades(large_bundle):
    grades = Counter(s["grade"] for s in read(large_bundle, "students.csv"))
    assert sum(grades[g] for g in ELEMENTARY) / sum(grades.values()) > 0.6
    assert grades["K"] > grades["5"] > grades["9"]


def test_iep_dates_are_spread_across_the_year(bundle):
    students = read(bundle, "students.csv")
    months = {s["iep_start"][:7] for s in students}
    assert len(months) >= 8
    for student in students:
        start = dt.date.fromisoformat(student["iep_start"])
        end = dt.date.fromisoformat(student["iep_end"])
        assert 360 <= (end - start).days <= 366, student["id"]


def test_every_service_lines_minutes_is_a_whole_number_of_sessions(bundle):
    for line in read(bundle, "services.csv"):
        assert int(line["minutes"]) % int(line["session_minutes"]) == 0, line["id"]
        assert line["session_minutes"] in {"20", "30", "45"}


def test_group_lines_allow_groups_of_two_to_four(bundle):
    for line in read(bundle, "services.csv"):
        if line["grouping"] == "group":
            assert 2 <= int(line["max_group"]) <= 4, line["id"]
        if line["delivery"] == "consult":
            assert line["grouping"] == "individual", line["id"]


def test_service_lines_mix_periods_deliveries_and_groupings(large_bundle):
    lines = read(large_bundle, "services.csv")
    per = Counter(line["per"] for line in lines)
    delivery = Counter(line["delivery"] for line in lines)
    grouping = Counter(line["grouping"] for line in lines)
    assert per["week"] > per["month"] > 0
    assert delivery["pull_out"] > delivery["push_in"] > 0
    assert 0 < delivery["consult"] < delivery["push_in"] + delivery["pull_out"]
    assert grouping["group"] > 0 and grouping["individual"] > 0


def test_every_student_has_a_service_line_and_one_to_three_goals(bundle):
    students = {s["id"] for s in read(bundle, "students.csv")}
    with_lines = {line["student"] for line in read(bundle, "services.csv")}
    goals = Counter(goal["student"] for goal in read(bundle, "goals.csv"))
    assert with_lines == students
    assert set(goals) == students and set(goals.values()) <= {1, 2, 3}
    assert {goal["area"] for goal in read(bundle, "goals.csv")} <= set(GOAL_AREAS)


def test_some_students_use_equipment(bundle):
    users = {row["student"] for row in read(bundle, "equipment.csv")}
    assert 0 < len(users) < SIZES["students"]


def _weekly_minutes(line: dict[str, str]) -> tuple[int, float]:
    """(pattern minutes, therapist minutes with a group counted as two students)."""
    sessions = int(line["minutes"]) // int(line["session_minutes"])
    if line["per"] == "month":
        sessions = math.ceil(sessions / 4)
    pattern = sessions * int(line["session_minutes"])
    return pattern, pattern / 2 if line["grouping"] == "group" else pattern


def test_each_therapists_caseload_fits_a_week(bundle):
    therapist_of = {s["id"]: s["therapist"] for s in read(bundle, "students.csv")}
    pattern, therapist = Counter(), Counter()
    for line in read(bundle, "services.csv"):
        code = therapist_of[line["student"]]
        if code:
            p, t = _weekly_minutes(line)
            pattern[code] += p
            therapist[code] += t
    for row in read(bundle, "therapists.csv"):
        fte = float(row["fte"])
        assert therapist[row["id"]] <= MAX_THERAPIST_MINUTES_PER_FTE * fte, row["id"]
        assert pattern[row["id"]] <= MAX_PATTERN_MINUTES_PER_FTE * fte, row["id"]


# The bundle's format (its column table and its CSV cells) is itself standard library only.
BUNDLE_FORMAT_MODULES = {"schoolot.bundle.spec", "schoolot.bundle.csv_cells"}


def test_the_generator_uses_only_the_standard_library():
    root = pathlib.Path(__file__).resolve().parent.parent
    package = root / "schoolot" / "generator"
    for module in BUNDLE_FORMAT_MODULES:
        path = root / (module.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "level", 0) == 0:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
                for name in names:
                    top = name.split(".")[0]
                    assert (
                        top in sys.stdlib_module_names
                        or top == "__future__"
                        or (name in BUNDLE_FORMAT_MODULES)
                    ), f"{path.name} imports {name}"
    # The CLI and the demo's services (its district, its logged weeks) use the app.
    outside = {"commands.py", "demo.py", "demo_logs.py"}
    for path in package.glob("*.py"):
        if path.name in outside:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert (
                    top in sys.stdlib_module_names
                    or top == "__future__"
                    or (name.startswith("schoolot.generator"))
                    or name in BUNDLE_FORMAT_MODULES
                ), f"{path.name} imports {name}"


# Commands


def test_generate_district_command_writes_a_bundle(runner, tmp_path):
    result = runner.invoke(
        args=["generate-district", str(tmp_path), "--schools", "4", "--therapists", "2",
              "--students", "30", "--seed", "9"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)
    assert len(read(tmp_path, "students.csv")) == 30


def test_generate_district_command_explains_impossible_sizes(runner, tmp_path):
    result = runner.invoke(args=["generate-district", str(tmp_path), "--schools", "20",
                                 "--therapists", "1"])  # fmt: skip
    assert result.exit_code == 1
    assert "use at least 4 therapists" in result.output


def _login(client, email: str) -> int:
    client.post("/logout")
    return client.post("/login", data={"email": email, "password": DEMO_PASSWORD}).status_code


def test_seed_demo_creates_accounts_that_can_log_in(app, runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    users = db.session.scalars(select(User)).all()
    roles = Counter(user.role for user in users)
    assert roles == {"coordinator": 1, "therapist": DEMO_SIZES["therapists"], "teacher": 1}
    for user in users:
        assert user.email in result.output
        assert _login(client, user.email) == 302, user.email


def test_seed_demo_teacher_has_ot_students_in_class(app, runner):
    runner.invoke(args=["seed-demo"])
    teacher = db.session.scalar(select(User).where(User.role == "teacher"))
    count = db.session.scalar(
        select(func.count()).select_from(Student).where(Student.teacher_id == teacher.teacher_id)
    )
    assert count >= 1


def test_seed_demo_twice_reports_the_demo_is_already_loaded(app, runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "already loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Student)) == DEMO_SIZES["students"]


def test_seed_demo_reset_starts_the_demo_over(app, runner):
    runner.invoke(args=["seed-demo"])
    db.session.execute(Student.__table__.delete().where(Student.code == "S100001"))
    db.session.commit()
    result = runner.invoke(args=["seed-demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Student)) == DEMO_SIZES["students"]
    assert db.session.scalar(select(func.count()).select_from(User)) == (
        DEMO_SIZES["therapists"] + 2
    )


def test_seed_demo_will_not_mix_with_another_district(app, runner):
    make_district(db.session, name="Real District")
    db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "Real District" in result.output
    assert db.session.scalar(select(func.count()).select_from(Teacher)) == 0


def test_grades_written_are_known_grades(bundle):
    assert {s["grade"] for s in read(bundle, "students.csv")} <= set(GRADES)


def test_seed_demo_runs_without_an_app_context_of_its_own():
    from config import TestConfig
    from schoolot import create_app

    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) > 0
        empty_database(db.session)  # leave a PostgreSQL test database as found
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

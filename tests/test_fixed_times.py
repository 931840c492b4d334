"""A service line fixed to a weekday and start ("Mondays 10:00, after speech"): the
service line form, the bundle's optional services.csv columns (docs/bundle.md), and
the problem builder naming what holds the student at a fixed time that cannot be kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from schoolot.bundle import export_bundle, import_bundle
from schoolot.errors import ValidationFailed
from schoolot.extensions import db
from schoolot.models import ServiceLine
from schoolot.scheduling.problem_builder import build_problem
from schoolot.solver.baseline import schedule_by_hand
from schoolot.solver.problem import FixedTime
from schoolot.solver.proofs import analyse
from schoolot.solver.validate import validate
from tests.bundle_files import DEMO, copy_demo, read_rows, write_rows
from tests.factories import (
    SmallDistrict,
    make_block,
    make_district,
    make_school,
    make_service,
    make_student,
    make_teacher,
    make_therapist,
)
from tests.test_students_forms import field_error, new_line


def _line(code: str) -> ServiceLine:
    db.session.expire_all()
    return db.session.scalar(select(ServiceLine).where(ServiceLine.code == code))


# --- the form ---------------------------------------------------------------------------


@pytest.fixture
def small(app, login) -> SmallDistrict:
    district = SmallDistrict(db.session)
    db.session.commit()
    login(district.coordinator)
    return district


def test_the_form_saves_a_fixed_day_and_start_and_shows_them_again(client, small):
    response = new_line(client, small.ana, minutes="30", fixed_day="Mon", fixed_start="10:00")
    assert response.status_code == 302
    line = _line("SV50")
    assert (line.fixed_day, line.fixed_start) == ("Mon", dt.time(10, 0))
    page = client.get(f"/students/{small.ana.id}/services/{line.id}/edit").text
    assert '<option selected value="Mon">Mon</option>' in page
    assert 'value="10:00"' in page


def test_the_form_clears_a_fixed_time(client, small):
    line = make_service(
        db.session, small.ana, "SV60", minutes=30, fixed_day="Tue", fixed_start=dt.time(9, 0)
    )
    db.session.commit()
    data = dict(
        code="SV60", minutes="30", per="week", session_minutes="30", delivery="pull_out",
        grouping="individual", max_group="3", start="", end="", fixed_day="", fixed_start="",
    )  # fmt: skip
    response = client.post(f"/students/{small.ana.id}/services/{line.id}/edit", data=data)
    assert response.status_code == 302
    assert (_line("SV60").fixed_day, _line("SV60").fixed_start) == (None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"fixed_day": "Sat", "fixed_start": "10:00"},
            "fixed_day",
            "Sat is not a school day (the district's school days are Mon Tue Wed Thu Fri)",
        ),
        (
            {"fixed_day": "Funday", "fixed_start": "10:00"},
            "fixed_day",
            "'Funday' is not a weekday (use Mon Tue Wed Thu Fri Sat Sun)",
        ),
        (
            {"fixed_day": "Mon", "fixed_start": "14:45"},
            "fixed_start",
            "a 30-minute session at 14:45-15:15 is outside OAK's student day (08:00-15:00)",
        ),
        (
            {"fixed_day": "Mon", "fixed_start": "10:02"},
            "fixed_start",
            "10:02 is not on the 5-minute grid sessions start on (e.g. 10:00 or 10:05)",
        ),
        (
            {"fixed_day": "Mon", "fixed_start": ""},
            "fixed_start",
            "a fixed time needs both a weekday and a start (e.g. Mon and 10:00)",
        ),
        (
            {"fixed_day": "Mon", "fixed_start": "10:00", "minutes": "60"},
            "fixed_day",
            "a line fixed to one day and time holds one session a week; this one has 2: "
            "clear the fixed time or make the sessions longer",
        ),
    ],
)
def test_the_form_refuses_a_fixed_time_that_cannot_be_kept(client, small, changes, field, message):
    response = new_line(client, small.ana, **{"minutes": "30", **changes})
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert _line("SV50") is None


# --- the bundle -------------------------------------------------------------------------


def _with_fixed(folder, cells: dict[str, tuple[str, str]]) -> None:
    rows = read_rows(folder, "services.csv")
    write_rows(
        folder,
        "services.csv",
        [
            [*rows[0], "fixed_day", "fixed_start"],
            *([*r, *cells.get(r[0], ("", ""))] for r in rows[1:]),
        ],
    )


def test_a_bundle_fixes_lines_and_an_old_bundle_leaves_them_alone(app, tmp_path):
    bundle = copy_demo(tmp_path)
    _with_fixed(bundle, {"SV3": ("Tue", "09:30")})  # SV3: 30 min a week in one session
    import_bundle(db.session, bundle)
    db.session.commit()
    assert (_line("SV3").fixed_day, _line("SV3").fixed_start) == ("Tue", dt.time(9, 30))
    assert _line("SV2").fixed_day is None
    import_bundle(db.session, DEMO)  # no fixed_* columns
    db.session.commit()
    assert (_line("SV3").fixed_day, _line("SV3").fixed_start) == ("Tue", dt.time(9, 30))


def test_export_writes_the_fixed_columns_and_imports_back_the_same(app, tmp_path):
    import_bundle(db.session, DEMO)
    db.session.commit()
    export_bundle(db.session, tmp_path / "plain")
    assert read_rows(tmp_path / "plain", "services.csv")[0][-1] == "end"
    line = _line("SV3")
    line.fixed_day, line.fixed_start = "Wed", dt.time(13, 15)
    db.session.commit()
    export_bundle(db.session, tmp_path / "fixed")
    rows = read_rows(tmp_path / "fixed", "services.csv")
    assert rows[0][-2:] == ["fixed_day", "fixed_start"]
    assert next(r for r in rows if r[0] == "SV3")[-2:] == ["Wed", "13:15"]
    assert next(r for r in rows if r[0] == "SV2")[-2:] == ["", ""]
    import_bundle(db.session, tmp_path / "fixed")
    db.session.commit()
    export_bundle(db.session, tmp_path / "again")
    for name in ("services.csv", "students.csv"):
        assert read_rows(tmp_path / "again", name) == read_rows(tmp_path / "fixed", name)


def test_the_bundle_refuses_fixed_times_that_cannot_be_kept_with_file_line_and_column(
    app, tmp_path
):
    bundle = copy_demo(tmp_path)
    # SV3 is line 4 of services.csv, SV2 line 3 (two sessions a week), SV5 line 6.
    _with_fixed(
        bundle,
        {
            "SV2": ("Mon", "10:00"),
            "SV3": ("Sun", "10:00"),
            "SV5": ("Monday", "7:00"),
        },
    )
    with pytest.raises(ValidationFailed) as refused:
        import_bundle(db.session, bundle)
    problems = refused.value.problems
    assert (
        "services.csv:3: fixed_day: a line fixed to one day and time holds one session a "
        "week; this one has 2: clear the fixed time or make the sessions longer"
    ) in problems
    assert (
        "services.csv:4: fixed_day: Sun is not a school day (the district's school days "
        "are Mon Tue Wed Thu Fri)"
    ) in problems
    assert (
        "services.csv:6: fixed_day: 'Monday' is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun"
    ) in problems
    assert _line("SV3") is None  # nothing half-applied


# --- the problem builder and the reason -------------------------------------------------


def test_a_fixed_line_in_class_time_is_left_out_naming_the_class_block(app):
    s = db.session
    make_district(s)
    oak = make_school(s, "OAK")
    teacher = make_teacher(s, oak, "t2@x.example", grade="2")
    ot = make_therapist(s, [oak], "ot@x.example")
    maya = make_student(s, teacher, ot, code="S1", first_name="Maya", last_name="Reyes")
    make_service(s, maya, "SV1042", minutes=30, fixed_day="Mon", fixed_start=dt.time(10, 0))
    make_block(
        s, oak, scope="teacher", teacher=teacher, kind="protected", weekdays="Mon Wed",
        start=dt.time(9, 30), end=dt.time(10, 45), label="Reading",
    )  # fmt: skip
    problem, _ = build_problem(s, as_of=dt.date(2026, 9, 1))
    held_by = "Maya's class has Reading (protected 09:30-10:45)"
    assert problem.services[0].fixed == FixedTime(0, 600, held_by)
    assert analyse(problem, [0]) == {
        0: f"SV1042 is fixed to Mon 10:00, but {held_by} then: move its fixed time or clear it"
    }
    solution = schedule_by_hand(problem)
    assert solution.sessions == () and validate(problem, solution) == []


def test_a_fixed_line_held_in_one_cycle_week_names_that_week(app):
    """A/B: Reading holds Maya's class on Mondays 9:30-10:45 of week B only, so SV1042
    (fixed Mon 10:00) cannot have its week-B session: the reason says which week."""
    s = db.session
    make_district(s, cycle_weeks=2)
    oak = make_school(s, "OAK")
    teacher = make_teacher(s, oak, "t2@x.example", grade="2")
    ot = make_therapist(s, [oak], "ot@x.example")
    maya = make_student(s, teacher, ot, code="S1", first_name="Maya", last_name="Reyes")
    make_service(s, maya, "SV1042", minutes=30, fixed_day="Mon", fixed_start=dt.time(10, 0))
    make_block(
        s, oak, scope="teacher", teacher=teacher, kind="protected", weekdays="Mon",
        start=dt.time(9, 30), end=dt.time(10, 45), label="Reading", cycle_week=2,
    )  # fmt: skip
    problem, _ = build_problem(s, as_of=dt.date(2026, 9, 1))
    held_by = "Maya's class has Reading (protected 09:30-10:45) in cycle week 2"
    assert problem.services[0].fixed == FixedTime(0, 600, held_by)
    # Week A's Monday (day 0) is free at 10:00; week B's (day 5) is not.
    assert problem.fixed_windows(0, 0, problem.students[0].free_pull_out[0]) == ((600, 630),)
    assert problem.fixed_windows(0, 5, problem.students[0].free_pull_out[5]) == ()


def test_a_fixed_line_that_fits_is_held_there_from_the_database(app):
    s = db.session
    make_district(s)
    oak = make_school(s, "OAK")
    teacher = make_teacher(s, oak, "t2@x.example", grade="2")
    ot = make_therapist(s, [oak], "ot@x.example")
    maya = make_student(s, teacher, ot, code="S1", first_name="Maya", last_name="Reyes")
    make_service(s, maya, "SV1042", minutes=30, fixed_day="Thu", fixed_start=dt.time(13, 0))
    problem, _ = build_problem(s, as_of=dt.date(2026, 9, 1))
    assert problem.services[0].fixed == FixedTime(3, 780, "")
    solution = schedule_by_hand(problem)
    assert [(x.day, x.start) for x in solution.sessions] == [(3, 780)]
    assert validate(problem, solution) == []


def test_the_students_page_shows_a_lines_fixed_time(client, small):
    make_service(
        db.session, small.ana, "SV60", minutes=30, fixed_day="Tue", fixed_start=dt.time(9, 0)
    )
    db.session.commit()
    page = client.get(f"/students/{small.ana.id}").text
    assert '<span class="muted">fixed Tue 09:00</span>' in page


# --- end to end: import, solve, export, the independent checker -------------------------


def test_the_demo_with_fixed_lines_solves_holds_them_and_passes_the_checker(tmp_path):
    """SV3 (Eli Lopez) fits Wed 10:30; SV5 (Eli Khan, same class) is fixed into the
    class's ELA block, so it is left out with the block named."""
    from tests.schedule_checker import check_schedule
    from tests.test_scheduling_cli import AS_OF, _run_end_to_end

    bundle = copy_demo(tmp_path)
    _with_fixed(bundle, {"SV3": ("Wed", "10:30"), "SV5": ("Thu", "09:00")})
    run = _run_end_to_end(bundle, tmp_path)
    assert check_schedule(bundle, run.draft, dt.date.fromisoformat(AS_OF)) == []
    # The demo has monthly lines: a 4-week cycle, SV3 (1 a week) fixed in each week.
    assert run.draft["cycle_weeks"] == 4
    held = [
        (s["cycle_week"], s["weekday"], s["start"])
        for s in run.draft["sessions"]
        if "SV3" in s["services"]
    ]
    assert held == [(week, "Wed", "10:30") for week in (1, 2, 3, 4)]
    (left_out,) = [u for u in run.draft["unscheduled"] if u["service"] == "SV5"]
    assert left_out["reason"] == (
        "SV5 is fixed to Thu 09:00, but Eli's class has ELA block (protected 08:30-10:00) "
        "then: move its fixed time or clear it"
    )

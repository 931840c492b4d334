"""`flask solve`, `flask export-schedule`, `flask publish-schedule`; and the exported
schedules of the demo district and of a generated one pass the independent checker."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from config import TestConfig
from schoolot import create_app
from schoolot.extensions import db
from schoolot.generator.district import generate_district
from schoolot.models import ScheduleVersion
from schoolot.scheduling import store
from schoolot.solver.solution import Session, Solution
from schoolot.solver.solve import InvalidSchedule, solve
from tests.bundle_files import DEMO
from tests.schedule_checker import check_schedule
from tests.test_scheduling_store import Week

AS_OF = "2026-09-01"
FAST = ["--time-limit", "2", "--seed", "1", "--workers", "1", "--as-of", AS_OF]


@dataclass
class Run:
    """What the commands printed and wrote, from import to publish, on one bundle."""

    bundle: Path
    outputs: dict[str, Any]
    draft: dict[str, Any]
    draft_text: str
    draft_again_text: str
    published_text: str
    states: list[str]


def _run_end_to_end(bundle: Path, out: Path) -> Run:
    """import-bundle, solve, export-schedule (twice), publish-schedule, export again,
    in an app and database of its own, emptied afterwards."""
    app = create_app(TestConfig)
    runner = app.test_cli_runner()
    with app.app_context():
        db.create_all()
        try:
            outputs = {
                "import": runner.invoke(args=["import-bundle", str(bundle)]),
                "solve": runner.invoke(args=["solve", *FAST]),
                "export": runner.invoke(args=["export-schedule", str(out / "draft.json")]),
                "export again": runner.invoke(args=["export-schedule", str(out / "again.json")]),
                "publish": runner.invoke(args=["publish-schedule"]),
                "export published": runner.invoke(
                    args=["export-schedule", str(out / "published.json")]
                ),
            }
            db.session.remove()
            states = list(db.session.scalars(select(ScheduleVersion.state)))
        finally:
            db.session.remove()
            if db.engine.dialect.name != "sqlite":
                names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            db.engine.dispose()
    for name, result in outputs.items():
        assert result.exit_code == 0, f"{name}: {result.output}"
    text = (out / "draft.json").read_text(encoding="utf-8")
    return Run(
        bundle=bundle,
        outputs={name: result.output for name, result in outputs.items()},
        draft=json.loads(text),
        draft_text=text,
        draft_again_text=(out / "again.json").read_text(encoding="utf-8"),
        published_text=(out / "published.json").read_text(encoding="utf-8"),
        states=states,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _run_end_to_end(DEMO, tmp_path_factory.mktemp("demo-run"))


@pytest.fixture(scope="module")
def generated_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    bundle = tmp_path_factory.mktemp("generated") / "bundle"
    generate_district(bundle, schools=3, therapists=2, students=30, seed=11)
    return _run_end_to_end(bundle, tmp_path_factory.mktemp("generated-run"))


# --- end to end on the demo district -------------------------------------------------


def test_solve_prints_lines_driving_and_idle_first_and_the_solver_numbers_last(demo_run):
    printed = demo_run.outputs["solve"].splitlines()
    stored = next(i for i, line in enumerate(printed) if line.startswith("Stored schedule"))
    summary = printed[stored + 1 :]
    assert summary[0].startswith("  Lines met: ")
    assert summary[1].startswith("  Driving: ") and summary[1].endswith(" minutes a week")
    assert summary[2].startswith("  Idle time between sessions: ")
    details = next(line for line in summary if line.startswith("  Details: "))
    for word in ("objective", "bound", "gap", "seed 1"):
        assert word in details
    raw = [line for line in summary if "objective" in line or "gap" in line]
    assert raw == [details]


def test_the_demo_schedule_passes_the_independent_checker(demo_run):
    assert check_schedule(demo_run.bundle, demo_run.draft, dt.date.fromisoformat(AS_OF)) == []


def test_the_demo_schedule_meets_most_lines(demo_run):
    owed = len((DEMO / "services.csv").read_text().splitlines()) - 1
    served = {line for s in demo_run.draft["sessions"] for line in s["services"]}
    assert len(served) + len(demo_run.draft["unscheduled"]) == owed
    assert len(served) >= owed * 0.8


def test_re_exporting_an_unchanged_schedule_gives_identical_output(demo_run):
    assert demo_run.draft_again_text == demo_run.draft_text


def test_publishing_changes_nothing_in_the_export(demo_run):
    assert demo_run.published_text == demo_run.draft_text


def test_publish_schedule_puts_the_newest_draft_in_force(demo_run):
    assert demo_run.states == ["published"]
    assert "it is now in force" in demo_run.outputs["publish"]


def test_the_generated_district_schedule_passes_the_independent_checker(generated_run):
    problems = check_schedule(
        generated_run.bundle, generated_run.draft, dt.date.fromisoformat(AS_OF)
    )
    assert problems == []


def test_the_generated_district_schedule_has_sessions(generated_run):
    assert len(generated_run.draft["sessions"]) > 10


# --- the commands on a tiny district -------------------------------------------------


def versions() -> list[tuple[int, str]]:
    db.session.remove()
    rows = db.session.execute(
        select(ScheduleVersion.id, ScheduleVersion.state).order_by(ScheduleVersion.id)
    )
    return [(row.id, row.state) for row in rows]


def test_solve_stores_a_draft_and_leaves_the_schedule_in_force(app, runner):
    week = Week()
    first = store.publish(db.session, week.store())
    db.session.commit()

    result = runner.invoke(args=["solve", *FAST])

    assert result.exit_code == 0, result.output
    assert f"re-planning from schedule {first.id} in force" in result.output
    assert versions() == [(first.id, "published"), (first.id + 1, "draft")]


def test_solve_with_publish_puts_the_new_schedule_in_force(app, runner):
    Week()
    db.session.commit()

    result = runner.invoke(args=["solve", *FAST, "--publish"])

    assert result.exit_code == 0, result.output
    assert versions() == [(1, "published")]


def test_solve_prints_where_time_is_short_and_stores_it(app, runner, monkeypatch):
    Week()
    db.session.commit()
    short = "ot1 needs about 30 more minutes a week at LIN, Mon-Thu mornings: 1 of 3 lines left out"

    def solve_short(problem, **kw):
        solution = solve(problem, **kw)
        return replace(solution, stats=replace(solution.stats, shortfalls=(short,)))

    monkeypatch.setattr("schoolot.scheduling.commands.solve", solve_short)
    result = runner.invoke(args=["solve", *FAST])

    assert result.exit_code == 0, result.output
    assert f"  Where time is short:\n    {short}\n" in result.output
    db.session.remove()
    assert db.session.scalars(select(ScheduleVersion.shortfalls)).one() == [short]


def test_solve_if_none_in_force_does_nothing_when_one_is(app, runner):
    week = Week()
    store.publish(db.session, week.store())
    db.session.commit()

    result = runner.invoke(args=["solve", *FAST, "--if-none-in-force", "--publish"])

    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output
    assert versions() == [(1, "published")]


def test_a_failed_solve_stores_nothing_and_exits_1(app, runner, monkeypatch):
    week = Week()
    store.publish(db.session, week.store())
    db.session.commit()

    def broken(problem, **kw):
        raise InvalidSchedule(["rule 2 one place at a time: an overlap"])

    monkeypatch.setattr("schoolot.scheduling.commands.solve", broken)
    result = runner.invoke(args=["solve", *FAST])

    assert result.exit_code == 1
    assert "nothing was stored" in result.stderr
    assert "rule 2 one place at a time" in result.stderr
    assert versions() == [(1, "published")]


def test_an_invalid_solution_is_not_stored_and_exits_1(app, runner, monkeypatch):
    Week()
    db.session.commit()

    def overlapping(problem, **kw):
        session = Session(0, 1, 0, 540, 570, "pull_out", (0,))
        return Solution((0, 0), (session, session), (), ())

    monkeypatch.setattr("schoolot.scheduling.commands.solve", overlapping)
    result = runner.invoke(args=["solve", *FAST])

    assert result.exit_code == 1
    assert "not stored" in result.stderr
    assert versions() == []


def test_solve_without_a_district_says_so(app, runner):
    result = runner.invoke(args=["solve", *FAST])

    assert result.exit_code == 1
    assert "import a bundle first" in result.stderr


def test_export_schedule_exports_the_version_asked_for(app, runner, tmp_path):
    week = Week()
    first = store.publish(db.session, week.store())
    week.store(in_force=first, bo=False)
    db.session.commit()
    out = tmp_path / "first.json"

    result = runner.invoke(args=["export-schedule", str(out), "--schedule", str(first.id)])

    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["unscheduled"]) == 0


def test_export_schedule_exports_the_newest_by_default(app, runner, tmp_path):
    week = Week()
    first = store.publish(db.session, week.store())
    week.store(in_force=first, bo=False)
    db.session.commit()
    out = tmp_path / "newest.json"

    result = runner.invoke(args=["export-schedule", str(out)])

    assert result.exit_code == 0, result.output
    assert [u["service"] for u in json.loads(out.read_text())["unscheduled"]] == ["SV2"]


def test_export_schedule_to_dash_writes_standard_output(app, runner):
    week = Week()
    week.store()
    db.session.commit()

    result = runner.invoke(args=["export-schedule", "-"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["district"] == "Riverbend USD"


def test_export_schedule_with_no_schedule_exits_1(app, runner, tmp_path):
    result = runner.invoke(args=["export-schedule", str(tmp_path / "x.json")])

    assert result.exit_code == 1
    assert "no schedule yet" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_publish_schedule_with_an_id_publishes_that_draft(app, runner):
    week = Week()
    older = week.store()
    week.store()
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", str(older.id)])

    assert result.exit_code == 0, result.output
    assert versions() == [(1, "published"), (2, "draft")]


def test_publish_schedule_says_which_schedule_it_archived(app, runner):
    week = Week()
    first = store.publish(db.session, week.store())
    week.store(in_force=first)
    db.session.commit()

    result = runner.invoke(args=["publish-schedule"])

    assert result.exit_code == 0, result.output
    assert f"schedule {first.id} is archived" in result.output
    assert versions() == [(1, "archived"), (2, "published")]


def test_publish_schedule_refuses_a_version_that_is_not_a_draft(app, runner):
    week = Week()
    store.publish(db.session, week.store())
    db.session.commit()

    result = runner.invoke(args=["publish-schedule", "1"])

    assert result.exit_code == 1
    assert "only a draft can be published" in result.stderr


def test_publish_schedule_with_no_draft_exits_1(app, runner):
    result = runner.invoke(args=["publish-schedule"])

    assert result.exit_code == 1
    assert "no draft schedule" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(ScheduleVersion)) == 0

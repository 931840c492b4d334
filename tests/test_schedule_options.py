"""Options of a solve stored as drafts: `flask solve --options N`, a solve job asking for
options, the page comparing them side by side, and publishing one of them.

The solver's side (that the options differ on a district built so they must, collapse
when equal, and never meet fewer lines) is in tests/solver/test_options.py; here two
hand-made schedules of `Week` (Ana at 09:00 or at 10:00) stand for the options where a
test needs two that differ.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from schoolot.extensions import db
from schoolot.jobs import start_solve
from schoolot.jobs.run import run_job
from schoolot.jobs.runners import session_factory
from schoolot.models import ScheduleVersion, SolveJob
from schoolot.scheduling import options as options_store
from schoolot.scheduling import store
from schoolot.solver import options as solver_options
from schoolot.solver.options import rank_options
from tests.factories import make_user, make_version
from tests.test_scheduling_store import AS_OF, Week

FAST = ["--time-limit", "3", "--seed", "1", "--workers", "1", "--as-of", AS_OF.isoformat()]


def all_versions() -> list[ScheduleVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(ScheduleVersion).order_by(ScheduleVersion.id)))


def two_options(week: Week, in_force: ScheduleVersion | None = None):
    """Options as solve_options returns them: Ana at 10:00 for "drives", at 09:00 for
    "compact", and the 09:00 schedule again for "moves" (collapsed)."""
    problem, _ = week.problem(in_force)
    return rank_options(
        problem,
        [
            ("drives", week.solution(problem, ana_start="10:00")),
            ("moves", week.solution(problem, ana_start="09:00")),
            ("compact", week.solution(problem, ana_start="09:00")),
        ],
    )


@pytest.fixture
def stored(app):
    """A published schedule (Ana at 09:00) and two options solved against it."""
    week = Week()
    in_force = week.published()
    problem, index = week.problem(in_force)
    versions = options_store.store_options(
        db.session, problem, index, two_options(week, in_force), in_force, None, 6, 0
    )
    coordinator = make_user(db.session)
    db.session.commit()
    return in_force, versions, coordinator


# --------------------------------------------------------------------- storing


def test_options_are_stored_as_drafts_linked_to_the_first_ranked(stored):
    in_force, (first, second), _ = stored

    assert (first.state, second.state) == ("draft", "draft")
    # "moves" keeps every session where it was: it leads, and "compact" found it too.
    assert first.option_profiles == ["moves", "compact"]
    assert second.option_profiles == ["drives"]
    assert (first.option_rank, second.option_rank) == (1, 2)
    assert (first.option_of, second.option_of) == (None, first)
    assert (first.moved_sessions, second.moved_sessions) == (0, 2)
    assert first.based_on == second.based_on == in_force
    assert options_store.options_of(db.session, second) == [first, second]
    assert options_store.options_of(db.session, in_force) == []


def test_the_comparison_marks_the_best_of_each_figure(stored):
    _, versions, _ = stored

    rows = {row.label: row for row in options_store.compare_figures(versions)}

    moved = rows["Sessions moved from the schedule in force"]
    assert moved.values == (0, 2)
    assert moved.best == (True, False)
    # Equal lines met: neither is marked best.
    assert rows["Lines met"].values == (2, 2)
    assert rows["Lines met"].best == (False, False)


# --------------------------------------------------------------------- flask solve --options


def test_solve_with_options_stores_and_prints_each(app, runner, monkeypatch):
    week = Week()
    in_force = week.published()
    db.session.commit()
    asked = {}

    def stand_in(problem, count, time_limit, **kw):
        asked.update(count=count, time_limit=time_limit)
        return two_options(week, in_force)

    monkeypatch.setattr("schoolot.scheduling.commands.solve_options", stand_in)
    result = runner.invoke(args=["solve", *FAST, "--options", "3"])

    assert result.exit_code == 0, result.output
    assert asked == {"count": 3, "time_limit": 3.0}
    versions = all_versions()
    assert [(v.state, v.option_rank) for v in versions] == [
        ("published", None),
        ("draft", 1),
        ("draft", 2),
    ]
    first, second = versions[1:]
    assert second.option_of_id == first.id
    assert "2 options of 3 asked for (1 s each; identical ones kept once):" in result.output
    assert (
        f"  1. schedule {first.id}, Fewer moves = More compact days: 2 of 2 lines met, "
        "0 min driving a week, 0 min idle, 0 sessions moved, 3 school days" in result.output
    )
    assert f"  2. schedule {second.id}, Fewer drives: 2 of 2 lines met" in result.output
    assert f"Stored schedule {first.id} as a draft." in result.output


def test_solve_with_options_and_publish_puts_the_first_ranked_in_force(app, runner):
    Week()
    db.session.commit()

    result = runner.invoke(args=["solve", *FAST, "--options", "2", "--publish"])

    assert result.exit_code == 0, result.output
    versions = all_versions()
    assert versions[0].option_rank == 1
    assert versions[0].state == "published"
    assert all(v.state == "draft" for v in versions[1:])
    assert all(v.lines_met == 2 for v in versions)
    assert len(versions) == len({tuple(v.option_profiles or ()) for v in versions})


@pytest.mark.parametrize("count", ["0", "4"])
def test_solve_refuses_options_out_of_range(app, runner, count):
    Week()
    db.session.commit()

    result = runner.invoke(args=["solve", *FAST, "--options", count])

    assert result.exit_code == 2
    assert "--options" in result.output
    assert all_versions() == []


# --------------------------------------------------------------------- the solve job


def test_a_job_asking_for_options_stores_them_and_links_its_result(app, monkeypatch):
    week = Week()
    in_force = week.published()
    coordinator = make_user(db.session)
    job = start_solve(db.session, coordinator, 4, 1, options=3)
    db.session.commit()
    asked = {}

    def stand_in(problem, count, time_limit, **kw):
        asked.update(count=count, time_limit=time_limit)
        return two_options(week, in_force)

    monkeypatch.setattr(solver_options, "solve_options", stand_in)
    monkeypatch.setattr("schoolot.jobs.run.solve_options", stand_in)
    state = run_job(session_factory(db.engine), job.id, workers=1)

    assert state == "done"
    assert asked == {"count": 3, "time_limit": 4.0}
    db.session.expire_all()
    job = db.session.get(SolveJob, job.id)
    first, second = all_versions()[1:]
    assert job.schedule_id == first.id
    assert (
        f"2 options of 3 asked for (identical ones kept once), ranked: #{first.id}, #{second.id}."
        in job.message
    )


def test_start_solve_refuses_options_out_of_range(app):
    Week()
    with pytest.raises(Exception, match="options: 4 is out of range"):
        start_solve(db.session, None, 5, 0, options=4)


# --------------------------------------------------------------------- the pages


def test_the_comparison_page_shows_the_figures_side_by_side(client, login, stored):
    in_force, (first, second), coordinator = stored
    login(coordinator)

    page = client.get(f"/schedules/versions/{second.id}/options")

    assert page.status_code == 200
    text = page.text
    assert "2 options to compare" in text
    assert "1. Fewer moves = More compact days" in text
    assert "2. Fewer drives" in text
    assert "an equal share of the 6 s time limit" in text
    assert (
        f're-planned from <a href="/schedules/versions/{in_force.id}">schedule #{in_force.id}</a>'
        in text
    )
    assert "Sessions moved from the schedule in force</th>" in text
    assert "<strong>0</strong> <small>best</small>" in text
    assert f'action="/schedules/versions/{first.id}/publish"' in text
    assert f'action="/schedules/versions/{second.id}/publish"' in text


def test_a_draft_s_page_links_to_the_comparison(client, login, stored):
    _, (first, _), coordinator = stored
    login(coordinator)

    page = client.get(f"/schedules/versions/{first.id}")

    assert f'href="/schedules/versions/{first.id}/options"' in page.text


def test_publishing_the_second_option_puts_it_in_force(client, login, stored):
    in_force, (first, second), coordinator = stored
    login(coordinator)

    response = client.post(f"/schedules/versions/{second.id}/publish")

    assert response.status_code == 302
    db.session.expire_all()
    assert store.in_force(db.session) == second
    # The other option was planned against the schedule in force before: set aside.
    assert (first.state, in_force.state) == ("discarded", "archived")
    page = client.get(f"/schedules/versions/{first.id}/options")
    assert f'action="/schedules/versions/{first.id}/publish"' not in page.text
    assert f'action="/schedules/versions/{second.id}/publish"' not in page.text


def test_a_plain_solve_has_no_comparison(client, login, stored):
    in_force, _, coordinator = stored
    login(coordinator)

    assert client.get(f"/schedules/versions/{in_force.id}/options").status_code == 404


def test_only_coordinators_compare_options(client, login, stored):
    _, (first, _), _ = stored
    therapist = make_user(db.session, "therapist", therapist=first.sessions[0].therapist)
    db.session.commit()
    login(therapist)

    assert client.get(f"/schedules/versions/{first.id}/options").status_code == 403


def test_the_solve_form_asks_how_many_options(client, login, stored):
    _, _, coordinator = stored
    login(coordinator)

    page = client.get("/schedules/")

    assert 'name="options"' in page.text
    assert "the time limit is split between them" in page.text


def test_the_solve_form_starts_a_job_with_the_options_asked_for(app, client, login, stored):
    _, _, coordinator = stored
    submitted = []
    app.extensions["schoolot.jobs"] = type(
        "Recording", (), {"submit": lambda self, job_id, limit: submitted.append(job_id)}
    )()
    login(coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 30, "seed": 0, "options": 3})

    assert response.status_code == 302
    job = db.session.get(SolveJob, submitted[0])
    assert (job.options, job.time_limit) == (3, 30)


def test_the_solve_form_refuses_four_options(client, login, stored):
    _, _, coordinator = stored
    login(coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 30, "seed": 0, "options": 4})

    assert response.status_code == 400
    assert db.session.scalars(select(SolveJob)).all() == []


def test_the_versions_list_links_each_option_to_the_comparison(client, login, stored):
    _, (first, second), coordinator = stored
    login(coordinator)

    page = client.get("/schedules/")

    for version in (first, second):
        link = (
            f'<a href="/schedules/versions/{version.id}/options">option {version.option_rank}</a>'
        )
        assert link in page.text


def test_driving_and_idle_are_an_average_week_of_the_cycle(app):
    """Stored for the whole cycle: 120 minutes over a 4-week cycle is 30 a week."""
    four = make_version(db.session, cycle_weeks=4, travel_minutes=120, idle_minutes=40)
    one = make_version(db.session, travel_minutes=45, idle_minutes=10)

    rows = {row.label: row for row in options_store.compare_figures([four, one])}

    assert rows["Driving, minutes a week"].values == (30, 45)
    assert rows["Driving, minutes a week"].best == (True, False)
    assert rows["Idle, minutes a week"].values == (10, 10)

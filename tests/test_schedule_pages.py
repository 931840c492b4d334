"""The schedule pages: solving, the job page, versions, publish and discard, locks; access."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from schoolot.extensions import db
from schoolot.jobs import RunnerUnavailable, start_solve
from schoolot.models import ScheduledSession, ScheduleVersion, SolveJob, UnscheduledLine
from schoolot.scheduling import store
from tests.factories import SmallDistrict, make_scheduled_session, make_user, make_version


class RecordingRunner:
    """Stands in for the worker: remembers what it was handed, runs nothing."""

    def __init__(self, error: Exception | None = None) -> None:
        self.submitted: list[tuple[int, float]] = []
        self.error = error

    def submit(self, job_id: int, time_limit: float) -> None:
        if self.error is not None:
            raise self.error
        self.submitted.append((job_id, time_limit))


@pytest.fixture
def runner(app: Flask) -> RecordingRunner:
    recording = RecordingRunner()
    app.extensions["schoolot.jobs"] = recording
    return recording


@pytest.fixture
def district(app: Flask) -> SmallDistrict:
    small = SmallDistrict(db.session)
    db.session.commit()
    return small


class Versions:
    """Schedule #in_force (Ana Mon 9:00, Ben Tue 10:00) and a draft that moves Ana's
    session to Wed, drops Ben's and adds a second one for Ana; one line left unscheduled."""

    def __init__(self, d: SmallDistrict) -> None:
        session = db.session
        self.in_force = make_version(session, "published")
        self.ana_before = make_scheduled_session(
            session, self.in_force, d.ot1, d.ana.services, uid="ana1"
        )
        self.ben_before = make_scheduled_session(
            session,
            self.in_force,
            d.ot2,
            d.ben.services,
            weekday="Tue",
            start=dt.time(10, 0),
            end=dt.time(10, 30),
            uid="ben1",
        )
        self.draft = make_version(
            session,
            "draft",
            based_on=self.in_force,
            lines_met=1,
            lines_owed=2,
            travel_minutes=35,
            idle_minutes=7659,
            most_lines_met=1,
            objective=1200.0,
            bound=1000.0,
            solver_status="FEASIBLE",
        )
        make_scheduled_session(session, self.draft, d.ot1, d.ana.services, "Wed", uid="ana1")
        make_scheduled_session(session, self.draft, d.ot1, d.ana.services, "Thu", uid="ana2")
        self.draft.unscheduled.append(
            UnscheduledLine(
                service_line=d.ben.services[0],
                reason="Ben K. (gr 3): no push-in window of 30 minutes while ot2 works",
            )
        )
        session.commit()


@pytest.fixture
def versions(district: SmallDistrict) -> Versions:
    return Versions(district)


# --------------------------------------------------------------------- access


def test_schedules_list_needs_a_login(client, district):
    response = client.get("/schedules/")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_only_coordinators_see_the_schedules_list(client, login, district, role):
    login(getattr(district, role))

    assert client.get("/schedules/").status_code == 403


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_only_coordinators_may_solve(client, login, district, runner, role):
    login(getattr(district, role))

    response = client.post("/schedules/solve", data={"time_limit": 5, "seed": 0})

    assert response.status_code == 403
    assert runner.submitted == []


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_only_coordinators_may_publish(client, login, district, versions, role):
    login(getattr(district, role))

    response = client.post(f"/schedules/versions/{versions.draft.id}/publish")

    assert response.status_code == 403
    assert db.session.get(ScheduleVersion, versions.draft.id).state == "draft"


@pytest.mark.parametrize(
    "url",
    ["/schedules/versions/{draft}", "/schedules/jobs/{job}", "/schedules/jobs/{job}/progress"],
)
def test_therapists_get_403_on_result_and_job_pages(client, login, district, versions, url):
    job = start_solve(db.session, district.coordinator, 5, 0)
    db.session.commit()
    login(district.therapist_user)

    response = client.get(url.format(draft=versions.draft.id, job=job.id))

    assert response.status_code == 403


def test_navigation_shows_schedules_to_coordinators(client, login, district):
    login(district.coordinator)

    page = client.get("/dashboard").text

    assert 'href="/schedules/"' in page


def test_navigation_shows_therapists_their_sessions(client, login, district):
    login(district.therapist_user)

    page = client.get("/dashboard").text

    assert 'href="/schedules/sessions"' in page
    assert 'href="/schedules/"' not in page


# --------------------------------------------------------------------- solving


def test_solve_now_queues_a_job_and_hands_it_to_the_runner(client, login, district, runner):
    login(district.coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 7, "seed": 3})

    job = db.session.scalar(db.select(SolveJob))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/schedules/jobs/{job.id}")
    assert (job.state, job.time_limit, job.seed) == ("queued", 7, 3)
    assert job.requested_by_id == district.coordinator.id
    assert runner.submitted == [(job.id, 7)]


def test_solve_now_is_refused_while_a_job_is_running(client, login, district, runner):
    running = start_solve(db.session, district.coordinator, 60, 0)
    running.state, running.started_at = "running", dt.datetime.now(dt.UTC).replace(tzinfo=None)
    db.session.commit()
    login(district.coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 7, "seed": 0})

    assert response.headers["Location"].endswith(f"/schedules/jobs/{running.id}")
    shown = client.get(response.headers["Location"]).text
    assert f"Solve #{running.id} is already running" in shown
    assert db.session.scalar(db.select(db.func.count()).select_from(SolveJob)) == 1
    assert runner.submitted == []


def test_solve_now_with_a_time_limit_out_of_range_names_the_field(client, login, district, runner):
    login(district.coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 0, "seed": 0})

    assert response.status_code == 400
    assert "Number must be between 1 and 3600" in response.text
    assert db.session.scalar(db.select(SolveJob)) is None


def test_solve_now_when_the_queue_is_unreachable_fails_the_job_with_a_message(
    app, client, login, district
):
    app.extensions["schoolot.jobs"] = RecordingRunner(RunnerUnavailable("queue down"))
    login(district.coordinator)

    response = client.post("/schedules/solve", data={"time_limit": 7, "seed": 0})

    job = db.session.scalar(db.select(SolveJob))
    assert (job.state, job.message) == ("failed", "queue down")
    assert "queue down" in client.get(response.headers["Location"]).text


def test_solve_form_is_hidden_while_a_job_is_active(client, login, district):
    job = start_solve(db.session, district.coordinator, 60, 0)
    db.session.commit()
    login(district.coordinator)

    page = client.get("/schedules/").text

    assert "Solve now" not in page
    assert f'href="/schedules/jobs/{job.id}"' in page


# --------------------------------------------------------------------- the job page


# (seconds, objective, bound, lines met, lines owed, proven most, driving, idle): two
# weeks of 1,315 lines, 120 left out, then 17; the bound proves 6 must be.
SEARCH = [
    [0.5, 12_004_000.0, 0.0, 1195, 1315, 1315, None, None],
    [2.0, 1_701_200.0, 600_900.0, 1298, 1315, 1309, None, None],
]


def running_job(district: SmallDistrict, progress: list | None = None) -> SolveJob:
    job = start_solve(db.session, district.coordinator, 60, 4)
    job.state = "running"
    job.started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=3)
    job.progress = SEARCH if progress is None else progress
    db.session.commit()
    return job


def test_job_page_says_lines_met_and_proven_most_and_draws_them(client, login, district):
    job = running_job(district)
    login(district.coordinator)

    page = client.get(f"/schedules/jobs/{job.id}").text

    assert "Lines met so far: 1,298 of 1,315 (proven most: 1,309)" in page
    assert "Driving: counted when the schedule is found" in page
    assert 'class="progress-chart"' in page
    assert 'aria-label="Lines met and the proven most over time"' in page
    assert " s left" in page
    assert ">Cancel</button>" in page


def test_job_page_keeps_objective_and_gap_in_the_details_only(client, login, district):
    job = running_job(district)
    login(district.coordinator)

    page = client.get(f"/schedules/jobs/{job.id}").text

    main, details = page.split('id="solve-progress"')[1].split('<details class="small">', 1)
    assert "1701200.0" in details and "600900.0" in details
    assert "64.7%" in details  # gap: (1,701,200 - 600,900) / 1,701,200
    assert "Gap" not in main and "objective" not in main


def test_job_progress_answers_words_chart_and_time_left_as_json(client, login, district):
    job = running_job(district)
    login(district.coordinator)

    status = client.get(f"/schedules/jobs/{job.id}/progress").get_json()

    assert status["state"] == "running"
    assert status["finished"] is False
    assert status["summary"] == {
        "lines": "Lines met so far: 1,298 of 1,315 (proven most: 1,309)",
        "drive": None,
        "idle": None,
    }
    assert status["chart"] == [[0.5, 1195, 1315], [2.0, 1298, 1309]]
    assert status["progress"] == SEARCH
    assert status["gap"] == pytest.approx(1_100_300 / 1_701_200)
    assert status["elapsed"] >= 3
    assert 0 < status["remaining"] <= 57


def test_job_progress_of_the_schedule_found_says_driving_and_idle(client, login, district):
    found = [*SEARCH, [3.1, 1_705_500.0, 600_900.0, 1298, 1315, 1309, 901, 7659]]
    job = running_job(district, found)
    job.state = "done"
    db.session.commit()
    login(district.coordinator)

    status = client.get(f"/schedules/jobs/{job.id}/progress").get_json()
    page = client.get(f"/schedules/jobs/{job.id}").text

    assert status["summary"]["lines"] == "Lines met: 1,298 of 1,315 (proven most: 1,309)"
    assert status["summary"]["drive"] == "Driving: 901 minutes a week"
    assert status["summary"]["idle"] == "Idle time between sessions: 7,659 minutes a week"
    assert status["remaining"] is None
    assert "Driving: 901 minutes a week" in page
    assert "Idle time between sessions: 7,659 minutes a week" in page


def test_job_page_of_a_search_recorded_before_the_words_still_opens(client, login, district):
    job = running_job(district, [[0.5, 5000.0, 0.0], [2.0, 1200.0, 900.0]])
    login(district.coordinator)

    status = client.get(f"/schedules/jobs/{job.id}/progress").get_json()
    page = client.get(f"/schedules/jobs/{job.id}").text

    assert status["chart"] == []
    assert status["summary"]["lines"] is None
    assert "Lines met: counted when the first week is found" in page
    assert "25.0%" in page.split('<details class="small">', 1)[1]


def test_job_progress_of_a_done_job_links_its_result(client, login, district, versions):
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.state, job.schedule_id = "done", versions.draft.id
    db.session.commit()
    login(district.coordinator)

    status = client.get(f"/schedules/jobs/{job.id}/progress").get_json()

    assert status["finished"] is True
    assert status["result_url"] == f"/schedules/versions/{versions.draft.id}"


def test_the_page_of_a_done_job_says_where_time_is_short(client, login, district):
    short = "ot1 needs about 60 more minutes a week at Lincoln, Mon mornings: 2 of 5 lines left out"
    version = make_version(db.session, "draft", shortfalls=[short])
    job = start_solve(db.session, district.coordinator, 60, 0)
    job.state, job.schedule_id = "done", version.id
    db.session.commit()
    login(district.coordinator)

    page = client.get(f"/schedules/jobs/{job.id}").text

    assert "Where time is short" in page
    assert f"<li>{short}</li>" in page


def test_cancel_button_asks_a_running_job_to_stop(client, login, district):
    job = running_job(district)
    login(district.coordinator)

    client.post(f"/schedules/jobs/{job.id}/cancel")

    db.session.expire_all()
    job = db.session.get(SolveJob, job.id)
    assert job.cancel_requested is True
    assert job.state == "running"  # the worker ends it


def test_a_job_whose_worker_died_shows_failed(client, login, district):
    job = running_job(district)
    job.started_at = dt.datetime(2026, 1, 1)
    db.session.commit()
    login(district.coordinator)

    status = client.get(f"/schedules/jobs/{job.id}/progress").get_json()

    assert status["state"] == "failed"
    assert "The solve stopped: the server running it ended" in status["message"]


def test_a_missing_job_answers_404(client, login, district):
    login(district.coordinator)

    assert client.get("/schedules/jobs/999").status_code == 404


# --------------------------------------------------------------------- versions


def test_list_shows_each_version_with_state_coverage_travel_and_status(
    client, login, district, versions
):
    login(district.coordinator)

    page = client.get("/schedules/").text

    assert f'href="/schedules/versions/{versions.draft.id}"' in page
    assert "state-draft" in page and "state-published" in page
    assert "1 / 2" in page
    assert '<td class="num">1</td>' in page  # proven most
    assert ">35<" in page
    assert ">7,659<" in page  # idle minutes
    assert "feasible" in page


def test_result_page_leads_with_lines_driving_and_idle_in_words(client, login, district, versions):
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{versions.draft.id}").text

    summary = page.split('id="summary"')[1].split("</section>")[0]
    main, details = summary.split('<details class="small">', 1)
    assert "Lines met: 1 of 2 (proven most: 1)" in main
    assert "Driving: 35 minutes a week" in main
    assert "Idle time between sessions: 7,659 minutes a week" in main
    assert "feasible" in main
    assert "1200" in details and "1000" in details
    assert "16.7%" in details  # gap
    assert "Gap" not in main and "Objective" not in main


def test_result_page_of_a_version_without_idle_minutes_says_so(client, login, district):
    version = make_version(db.session, "draft", travel_minutes=12)
    db.session.commit()
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{version.id}").text

    assert "Lines met: 2 of 2" in page
    assert "Idle time between sessions: not counted for this schedule" in page


def test_result_page_says_where_time_is_short_above_the_unscheduled_lines(client, login, district):
    short = (
        "Sara Rodriguez needs about 530 more minutes a week at Hawthorne Elementary and "
        "River Elementary, Mon-Thu mornings: 12 of 57 lines left out (no valid schedule "
        "meets more than 54)"
    )
    version = make_version(
        db.session, "draft", lines_met=45, lines_owed=57, most_lines_met=54, shortfalls=[short]
    )
    before = make_version(db.session, "draft")
    db.session.commit()
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{version.id}").text
    older = client.get(f"/schedules/versions/{before.id}").text

    unscheduled = page.split('id="unscheduled"')[1].split("</section>")[0]
    assert "Where time is short" in unscheduled
    assert f"<li>{short}</li>" in unscheduled
    # A version stored before shortfalls were written says nothing of them.
    assert "Where time is short" not in older


def test_schedule_pages_name_a_therapist_who_made_a_version_by_name(client, login, district):
    version = make_version(db.session, "draft", created_by=district.therapist_user)
    db.session.commit()
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{version.id}").text
    listing = client.get("/schedules/").text

    assert f"by {district.ot1.name}" in page
    assert district.therapist_user.email not in page
    assert f"<td>{district.ot1.name}</td>" in listing


def test_result_page_lists_unscheduled_lines_with_their_reasons(client, login, district, versions):
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{versions.draft.id}").text

    assert "Unscheduled lines: 1" in page
    assert "Ben Kim" in page
    assert "<code>SV2</code>" in page
    assert "no push-in window of 30 minutes while ot2 works" in page


def test_result_page_shows_changes_against_the_schedule_in_force(client, login, district, versions):
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{versions.draft.id}").text

    assert f"the schedule in force (#{versions.in_force.id})" in page
    assert "0 kept" in page
    assert "1 moved" in page and "1 added" in page and "1 removed" in page
    assert "Mon 09:00\N{EN DASH}09:30 · Oak Elementary" in page  # before the move
    assert "Wed 09:00\N{EN DASH}09:30 · Oak Elementary" in page  # after it


def test_result_page_counts_changes_per_therapist_and_per_teacher(
    client, login, district, versions
):
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{versions.draft.id}").text

    by_therapist = page.split('id="changes-by-therapist"')[1].split("</table>")[0]
    by_teacher = page.split('id="changes-by-teacher"')[1].split("</table>")[0]
    ot1, ot2 = district.ot1.name, district.ot2.name
    assert f'<td>{ot1}</td><td class="num">0</td><td class="num">1</td><td class="num">1</td>' in (
        by_therapist
    )
    assert f'<td>{ot2}</td><td class="num">0</td><td class="num">0</td><td class="num">0</td>' in (
        by_therapist
    )
    assert district.teacher_oak.name in by_teacher and district.teacher_lin.name in by_teacher


def test_publish_puts_the_draft_in_force_and_archives_the_old_one(
    client, login, district, versions
):
    login(district.coordinator)

    response = client.post(f"/schedules/versions/{versions.draft.id}/publish")

    assert response.status_code == 302
    assert store.in_force(db.session).id == versions.draft.id
    assert db.session.get(ScheduleVersion, versions.in_force.id).state == "archived"
    assert f"Schedule #{versions.draft.id} is now in force." in client.get("/schedules/").text


def test_discard_sets_the_draft_aside_and_keeps_the_schedule_in_force(
    client, login, district, versions
):
    login(district.coordinator)

    client.post(f"/schedules/versions/{versions.draft.id}/discard")

    assert db.session.get(ScheduleVersion, versions.draft.id).state == "discarded"
    assert store.in_force(db.session).id == versions.in_force.id


def test_publishing_a_discarded_version_is_refused_with_a_message(
    client, login, district, versions
):
    versions.draft.state = "discarded"
    db.session.commit()
    login(district.coordinator)

    response = client.post(
        f"/schedules/versions/{versions.draft.id}/publish", follow_redirects=True
    )

    assert "Not published:" in response.text
    assert "only a draft can be published" in response.text
    assert store.in_force(db.session).id == versions.in_force.id


def test_a_published_version_has_no_publish_button(client, login, district, versions):
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{versions.in_force.id}").text

    assert ">Publish</button>" not in page
    assert ">Discard</button>" not in page


# --------------------------------------------------------------------- sessions and locks


def week_url(therapist_id: int) -> str:
    return f"/schedules/therapists/{therapist_id}/sessions"


def test_therapist_sessions_link_leads_to_their_own_week(client, login, district, versions):
    login(district.therapist_user)

    response = client.get("/schedules/sessions")

    assert response.headers["Location"].endswith(week_url(district.ot1.id))


def test_therapist_sees_their_own_sessions_in_force(client, login, district, versions):
    login(district.therapist_user)

    page = client.get(f"/schedules/therapists/{district.ot1.id}/sessions").text

    assert f'id="session-{versions.ana_before.id}"' in page
    assert "Ana L." in page
    assert ">Lock</button>" in page


def test_therapist_gets_404_on_another_therapists_week(client, login, district, versions):
    login(district.therapist_user)

    assert client.get(f"/schedules/therapists/{district.ot2.id}/sessions").status_code == 404


def test_teacher_gets_403_on_a_therapists_week(client, login, district, versions):
    login(district.teacher_user)

    assert client.get(f"/schedules/therapists/{district.ot2.id}/sessions").status_code == 403


def test_therapist_locks_their_own_session(client, login, district, versions):
    login(district.therapist_user)

    response = client.post(
        f"/schedules/sessions/{versions.ana_before.id}/lock", data={"locked": "1"}
    )

    assert response.headers["Location"].endswith(week_url(district.ot1.id))
    assert db.session.get(ScheduledSession, versions.ana_before.id).locked is True


def test_therapist_cannot_lock_another_therapists_session(client, login, district, versions):
    login(district.therapist_user)

    response = client.post(
        f"/schedules/sessions/{versions.ben_before.id}/lock", data={"locked": "1"}
    )

    assert response.status_code == 404
    assert db.session.get(ScheduledSession, versions.ben_before.id).locked is False


def test_coordinator_unlocks_any_therapists_session(client, login, district, versions):
    versions.ben_before.locked = True
    db.session.commit()
    login(district.coordinator)

    client.post(f"/schedules/sessions/{versions.ben_before.id}/lock", data={"locked": "0"})

    assert db.session.get(ScheduledSession, versions.ben_before.id).locked is False


def test_a_session_of_a_draft_cannot_be_locked(client, login, district, versions):
    draft_session = versions.draft.sessions[0]
    login(district.coordinator)

    response = client.post(
        f"/schedules/sessions/{draft_session.id}/lock",
        data={"locked": "1"},
        follow_redirects=True,
    )

    assert "only sessions of the schedule in force can be locked" in response.text
    assert db.session.get(ScheduledSession, draft_session.id).locked is False


def test_a_therapist_without_a_schedule_in_force_is_told_so(client, login, district):
    other = make_user(db.session, "therapist", therapist=district.ot2)
    db.session.commit()
    login(other)

    page = client.get(f"/schedules/therapists/{district.ot2.id}/sessions").text

    assert "No schedule is in force yet." in page


# --------------------------------------------------------------------- a cycle of weeks


def test_the_sessions_in_force_of_an_ab_cycle_show_one_week_with_tabs(client, login, district):
    """In force: an A/B schedule, Ana Mon 9:00 in week A and Thu 9:00 in week B."""
    in_force = make_version(db.session, "published", cycle_weeks=2)
    week_a = make_scheduled_session(db.session, in_force, district.ot1, district.ana.services)
    week_b = make_scheduled_session(
        db.session, in_force, district.ot1, district.ana.services, "Thu", cycle_week=2
    )
    db.session.commit()
    login(district.therapist_user)

    page_a = client.get(week_url(district.ot1.id)).text
    page_b = client.get(week_url(district.ot1.id) + "?cycle_week=2").text

    assert 'aria-current="page">Week A</a>' in page_a and "<h2>Week A</h2>" in page_a
    assert f'id="session-{week_a.id}"' in page_a and f'id="session-{week_b.id}"' not in page_a
    assert f'id="session-{week_b.id}"' in page_b and f'id="session-{week_a.id}"' not in page_b
    response = client.post(f"/schedules/sessions/{week_b.id}/lock", data={"locked": "1"})
    assert response.headers["Location"].endswith(week_url(district.ot1.id) + "?cycle_week=2")
    assert "Locked Week B Thu 09:00-09:30" in client.get(response.headers["Location"]).text


def test_a_draft_in_another_cycle_names_each_sessions_week(client, login, district, versions):
    """A 2-week draft against the one-week schedule in force: Ana's session of week 1,
    same weekday and time, is on other dates now, so it counts as moved."""
    draft = make_version(db.session, "draft", based_on=versions.in_force, cycle_weeks=2)
    make_scheduled_session(db.session, draft, district.ot1, district.ana.services, uid="ana1")
    make_scheduled_session(
        db.session, draft, district.ot1, district.ana.services, "Fri", uid="ana9", cycle_week=2
    )
    db.session.commit()
    login(district.coordinator)

    page = client.get(f"/schedules/versions/{draft.id}").text

    assert "1 moved" in page and "1 added" in page
    assert "Week A Mon 09:00\u201309:30" in page
    assert "Week B Fri 09:00\u201309:30" in page

"""What-if: workloads before and after on a small district by hand, nothing written until
applied, a trial solve of the affected therapists, apply and throw away, and who may."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from schoolot.extensions import db
from schoolot.jobs import runner_for
from schoolot.jobs import service as job_service
from schoolot.jobs.run import run_job
from schoolot.models import (
    Scenario,
    ScheduledSession,
    ScheduleVersion,
    SolveJob,
    Student,
    Therapist,
    TherapistHours,
)
from schoolot.scheduling import store
from schoolot.whatif import scenarios
from schoolot.whatif.apply import apply
from schoolot.whatif.changes import MoveStudent, SetFte
from tests.factories import SmallDistrict, make_service, make_student


@pytest.fixture
def district(app):
    d = SmallDistrict(db.session)
    # A second student for Therapist 1, so moving Ana leaves them one.
    d.dee = make_student(db.session, d.teacher_oak, d.ot1, "S4", first_name="Dee", last_name="Ng")
    make_service(db.session, d.dee, "SV4", minutes=90, session_minutes=30)
    db.session.commit()
    return d


def solve_now(job: SolveJob) -> None:
    db.session.commit()
    run_job(sessionmaker(bind=db.engine), job.id)
    db.session.expire_all()


def data_rows() -> tuple:
    """Everything a what-if must leave alone until applied."""
    db.session.expire_all()
    return (
        [(s.id, s.therapist_id) for s in db.session.scalars(select(Student).order_by(Student.id))],
        [
            (t.id, t.fte, sorted(s.id for s in t.schools))
            for t in db.session.scalars(select(Therapist).order_by(Therapist.id))
        ],
        [
            (h.therapist_id, h.weekdays, h.start, h.end)
            for h in db.session.scalars(select(TherapistHours).order_by(TherapistHours.id))
        ],
        [(v.id, v.state) for v in db.session.scalars(select(ScheduleVersion))],
        db.session.scalars(select(ScheduledSession.id).order_by(ScheduledSession.id)).all(),
    )


def publish_a_schedule(d: SmallDistrict) -> ScheduleVersion:
    job = job_service.start_solve(db.session, d.coordinator, 3, seed=1)
    solve_now(job)
    version = db.session.get(SolveJob, job.id).schedule
    assert version is not None, db.session.get(SolveJob, job.id).message
    store.publish(db.session, version)
    db.session.commit()
    return version


def test_workloads_before_and_after_by_hand(district):
    d = district
    scenarios.add_change(db.session, d.coordinator, MoveStudent(d.ana.id, d.ot2.id))
    scenarios.add_change(db.session, d.coordinator, SetFte(d.ot2.id, 0.5))
    outlook = scenarios.outlook(db.session, scenarios.open_scenario(db.session, d.coordinator))

    # No schedule in force: workload = IEP minutes of direct lines + 10 min per student.
    # Before: Therapist 1 has Ana (60) and Dee (90): 150 + 20 = 170; Therapist 2 has
    # Ben (60): 60 + 10 = 70. After: Therapist 1 has Dee: 90 + 10 = 100; Therapist 2
    # (FTE 0.5) has Ben and Ana: 120 + 20 = 140, 280 per FTE.
    rows = {r.before.therapist_id: r for r in outlook.comparison.rows}
    assert set(rows) == {d.ot1.id, d.ot2.id}
    assert (rows[d.ot1.id].before.workload_minutes, rows[d.ot1.id].after.workload_minutes) == (
        170,
        100,
    )
    assert (rows[d.ot2.id].before.workload_minutes, rows[d.ot2.id].after.workload_minutes) == (
        70,
        140,
    )
    assert rows[d.ot2.id].after.workload_per_fte == 280
    assert rows[d.ot2.id].after.students == 2
    before, after = outlook.comparison.spread_before, outlook.comparison.spread_after
    assert (before.most.therapist_id, before.least.therapist_id) == (d.ot1.id, d.ot2.id)
    assert before.ratio == pytest.approx(170 / 70)
    assert (after.most.therapist_id, after.least.therapist_id) == (d.ot2.id, d.ot1.id)
    assert after.ratio == pytest.approx(2.8)
    assert outlook.changes == (
        "Move Ana Lopez to Therapist " + d.ot2.name.split()[-1],
        f"{d.ot2.name}: FTE 0.5",
    )


def test_the_page_writes_nothing_until_applied_and_apply_writes_the_change_and_a_draft(
    app, district, client, login
):
    d = district
    in_force = publish_a_schedule(d)
    untouched = data_rows()
    login(d.coordinator)

    response = client.post(
        "/what-if/changes/move", data={"move-student": d.ana.id, "move-to_therapist": d.ot2.id}
    )
    assert response.status_code == 302
    page = client.get("/what-if/")
    assert "Move Ana Lopez to" in page.text and "Workload before and after" in page.text
    response = client.post("/what-if/trial")
    assert response.status_code == 302
    job = db.session.scalar(select(Scenario)).trial_job
    assert response.location.endswith(f"/schedules/jobs/{job.id}")
    assert runner_for(app).wait(120)
    db.session.expire_all()
    job = db.session.get(SolveJob, job.id)
    assert job.state == "done", job.message
    assert job.schedule_id is None
    trial = db.session.scalar(select(Scenario)).trial
    assert sorted(trial["therapist_ids"]) == sorted([d.ot1.id, d.ot2.id])
    # Ana, Ben and Dee: 2 + 1 + 1 lines, all met in force and in the trial.
    assert (trial["lines_owed"], trial["lines_met_before"], trial["lines_met"]) == (3, 3, 3)
    assert "Lines met" in client.get("/what-if/").text
    assert data_rows() == untouched

    response = client.post("/what-if/apply")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, d.ana.id).therapist_id == d.ot2.id
    assert d.oak in db.session.get(Therapist, d.ot2.id).schools
    draft = store.newest(db.session, "draft")
    assert draft is not None and draft.based_on_id == in_force.id
    assert response.location.endswith(f"/schedules/versions/{draft.id}")
    served = {
        line.code: row.therapist_id
        for row in db.session.scalars(
            select(ScheduledSession).where(ScheduledSession.schedule_id == draft.id)
        )
        for line in row.services
    }
    assert served["SV1"] == d.ot2.id
    assert draft.lines_owed == 3
    assert db.session.scalar(select(Scenario)) is None
    assert store.in_force(db.session).id == in_force.id


def test_apply_without_a_trial_starts_a_draft_solve(district):
    d = district
    scenario = scenarios.add_change(db.session, d.coordinator, SetFte(d.ot1.id, 0.8))
    applied = apply(db.session, scenario, d.coordinator)
    db.session.commit()
    assert applied.version is None and applied.job is not None
    assert applied.why_solve == "no trial solve has run for these changes"
    assert db.session.get(Therapist, d.ot1.id).fte == 0.8
    assert db.session.scalar(select(Scenario)) is None


def test_throwing_away_leaves_everything(district, client, login):
    d = district
    publish_a_schedule(d)
    untouched = data_rows()
    login(d.coordinator)
    client.post("/what-if/changes/fte", data={"fte-therapist": d.ot1.id, "fte-fte": "0.6"})
    client.post(
        "/what-if/changes/hours",
        data={
            "hours-therapist": d.ot2.id,
            "hours-weekdays": ["Mon", "Wed"],
            "hours-start": "09:00",
            "hours-end": "14:00",
        },
    )
    assert len(db.session.scalar(select(Scenario)).changes) == 2
    response = client.post("/what-if/discard")
    assert response.status_code == 302
    assert db.session.scalar(select(Scenario)) is None
    assert data_rows() == untouched


def test_bad_input_is_named_and_adds_nothing(district, client, login):
    d = district
    login(d.coordinator)
    response = client.post(
        "/what-if/changes/fte", data={"fte-therapist": d.ot1.id, "fte-fte": "1.5"}
    )
    assert response.status_code == 422
    assert "Number must be between 0.05 and 1" in response.text
    response = client.post(
        "/what-if/changes/hours",
        data={"hours-therapist": d.ot1.id, "hours-start": "15:00", "hours-end": "09:00"},
    )
    assert response.status_code == 422
    assert "choose at least one working day" in response.text
    assert "09:00 is not after 15:00" in response.text
    response = client.post(
        "/what-if/changes/coverage",
        data={
            "coverage-therapist": d.ot2.id,
            "coverage-serves": "start",
            "coverage-school": d.lin.id,
        },
    )
    assert response.status_code == 422
    assert f"{d.ot2.name} already serves Lincoln Elementary" in response.text
    assert db.session.scalar(select(Scenario)) is None


@pytest.mark.parametrize("role", ["therapist_user", "teacher_user"])
def test_only_coordinators_may_try_a_what_if(district, client, login, role):
    d = district
    login(getattr(d, role))
    assert client.get("/what-if/").status_code == 403
    response = client.post(
        "/what-if/changes/move", data={"move-student": d.ana.id, "move-to_therapist": d.ot2.id}
    )
    assert response.status_code == 403
    for action in ("trial", "apply", "discard"):
        assert client.post(f"/what-if/{action}").status_code == 403
    assert db.session.scalar(select(Scenario)) is None

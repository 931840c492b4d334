"""Who may see and change which students: the one place the access rules live.

Coordinators see everything; a therapist sees the students on their caseload (pinned
to them on the student's record, or assigned to them by the schedule in force); a
teacher sees the students of their own class. Nobody else sees any student.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, object_session

from schoolot.models import District, ScheduleAssignment, ScheduleVersion, School, Student, User


def _in_force_assignments(column: InstrumentedAttribute[int]) -> Select[int]:
    """`column` of the schedule in force's student-to-therapist assignments."""
    return (
        select(column)
        .join(ScheduleVersion, ScheduleVersion.id == ScheduleAssignment.schedule_id)
        .where(ScheduleVersion.state == "published")
    )


def _assigned_in_force(therapist_id: int) -> Select[int]:
    """The ids of the students the published schedule assigns to the therapist."""
    return _in_force_assignments(ScheduleAssignment.student_id).where(
        ScheduleAssignment.therapist_id == therapist_id
    )


def on_caseload(therapist_id: int) -> ColumnElement[bool]:
    """A condition on Student: pinned to the therapist, or, pinned to nobody, assigned
    to them in force (the SQL form of `caseload_therapist_id() == therapist_id`)."""
    return or_(
        Student.therapist_id == therapist_id,
        and_(
            Student.therapist_id.is_(None),
            Student.id.in_(_assigned_in_force(therapist_id)),
        ),
    )


def caseload_therapist_id() -> ColumnElement[int | None]:
    """Per Student row: the therapist whose caseload holds them (the pinned one, else
    the one the schedule in force assigns), NULL for a student nobody serves yet."""
    assigned = (
        _in_force_assignments(ScheduleAssignment.therapist_id)
        .where(ScheduleAssignment.student_id == Student.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(Student.therapist_id, assigned)


def own_staff_record(user: User) -> tuple[str, int] | None:
    """('therapist', id) or ('teacher', id): the staff record a therapist's or teacher's
    account stands for; None for coordinators (and an unlinked account)."""
    if user.role == "therapist" and user.therapist_id is not None:
        return "therapist", user.therapist_id
    if user.role == "teacher" and user.teacher_id is not None:
        return "teacher", user.teacher_id
    return None


def visible_students(user: User) -> Select[Student]:
    """A query of the students `user` may see."""
    query = select(Student)
    if user.role == "coordinator":
        return query
    if user.role == "therapist" and user.therapist_id is not None:
        return query.where(on_caseload(user.therapist_id))
    if user.role == "teacher" and user.teacher_id is not None:
        return query.where(Student.teacher_id == user.teacher_id)
    return query.where(false())


def serves(therapist_id: int | None, student: Student) -> bool:
    """Whether the student is on the therapist's caseload (see on_caseload)."""
    if therapist_id is None:
        return False
    if student.therapist_id is not None:
        return student.therapist_id == therapist_id
    session = object_session(student)
    if session is None:
        return False
    assigned = _assigned_in_force(therapist_id).where(ScheduleAssignment.student_id == student.id)
    return session.scalar(assigned.limit(1)) is not None


def can_view_student(user: User, student: Student) -> bool:
    if user.role == "coordinator":
        return True
    if user.role == "therapist":
        return serves(user.therapist_id, student)
    if user.role == "teacher":
        return student.teacher_id == user.teacher_id
    return False


def can_edit_student(user: User, student: Student) -> bool:
    """The student's own record (name, school, IEP dates, therapist): coordinators only."""
    return user.role == "coordinator"


def can_edit_clinical(user: User, student: Student) -> bool:
    """Service lines, goals and equipment: coordinators and the student's own therapist."""
    if user.role == "coordinator":
        return True
    return user.role == "therapist" and serves(user.therapist_id, student)


def can_change_iep_terms(user: User, student: Student) -> bool:
    """The IEP terms (a service line's minutes, period, session length and dates, the
    IEP dates): coordinators; the student's own therapist when the district lets
    therapists edit them (District.iep_terms_by "edit"); else the therapist proposes
    (schoolot.proposals) and a coordinator decides."""
    if user.role == "coordinator":
        return True
    if not can_edit_clinical(user, student):
        return False
    session = object_session(student)
    by = session.scalar(select(District.iep_terms_by).limit(1)) if session else None
    return by != "propose"


def can_view_change_history(user: User, student: Student) -> bool:
    """A student's History tab (who changed what of their records): coordinators, and
    the therapist whose caseload holds the student; not teachers."""
    if user.role == "coordinator":
        return True
    return user.role == "therapist" and serves(user.therapist_id, student)


def can_view_audit(user: User) -> bool:
    """The district's change history (every change, filtered, and its CSV): coordinators."""
    return user.role == "coordinator"


def can_view_access_record(user: User) -> bool:
    """Who opened which student's record (the access log): coordinators only."""
    return user.role == "coordinator"


def can_decide_proposals(user: User) -> bool:
    """Approving or rejecting a therapist's proposed change of IEP terms: coordinators."""
    return user.role == "coordinator"


def can_manage_district(user: User) -> bool:
    """Schools, staff, blocks, calendar, imports: coordinators only."""
    return user.role == "coordinator"


def can_view_district_figures(user: User) -> bool:
    """District-wide figures and lists (workloads, alerts, IEPs ending): coordinators only."""
    return user.role == "coordinator"


def can_export_sessions(user: User) -> bool:
    """The sessions delivered as CSV (Medicaid): coordinators every therapist's, a
    therapist their own."""
    return user.role == "coordinator" or (
        user.role == "therapist" and user.therapist_id is not None
    )


def can_try_what_if(user: User) -> bool:
    """What-if scenarios (trial changes, their trial solve, applying them): coordinators only."""
    return user.role == "coordinator"


def can_view_caseload_summary(user: User, therapist_id: int) -> bool:
    """A therapist's one-page caseload summary: coordinators, and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def _coordinator_or_own(user: User, role: str, own_id: int | None, wanted_id: int) -> bool:
    """Coordinators; or a `role` account whose own staff record is `wanted_id`."""
    return user.role == "coordinator" or (user.role == role and own_id == wanted_id)


def can_decide_makeups(user: User, therapist_id: int) -> bool:
    """Proposing, accepting, moving and declining a therapist's makeups: coordinators
    (for any therapist), and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_lock_sessions(user: User, therapist_id: int) -> bool:
    """Locking sessions of a therapist's week in force: coordinators, and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_adjust_draft(user: User, therapist_id: int) -> bool:
    """Seeing alternatives for, moving, joining and swapping the sessions of a therapist's
    week in a draft schedule: coordinators, and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_manage_feed(user: User, kind: str, owner_id: int) -> bool:
    """Seeing, copying and rotating a calendar feed's URL: whoever may see the timetable
    it serves as its owner (coordinators any feed, a therapist their own, a teacher their
    class's). A school's feed has no owner but the coordinators."""
    if kind == "therapist":
        return can_view_therapist_timetable(user, owner_id)
    if kind == "teacher":
        return can_view_teacher_timetable(user, owner_id)
    return can_manage_district(user)


def can_revoke_feeds(user: User) -> bool:
    """Revoking any feed, so that no URL of it answers: coordinators only."""
    return can_manage_district(user)


def can_view_therapist_timetable(user: User, therapist_id: int) -> bool:
    """A therapist's week and today: coordinators, and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_view_school_timetable(user: User, school: School) -> bool:
    """A school's week, every therapist's sessions there: coordinators, and the
    therapists who serve the school (students not their own are counted, not named)."""
    if user.role == "coordinator":
        return True
    if user.role != "therapist" or user.therapist is None:
        return False
    return any(served.id == school.id for served in user.therapist.schools)


def can_view_teacher_timetable(user: User, teacher_id: int) -> bool:
    """A class's week, its students' sessions: coordinators, and that teacher."""
    return _coordinator_or_own(user, "teacher", user.teacher_id, teacher_id)


def can_name_in_timetable(user: User, student: Student, therapist_id: int) -> bool:
    """Whether a timetable names `student`, in a session of therapist `therapist_id`, to
    `user`: whoever may see the student, and the therapist who holds the session (the
    schedule in force may have assigned them a student not pinned to them). Anyone else
    sees the student counted, not named. The session's own therapist is checked first:
    it needs no query, where a student the schedule assigns needs one."""
    if user.role == "therapist" and user.therapist_id == therapist_id:
        return True
    return can_view_student(user, student)


def can_log_sessions(user: User, therapist_id: int) -> bool:
    """Logging a therapist's sessions (delivered or missed, extra, makeups) and amending
    those logs: coordinators (for any therapist), and that therapist; teachers never."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_record_progress(user: User, student: Student) -> bool:
    """Progress notes on a student's goals: whoever may change their goals."""
    return can_edit_clinical(user, student)


def can_view_compliance(user: User) -> bool:
    """Owed vs delivered minutes at all (docs/compliance.md): coordinators and
    therapists (their own caseload's lines); never teachers."""
    return user.role == "coordinator" or (
        user.role == "therapist" and user.therapist_id is not None
    )


def can_view_district_compliance(user: User) -> bool:
    """The district's and a school's owed vs delivered, and the makeup policy: coordinators."""
    return user.role == "coordinator"


def can_view_therapist_compliance(user: User, therapist_id: int) -> bool:
    """A caseload's owed vs delivered: coordinators, and that therapist."""
    return _coordinator_or_own(user, "therapist", user.therapist_id, therapist_id)


def can_view_student_compliance(user: User, student: Student) -> bool:
    """A student's owed vs delivered, their IEP report and goal progress: coordinators,
    and the therapist whose caseload holds the student; not teachers."""
    if user.role == "coordinator":
        return True
    return user.role == "therapist" and serves(user.therapist_id, student)

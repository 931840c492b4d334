"""Initial schema: the district, staff, students with their IEP service lines, accounts.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 19:41:44.872284

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("year_start", sa.Date(), nullable=False),
        sa.Column("year_end", sa.Date(), nullable=False),
        sa.Column("school_days", sa.String(length=40), nullable=False),
        sa.Column("lunch_minutes", sa.Integer(), nullable=False),
        sa.Column("lunch_window_start", sa.Time(), nullable=False),
        sa.Column("lunch_window_end", sa.Time(), nullable=False),
        sa.Column("group_grade_span", sa.Integer(), nullable=False),
        sa.CheckConstraint("group_grade_span >= 0", name=op.f("ck_district_grade_span_positive")),
        sa.CheckConstraint("lunch_minutes >= 0", name=op.f("ck_district_lunch_minutes_positive")),
        sa.CheckConstraint(
            "lunch_window_end > lunch_window_start", name=op.f("ck_district_lunch_window_in_order")
        ),
        sa.CheckConstraint("year_end > year_start", name=op.f("ck_district_year_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
    )
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index(op.f("ix_login_failure_at"), "login_failure", ["at"])
    op.create_index(op.f("ix_login_failure_email"), "login_failure", ["email"])
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("day_start", sa.Time(), nullable=False),
        sa.Column("day_end", sa.Time(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.CheckConstraint("day_end > day_start", name=op.f("ck_school_day_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
        sa.UniqueConstraint("code", name=op.f("uq_school_code")),
    )
    op.create_table(
        "therapist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("fte", sa.Double(), nullable=False),
        sa.CheckConstraint("role IN ('OT', 'COTA')", name=op.f("ck_therapist_role")),
        sa.CheckConstraint("fte > 0 AND fte <= 1", name=op.f("ck_therapist_fte_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist")),
        sa.UniqueConstraint("code", name=op.f("uq_therapist_code")),
    )
    op.create_table(
        "calendar_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(kind = 'early_release') = (end_time IS NOT NULL)",
            name=op.f("ck_calendar_day_end_time_iff_early"),
        ),
        sa.CheckConstraint(
            "kind IN ('closed', 'early_release')", name=op.f("ck_calendar_day_kind")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_calendar_day_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_day")),
    )
    op.create_index(op.f("ix_calendar_day_date"), "calendar_day", ["date"])
    op.create_table(
        "teacher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=True),
        sa.Column("room", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_teacher_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher")),
        sa.UniqueConstraint("code", name=op.f("uq_teacher_code")),
    )
    op.create_index(op.f("ix_teacher_school_id"), "teacher", ["school_id"])
    op.create_table(
        "therapist_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.CheckConstraint('"end" > start', name=op.f("ck_therapist_hours_in_order")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_therapist_hours_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_therapist_hours_therapist_id_therapist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist_hours")),
    )
    op.create_index(op.f("ix_therapist_hours_therapist_id"), "therapist_hours", ["therapist_id"])
    op.create_table(
        "therapist_school",
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_therapist_school_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_therapist_school_therapist_id_therapist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("therapist_id", "school_id", name=op.f("pk_therapist_school")),
    )
    op.create_table(
        "travel_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_school_id", sa.Integer(), nullable=False),
        sa.Column("to_school_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "from_school_id <> to_school_id", name=op.f("ck_travel_time_distinct_schools")
        ),
        sa.CheckConstraint("minutes >= 0", name=op.f("ck_travel_time_minutes_positive")),
        sa.ForeignKeyConstraint(
            ["from_school_id"],
            ["school.id"],
            name=op.f("fk_travel_time_from_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_school_id"],
            ["school.id"],
            name=op.f("fk_travel_time_to_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_time")),
        sa.UniqueConstraint(
            "from_school_id", "to_school_id", name=op.f("uq_travel_time_from_school_id")
        ),
    )
    op.create_table(
        "student",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("iep_start", sa.Date(), nullable=False),
        sa.Column("iep_end", sa.Date(), nullable=False),
        sa.CheckConstraint("iep_end >= iep_start", name=op.f("ck_student_iep_in_order")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_student_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teacher.id"], name=op.f("fk_student_teacher_id_teacher")
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_student_therapist_id_therapist"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student")),
        sa.UniqueConstraint("code", name=op.f("uq_student_code")),
    )
    op.create_index(op.f("ix_student_grade"), "student", ["grade"])
    op.create_index(op.f("ix_student_last_name"), "student", ["last_name"])
    op.create_index(op.f("ix_student_school_id"), "student", ["school_id"])
    op.create_index(op.f("ix_student_teacher_id"), "student", ["teacher_id"])
    op.create_index(op.f("ix_student_therapist_id"), "student", ["therapist_id"])
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(role = 'therapist') = (therapist_id IS NOT NULL) AND (role = 'teacher') = (teacher_id IS NOT NULL)",
            name=op.f("ck_user_account_link_matches_role"),
        ),
        sa.CheckConstraint(
            "role IN ('coordinator', 'therapist', 'teacher')", name=op.f("ck_user_account_role")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher.id"],
            name=op.f("fk_user_account_teacher_id_teacher"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_user_account_therapist_id_therapist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("target_grade", sa.String(length=4), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("weekdays", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "(scope = 'grade') = (target_grade IS NOT NULL) AND (scope = 'teacher') = (teacher_id IS NOT NULL) AND (scope = 'student') = (student_id IS NOT NULL)",
            name=op.f("ck_block_target_matches_scope"),
        ),
        sa.CheckConstraint("kind IN ('busy', 'protected')", name=op.f("ck_block_kind")),
        sa.CheckConstraint(
            "scope IN ('school', 'grade', 'teacher', 'student')", name=op.f("ck_block_scope")
        ),
        sa.CheckConstraint('"end" > start', name=op.f("ck_block_in_order")),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_block_school_id_school"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_block_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher.id"],
            name=op.f("fk_block_teacher_id_teacher"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block")),
    )
    op.create_index(op.f("ix_block_school_id"), "block", ["school_id"])
    op.create_index(op.f("ix_block_student_id"), "block", ["student_id"])
    op.create_index(op.f("ix_block_teacher_id"), "block", ["teacher_id"])
    op.create_table(
        "equipment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_equipment_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment")),
    )
    op.create_index(op.f("ix_equipment_student_id"), "equipment", ["student_id"])
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("baseline", sa.String(length=200), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "area IN ('fine motor', 'visual motor', 'handwriting', 'self-care', 'life skills', 'cognition', 'sensory', 'social')",
            name=op.f("ck_goal_area"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_goal_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
        sa.UniqueConstraint("code", name=op.f("uq_goal_code")),
    )
    op.create_index(op.f("ix_goal_student_id"), "goal", ["student_id"])
    op.create_table(
        "service_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("per", sa.String(length=8), nullable=False),
        sa.Column("session_minutes", sa.Integer(), nullable=False),
        sa.Column("delivery", sa.String(length=10), nullable=False),
        sa.Column("grouping", sa.String(length=12), nullable=False),
        sa.Column("max_group", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "delivery IN ('pull_out', 'push_in', 'consult')", name=op.f("ck_service_line_delivery")
        ),
        sa.CheckConstraint(
            "grouping IN ('individual', 'group')", name=op.f("ck_service_line_grouping")
        ),
        sa.CheckConstraint("per IN ('week', 'month')", name=op.f("ck_service_line_per")),
        sa.CheckConstraint(
            '"end" IS NULL OR start IS NULL OR "end" >= start',
            name=op.f("ck_service_line_dates_in_order"),
        ),
        sa.CheckConstraint("max_group >= 1", name=op.f("ck_service_line_max_group_positive")),
        sa.CheckConstraint(
            "minutes % session_minutes = 0", name=op.f("ck_service_line_whole_sessions")
        ),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_service_line_minutes_positive")),
        sa.CheckConstraint("session_minutes > 0", name=op.f("ck_service_line_session_positive")),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_service_line_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_line")),
        sa.UniqueConstraint("code", name=op.f("uq_service_line_code")),
    )
    op.create_index(op.f("ix_service_line_student_id"), "service_line", ["student_id"])


def downgrade() -> None:
    # Reverse order of creation: children before the tables they reference.
    op.drop_table("service_line")
    op.drop_table("goal")
    op.drop_table("equipment")
    op.drop_table("block")
    op.drop_table("user_account")
    op.drop_table("student")
    op.drop_table("travel_time")
    op.drop_table("therapist_school")
    op.drop_table("therapist_hours")
    op.drop_table("teacher")
    op.drop_table("calendar_day")
    op.drop_table("therapist")
    op.drop_table("school")
    op.drop_table("login_failure")
    op.drop_table("district")

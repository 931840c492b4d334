"""Records of student records: `access_log` (who opened a student's page or downloaded
what), `change_proposal` (a therapist's change of IEP terms awaiting a coordinator), and
the district's settings for both (access_log_days, iep_terms_by).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 04:40:16.942684

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CHECKS = (
    ("access_log_days_positive", "access_log_days > 0"),
    ("iep_terms_by", "iep_terms_by IN ('edit', 'propose')"),
)


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("what", sa.String(length=100), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("student_code", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_access_log_student_at", ["student_id", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_user_id"), ["user_id"], unique=False)

    op.create_table(
        "change_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_label", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.String(length=300), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=300), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "record_kind IN ('service_line', 'student')",
            name=op.f("ck_change_proposal_record_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('pending', 'approved', 'rejected')", name=op.f("ck_change_proposal_state")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_change_proposal_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["user_account.id"],
            name=op.f("fk_change_proposal_proposed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
            name=op.f("fk_change_proposal_student_id_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_proposal")),
    )
    with op.batch_alter_table("change_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_proposal_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_change_proposal_student_id"), ["student_id"], unique=False
        )

    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("access_log_days", sa.Integer(), server_default="1095", nullable=False)
        )
        batch_op.add_column(
            sa.Column("iep_terms_by", sa.String(length=8), server_default="edit", nullable=False)
        )

    with op.batch_alter_table("district", schema=None) as batch_op:
        for name, condition in CHECKS:
            batch_op.create_check_constraint(batch_op.f(f"ck_district_{name}"), condition)


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        for name, _ in reversed(CHECKS):
            batch_op.drop_constraint(batch_op.f(f"ck_district_{name}"), type_="check")
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_column("iep_terms_by")
        batch_op.drop_column("access_log_days")

    with op.batch_alter_table("change_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_proposal_student_id"))
        batch_op.drop_index(batch_op.f("ix_change_proposal_state"))

    op.drop_table("change_proposal")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_user_id"))
        batch_op.drop_index("ix_access_log_student_at")
        batch_op.drop_index(batch_op.f("ix_access_log_at"))

    op.drop_table("access_log")

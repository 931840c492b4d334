"""An export or download of many students names each student it held
(`access_log_student`), so a student's "who opened" page lists it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log_student",
        sa.Column("access_log_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["access_log_id"],
            ["access_log.id"],
            name=op.f("fk_access_log_student_access_log_id_access_log"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("access_log_id", "student_id", name=op.f("pk_access_log_student")),
    )
    with op.batch_alter_table("access_log_student", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_log_student_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("access_log_student", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_student_student_id"))
    op.drop_table("access_log_student")

"""One active solve job at a time: a unique `active_slot`, 1 while queued or running.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_slot", sa.Integer(), nullable=True))
    # The newest queued or running job (there should be at most one) holds the slot.
    op.execute(
        "UPDATE solve_job SET active_slot = 1 WHERE id = "
        "(SELECT max(id) FROM solve_job WHERE state IN ('queued', 'running'))"
    )
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_solve_job_active_slot"), ["active_slot"])
        batch_op.create_check_constraint(
            batch_op.f("ck_solve_job_active_slot_is_one"), "active_slot = 1"
        )


def downgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_solve_job_active_slot_is_one"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_solve_job_active_slot"), type_="unique")
        batch_op.drop_column("active_slot")

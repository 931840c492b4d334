"""What-if scenarios: `whatif_scenario`, one per coordinator, holding the changes tried,
the trial solve job and its result.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 02:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whatif_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("trial_job_id", sa.Integer(), nullable=True),
        sa.Column("trial", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user_account.id"],
            name=op.f("fk_whatif_scenario_owner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trial_job_id"],
            ["solve_job.id"],
            name=op.f("fk_whatif_scenario_trial_job_id_solve_job"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatif_scenario")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_whatif_scenario_owner_id")),
    )
    with op.batch_alter_table("whatif_scenario", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_whatif_scenario_trial_job_id"), ["trial_job_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("whatif_scenario")

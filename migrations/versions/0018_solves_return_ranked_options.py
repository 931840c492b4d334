"""A solve can return up to three ranked options: a schedule version names the first
ranked option of its solve (`option_of_id`), its rank, the weight profiles that found it,
and its moved sessions and school days; a solve job says how many options it asks for.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 06:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("option_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("option_rank", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("option_profiles", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("moved_sessions", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("school_days", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_schedule_version_option_of_id"), ["option_of_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_schedule_version_option_of_id_schedule_version"),
            "schedule_version",
            ["option_of_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_column("options")
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_schedule_version_option_of_id_schedule_version"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_schedule_version_option_of_id"))
        batch_op.drop_column("school_days")
        batch_op.drop_column("moved_sessions")
        batch_op.drop_column("option_profiles")
        batch_op.drop_column("option_rank")
        batch_op.drop_column("option_of_id")

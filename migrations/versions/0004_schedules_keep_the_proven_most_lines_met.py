"""Schedules keep the solver's proven most lines met (NULL for versions solved before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("most_lines_met", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_column("most_lines_met")

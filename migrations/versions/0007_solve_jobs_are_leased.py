"""Solve jobs are leased by the process running them: `owner` and `heartbeat_at`, so a
job whose process died is failed within a minute instead of blocking new solves.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 20:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A job running when the schema changed has no owner: its last sign of life is its
    # start, so the first look after the upgrade fails it (its server was stopped).
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("owner")

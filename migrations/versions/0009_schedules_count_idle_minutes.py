"""Schedule versions count their idle minutes (between a therapist's sessions of a day,
no travel, no lunch), which the schedule pages show beside the driving minutes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 21:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Versions stored before keep None: their idle minutes were never counted.
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idle_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_column("idle_minutes")

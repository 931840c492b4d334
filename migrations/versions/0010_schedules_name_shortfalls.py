"""Schedule versions keep, per therapist with lines left out, what they would need in
words ("Sara Rodriguez needs about 530 more minutes a week at Hawthorne Elementary,
Mon-Thu mornings: ..."), which the schedule's page and `flask solve` show.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 23:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Versions stored before keep None: their shortfalls were never written.
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shortfalls", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_column("shortfalls")

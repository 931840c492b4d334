"""A service line fixed to a weekday and start ("Mondays 10:00, after speech"):
`service_line.fixed_day` and `fixed_start`, both set or both empty.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 05:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CHECKS = (
    ("fixed_day_and_start", "(fixed_day IS NULL) = (fixed_start IS NULL)"),
    (
        "fixed_day",
        "fixed_day IS NULL OR fixed_day IN (" + ", ".join(f"'{d}'" for d in WEEKDAYS) + ")",
    ),
)


def upgrade() -> None:
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fixed_day", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("fixed_start", sa.Time(), nullable=True))
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        for name, condition in CHECKS:
            batch_op.create_check_constraint(batch_op.f(f"ck_service_line_{name}"), condition)


def downgrade() -> None:
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        for name, _ in reversed(CHECKS):
            batch_op.drop_constraint(batch_op.f(f"ck_service_line_{name}"), type_="check")
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.drop_column("fixed_start")
        batch_op.drop_column("fixed_day")

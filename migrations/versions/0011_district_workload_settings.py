"""The district's workload settings (docs/caseload.md): capacity per FTE in minutes a
week, the documentation allowance per student, and the over and under thresholds in
percent of capacity. Existing districts get the defaults.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 02:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = (
    ("capacity_minutes_per_fte", "1800"),
    ("documentation_minutes_per_student", "10"),
    ("over_percent", "100"),
    ("under_percent", "60"),
)
CHECKS = (
    ("capacity_positive", "capacity_minutes_per_fte > 0"),
    ("documentation_positive", "documentation_minutes_per_student >= 0"),
    ("thresholds", "under_percent >= 0 AND over_percent > under_percent"),
)


def upgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        for name, default in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=default)
            )
    with op.batch_alter_table("district", schema=None) as batch_op:
        for name, condition in CHECKS:
            batch_op.create_check_constraint(batch_op.f(f"ck_district_{name}"), condition)


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        for name, _ in reversed(CHECKS):
            batch_op.drop_constraint(batch_op.f(f"ck_district_{name}"), type_="check")
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(name)

"""A cycle of weeks (issue 13, docs/cycle.md): the district's cycle, anchor and service
model, a therapist's own service model, blocks and working hours of one cycle week,
sessions and travel by cycle week, and quarterly and yearly service lines.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

OLD_PERIODS = "per IN ('week', 'month')"
NEW_PERIODS = "per IN ('week', 'month', 'quarter', 'year')"
MODELS = "('weekly', '3:1')"


def upgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cycle_weeks", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cycle_anchor", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "service_model", sa.String(length=8), server_default="weekly", nullable=False
            )
        )
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_district_cycle_weeks_range"),
            "cycle_weeks IS NULL OR (cycle_weeks >= 1 AND cycle_weeks <= 8)",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_district_service_model"), f"service_model IN {MODELS}"
        )
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_model", sa.String(length=8), nullable=True))
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f("ck_therapist_service_model"),
            f"service_model IS NULL OR service_model IN {MODELS}",
        )
    for table in ("block", "therapist_hours"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("cycle_week", sa.Integer(), nullable=True))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(
                batch_op.f(f"ck_{table}_cycle_week_positive"),
                "cycle_week IS NULL OR cycle_week >= 1",
            )
    for table in ("scheduled_session", "scheduled_travel"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("cycle_week", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cycle_weeks", sa.Integer(), server_default="1", nullable=False)
        )
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_service_line_per"), type_="check")
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f("ck_service_line_per"), NEW_PERIODS)


def downgrade() -> None:
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_service_line_per"), type_="check")
    with op.batch_alter_table("service_line", schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f("ck_service_line_per"), OLD_PERIODS)
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_column("cycle_weeks")
    for table in ("scheduled_travel", "scheduled_session"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cycle_week")
    for table in ("therapist_hours", "block"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_cycle_week_positive"), type_="check")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cycle_week")
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_therapist_service_model"), type_="check")
    with op.batch_alter_table("therapist", schema=None) as batch_op:
        batch_op.drop_column("service_model")
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_district_service_model"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_district_cycle_weeks_range"), type_="check")
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_column("service_model")
        batch_op.drop_column("cycle_anchor")
        batch_op.drop_column("cycle_weeks")

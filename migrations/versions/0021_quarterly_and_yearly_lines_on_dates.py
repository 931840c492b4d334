"""Quarterly and yearly service lines placed on dates (schoolot.dated): each of their
sessions is a dated session of a schedule version (`dated_line_session`).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dated_line_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("service_line_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint('"end" > start', name=op.f("ck_dated_line_session_in_order")),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["schedule_version.id"],
            name=op.f("fk_dated_line_session_schedule_id_schedule_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_dated_line_session_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_line_id"],
            ["service_line.id"],
            name=op.f("fk_dated_line_session_service_line_id_service_line"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_dated_line_session_therapist_id_therapist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dated_line_session")),
        sa.UniqueConstraint("schedule_id", "uid", name=op.f("uq_dated_line_session_schedule_id")),
    )
    with op.batch_alter_table("dated_line_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dated_line_session_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dated_line_session_schedule_id"), ["schedule_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dated_line_session_service_line_id"), ["service_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dated_line_session_therapist_id"), ["therapist_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dated_line_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dated_line_session_therapist_id"))
        batch_op.drop_index(batch_op.f("ix_dated_line_session_service_line_id"))
        batch_op.drop_index(batch_op.f("ix_dated_line_session_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_dated_line_session_date"))

    op.drop_table("dated_line_session")

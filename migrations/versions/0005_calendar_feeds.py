"""Calendar feeds (secret, revocable URLs) and how feeds name students.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 22:27:33.097327

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("nonce", sa.String(length=64), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rotated_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_fetched_at", sa.DateTime(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("body_changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'therapist') = (therapist_id IS NOT NULL) AND (kind = 'teacher') = (teacher_id IS NOT NULL) AND (kind = 'school') = (school_id IS NOT NULL)",
            name=op.f("ck_calendar_feed_owner_matches_kind"),
        ),
        sa.CheckConstraint(
            "kind IN ('therapist', 'teacher', 'school')", name=op.f("ck_calendar_feed_kind")
        ),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (token_hash IS NOT NULL)",
            name=op.f("ck_calendar_feed_revoked_iff_no_token"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_calendar_feed_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teacher.id"],
            name=op.f("fk_calendar_feed_teacher_id_teacher"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_calendar_feed_therapist_id_therapist"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("school_id", name=op.f("uq_calendar_feed_school_id")),
        sa.UniqueConstraint("teacher_id", name=op.f("uq_calendar_feed_teacher_id")),
        sa.UniqueConstraint("therapist_id", name=op.f("uq_calendar_feed_therapist_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
    )
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "feed_names", sa.String(length=16), nullable=False, server_default="first_initial"
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_district_feed_names"), "feed_names IN ('first_initial', 'initials')"
        )


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_district_feed_names"), type_="check")
        batch_op.drop_column("feed_names")

    op.drop_table("calendar_feed")

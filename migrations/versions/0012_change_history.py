"""The change history (issue 14's core): one row per field changed, record created or
deleted, or schedule published, with who did it. No foreign keys: the history outlives
the records and accounts it names.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 02:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("record_kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("record_label", sa.String(length=300), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete', 'publish')",
            name=op.f("ck_audit_change_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_change")),
    )
    with op.batch_alter_table("audit_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_change_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_change_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_change_batch"), ["batch"], unique=False)
        batch_op.create_index("ix_audit_change_record", ["record_kind", "record_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_change_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("audit_change")

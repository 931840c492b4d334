"""Bundle uploads run as background jobs: `import_job`, leased like a solve job, holding
the uploaded bytes until the job ends, then its progress and its report or problems.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("active_slot", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("check_only", sa.Boolean(), nullable=False),
        sa.Column("upload_size", sa.Integer(), nullable=False),
        sa.Column("upload", sa.LargeBinary(), nullable=True),
        sa.Column("stage", sa.String(length=100), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=True),
        sa.Column("problem_count", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_import_job_state")
        ),
        sa.CheckConstraint("active_slot = 1", name=op.f("ck_import_job_active_slot_is_one")),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_import_job_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job")),
        sa.UniqueConstraint("active_slot", name=op.f("uq_import_job_active_slot")),
    )
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_job_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_job_state"))
    op.drop_table("import_job")

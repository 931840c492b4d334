"""Every account's session token (logout, a new password or deactivation end every
session), and failed logins counted per account and address instead of one row each.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:40:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
    accounts = sa.table("user_account", sa.column("id", sa.Integer), sa.column("session_token"))
    connection = op.get_bind()
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        connection.execute(
            accounts.update()
            .where(accounts.c.id == account_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)

    op.create_table(
        "login_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttle")),
        sa.UniqueConstraint("email", "remote_addr", name=op.f("uq_login_throttle_email")),
    )
    op.create_index(op.f("ix_login_throttle_window_start"), "login_throttle", ["window_start"])
    op.drop_index(op.f("ix_login_failure_email"), table_name="login_failure")
    op.drop_index(op.f("ix_login_failure_at"), table_name="login_failure")
    op.drop_table("login_failure")


def downgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index(op.f("ix_login_failure_at"), "login_failure", ["at"])
    op.create_index(op.f("ix_login_failure_email"), "login_failure", ["email"])
    op.drop_index(op.f("ix_login_throttle_window_start"), table_name="login_throttle")
    op.drop_table("login_throttle")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_token")

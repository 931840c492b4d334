"""Schedules: versions, sessions, travel, assignments, unscheduled lines, solve jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:25:17.316576

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('schedule_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('revised_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('solver_status', sa.String(length=12), nullable=False),
    sa.Column('objective', sa.Double(), nullable=False),
    sa.Column('bound', sa.Double(), nullable=False),
    sa.Column('seconds', sa.Double(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('time_limit', sa.Double(), nullable=False),
    sa.Column('lines_met', sa.Integer(), nullable=False),
    sa.Column('lines_owed', sa.Integer(), nullable=False),
    sa.Column('travel_minutes', sa.Integer(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'published', 'archived', 'discarded')", name=op.f('ck_schedule_version_state')),
    sa.ForeignKeyConstraint(['based_on_id'], ['schedule_version.id'], name=op.f('fk_schedule_version_based_on_id_schedule_version'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_schedule_version_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_version'))
    )
    with op.batch_alter_table('schedule_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_version_state'), ['state'], unique=False)

    op.create_table('schedule_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule_version.id'], name=op.f('fk_schedule_assignment_schedule_id_schedule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_schedule_assignment_student_id_student'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_schedule_assignment_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_assignment')),
    sa.UniqueConstraint('schedule_id', 'student_id', name=op.f('uq_schedule_assignment_schedule_id'))
    )
    with op.batch_alter_table('schedule_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_assignment_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('scheduled_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.String(length=3), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("delivery IN ('pull_out', 'push_in', 'consult')", name=op.f('ck_scheduled_session_delivery')),
    sa.CheckConstraint('"end" > start', name=op.f('ck_scheduled_session_in_order')),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule_version.id'], name=op.f('fk_scheduled_session_schedule_id_schedule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_scheduled_session_school_id_school'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_scheduled_session_therapist_id_therapist'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_session')),
    sa.UniqueConstraint('schedule_id', 'uid', name=op.f('uq_scheduled_session_schedule_id'))
    )
    with op.batch_alter_table('scheduled_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_session_schedule_id'), ['schedule_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_session_therapist_id'), ['therapist_id'], unique=False)

    op.create_table('scheduled_travel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.String(length=3), nullable=False),
    sa.Column('from_school_id', sa.Integer(), nullable=False),
    sa.Column('to_school_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Time(), nullable=False),
    sa.Column('end', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['from_school_id'], ['school.id'], name=op.f('fk_scheduled_travel_from_school_id_school'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule_version.id'], name=op.f('fk_scheduled_travel_schedule_id_schedule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], name=op.f('fk_scheduled_travel_therapist_id_therapist'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_school_id'], ['school.id'], name=op.f('fk_scheduled_travel_to_school_id_school'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_travel'))
    )
    with op.batch_alter_table('scheduled_travel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_travel_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('solve_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('time_limit', sa.Double(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('schedule_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed', 'cancelled')", name=op.f('ck_solve_job_state')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_solve_job_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule_version.id'], name=op.f('fk_solve_job_schedule_id_schedule_version'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solve_job'))
    )
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solve_job_state'), ['state'], unique=False)

    op.create_table('unscheduled_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['schedule_version.id'], name=op.f('fk_unscheduled_line_schedule_id_schedule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_unscheduled_line_service_line_id_service_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unscheduled_line'))
    )
    with op.batch_alter_table('unscheduled_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unscheduled_line_schedule_id'), ['schedule_id'], unique=False)

    op.create_table('session_service',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('service_line_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_line_id'], ['service_line.id'], name=op.f('fk_session_service_service_line_id_service_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['scheduled_session.id'], name=op.f('fk_session_service_session_id_scheduled_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'service_line_id', name=op.f('pk_session_service'))
    )


def downgrade() -> None:
    op.drop_table('session_service')
    with op.batch_alter_table('unscheduled_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unscheduled_line_schedule_id'))

    op.drop_table('unscheduled_line')
    with op.batch_alter_table('solve_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solve_job_state'))

    op.drop_table('solve_job')
    with op.batch_alter_table('scheduled_travel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_travel_schedule_id'))

    op.drop_table('scheduled_travel')
    with op.batch_alter_table('scheduled_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_session_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_scheduled_session_schedule_id'))

    op.drop_table('scheduled_session')
    with op.batch_alter_table('schedule_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_assignment_schedule_id'))

    op.drop_table('schedule_assignment')
    with op.batch_alter_table('schedule_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_version_state'))

    op.drop_table('schedule_version')

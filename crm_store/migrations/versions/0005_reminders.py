"""issue 13: next-action completion/snooze and reminder de-duplication

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('next_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('snoozed_until', sa.Date(), nullable=True))
        batch_op.create_foreign_key('fk_next_actions_done_by_id_users', 'users', ['done_by_id'], ['id'])

    op.create_table('rep_day_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'subject_id', 'day', name='uq_rep_day_deliveries')
    )
    with op.batch_alter_table('rep_day_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rep_day_deliveries_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_rep_day_deliveries_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rep_day_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rep_day_deliveries_user_id'))
        batch_op.drop_index(batch_op.f('ix_rep_day_deliveries_day'))
    op.drop_table('rep_day_deliveries')

    with op.batch_alter_table('next_actions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_next_actions_done_by_id_users', type_='foreignkey')
        batch_op.drop_column('snoozed_until')
        batch_op.drop_column('done_by_id')

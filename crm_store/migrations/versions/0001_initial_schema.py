"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.Column('context', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_row_id'), ['row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_table_name'), ['table_name'], unique=False)

    op.create_table('erp_credentials',
    sa.Column('connector', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('company_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('encrypted_tokens', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('connector')
    )
    op.create_table('erp_sync_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connector', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('cursor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('erp_sync_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erp_sync_runs_connector'), ['connector'], unique=False)

    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('run_after', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('locked_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('locked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_run_after'), ['run_after'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_status'), ['status'], unique=False)

    op.create_table('knowledge_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('visibility', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('chunk_count', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source')
    )
    op.create_table('processed_events',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('stored_inputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('mime_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('slack_channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('slack_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('draft', sa.JSON(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stored_inputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_inputs_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_stored_inputs_status'), ['status'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('normalized_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("role IN ('rep', 'manager', 'admin')", name='ck_users_role'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slack_user_id')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_normalized_name'), ['normalized_name'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('normalized_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kana', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('erp_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('erp_code')
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customers_normalized_name'), ['normalized_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_owner_id'), ['owner_id'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('normalized_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_normalized_name'), ['normalized_name'], unique=False)

    op.create_table('deals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('normalized_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('expected_close', sa.Date(), nullable=True),
    sa.Column('probability', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("stage IN ('initial_contact', 'proposal', 'quote', 'negotiation', 'awaiting_decision', 'won', 'lost')", name='ck_deals_stage'),
    sa.CheckConstraint('probability IS NULL OR (probability >= 0 AND probability <= 100)', name='ck_deals_probability'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deals_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_expected_close'), ['expected_close'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_stage'), ['stage'], unique=False)

    op.create_table('erp_unmatched_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('connector', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('partner_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('partner_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('partner_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=True),
    sa.Column('first_seen', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved_customer_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('connector', 'partner_id', name='uq_erp_unmatched')
    )
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('erp_source', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('erp_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('customer_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('customer_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('total', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('paid', sa.Numeric(precision=18, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('synced_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('unpaid', 'partially_paid', 'paid')", name='ck_invoices_status'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('erp_source', 'erp_id', name='uq_invoices_erp')
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoices_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_number'), ['number'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('source_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=True),
    sa.Column('extracted', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("source_kind IN ('text', 'audio', 'photo', 'import')", name='ck_activities_source_kind'),
    sa.CheckConstraint("type IN ('visit', 'call', 'email', 'meeting', 'other')", name='ck_activities_type'),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], ),
    sa.ForeignKeyConstraint(['input_id'], ['stored_inputs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_deal_id'), ['deal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_occurred_on'), ['occurred_on'], unique=False)

    op.create_table('invoice_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('invoice_id', 'kind', name='uq_invoice_alerts')
    )
    with op.batch_alter_table('invoice_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_alerts_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('next_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('next_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_next_actions_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_next_actions_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_next_actions_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_next_actions_owner_id'), ['owner_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('next_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_next_actions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_next_actions_due'))
        batch_op.drop_index(batch_op.f('ix_next_actions_customer_id'))
        batch_op.drop_index(batch_op.f('ix_next_actions_activity_id'))

    op.drop_table('next_actions')
    with op.batch_alter_table('invoice_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_alerts_invoice_id'))

    op.drop_table('invoice_alerts')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_occurred_on'))
        batch_op.drop_index(batch_op.f('ix_activities_deal_id'))
        batch_op.drop_index(batch_op.f('ix_activities_customer_id'))

    op.drop_table('activities')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_number'))
        batch_op.drop_index(batch_op.f('ix_invoices_due_date'))
        batch_op.drop_index(batch_op.f('ix_invoices_customer_id'))

    op.drop_table('invoices')
    op.drop_table('erp_unmatched_partners')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_stage'))
        batch_op.drop_index(batch_op.f('ix_deals_owner_id'))
        batch_op.drop_index(batch_op.f('ix_deals_expected_close'))
        batch_op.drop_index(batch_op.f('ix_deals_customer_id'))

    op.drop_table('deals')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_normalized_name'))
        batch_op.drop_index(batch_op.f('ix_contacts_customer_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_owner_id'))
        batch_op.drop_index(batch_op.f('ix_customers_normalized_name'))

    op.drop_table('customers')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_normalized_name'))

    op.drop_table('users')
    with op.batch_alter_table('stored_inputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_inputs_status'))
        batch_op.drop_index(batch_op.f('ix_stored_inputs_sha256'))

    op.drop_table('stored_inputs')
    op.drop_table('processed_events')
    op.drop_table('knowledge_documents')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_jobs_run_after'))
        batch_op.drop_index(batch_op.f('ix_jobs_kind'))

    op.drop_table('jobs')
    with op.batch_alter_table('erp_sync_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erp_sync_runs_connector'))

    op.drop_table('erp_sync_runs')
    op.drop_table('erp_credentials')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_table_name'))
        batch_op.drop_index(batch_op.f('ix_audit_log_row_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')

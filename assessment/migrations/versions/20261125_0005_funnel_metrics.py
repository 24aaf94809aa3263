"""funnel metrics: a team's CRM figures per period, beside the survey

Revision ID: 0005_funnel_metrics
Revises: 0004_actions_branding
Create Date: 2026-11-25 23:36:24.779286

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_funnel_metrics'
down_revision = '0004_actions_branding'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('funnel_metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=32), nullable=False),
    sa.Column('inquiries', sa.Integer(), nullable=True),
    sa.Column('mql', sa.Integer(), nullable=True),
    sa.Column('sal', sa.Integer(), nullable=True),
    sa.Column('sql', sa.Integer(), nullable=True),
    sa.Column('won', sa.Integer(), nullable=True),
    sa.Column('speed_to_lead_hours', sa.Double(), nullable=True),
    sa.Column('sla_attainment', sa.Double(), nullable=True),
    sa.CheckConstraint('inquiries >= 0', name=op.f('ck_funnel_metrics_inquiries_not_negative')),
    sa.CheckConstraint('mql >= 0', name=op.f('ck_funnel_metrics_mql_not_negative')),
    sa.CheckConstraint('sal >= 0', name=op.f('ck_funnel_metrics_sal_not_negative')),
    sa.CheckConstraint('sla_attainment >= 0 AND sla_attainment <= 100', name=op.f('ck_funnel_metrics_sla_attainment_percent')),
    sa.CheckConstraint('speed_to_lead_hours >= 0', name=op.f('ck_funnel_metrics_speed_to_lead_not_negative')),
    sa.CheckConstraint('sql >= 0', name=op.f('ck_funnel_metrics_sql_not_negative')),
    sa.CheckConstraint('won >= 0', name=op.f('ck_funnel_metrics_won_not_negative')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_funnel_metrics_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_funnel_metrics_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funnel_metrics')),
    sa.UniqueConstraint('team_id', 'period', name=op.f('uq_funnel_metrics_team_id_period'))
    )
    with op.batch_alter_table('funnel_metrics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funnel_metrics_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funnel_metrics_team_id'), ['team_id'], unique=False)



def downgrade():
    with op.batch_alter_table('funnel_metrics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funnel_metrics_team_id'))
        batch_op.drop_index(batch_op.f('ix_funnel_metrics_organization_id'))

    op.drop_table('funnel_metrics')

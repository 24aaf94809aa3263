"""planned mail: a cycle may send its invitations from the opening day on, and a reminder on a set day

Revision ID: 0016_planned_mail
Revises: 0015_replaced_links
Create Date: 2026-11-27 08:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_planned_mail'
down_revision = '0015_replaced_links'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cycle') as batch:
        batch.add_column(sa.Column('invite_on_opening', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('remind_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('planned_reminder_sent_on', sa.Date(), nullable=True))


def downgrade():
    # Planned mail is forgotten; whatever it sent stays sent, as the invitations' own dates say.
    with op.batch_alter_table('cycle') as batch:
        batch.drop_column('planned_reminder_sent_on')
        batch.drop_column('remind_on')
        batch.drop_column('invite_on_opening')

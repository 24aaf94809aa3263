"""earlier links: a reminder's link no longer stops the invitation's from working

Every link mailed for an invitation before its newest one is kept as a hash in
``earlier_link`` and opens the same survey until the cycle closes. Links mailed
before this upgrade were already replaced: nothing to carry over.

Revision ID: 0014_earlier_links
Revises: 0013_sqlite_autoincrement
Create Date: 2026-11-26 16:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_earlier_links'
down_revision = '0013_sqlite_autoincrement'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('earlier_link',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_earlier_link_invitation_id_invitation'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_earlier_link'))
    )
    op.create_index(op.f('ix_earlier_link_invitation_id'), 'earlier_link', ['invitation_id'], unique=False)


def downgrade():
    # Only each invitation's newest link works again, as before.
    op.drop_index(op.f('ix_earlier_link_invitation_id'), table_name='earlier_link')
    op.drop_table('earlier_link')

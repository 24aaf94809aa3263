"""erased invitations: a collecting cycle keeps counting the people it invited whose data was erased since

Their answers stay (anonymous) while their invitations go, so a response rate counted from the invitations alone
rose with each erasure. Cycles already closed counted their invitations at the close and are unaffected.

Revision ID: 0018_erased_invitations
Revises: 0017_sign_ins
Create Date: 2026-11-27 23:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_erased_invitations'
down_revision = '0017_sign_ins'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erased_invitations',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('erased', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_erased_invitations_cycle_id_cycle'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_erased_invitations_team_id_team'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cycle_id', 'team_id', name=op.f('pk_erased_invitations'))
    )


def downgrade():
    # The older code counts only the invitations that remain, as it did.
    op.drop_table('erased_invitations')

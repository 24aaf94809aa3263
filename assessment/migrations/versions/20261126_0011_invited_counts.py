"""invited counts: a cycle keeps, per team, how many its invitations reached when it closed

A past cycle's response rates no longer change when people move team or are
erased since. Closed cycles get their counts from their invitations as they
stand at the upgrade, the nearest there is to how they stood at the close.

Revision ID: 0011_invited_counts
Revises: 0010_credential_generation
Create Date: 2026-11-26 08:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_invited_counts'
down_revision = '0010_credential_generation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invited_count',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_invited_count_cycle_id_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_invited_count_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cycle_id', 'team_id', name=op.f('pk_invited_count'))
    )
    # The same rule as Invitation.went_out: its mail went out, or its person answered.
    op.execute(
        "INSERT INTO invited_count (cycle_id, team_id, invited) "
        "SELECT invitation.cycle_id, participant.team_id, count(*) FROM invitation "
        "JOIN participant ON participant.id = invitation.participant_id "
        "JOIN cycle ON cycle.id = invitation.cycle_id "
        "WHERE cycle.status IN ('closed', 'published') "
        "AND (invitation.sent_on IS NOT NULL OR invitation.completed) "
        "GROUP BY invitation.cycle_id, participant.team_id"
    )


def downgrade():
    # Past cycles' rates are read from their invitations again, as they stand.
    op.drop_table('invited_count')

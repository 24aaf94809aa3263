"""sign ins: each browser's sign-in is kept, so signing out ends it for a copied session cookie too

A session names its sign-in by a random key whose hash is kept here; signing out deletes the row. Sessions
from before this revision name none and are asked to sign in again once.

Revision ID: 0017_sign_ins
Revises: 0016_planned_mail
Create Date: 2026-11-27 17:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_sign_ins'
down_revision = '0016_planned_mail'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_sign_in_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_sign_in'))
    )
    op.create_index(op.f('ix_sign_in_user_id'), 'sign_in', ['user_id'], unique=False)


def downgrade():
    # The older code reads no sign-in: every session that still names its user works again.
    op.drop_index(op.f('ix_sign_in_user_id'), table_name='sign_in')
    op.drop_table('sign_in')

"""credential generation: deactivating an account ends its sessions and tokens for good

Each deactivation raises the account's generation, which is part of the stamp
signed into sessions, password links and API tokens; reactivating the
account no longer revives what it held before.

Revision ID: 0010_credential_generation
Revises: 0009_answer_positions
Create Date: 2026-11-26 05:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_credential_generation'
down_revision = '0009_answer_positions'
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases, as in 0007: no batch copy of a table others point to.
def upgrade():
    op.add_column('user_account', sa.Column('credential_generation', sa.Integer(), nullable=False,
                                            server_default='0'))


def downgrade():
    op.drop_column('user_account', 'credential_generation')

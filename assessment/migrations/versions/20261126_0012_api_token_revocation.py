"""api token revocation: an account can revoke its API tokens without changing its password

Each "Revoke all my API tokens" raises the account's token generation, which is
signed into every API token issued since; a token of another generation is
refused. Tokens issued before this column existed carry no generation and are
read as generation 0, so they keep working until revoked or expired.

Revision ID: 0012_api_token_revocation
Revises: 0011_invited_counts
Create Date: 2026-11-26 10:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_api_token_revocation'
down_revision = '0011_invited_counts'
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases, as in 0010: no batch copy of a table others point to.
def upgrade():
    op.add_column('user_account', sa.Column('api_token_generation', sa.Integer(), nullable=False,
                                            server_default='0'))


def downgrade():
    # Tokens issued since carry a generation, which the older code does not read: they stop working.
    op.drop_column('user_account', 'api_token_generation')

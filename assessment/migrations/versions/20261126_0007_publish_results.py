"""publish results: a closed cycle's results reach the client's executives and team leads once published

Cycles closed before this revision were read by everyone in scope the moment
they closed; they are marked published on their closing date, so nobody loses
sight of results they could already read.

Revision ID: 0007_publish_results
Revises: 0006_snapshot_compression
Create Date: 2026-11-26 02:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_publish_results'
down_revision = '0006_snapshot_compression'
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite has dropped columns since 3.35): a batch "move and copy" of
# the cycle table would cascade-delete every response, invitation and snapshot on SQLite.
def upgrade():
    op.add_column('cycle', sa.Column('published_on', sa.Date(), nullable=True))
    op.execute("UPDATE cycle SET status = 'published', published_on = closes_on WHERE status = 'closed'")


def downgrade():
    # Earlier revisions read "published" as results for everyone, which is what it means here too.
    op.drop_column('cycle', 'published_on')

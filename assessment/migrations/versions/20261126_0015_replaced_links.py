"""replaced links: a link handed out anew says it was replaced instead of 'not valid'

``invitations export`` replaces every earlier link of a cycle. Until now it
forgot them, so a survey page open at that moment met a 404 on Submit and lost
its answers. Replaced links are now kept with the day they were replaced: they
open nothing and submit nothing, but they say what happened and keep a page's
answers for the new link. Links replaced before this upgrade were forgotten.

Revision ID: 0015_replaced_links
Revises: 0014_earlier_links
Create Date: 2026-11-26 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_replaced_links'
down_revision = '0014_earlier_links'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('earlier_link') as batch:
        batch.add_column(sa.Column('replaced_on', sa.Date(), nullable=True))


def downgrade():
    # Replaced links become unknown again (a 404), as before; earlier links that work stay.
    op.execute("DELETE FROM earlier_link WHERE replaced_on IS NOT NULL")
    with op.batch_alter_table('earlier_link') as batch:
        batch.drop_column('replaced_on')

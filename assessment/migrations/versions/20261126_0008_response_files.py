"""response files: a cycle remembers the files of responses imported into it, so none is imported twice

A file is known by the SHA-256 of its responses, with the day it was imported
and how many it held; nothing joins a response to the file it came in.

Revision ID: 0008_response_files
Revises: 0007_publish_results
Create Date: 2026-11-26 04:42:56

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_response_files'
down_revision = '0007_publish_results'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('response_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('imported_on', sa.Date(), nullable=False),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_response_file_cycle_id_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_file')),
    sa.UniqueConstraint('cycle_id', 'fingerprint', name=op.f('uq_response_file_cycle_id_fingerprint'))
    )


def downgrade():
    # Files imported before are forgotten: importing one again is no longer refused.
    op.drop_table('response_file')

"""snapshot compression: PostgreSQL compresses score snapshots with LZ4

A close writes several megabytes of snapshot JSON for a large organization,
and every results page reads it back. PostgreSQL's default TOAST compression
(pglz) spent about 85 ms of a 450 ms close on the 20,000-respondent
benchmark; LZ4 compresses and decompresses several times faster. Servers
built without LZ4, older than 14, and SQLite keep what they have.

Revision ID: 0006_snapshot_compression
Revises: 0005_funnel_metrics
Create Date: 2026-11-26 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_snapshot_compression'
down_revision = '0005_funnel_metrics'
branch_labels = None
depends_on = None


def _lz4_available(bind) -> bool:
    if bind.dialect.name != "postgresql":
        return False
    methods = bind.execute(sa.text(
        "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
    )).scalar()
    return bool(methods) and "lz4" in methods


def upgrade():
    if _lz4_available(op.get_bind()):
        op.execute("ALTER TABLE score_snapshot ALTER COLUMN scores SET COMPRESSION lz4")


def downgrade():
    if _lz4_available(op.get_bind()):
        op.execute("ALTER TABLE score_snapshot ALTER COLUMN scores SET COMPRESSION default")

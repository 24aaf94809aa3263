"""sqlite autoincrement: ids named in the audit log and in links are never given again

SQLite hands the id of the newest deleted row to the next insert unless the
table is declared AUTOINCREMENT. Then an audit entry naming "action #86", or an
admin's open page of user #12, could later point at another row; a stale form
could even edit it. Adding AUTOINCREMENT means rebuilding the table (batch
mode; env.py turns foreign keys off for it, so the rebuild cascades to nothing,
and checks every reference before the commit). PostgreSQL's sequences never
reuse an id: nothing to do there.

Revision ID: 0013_sqlite_autoincrement
Revises: 0012_api_token_revocation
Create Date: 2026-11-26 10:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_sqlite_autoincrement'
down_revision = '0012_api_token_revocation'
branch_labels = None
depends_on = None

# Rows that audit entries name by id, or that pages reach by an id in the URL.
TABLES = ('participant', 'action', 'user_account')


def upgrade():
    _rebuild(autoincrement=True)


def downgrade():
    _rebuild(autoincrement=False)


def _rebuild(autoincrement):
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass

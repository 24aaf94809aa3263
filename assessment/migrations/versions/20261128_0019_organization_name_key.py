"""organization name key: a client's name as two are compared, unique, so two clients cannot share a name

The check in code let two consultants creating the same client at the same moment both succeed. The key folds
spaces and case as ``same_name`` does. Clients that already share a name (created before names were checked)
keep their names; every one but the oldest gets its id in its key, which it loses when it is renamed.

Revision ID: 0019_organization_name_key
Revises: 0018_erased_invitations
Create Date: 2026-11-28 02:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_organization_name_key'
down_revision = '0018_erased_invitations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization') as batch:
        batch.add_column(sa.Column('name_key', sa.String(length=400), nullable=True))
    connection = op.get_bind()
    seen = set()
    for id_, name in connection.execute(sa.text("SELECT id, name FROM organization ORDER BY id")).all():
        # As assessment.models.organization.same_name, copied: a migration keeps the rule of its own day.
        key = " ".join(name.split()).casefold()
        key = key if key not in seen else f"{key} #{id_}"
        seen.add(key)
        connection.execute(sa.text("UPDATE organization SET name_key = :key WHERE id = :id"), {"key": key, "id": id_})
    with op.batch_alter_table('organization') as batch:
        batch.alter_column('name_key', existing_type=sa.String(length=400), nullable=False)
        batch.create_unique_constraint(batch.f('uq_organization_name_key'), ['name_key'])


def downgrade():
    with op.batch_alter_table('organization') as batch:
        batch.drop_constraint('uq_organization_name_key', type_='unique')
        batch.drop_column('name_key')

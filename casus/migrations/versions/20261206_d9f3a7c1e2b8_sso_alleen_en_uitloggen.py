"""single sign-on (issue 18): accounts limited to SSO, and the ID token of an SSO
session for the logout at the provider

Revision ID: d9f3a7c1e2b8
Revises: a8e2c4f6b1d9
Create Date: 2026-12-06 14:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d9f3a7c1e2b8"
down_revision = "a8e2c4f6b1d9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("alleen_sso", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("sessie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sso_id_token", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("sessie", schema=None) as batch_op:
        batch_op.drop_column("sso_id_token")
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.drop_column("alleen_sso")

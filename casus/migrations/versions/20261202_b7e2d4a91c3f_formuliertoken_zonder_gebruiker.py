"""formuliertoken zonder gebruiker: the public meldpunt's form carries an idempotency
token too, submitted without logging in

The downgrade removes the tokens without a user (they only guard against a double
submission shortly after the form was sent).

Revision ID: b7e2d4a91c3f
Revises: cb5989c5eaf9
Create Date: 2026-12-02 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7e2d4a91c3f"
down_revision = "cb5989c5eaf9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("formuliertoken", schema=None) as batch_op:
        batch_op.alter_column("gebruiker_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM formuliertoken WHERE gebruiker_id IS NULL")
    with op.batch_alter_table("formuliertoken", schema=None) as batch_op:
        batch_op.alter_column("gebruiker_id", existing_type=sa.Integer(), nullable=False)

"""audit chain sealed after commit instead of under a global lock

Revision ID: a5e9c3d7f1b2
Revises: f4d8b3c6e5a7
Create Date: 2026-12-06 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a5e9c3d7f1b2"
down_revision = "f4d8b3c6e5a7"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

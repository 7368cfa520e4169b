"""cached reports of ended periods

Revision ID: b6f0d4e8a2c3
Revises: a5e9c3d7f1b2
Create Date: 2026-12-06 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b6f0d4e8a2c3"
down_revision = "a5e9c3d7f1b2"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

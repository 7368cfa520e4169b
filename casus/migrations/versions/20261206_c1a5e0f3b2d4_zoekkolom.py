"""zoekkolom: a normalised search column (placeholder, filled by the search work)

Revision ID: c1a5e0f3b2d4
Revises: b7e2d4a91c3f
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = "c1a5e0f3b2d4"
down_revision = "b7e2d4a91c3f"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

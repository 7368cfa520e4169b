"""casusnummer na omzetten (placeholder, filled by the omzetten work)

Revision ID: d2b6f1a4c3e5
Revises: c1a5e0f3b2d4
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = "d2b6f1a4c3e5"
down_revision = "c1a5e0f3b2d4"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

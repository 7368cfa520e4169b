"""bewaard formulier (placeholder, filled by the session work)

Revision ID: e3c7a2b5d4f6
Revises: d2b6f1a4c3e5
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = "e3c7a2b5d4f6"
down_revision = "d2b6f1a4c3e5"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

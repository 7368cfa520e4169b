"""digest (issue 19): a user's e-mail address and opt-in e-mail digest of their unread
notifications (casus.mail.digest)

Revision ID: 6a1e0b7c2d03
Revises: 6a1e0b7c2d02
Create Date: 2026-12-10 09:30:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "6a1e0b7c2d03"
down_revision = "6a1e0b7c2d02"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column("digest", sa.String(length=12), nullable=False, server_default="geen")
        )
        batch_op.add_column(
            sa.Column("digest_verstuurd_op", casus.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_check_constraint("digest", "digest IN ('geen', 'dagelijks', 'wekelijks')")


def downgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_gebruiker_digest"), type_="check")
        batch_op.drop_column("digest_verstuurd_op")
        batch_op.drop_column("digest")
        batch_op.drop_column("email")

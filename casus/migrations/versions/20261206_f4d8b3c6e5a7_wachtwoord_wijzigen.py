"""wachtwoord wijzigen: a password set by someone else (the beheerder, the command
line) must be changed by the user at the next log-in

Revision ID: f4d8b3c6e5a7
Revises: e3c7a2b5d4f6
Create Date: 2026-12-06 07:15:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f4d8b3c6e5a7"
down_revision = "e3c7a2b5d4f6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "moet_wachtwoord_wijzigen",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.drop_column("moet_wachtwoord_wijzigen")

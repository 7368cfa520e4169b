"""single sign-on (issue 18): a user's account at the OpenID provider, matched by
issuer and subject

Revision ID: a8e2c4f6b1d9
Revises: c7a1e5f9b3d2
Create Date: 2026-12-06 13:45:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "a8e2c4f6b1d9"
down_revision = "c7a1e5f9b3d2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sso_identiteit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=400), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("laatst_ingelogd_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_sso_identiteit_gebruiker_id_gebruiker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identiteit")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_identiteit_issuer_subject")),
    )
    with op.batch_alter_table("sso_identiteit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sso_identiteit_gebruiker_id"), ["gebruiker_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("sso_identiteit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_identiteit_gebruiker_id"))
    op.drop_table("sso_identiteit")

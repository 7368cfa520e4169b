"""API clients (issue 17): the client table and the flag on the account it acts as

Revision ID: c7a1e5f9b3d2
Revises: b6f0d4e8a2c3
Create Date: 2026-12-06 12:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "c7a1e5f9b3d2"
down_revision = "b6f0d4e8a2c3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_api_client", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "api_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("omschrijving", sa.String(length=400), nullable=True),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_begin", sa.String(length=16), nullable=False),
        sa.Column("geldig_tot", sa.Date(), nullable=False),
        sa.Column("limiet_per_minuut", sa.Integer(), nullable=False),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        sa.Column("token_vernieuwd_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ingetrokken_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["aangemaakt_door_id"],
            ["gebruiker.id"],
            name=op.f("fk_api_client_aangemaakt_door_id_gebruiker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_api_client_gebruiker_id_gebruiker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("gebruiker_id", name=op.f("uq_api_client_gebruiker_id")),
        sa.UniqueConstraint("naam", name=op.f("uq_api_client_naam")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_client_token_hash")),
    )


def downgrade():
    op.drop_table("api_client")
    with op.batch_alter_table("gebruiker", schema=None) as batch_op:
        batch_op.drop_column("is_api_client")

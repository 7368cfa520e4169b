"""the BRP (issue 21): stored checks and the signals of a move or a death

Each successful query's answer (brp_controle), limited to the groups the aanpak may ask
for; and the signals of a move out of the municipality or a death on a case
(brp_wijziging).

Revision ID: 7c3e9a1f5b2d
Revises: 59aafeea80a5
Create Date: 2026-12-08 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import casus.db


# revision identifiers, used by Alembic.
revision = "7c3e9a1f5b2d"
down_revision = "59aafeea80a5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "brp_controle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("persoon_id", sa.Integer(), nullable=True),
        sa.Column("aanpak", sa.String(length=40), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=True),
        sa.Column("gecontroleerd_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "gegevens",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("gemeente_code", sa.String(length=4), nullable=True),
        sa.Column("overleden_op", sa.Date(), nullable=True),
        sa.Column("sleutel_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_brp_controle_gebruiker_id_gebruiker"),
        ),
        sa.ForeignKeyConstraint(
            ["persoon_id"], ["persoon.id"], name=op.f("fk_brp_controle_persoon_id_persoon")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brp_controle")),
    )
    with op.batch_alter_table("brp_controle", schema=None) as batch_op:
        batch_op.create_index(
            "ix_brp_controle_persoon_aanpak",
            ["persoon_id", "aanpak", "gecontroleerd_op"],
            unique=False,
        )
        batch_op.create_index("ix_brp_controle_sleutel_hash", ["sleutel_hash"], unique=False)
        batch_op.create_index(
            "ix_brp_controle_gecontroleerd_op", ["gecontroleerd_op"], unique=False
        )
    op.create_table(
        "brp_wijziging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("persoon_id", sa.Integer(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("omschrijving", sa.String(length=200), nullable=False),
        sa.Column("gevonden_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("afgehandeld_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("afgehandeld_door_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "soort IN ('verhuisd', 'overleden')", name=op.f("ck_brp_wijziging_soort")
        ),
        sa.ForeignKeyConstraint(
            ["afgehandeld_door_id"],
            ["gebruiker.id"],
            name=op.f("fk_brp_wijziging_afgehandeld_door_id_gebruiker"),
        ),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casus.id"], name=op.f("fk_brp_wijziging_casus_id_casus")
        ),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["brp_controle.id"],
            name=op.f("fk_brp_wijziging_controle_id_brp_controle"),
        ),
        sa.ForeignKeyConstraint(
            ["persoon_id"], ["persoon.id"], name=op.f("fk_brp_wijziging_persoon_id_persoon")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brp_wijziging")),
    )
    with op.batch_alter_table("brp_wijziging", schema=None) as batch_op:
        batch_op.create_index(
            "ix_brp_wijziging_casus", ["casus_id", "afgehandeld_op"], unique=False
        )
        batch_op.create_index("ix_brp_wijziging_persoon", ["persoon_id"], unique=False)
        batch_op.create_index("ix_brp_wijziging_controle", ["controle_id"], unique=False)


def downgrade():
    with op.batch_alter_table("brp_wijziging", schema=None) as batch_op:
        batch_op.drop_index("ix_brp_wijziging_controle")
        batch_op.drop_index("ix_brp_wijziging_persoon")
        batch_op.drop_index("ix_brp_wijziging_casus")
    op.drop_table("brp_wijziging")
    with op.batch_alter_table("brp_controle", schema=None) as batch_op:
        batch_op.drop_index("ix_brp_controle_gecontroleerd_op")
        batch_op.drop_index("ix_brp_controle_sleutel_hash")
        batch_op.drop_index("ix_brp_controle_persoon_aanpak")
    op.drop_table("brp_controle")

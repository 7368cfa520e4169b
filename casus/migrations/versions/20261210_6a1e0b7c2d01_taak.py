"""background jobs (issue 19)

``taak``: one row per planned background job (casus.taken): its kind, an optional
unique key (planning the same key twice plans one job), its arguments, status,
attempts, the moment of the next attempt, the last error and what it reported.

Revision ID: 6a1e0b7c2d01
Revises: 3f04b5a71bf7
Create Date: 2026-12-10 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "6a1e0b7c2d01"
down_revision = "3f04b5a71bf7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "taak",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column("sleutel", sa.String(length=160), nullable=True),
        sa.Column("argumenten", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("laatste_fout", sa.Text(), nullable=True),
        sa.Column("uitkomst", sa.String(length=300), nullable=True),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("gestart_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("klaar_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('wachtend', 'bezig', 'gelukt', 'mislukt')", name=op.f("ck_taak_status")
        ),
        sa.CheckConstraint("pogingen >= 0", name=op.f("ck_taak_pogingen_niet_negatief")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taak")),
        sa.UniqueConstraint("sleutel", name=op.f("uq_taak_sleutel")),
    )
    with op.batch_alter_table("taak", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taak_aangemaakt_op"), ["aangemaakt_op"], unique=False)
        batch_op.create_index(
            "ix_taak_status_volgende_poging_op", ["status", "volgende_poging_op"], unique=False
        )


def downgrade():
    with op.batch_alter_table("taak", schema=None) as batch_op:
        batch_op.drop_index("ix_taak_status_volgende_poging_op")
        batch_op.drop_index(batch_op.f("ix_taak_aangemaakt_op"))
    op.drop_table("taak")

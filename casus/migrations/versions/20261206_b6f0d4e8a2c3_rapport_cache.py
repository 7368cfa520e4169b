"""cached reports of ended periods, and the journal of changes that invalidates them

Revision ID: b6f0d4e8a2c3
Revises: a5e9c3d7f1b2
Create Date: 2026-12-06 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "b6f0d4e8a2c3"
down_revision = "a5e9c3d7f1b2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rapport_journaal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vanaf", sa.Date(), nullable=False),
        sa.Column("op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapport_journaal")),
    )
    with op.batch_alter_table("rapport_journaal", schema=None) as batch_op:
        batch_op.create_index("ix_rapport_journaal_vanaf", ["vanaf", "id"], unique=False)
    op.create_table(
        "rapport_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("van", sa.Date(), nullable=False),
        sa.Column("tot_en_met", sa.Date(), nullable=False),
        sa.Column("journaal_id", sa.Integer(), nullable=False),
        sa.Column("cijfers", sa.Text(), nullable=False),
        sa.Column("berekend_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapport_cache")),
        sa.UniqueConstraint(
            "soort", "van", "tot_en_met", name=op.f("uq_rapport_cache_soort_van_tot_en_met")
        ),
    )


def downgrade():
    op.drop_table("rapport_cache")
    with op.batch_alter_table("rapport_journaal", schema=None) as batch_op:
        batch_op.drop_index("ix_rapport_journaal_vanaf")
    op.drop_table("rapport_journaal")

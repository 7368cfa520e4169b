"""the wijk of every case on its casusstand rows, and an optional wijk on a signal
(issue 24: the dashboard per wijk)

casusstand carried the case's wijk only on the rows of woonoverlast (the report's
breakdown); every aanpak has the kenmerk, so every row now gets the case's current wijk
(casus.casussen.models.stand_kenmerken), filled here from the cases' kenmerken with one
UPDATE. The downgrade empties it again on the rows of the other aanpakken. A signal gets
a column ``wijk`` (unknown: NULL for the existing ones) and an index for counting the
signals of a period per aanpak and wijk.

Revision ID: 59aafeea80a5
Revises: d9f3a7c1e2b8
Create Date: 2026-12-07 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


# revision identifiers, used by Alembic.
revision = "59aafeea80a5"
down_revision = "d9f3a7c1e2b8"
branch_labels = None
depends_on = None

# the aanpak whose rows held the wijk before this revision
WOONOVERLAST = "woonoverlast"


def _tabellen():
    stand = sa.table(
        "casusstand",
        sa.column("casus_id", sa.Integer),
        sa.column("aanpak", sa.String),
        sa.column("wijk", sa.String),
    )
    casus = sa.table(
        "casus",
        sa.column("id", sa.Integer),
        sa.column("kenmerken", sa.JSON().with_variant(JSONB(), "postgresql")),
    )
    return stand, casus


def upgrade():
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wijk", sa.String(length=200), nullable=True))
        batch_op.create_index(
            "ix_signaal_ontvangen_wijk", ["ontvangen_op", "aanpak", "wijk"], unique=False
        )
    vul(op.get_bind())


def vul(bind):
    """Every row of the other aanpakken gets its case's wijk (an empty one: NULL), as
    casus.casussen.projectie.Stand.als_rij writes it."""
    stand, casus = _tabellen()
    wijk = (
        sa.select(sa.func.nullif(casus.c.kenmerken["wijk"].as_string(), ""))
        .where(casus.c.id == stand.c.casus_id)
        .scalar_subquery()
    )
    bind.execute(sa.update(stand).where(stand.c.aanpak != WOONOVERLAST).values(wijk=wijk))


def downgrade():
    stand, _ = _tabellen()
    op.get_bind().execute(sa.update(stand).where(stand.c.aanpak != WOONOVERLAST).values(wijk=None))
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.drop_index("ix_signaal_ontvangen_wijk")
        batch_op.drop_column("wijk")

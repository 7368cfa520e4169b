"""zoekkolom: persoon.zoeknaam, the search form of the name, with its index

The column is filled in Python (casus.zoeken.zoekvorm, the one normalisation the
application uses too), in batches by id. Two indexes: a B-tree on (zoeknaam, id), and on
PostgreSQL a GIN trigram index (pg_trgm) that serves ``LIKE '%...%'`` (on SQLite an empty
partial index, see casus.personen.models).

Revision ID: c1a5e0f3b2d4
Revises: b7e2d4a91c3f
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

from casus.zoeken.zoekvorm import zoeknaam


# revision identifiers, used by Alembic.
revision = "c1a5e0f3b2d4"
down_revision = "b7e2d4a91c3f"
branch_labels = None
depends_on = None

BATCH = 5_000

persoon = sa.table(
    "persoon",
    sa.column("id", sa.Integer),
    sa.column("voornaam", sa.String),
    sa.column("tussenvoegsel", sa.String),
    sa.column("achternaam", sa.String),
    sa.column("zoeknaam", sa.Text),
)


def vul_zoeknaam(verbinding: sa.Connection) -> None:
    """Every person's zoeknaam, batch by batch in id order."""
    laatste = 0
    while True:
        rijen = verbinding.execute(
            sa.select(
                persoon.c.id, persoon.c.voornaam, persoon.c.tussenvoegsel, persoon.c.achternaam
            )
            .where(persoon.c.id > laatste)
            .order_by(persoon.c.id)
            .limit(BATCH)
        ).all()
        if not rijen:
            return
        verbinding.execute(
            sa.update(persoon)
            .where(persoon.c.id == sa.bindparam("p_id"))
            .values(zoeknaam=sa.bindparam("p_zoeknaam")),
            [
                {"p_id": r.id, "p_zoeknaam": zoeknaam(r.voornaam, r.tussenvoegsel, r.achternaam)}
                for r in rijen
            ],
        )
        laatste = rijen[-1].id


def upgrade():
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zoeknaam", sa.Text(), nullable=True))
    vul_zoeknaam(op.get_bind())
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.alter_column("zoeknaam", existing_type=sa.Text(), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.create_index("ix_persoon_zoeknaam", ["zoeknaam", "id"], unique=False)
        batch_op.create_index(
            "ix_persoon_zoeknaam_trgm",
            ["zoeknaam"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"zoeknaam": "gin_trgm_ops"},
            sqlite_where=sa.false(),
        )


def downgrade():
    # the pg_trgm extension stays: dropping it could break what else uses it
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.drop_index("ix_persoon_zoeknaam_trgm")
        batch_op.drop_index("ix_persoon_zoeknaam")
        batch_op.drop_column("zoeknaam")

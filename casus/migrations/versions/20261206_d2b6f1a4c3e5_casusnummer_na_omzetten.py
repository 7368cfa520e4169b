"""casusnummer na omzetten: a case omgezet to another aanpak gets a number of its series

The table ``casusalias`` keeps the numbers a case had before, so a lookup or an import
with the old number still finds it (docs/architectuur.md, "Casusnummer na omzetten").
Existing data: every case whose latest valid ``omzetten`` moved it to an aanpak whose
prefix its number does not carry gets ``PREFIX-YEAR-NNNNN`` (the new aanpak's prefix,
the year of its aanmelding, its id), as ``casus.casussen.logrijen.hernummering`` gives
it now; its old number becomes an alias until the date of that omzetten. The events
are not touched (the log is append-only), so the timeline of such a case has no
"Nieuw casusnummer" line. A case never omgezet keeps whatever number it has (an
imported one may follow another pattern).

The downgrade gives every case with aliases its first number back (the one it was
registered with) and drops the table.

Revision ID: d2b6f1a4c3e5
Revises: c1a5e0f3b2d4
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d2b6f1a4c3e5"
down_revision = "c1a5e0f3b2d4"
branch_labels = None
depends_on = None

casus = sa.table(
    "casus",
    sa.column("id", sa.Integer),
    sa.column("ref", sa.String),
    sa.column("aanpak", sa.String),
    sa.column("aangemeld_op", sa.Date),
    sa.column("versie", sa.Integer),
)
gebeurtenis = sa.table(
    "gebeurtenis",
    sa.column("id", sa.Integer),
    sa.column("casus_id", sa.Integer),
    sa.column("volgnummer", sa.Integer),
    sa.column("transitie", sa.String),
    sa.column("aanpak", sa.String),
    sa.column("datum", sa.Date),
    sa.column("vervalt_id", sa.Integer),
)
casusalias = sa.table(
    "casusalias",
    sa.column("id", sa.Integer),
    sa.column("ref", sa.String),
    sa.column("casus_id", sa.Integer),
    sa.column("tot", sa.Date),
)


def _prefix(aanpak):
    from workflows import CATALOGUS

    return CATALOGUS.get(aanpak).casusprefix if aanpak in CATALOGUS else aanpak.upper()


def upgrade():
    op.create_table(
        "casusalias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=60), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("tot", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casus.id"], name=op.f("fk_casusalias_casus_id_casus")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casusalias")),
        sa.UniqueConstraint("ref", name=op.f("uq_casusalias_ref")),
    )
    with op.batch_alter_table("casusalias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casusalias_casus_id"), ["casus_id"], unique=False)
    _hernummer(op.get_bind())


def _hernummer(bind):
    """Renumber the cases omgezet before this migration (see the module docstring)."""
    g, c = gebeurtenis.alias("g"), gebeurtenis.alias("c")
    geldig = ~sa.exists().where(c.c.vervalt_id == g.c.id)
    # each case's omzetten events that no correction voided, the latest last
    rijen = bind.execute(
        sa.select(casus.c.id, casus.c.ref, casus.c.aanpak, casus.c.aangemeld_op, g.c.datum)
        .join(g, g.c.casus_id == casus.c.id)
        .where(g.c.transitie == "omzetten", geldig)
        .order_by(casus.c.id, g.c.volgnummer)
    ).all()
    laatste = {r.id: r for r in rijen}
    bezet = set(bind.execute(sa.select(casus.c.ref)).scalars())
    for r in laatste.values():
        prefix = _prefix(r.aanpak)
        if r.ref.startswith(f"{prefix}-"):
            continue
        nieuw = basis = f"{prefix}-{r.aangemeld_op.year}-{r.id:05d}"
        n = 1
        while nieuw in bezet:  # an imported number in the same pattern
            n += 1
            nieuw = f"{basis}-{n}"
        bezet.add(nieuw)
        bind.execute(sa.insert(casusalias).values(ref=r.ref, casus_id=r.id, tot=r.datum))
        bind.execute(
            sa.update(casus).where(casus.c.id == r.id).values(ref=nieuw, versie=casus.c.versie + 1)
        )


def downgrade():
    bind = op.get_bind()
    eerste = {}
    for casus_id, ref in bind.execute(
        sa.select(casusalias.c.casus_id, casusalias.c.ref).order_by(
            casusalias.c.tot.desc(), casusalias.c.id.desc()
        )
    ):
        eerste[casus_id] = ref  # the earliest alias wins
    for casus_id, ref in eerste.items():
        bind.execute(
            sa.update(casus)
            .where(casus.c.id == casus_id)
            .values(ref=ref, versie=casus.c.versie + 1)
        )
    with op.batch_alter_table("casusalias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casusalias_casus_id"))
    op.drop_table("casusalias")

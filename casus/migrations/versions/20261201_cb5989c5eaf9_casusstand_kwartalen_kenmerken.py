"""casusstand per kwartaal, met kenmerken; interventie with its person and age

States that have ended are cut at quarter starts (casus.casussen.projectie.per_kwartaal),
so the rows holding a date end by the next quarter's start; every row gets the case's
current herkomst (ondermijning), woningtype, wijk and soort (woonoverlast); two partial
covering indexes replace the
report index. Interventions get their case's person and whether that person was under 18
on the day (casus.casussen.models.Interventie.afgeleid), with an index on their date.
The data steps are ``vul`` (upgrade) and ``VULLEN_OUD`` (downgrade: the rows as revision
e1f66921ec30 wrote them, its statement unchanged).

Revision ID: cb5989c5eaf9
Revises: 35d430ee404a
Create Date: 2026-12-01 21:00:00.000000

"""

from datetime import date

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


# revision identifiers, used by Alembic.
revision = "cb5989c5eaf9"
down_revision = "35d430ee404a"
branch_labels = None
depends_on = None

OPEN_EINDE = date(9999, 12, 31)
KENMERKEN = ("herkomst", "woningtype", "wijk", "soort")
PER_AANPAK = {"ondermijning": ("herkomst",), "woonoverlast": ("woningtype", "wijk", "soort")}
OUDE_INDEX = [
    "eindstatus",
    "tot",
    "vanaf",
    "casus_id",
    "aanpak",
    "status",
    "opname",
    "reden",
    "aangemeld_op",
    "persoon_id",
]
SLEUTEL = ["aanpak", "status", "reden", *KENMERKEN]
FEITEN = ["opname", "aangemeld_op", "persoon_id", "eindstatus"]


def _eindstatus(waarde):
    return {
        "sqlite_where": sa.text(f"eindstatus = {int(waarde)}"),
        "postgresql_where": sa.text(f"eindstatus = {str(waarde).lower()}"),
    }


def upgrade():
    with op.batch_alter_table("casusstand", schema=None) as batch_op:
        for kolom in KENMERKEN:
            batch_op.add_column(sa.Column(kolom, sa.String(length=200), nullable=True))
        batch_op.drop_index("ix_casusstand_rapport")
    with op.batch_alter_table("interventie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("persoon_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("minderjarig", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_interventie_persoon_id_persoon"), "persoon", ["persoon_id"], ["id"]
        )
        batch_op.drop_index("ix_interventie_type_datum")
    vul(op.get_bind())
    # the indexes after the data: cheaper than keeping them up to date while filling
    with op.batch_alter_table("casusstand", schema=None) as batch_op:
        batch_op.create_index(
            "ix_casusstand_open",
            ["tot", *SLEUTEL, "vanaf", *FEITEN],
            unique=False,
            **_eindstatus(False),
        )
        batch_op.create_index(
            "ix_casusstand_eind",
            ["vanaf", *SLEUTEL, "tot", *FEITEN],
            unique=False,
            **_eindstatus(True),
        )
    with op.batch_alter_table("interventie", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interventie_rapport", ["datum", "type", "persoon_id", "minderjarig"], unique=False
        )


def _kwartaal_na(d):
    maand = (d.month - 1) // 3 * 3 + 4
    return date(d.year + 1, 1, 1) if maand > 12 else date(d.year, maand, 1)


def vul(bind):
    """Cut the rows of ended states at quarter starts; copy the kenmerken onto the rows
    of the aanpak that breaks them down."""
    stand = sa.table(
        "casusstand",
        sa.column("id", sa.Integer),
        sa.column("casus_id"),
        sa.column("vanaf", sa.Date),
        sa.column("tot", sa.Date),
        sa.column("aanpak", sa.String),
        *(sa.column(k, sa.String) for k in KENMERKEN),
    )
    casus = sa.table(
        "casus",
        sa.column("id", sa.Integer),
        sa.column("kenmerken", sa.JSON().with_variant(JSONB(), "postgresql")),
    )
    eerste, laatste, hoogste = bind.execute(
        sa.select(
            sa.func.min(stand.c.vanaf), sa.func.max(stand.c.tot), sa.func.max(stand.c.id)
        ).where(stand.c.tot != OPEN_EINDE)
    ).one()
    if hoogste is not None:
        kwartalen = []
        begin = date(eerste.year, (eerste.month - 1) // 3 * 3 + 1, 1)
        while begin < laatste:
            kwartalen.append({"kw_begin": begin, "kw_einde": _kwartaal_na(begin)})
            begin = kwartalen[-1]["kw_einde"]
        kwartaal = sa.Table(
            "casusstand_kwartaal",
            sa.MetaData(),
            sa.Column("kw_begin", sa.Date, primary_key=True),
            sa.Column("kw_einde", sa.Date, nullable=False),
        )
        kwartaal.create(bind)
        bind.execute(kwartaal.insert(), kwartalen)
        bind.execute(
            sa.text(KNIPPEN).bindparams(
                sa.bindparam("hoogste", hoogste),
                sa.bindparam("open_einde", OPEN_EINDE, type_=sa.Date),
            )
        )
        bind.execute(sa.delete(stand).where(stand.c.id <= hoogste, stand.c.tot != OPEN_EINDE))
        kwartaal.drop(bind)
    for aanpak, codes in PER_AANPAK.items():
        waarden = {
            k: sa.select(sa.func.nullif(casus.c.kenmerken[k].as_string(), ""))
            .where(casus.c.id == stand.c.casus_id)
            .scalar_subquery()
            for k in codes
        }
        bind.execute(sa.update(stand).where(stand.c.aanpak == aanpak).values(**waarden))
    _vul_interventies(bind)


def _dagnummer(kolom):
    return (
        sa.extract("year", kolom) * 10000
        + sa.extract("month", kolom) * 100
        + sa.extract("day", kolom)
    ).cast(sa.Integer)


def _vul_interventies(bind):
    """The case's person, and under 18 on the day (YYYYMMDD difference below 180000)."""
    interventie = sa.table(
        "interventie",
        sa.column("casus_id"),
        sa.column("datum", sa.Date),
        sa.column("persoon_id"),
        sa.column("minderjarig", sa.Boolean),
    )
    casus = sa.table("casus", sa.column("id"), sa.column("persoon_id"))
    persoon = sa.table("persoon", sa.column("id"), sa.column("geboortedatum", sa.Date))
    minder = (
        sa.select((_dagnummer(interventie.c.datum) - _dagnummer(persoon.c.geboortedatum)) < 180000)
        .select_from(casus.join(persoon, persoon.c.id == casus.c.persoon_id))
        .where(casus.c.id == interventie.c.casus_id)
        .scalar_subquery()
    )
    bind.execute(
        sa.update(interventie).values(
            persoon_id=sa.select(casus.c.persoon_id)
            .where(casus.c.id == interventie.c.casus_id)
            .scalar_subquery(),
            minderjarig=sa.func.coalesce(minder, sa.false()),
        )
    )


# a new row for every quarter a row of an ended state overlaps (ids above :hoogste)
KNIPPEN = """
INSERT INTO casusstand (casus_id, vanaf, tot, aanpak, status, eindstatus, reden, opname,
                        aangemeld_op, persoon_id)
SELECT s.casus_id,
       CASE WHEN k.kw_begin > s.vanaf THEN k.kw_begin ELSE s.vanaf END,
       CASE WHEN k.kw_einde < s.tot THEN k.kw_einde ELSE s.tot END,
       s.aanpak, s.status, s.eindstatus, s.reden, s.opname, s.aangemeld_op, s.persoon_id
FROM casusstand s JOIN casusstand_kwartaal k ON k.kw_begin < s.tot AND k.kw_einde > s.vanaf
WHERE s.id <= :hoogste AND s.tot <> :open_einde
ORDER BY s.id, k.kw_begin
"""


def downgrade():
    op.execute(sa.text("DELETE FROM casusstand"))
    with op.batch_alter_table("interventie", schema=None) as batch_op:
        batch_op.drop_index("ix_interventie_rapport")
        batch_op.drop_constraint(
            batch_op.f("fk_interventie_persoon_id_persoon"), type_="foreignkey"
        )
        batch_op.drop_column("minderjarig")
        batch_op.drop_column("persoon_id")
        batch_op.create_index("ix_interventie_type_datum", ["type", "datum"], unique=False)
    with op.batch_alter_table("casusstand", schema=None) as batch_op:
        batch_op.drop_index("ix_casusstand_eind", **_eindstatus(True))
        batch_op.drop_index("ix_casusstand_open", **_eindstatus(False))
        batch_op.create_index("ix_casusstand_rapport", OUDE_INDEX, unique=False)
        for kolom in KENMERKEN:
            batch_op.drop_column(kolom)
    op.execute(
        sa.text(VULLEN_OUD).bindparams(sa.bindparam("open_einde", OPEN_EINDE, type_=sa.Date))
    )


# revision e1f66921ec30's fill: one row per state, uncut
VULLEN_OUD = """
INSERT INTO casusstand (casus_id, vanaf, tot, aanpak, status, eindstatus, reden, opname,
                        aangemeld_op, persoon_id)
SELECT casus_id, datum, tot, aanpak, naar_status,
       naar_status IN ('niet_opgenomen', 'succesvol_afgesloten', 'niet_succesvol_afgesloten',
                       'overgedragen'),
       reden, opname, aangemeld_op, persoon_id
FROM (
    SELECT g.casus_id, g.datum, g.aanpak, g.naar_status, g.reden, c.aangemeld_op, c.persoon_id,
           COALESCE(LEAD(g.datum) OVER (PARTITION BY g.casus_id ORDER BY g.volgnummer),
                    :open_einde) AS tot,
           MAX(CASE WHEN g.transitie = 'triageren' THEN g.datum END)
               OVER (PARTITION BY g.casus_id ORDER BY g.volgnummer
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS opname
    FROM gebeurtenis g JOIN casus c ON c.id = g.casus_id
    WHERE g.transitie NOT IN ('corrigeren', 'toewijzen', 'aanhouden')
      AND NOT EXISTS (SELECT 1 FROM gebeurtenis v WHERE v.vervalt_id = g.id)
) s
WHERE tot > datum
"""

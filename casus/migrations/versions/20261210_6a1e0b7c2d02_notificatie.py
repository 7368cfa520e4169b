"""notifications in the application (issue 19)

``notificatie``: one row per recipient: its kind (a code of casus.notificaties.SOORTEN),
the case or signal it concerns (deleted with it), a Dutch text without personal data, a
relative link, an optional key (unique per user: notifying twice adds nothing), when it
was made and read. The index (gebruiker_id, gelezen_op) serves the header's count.

Revision ID: 6a1e0b7c2d02
Revises: 6a1e0b7c2d01
Create Date: 2026-12-10 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "6a1e0b7c2d02"
down_revision = "6a1e0b7c2d01"
branch_labels = None
depends_on = None

SOORTEN = (
    "toegewezen",
    "termijn_nadert",
    "termijn_verlopen",
    "triagebesluit",
    "signaal",
    "taak_mislukt",
    "controle_mislukt",
    "bewaartermijn",
)


def upgrade():
    op.create_table(
        "notificatie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.Column("signaal_id", sa.Integer(), nullable=True),
        sa.Column("tekst", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("sleutel", sa.String(length=120), nullable=True),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("gelezen_op", casus.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "soort IN (" + ", ".join(f"'{c}'" for c in SOORTEN) + ")",
            name=op.f("ck_notificatie_soort"),
        ),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_notificatie_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_notificatie_gebruiker_id_gebruiker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signaal_id"],
            ["signaal.id"],
            name=op.f("fk_notificatie_signaal_id_signaal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notificatie")),
        sa.UniqueConstraint(
            "gebruiker_id", "sleutel", name=op.f("uq_notificatie_gebruiker_id_sleutel")
        ),
    )
    with op.batch_alter_table("notificatie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notificatie_casus_id"), ["casus_id"], unique=False)
        batch_op.create_index(
            "ix_notificatie_gebruiker_gelezen", ["gebruiker_id", "gelezen_op"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notificatie_signaal_id"), ["signaal_id"], unique=False)


def downgrade():
    with op.batch_alter_table("notificatie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notificatie_signaal_id"))
        batch_op.drop_index("ix_notificatie_gebruiker_gelezen")
        batch_op.drop_index(batch_op.f("ix_notificatie_casus_id"))
    op.drop_table("notificatie")

"""bewaard formulier: what a user had typed when the session expired, kept on the server
until they log in again; and the content hash of a processed form (a form sent again
after Back is recognised)

Revision ID: e3c7a2b5d4f6
Revises: d2b6f1a4c3e5
Create Date: 2026-12-06 06:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "e3c7a2b5d4f6"
down_revision = "d2b6f1a4c3e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bewaard_formulier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sleutel_hash", sa.String(length=64), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("pagina", sa.String(length=500), nullable=False),
        sa.Column("formulier", sa.String(length=200), nullable=False),
        sa.Column("velden", sa.Text(), nullable=False),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("verloopt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_bewaard_formulier_gebruiker_id_gebruiker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bewaard_formulier")),
    )
    with op.batch_alter_table("bewaard_formulier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bewaard_formulier_sleutel_hash"), ["sleutel_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_bewaard_formulier_verloopt_op"), ["verloopt_op"], unique=False
        )
    with op.batch_alter_table("formuliertoken", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inhoud_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_formuliertoken_inhoud_hash"), ["inhoud_hash"], unique=False
        )


def downgrade():
    with op.batch_alter_table("formuliertoken", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_formuliertoken_inhoud_hash"))
        batch_op.drop_column("inhoud_hash")
    with op.batch_alter_table("bewaard_formulier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bewaard_formulier_verloopt_op"))
        batch_op.drop_index(batch_op.f("ix_bewaard_formulier_sleutel_hash"))
    op.drop_table("bewaard_formulier")

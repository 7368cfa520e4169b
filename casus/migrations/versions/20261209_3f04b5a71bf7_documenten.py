"""documents on a case or a signal, and their versions (issue 20)

``document``: on a case or on a signal (exactly one of the two), with a title, a kind
(a code of casus.documenten.soorten, checked per aanpak by the service), its own date
and a confidentiality level (ZGW's eight; a label, access follows the case).
``documentversie``: numbered 1, 2, ... per document, the checked file's name, type,
size and SHA-256, and the random key the storage holds the content under (unique).
The content itself is not in the database: a downgrade drops the rows, the files stay
in the storage (``flask --app casus documenten opruimen`` lists them as orphans).

Revision ID: 3f04b5a71bf7
Revises: 7c3e9a1f5b2d
Create Date: 2026-12-08 10:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

import casus.db


# revision identifiers, used by Alembic.
revision = "3f04b5a71bf7"
down_revision = "7c3e9a1f5b2d"
branch_labels = None
depends_on = None

VERTROUWELIJKHEDEN = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)


def upgrade():
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.Column("signaal_id", sa.Integer(), nullable=True),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("vertrouwelijkheid", sa.String(length=20), nullable=False),
        sa.Column("aangemaakt_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(casus_id IS NULL) <> (signaal_id IS NULL)",
            name=op.f("ck_document_casus_of_signaal"),
        ),
        sa.CheckConstraint(
            "vertrouwelijkheid IN (" + ", ".join(f"'{c}'" for c in VERTROUWELIJKHEDEN) + ")",
            name=op.f("ck_document_vertrouwelijkheid"),
        ),
        sa.ForeignKeyConstraint(
            ["aangemaakt_door_id"],
            ["gebruiker.id"],
            name=op.f("fk_document_aangemaakt_door_id_gebruiker"),
        ),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casus.id"], name=op.f("fk_document_casus_id_casus")
        ),
        sa.ForeignKeyConstraint(
            ["signaal_id"], ["signaal.id"], name=op.f("fk_document_signaal_id_signaal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_casus_id"), ["casus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_signaal_id"), ["signaal_id"], unique=False)

    op.create_table(
        "documentversie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("bestandsnaam", sa.String(length=255), nullable=False),
        sa.Column("mediatype", sa.String(length=200), nullable=False),
        sa.Column("grootte", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("opslag_sleutel", sa.String(length=200), nullable=False),
        sa.Column("geupload_op", casus.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=True),
        sa.Column("toelichting", sa.String(length=200), nullable=True),
        sa.CheckConstraint("versie >= 1", name=op.f("ck_documentversie_versie_positief")),
        sa.CheckConstraint("grootte > 0", name=op.f("ck_documentversie_grootte_positief")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_documentversie_sha256_lengte")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_documentversie_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["gebruiker.id"],
            name=op.f("fk_documentversie_gebruiker_id_gebruiker"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documentversie")),
        sa.UniqueConstraint(
            "document_id", "versie", name=op.f("uq_documentversie_document_id_versie")
        ),
        sa.UniqueConstraint("opslag_sleutel", name=op.f("uq_documentversie_opslag_sleutel")),
    )


def downgrade():
    op.drop_table("documentversie")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_signaal_id"))
        batch_op.drop_index(batch_op.f("ix_document_casus_id"))
    op.drop_table("document")

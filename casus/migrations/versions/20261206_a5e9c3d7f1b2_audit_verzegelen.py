"""audit chain sealed after commit instead of under a global lock: every record gets its
place in the chain (volgnummer) and its hashes from the seal (casus.audit.zegel); the
records so far keep theirs, at the place of their id

Revision ID: a5e9c3d7f1b2
Revises: f4d8b3c6e5a7
Create Date: 2026-12-06 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a5e9c3d7f1b2"
down_revision = "f4d8b3c6e5a7"
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("volgnummer", sa.Integer(), nullable=True))
        batch_op.alter_column("vorige_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_record_volgnummer"), ["volgnummer"])
        batch_op.create_index(
            "ix_audit_record_onverzegeld",
            ["id"],
            unique=False,
            sqlite_where=sa.text("volgnummer IS NULL"),
            postgresql_where=sa.text("volgnummer IS NULL"),
        )
    if postgres:
        # the trigger lets the seal through (a snapshot of casus.audit.rechten.TRIGGER_SQL
        # at this revision), before the records so far are given their place
        op.execute(VERZEGELEN_TOEGESTAAN)
    # the chain so far was numbered by id from 1 without gaps
    op.execute("UPDATE audit_record SET volgnummer = id")
    if postgres:
        # ids were given by the application until now; from here the sequence gives them
        op.execute(
            "SELECT setval(pg_get_serial_sequence('audit_record', 'id'), "
            "COALESCE(MAX(id), 0) + 1, false) FROM audit_record"
        )


VERZEGELEN_TOEGESTAAN = """
CREATE OR REPLACE FUNCTION audit_record_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.volgnummer IS NULL AND NEW.volgnummer IS NOT NULL
        AND NEW.vorige_hash IS NOT NULL AND NEW.hash IS NOT NULL
        AND (OLD.hash IS NULL
             OR (OLD.hash = NEW.hash AND OLD.vorige_hash = NEW.vorige_hash))
        AND (to_jsonb(NEW) - 'volgnummer' - 'vorige_hash' - 'hash')
            = (to_jsonb(OLD) - 'volgnummer' - 'vorige_hash' - 'hash')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'audit_record is alleen-toevoegen: ' || TG_OP || ' is niet toegestaan';
END
$$;
"""

ALLEEN_TOEVOEGEN = """
CREATE OR REPLACE FUNCTION audit_record_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'audit_record is alleen-toevoegen: ' || TG_OP || ' is niet toegestaan';
END
$$;
"""


def downgrade():
    # only a fully sealed log goes back: the old chain is numbered by id
    with op.batch_alter_table("audit_record", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_record_onverzegeld")
        batch_op.drop_constraint(batch_op.f("uq_audit_record_volgnummer"), type_="unique")
        batch_op.drop_column("volgnummer")
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("vorige_hash", existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ALLEEN_TOEVOEGEN)

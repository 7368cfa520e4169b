"""PostgreSQL protection of the verwerkingenlog: nobody changes or deletes a record.

Two layers (docs/audit.md): a trigger that refuses DELETE and every UPDATE but the
seal (``casus.audit.zegel``: setting ``volgnummer``, ``vorige_hash`` and ``hash`` once,
on a row not sealed yet, nothing else changed) for every role, and grants that give the
application's role SELECT, INSERT and UPDATE of those three columns only. The
application's role must not own the table (the owner could drop the trigger): run
migrations as a separate owner role.
"""

from __future__ import annotations

import re

TRIGGER_SQL = """\
CREATE OR REPLACE FUNCTION audit_record_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- the seal: a row's place and hashes, set once; its content stays as it was
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
DROP TRIGGER IF EXISTS audit_record_alleen_toevoegen ON audit_record;
CREATE TRIGGER audit_record_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_alleen_toevoegen();
"""


def grants_sql(rol: str) -> str:
    """Grants for the application's database role ``rol`` on the audit table."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", rol):
        raise ValueError(f"ongeldige rolnaam {rol!r}")
    return (
        f"REVOKE ALL ON audit_record FROM {rol};\n"
        f"GRANT SELECT, INSERT ON audit_record TO {rol};\n"
        f"GRANT UPDATE (volgnummer, vorige_hash, hash) ON audit_record TO {rol};\n"
        f"GRANT USAGE ON SEQUENCE audit_record_id_seq TO {rol};\n"
    )


def rechten_sql(rol: str | None) -> str:
    return TRIGGER_SQL + (grants_sql(rol) if rol else "")

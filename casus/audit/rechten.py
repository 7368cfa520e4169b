"""PostgreSQL protection of the verwerkingenlog: nobody updates or deletes a record.

Two layers (docs/audit.md): a trigger that refuses UPDATE and DELETE for every
role, and grants that give the application's role only SELECT and INSERT. The
application's role must not own the table (the owner could drop the trigger):
run migrations as a separate owner role.
"""

from __future__ import annotations

import re

TRIGGER_SQL = """\
CREATE OR REPLACE FUNCTION audit_record_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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
        f"REVOKE ALL ON audit_record FROM {rol};\nGRANT SELECT, INSERT ON audit_record TO {rol};\n"
    )


def rechten_sql(rol: str | None) -> str:
    return TRIGGER_SQL + (grants_sql(rol) if rol else "")

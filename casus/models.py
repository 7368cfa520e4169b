"""Import every model module, so the metadata (and Alembic) sees all tables."""

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.personen.models import Persoon, PolitieContact
from casus.privacy.models import Opschoning
from casus.signalen.models import Signaal

__all__ = [
    "AuditRecord", "Casus", "Gebeurtenis", "Gebruiker", "GebruikerRol", "Interventie",
    "Leefgebiedenscore", "Notitie", "Opschoning", "Persoon", "PolitieContact", "Signaal",
    "Teamlid",
]

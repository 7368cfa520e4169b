"""Import every model module, so the metadata (and Alembic) sees all tables."""

from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.personen.models import Persoon, PolitieContact
from casus.rapportage.models import Vaststelling
from casus.signalen.models import Signaal

__all__ = [
    "Casus", "Gebeurtenis", "Gebruiker", "GebruikerRol", "Interventie", "Leefgebiedenscore",
    "Notitie", "Persoon", "PolitieContact", "Signaal", "Teamlid", "Vaststelling",
]

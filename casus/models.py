"""Import every model module, so the metadata (and Alembic) sees all tables."""

from casus.auth.models import Gebruiker, GebruikerRol, Herstelcode, Sessie, Teamlid
from casus.beveiliging.models import Inlogteller
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal

__all__ = [
    "Casus", "Gebeurtenis", "Gebruiker", "GebruikerRol", "Herstelcode", "Inlogteller", "Sessie", "Interventie", "Leefgebiedenscore",
    "Notitie", "Persoon", "PolitieContact", "Signaal", "Teamlid",
]

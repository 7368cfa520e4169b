"""Import every model module, so the metadata (and Alembic) sees all tables."""

from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.werkplek.models import Formuliertoken

__all__ = [
    "Casus", "Formuliertoken", "Gebeurtenis", "Gebruiker", "GebruikerRol", "Interventie", "Leefgebiedenscore",
    "Notitie", "Persoon", "PolitieContact", "Signaal", "Teamlid",
]

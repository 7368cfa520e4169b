"""Import every model module, so the metadata (and Alembic) sees all tables."""

from casus.api.models import Apiclient
from casus.audit.models import AuditRecord
from casus.auth.models import (
    Gebruiker,
    GebruikerRol,
    Herstelcode,
    Sessie,
    SsoIdentiteit,
    Teamlid,
)
from casus.beveiliging.models import Inlogteller
from casus.brp.models import BrpControle, BrpWijziging
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.documenten.models import Document, Documentversie
from casus.notificaties.models import Notificatie
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    PartneroverlegDeelnemer,
    Samenwerkingsverband,
    Terugmelding,
    Verstrekking,
)
from casus.personen.models import Persoon, PolitieContact
from casus.privacy.models import Opschoning
from casus.rapportage.models import Vaststelling
from casus.signalen.models import Signaal
from casus.taken.models import Taak
from casus.triage.models import AgendaPunt, Overleg, OverlegAanpak, OverlegDeelnemer
from casus.werkplek.models import Formuliertoken

__all__ = [
    "Afspraak",
    "AgendaPunt",
    "Apiclient",
    "AuditRecord",
    "BrpControle",
    "BrpWijziging",
    "Casus",
    "Deelitem",
    "Document",
    "Documentversie",
    "Formuliertoken",
    "Gebeurtenis",
    "Gebruiker",
    "GebruikerRol",
    "Herstelcode",
    "Inlogteller",
    "Interventie",
    "Leefgebiedenscore",
    "Notificatie",
    "Notitie",
    "Opschoning",
    "Overleg",
    "OverlegAanpak",
    "OverlegDeelnemer",
    "Partneragendapunt",
    "Partnerorganisatie",
    "Partneroverleg",
    "PartneroverlegDeelnemer",
    "Persoon",
    "PolitieContact",
    "Samenwerkingsverband",
    "Sessie",
    "Signaal",
    "SsoIdentiteit",
    "Taak",
    "Teamlid",
    "Terugmelding",
    "Vaststelling",
    "Verstrekking",
]

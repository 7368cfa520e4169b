"""Every main page of the application, with the demo user who opens it.

Paths are filled in with the ids of the demo server (``tests.hulp.demodata.vul``). Used by the
accessibility checks and the screenshots.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pagina:
    naam: str  # test id and screenshot file name
    gebruiker: str | None  # demo user (casus.demo); None: not logged in
    pad: str  # format string over the demo ids
    status: int = 200

    def url(self, ids: dict[str, str]) -> str:
        return self.pad.format(**ids)


PAGINAS: tuple[Pagina, ...] = (
    # public
    Pagina("inloggen", None, "/inloggen"),
    Pagina("meldpunt", None, "/meldpunt"),
    Pagina("meldpunt-privacy", None, "/meldpunt/privacy"),
    # regisseur (PGA Jeugd and IPTA)
    Pagina("mijn-casussen", "regisseur", "/"),
    Pagina("werkvoorraad", "regisseur", "/werkvoorraad/pga_jeugd"),
    Pagina("aanmelding-kies", "regisseur", "/aanmelding"),
    Pagina("aanmelding", "regisseur", "/aanmelding/pga_jeugd?zoek={achternaam}"),
    Pagina("casus", "regisseur", "/casus/{casus}"),
    Pagina("persoon", "regisseur", "/persoon/{persoon}"),
    Pagina("zoeken", "regisseur", "/zoeken?q={achternaam}"),
    Pagina("mfa-instellen", "regisseur", "/mfa/instellen"),
    Pagina("niet-gevonden", "regisseur", "/casus/999999", status=404),
    # triage
    Pagina("triage-wachtrij", "triage", "/triage/"),
    Pagina("triage-review", "triage", "/triage/review"),
    Pagina("triage-reviewlijst", "triage", "/triage/review?lijst=geen_contact"),
    Pagina("triage-casus", "triage", "/triage/casussen/{triagecasus}"),
    Pagina("triage-overleggen", "triage", "/triage/overleggen"),
    Pagina("triage-overleg-nieuw", "triage", "/triage/overleggen/nieuw"),
    Pagina("triage-overleg", "triage", "/triage/overleggen/{overleg}"),
    Pagina("triage-vergadermodus", "triage", "/triage/overleggen/{overleg}/punt/1"),
    Pagina("triage-verslag", "triage", "/triage/overleggen/{overleg}/verslag"),
    # signalen (cluster ondermijning)
    Pagina("signalen", "ondermijning", "/signalen"),
    Pagina("signaal-nieuw", "ondermijning", "/signalen/nieuw"),
    Pagina("signaal", "ondermijning", "/signalen/{signaal}"),
    Pagina("signaal-omzetten", "ondermijning", "/signalen/{signaal}/omzetten"),
    Pagina("signalenoverleg", "ondermijning", "/signalen/overleg"),
    # manager
    Pagina("rapportage", "manager", "/rapportage/"),
    Pagina("dashboard", "manager", "/dashboard/"),
    Pagina("dashboard-wijken", "manager", "/dashboard/wijken"),
    Pagina("dashboard-infographic", "manager", "/dashboard/infographic"),
    # privacy
    Pagina("auditlog", "privacy", "/privacy/auditlog"),
    Pagina("signalering", "privacy", "/privacy/signalering"),
    Pagina("inzageverzoeken", "privacy", "/privacy/personen?q={achternaam}"),
    Pagina("inzage", "privacy", "/privacy/personen/{persoon}/inzage"),
    Pagina("persoon-bekeken", "privacy", "/privacy/personen/{persoon}/bekeken"),
    Pagina("gebruiker-geopend", "privacy", "/privacy/gebruikers/{gebruiker}/geopend"),
    # beheer
    Pagina("gebruikers", "beheerder", "/beheer/gebruikers"),
    Pagina("gebruiker-nieuw", "beheerder", "/beheer/gebruikers/nieuw"),
    Pagina("gebruiker", "beheerder", "/beheer/gebruikers/{gebruiker}"),
)

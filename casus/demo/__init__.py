"""Demo data: a user per role and a synthetic caseload (deterministic)."""

from __future__ import annotations

from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.auth.services import maak_gebruiker
from casus.extensions import db

DEMO_WACHTWOORD = "demo-wachtwoord-2025"  # noqa: S105 - printed for the demo, never in production

# (gebruikersnaam, omschrijving, rollen)
DEMO_GEBRUIKERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("regisseur", "netwerkregisseur PGA Jeugd en IPTA-coach",
     ("regisseur:pga_jeugd", "regisseur:ipta")),
    ("regisseur2", "netwerkregisseur PGA Jeugd", ("regisseur:pga_jeugd",)),
    ("rio", "re-integratieofficier", ("regisseur:rio",)),
    ("pgar", "casusregisseur PGA-R (PARTA)", ("regisseur:pga_r", "triage:pga_r")),
    ("ondermijning", "medewerker cluster ondermijning",
     ("regisseur:ondermijning", "triage:ondermijning")),
    ("woonoverlast", "casusregisseur woonoverlast",
     ("regisseur:woonoverlast", "triage:woonoverlast")),
    ("triage", "voorzitter weeg- en triageoverleg PGA Jeugd, IPTA en RIO",
     ("triage:pga_jeugd", "triage:ipta", "triage:rio")),
    ("manager", "teamleider / beleidsadviseur", ("manager",)),
    ("privacy", "functionaris gegevensbescherming", ("privacy",)),
    ("beheerder", "applicatiebeheerder", ("beheerder",)),
)
DEMO_NAMEN = {
    "regisseur": "Jeroen de Vries",
    "regisseur2": "Fatima El Amrani",
    "rio": "Kees Bakker",
    "pgar": "Sanne Visser",
    "ondermijning": "Mark Jansen",
    "woonoverlast": "Linda Smit",
    "triage": "Ingrid Mulder",
    "manager": "Peter van Dijk",
    "privacy": "Anouk Meijer",
    "beheerder": "Tom Hendriks",
}


def maak_demo_gebruikers() -> dict[str, Gebruiker]:
    return {
        naam: maak_gebruiker(naam, DEMO_WACHTWOORD, naam=DEMO_NAMEN[naam], rollen=rollen)
        for naam, _, rollen in DEMO_GEBRUIKERS
    }


def vul_demo(schaal: int = 1, seed: int = 2025) -> str | None:
    """Fill an empty database; returns a Dutch summary, or None when data exists."""
    if db.session.scalar(select(func.count()).select_from(Gebruiker)):
        return None
    from casus.demo.caseload import genereer_caseload

    gebruikers = maak_demo_gebruikers()
    telling = genereer_caseload(gebruikers, schaal=schaal, seed=seed)
    return "Demogegevens aangemaakt: " + ", ".join(f"{n} {w}" for w, n in telling.items()) + "."

"""Demo data: a user per role and a synthetic caseload (deterministic)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.auth.services import lees_rol, maak_gebruiker
from casus.extensions import db
from casus.rapportage.cache import gegevens_gewijzigd

if TYPE_CHECKING:
    from casus.voortgang import Melder

DEMO_WACHTWOORD = "demo-wachtwoord-2025"  # printed for the demo, never in production

# (gebruikersnaam, omschrijving, rollen)
DEMO_GEBRUIKERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "regisseur",
        "netwerkregisseur PGA Jeugd en IPTA-coach",
        ("regisseur:pga_jeugd", "regisseur:ipta"),
    ),
    ("regisseur2", "netwerkregisseur PGA Jeugd", ("regisseur:pga_jeugd",)),
    ("rio", "re-integratieofficier", ("regisseur:rio",)),
    ("pgar", "casusregisseur PGA-R (PARTA)", ("regisseur:pga_r", "triage:pga_r")),
    (
        "ondermijning",
        "medewerker cluster ondermijning",
        ("regisseur:ondermijning", "triage:ondermijning"),
    ),
    (
        "woonoverlast",
        "casusregisseur woonoverlast",
        ("regisseur:woonoverlast", "triage:woonoverlast"),
    ),
    (
        "triage",
        "voorzitter weeg- en triageoverleg PGA Jeugd, IPTA en RIO",
        ("triage:pga_jeugd", "triage:ipta", "triage:rio"),
    ),
    ("manager", "teamleider / beleidsadviseur", ("manager",)),
    ("privacy", "functionaris gegevensbescherming", ("privacy",)),
    ("beheerder", "applicatiebeheerder", ("beheerder",)),
    # partner users (casus.demo.partners): no roles, MFA on a fixed secret
    ("politie", "partner: Politie Eenheid Den Haag (wijkagent)", ()),
    ("veiligthuis", "partner: Veilig Thuis Haaglanden", ()),
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
    "politie": "Bas Koster",
    "veiligthuis": "Naima Bouzid",
}


def maak_demo_gebruikers() -> dict[str, Gebruiker]:
    """The demo users; they share one password, so one argon2 hash (0.4 s each) does."""
    eerste_naam, _, eerste_rollen = DEMO_GEBRUIKERS[0]
    eerste = maak_gebruiker(
        eerste_naam, DEMO_WACHTWOORD, naam=DEMO_NAMEN[eerste_naam], rollen=eerste_rollen
    )
    gebruikers = {eerste_naam: eerste}
    for naam, _, rollen in DEMO_GEBRUIKERS[1:]:
        gelezen = sorted({lees_rol(r) for r in rollen}, key=str)
        g = Gebruiker(
            gebruikersnaam=naam,
            naam=DEMO_NAMEN[naam],
            actief=True,
            wachtwoord_hash=eerste.wachtwoord_hash,
        )
        g.rollen = [GebruikerRol(rol=r) for r, a in gelezen if a is None]
        g.teams = [Teamlid(rol=r, aanpak=a) for r, a in gelezen if a is not None]
        gebruikers[naam] = g
    db.session.add_all(gebruikers.values())
    db.session.flush()
    return gebruikers


def vul_demo(
    schaal: int = 1,
    seed: int = 2025,
    *,
    bulk: bool | None = None,
    voortgang: Melder | None = None,
) -> str | None:
    """Fill an empty database; returns a Dutch summary, or None when data exists.

    ``schaal`` copies of Zoetermeer's caseload (copy 0 is the same at every scale).
    At scale 1 every status change goes through the services; above it (or with
    ``bulk=True``) the bulk path writes the same rows much faster.
    """
    if db.session.scalar(select(func.count()).select_from(Gebruiker)):
        return None
    from casus.demo.opbouw import bouw
    from casus.demo.partners import maak_partnerdemo

    gebruikers = maak_demo_gebruikers()
    telling = bouw(
        gebruikers,
        schaal=schaal,
        seed=seed,
        bulk=schaal > 1 if bulk is None else bulk,
        voortgang=voortgang,  # the copies written (casus.voortgang)
    )
    # the casusoverleg met partners: a sent meeting with two of the regisseur's cases
    maak_partnerdemo(gebruikers)
    gegevens_gewijzigd(date.min)  # a whole history, reported from its first day
    return "Demogegevens aangemaakt: " + ", ".join(f"{n} {w}" for w, n in telling.items()) + "."

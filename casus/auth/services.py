"""Creating users and checking log-ins."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from casus.auth import wachtwoord
from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import nu
from workflows import CATALOGUS
from workflows.codes import GLOBALE_ROLLEN, TEAMROLLEN


def lees_rol(tekst: str) -> tuple[str, str | None]:
    """'manager' -> ('manager', None); 'regisseur:ipta' -> ('regisseur', 'ipta')."""
    rol, _, aanpak = tekst.strip().partition(":")
    if rol in GLOBALE_ROLLEN:
        if aanpak:
            raise Ongeldig(f"De rol '{rol}' geldt voor alle aanpakken; laat ':{aanpak}' weg.",
                           "rol")
        return rol, None
    if rol in TEAMROLLEN:
        if not aanpak:
            raise Ongeldig(f"De rol '{rol}' hoort bij een aanpak, bijvoorbeeld '{rol}:ipta'.",
                           "rol")
        if aanpak not in CATALOGUS:
            raise Ongeldig(f"Onbekende aanpak '{aanpak}' in rol '{tekst}'.", "rol")
        return rol, aanpak
    bekend = ", ".join([*GLOBALE_ROLLEN, *TEAMROLLEN])
    raise Ongeldig(f"Onbekende rol '{rol}'. Bekende rollen: {bekend}.", "rol")


def maak_gebruiker(
    gebruikersnaam: str, wachtwoord_: str, *, naam: str | None = None,
    rollen: Iterable[str] = (),
) -> Gebruiker:
    gebruikersnaam = gebruikersnaam.strip()
    if not gebruikersnaam or len(gebruikersnaam) > 80:
        raise Ongeldig("Een gebruikersnaam heeft 1 tot 80 tekens.", "gebruikersnaam")
    bezwaar = wachtwoord.zwakte(wachtwoord_)
    if bezwaar:
        raise Ongeldig(bezwaar, "wachtwoord")
    if db.session.scalar(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == gebruikersnaam)):
        raise Ongeldig(f"De gebruikersnaam '{gebruikersnaam}' bestaat al.", "gebruikersnaam")
    gelezen = {lees_rol(r) for r in rollen}
    gebruiker = Gebruiker(
        gebruikersnaam=gebruikersnaam,
        naam=(naam or gebruikersnaam).strip(),
        wachtwoord_hash=wachtwoord.maak_hash(wachtwoord_),
        actief=True,
    )
    gebruiker.rollen = [GebruikerRol(rol=r) for r, a in sorted(gelezen, key=str) if a is None]
    gebruiker.teams = [
        Teamlid(rol=r, aanpak=a) for r, a in sorted(gelezen, key=str) if a is not None
    ]
    db.session.add(gebruiker)
    db.session.flush()
    return gebruiker


def controleer_inlog(gebruikersnaam: str, wachtwoord_: str) -> Gebruiker | None:
    """The active user with this name and password, or None (same cost either way)."""
    gebruiker = db.session.scalar(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam.strip())
    )
    ok = wachtwoord.controleer(gebruiker.wachtwoord_hash if gebruiker else None, wachtwoord_)
    if not ok or gebruiker is None or not gebruiker.actief:
        return None
    if wachtwoord.moet_opnieuw(gebruiker.wachtwoord_hash):
        gebruiker.wachtwoord_hash = wachtwoord.maak_hash(wachtwoord_)
    gebruiker.laatst_ingelogd_op = nu()
    db.session.flush()
    return gebruiker


def bekende_gebruiker(gebruikersnaam: str) -> Gebruiker | None:
    """The user with this name, if any (to attribute a failed log-in in the audit log)."""
    return db.session.scalar(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam.strip()))

"""Creating users, logging in (every step of the log-in decided here) and changing
one's own password."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy import select

from casus.audit import log_actie, log_weigering
from casus.auth import mfa, sessies, wachtwoord
from casus.auth.models import Gebruiker, GebruikerRol, Teamlid
from casus.beveiliging import pogingen
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import nu
from casus.toegang.policy import mfa_altijd_verplicht
from casus.werkeenheid import herhaal_na_terugdraaien
from workflows import CATALOGUS
from workflows.codes import GLOBALE_ROLLEN, TEAMROLLEN


def lees_rol(tekst: str) -> tuple[str, str | None]:
    """'manager' -> ('manager', None); 'regisseur:ipta' -> ('regisseur', 'ipta')."""
    rol, _, aanpak = tekst.strip().partition(":")
    if rol in GLOBALE_ROLLEN:
        if aanpak:
            raise Ongeldig(
                f"De rol '{rol}' geldt voor alle aanpakken; laat ':{aanpak}' weg.", "rol"
            )
        return rol, None
    if rol in TEAMROLLEN:
        if not aanpak:
            raise Ongeldig(
                f"De rol '{rol}' hoort bij een aanpak, bijvoorbeeld '{rol}:ipta'.", "rol"
            )
        if aanpak not in CATALOGUS:
            raise Ongeldig(f"Onbekende aanpak '{aanpak}' in rol '{tekst}'.", "rol")
        return rol, aanpak
    bekend = ", ".join([*GLOBALE_ROLLEN, *TEAMROLLEN])
    raise Ongeldig(f"Onbekende rol '{rol}'. Bekende rollen: {bekend}.", "rol")


# the characters of a username typed at a door (the beheer form, the command line);
# README "Gebruikers en rollen" documents it
GEBRUIKERSNAAM_PATROON = re.compile(r"[a-z0-9._-]{2,40}")
GEBRUIKERSNAAM_UITLEG = (
    "2 tot 40 tekens: kleine letters (a-z), cijfers, punt, streepje en liggend streepje "
    "(_), zonder spaties."
)
GEBRUIKERSNAAM_ONGELDIG = "Een gebruikersnaam heeft " + GEBRUIKERSNAAM_UITLEG


def controleer_gebruikersnaam(gebruikersnaam: str) -> None:
    """Refuse (in Dutch, at the field) a username outside the documented character set."""
    if not GEBRUIKERSNAAM_PATROON.fullmatch(gebruikersnaam):
        raise Ongeldig(GEBRUIKERSNAAM_ONGELDIG, "gebruikersnaam")


def geef_rollen(gebruiker: Gebruiker, gelezen: Iterable[tuple[str, str | None]]) -> None:
    """Set the user's global roles and team memberships to ``gelezen`` (from ``lees_rol``)."""
    rollen = sorted(set(gelezen), key=str)
    gebruiker.rollen = [GebruikerRol(rol=r) for r, a in rollen if a is None]
    gebruiker.teams = [Teamlid(rol=r, aanpak=a) for r, a in rollen if a is not None]


def maak_gebruiker(
    gebruikersnaam: str,
    wachtwoord_: str,
    *,
    naam: str | None = None,
    rollen: Iterable[str] = (),
    moet_wijzigen: bool = False,
) -> Gebruiker:
    """A new user. ``moet_wijzigen``: the password was chosen by someone else, the user
    changes it at the next log-in."""
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
        moet_wachtwoord_wijzigen=moet_wijzigen,
    )
    geef_rollen(gebruiker, gelezen)
    db.session.add(gebruiker)
    db.session.flush()
    return gebruiker


def controleer_inlog(gebruikersnaam: str, wachtwoord_: str) -> Gebruiker | None:
    """The active user with this name and password, or None (same cost either way)."""
    return _controleer_inlog(gebruikersnaam, wachtwoord_)[0]


def _controleer_inlog(gebruikersnaam: str, wachtwoord_: str) -> tuple[Gebruiker | None, bool]:
    """``controleer_inlog``, and whether the password was right for an SSO-only account
    (refused all the same: one hash computed either way)."""
    gebruiker = db.session.scalar(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam.strip())
    )
    if gebruiker is not None and gebruiker.is_api_client:
        gebruiker = None  # an API client's account has no password: as if unknown
    ok = wachtwoord.controleer(gebruiker.wachtwoord_hash if gebruiker else None, wachtwoord_)
    # an account limited to single sign-on is refused even with its (old) password
    if not ok or gebruiker is None or not gebruiker.actief or gebruiker.alleen_sso:
        return None, bool(ok and gebruiker is not None and gebruiker.alleen_sso)
    if wachtwoord.moet_opnieuw(gebruiker.wachtwoord_hash):
        gebruiker.wachtwoord_hash = wachtwoord.maak_hash(wachtwoord_)
    gebruiker.laatst_ingelogd_op = nu()
    db.session.flush()
    return gebruiker, False


def bekende_gebruiker(gebruikersnaam: str) -> Gebruiker | None:
    """The user with this name, if any (to attribute a failed log-in in the audit log)."""
    return db.session.scalar(
        select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam.strip())
    )


# -- logging in: each step decides here, the view only shows the outcome ------------

ONJUIST = "Gebruikersnaam of wachtwoord is onjuist."
ALLEEN_SSO = (
    "Dit account logt in via de gemeente, niet met een wachtwoord. Gebruik de knop "
    "Inloggen via de gemeente."
)
CODE_ONJUIST = "De code is onjuist of al gebruikt."
MFA_ONJUIST = "De code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw."
# what a passed password still needs
INGELOGD = "ingelogd"
CODE = "code"  # the TOTP code (or a recovery code) of an enrolled user
MFA_INSTELLEN = "mfa_instellen"  # enrolment first: MFA is required and not yet set up


@dataclass(frozen=True)
class Inlogpoging:
    """The outcome of one log-in attempt: ``fout`` (Dutch, for the form) when it is
    refused, else the user and the step that follows (``INGELOGD``, ``CODE``,
    ``MFA_INSTELLEN``)."""

    fout: str | None = None
    gebruiker: Gebruiker | None = None
    volgende: str | None = None


def mfa_verplicht_voor(gebruiker: Gebruiker) -> bool:
    """Whether ``gebruiker`` must log in with a second factor: everyone when the setting
    ``MFA_VERPLICHT`` is on, a partner user always (``policy.mfa_altijd_verplicht``)."""
    return bool(current_app.config["MFA_VERPLICHT"]) or mfa_altijd_verplicht(gebruiker)


def probeer_inlog(
    gebruikersnaam: str, wachtwoord_: str, adres: str | None, *, mfa_verplicht: bool | None = None
) -> Inlogpoging:
    """One attempt with a password: refused before checking it (too many attempts), wrong
    (counted), or passed. A refused or wrong attempt is audit-logged (the caller
    commits: the counters and the record hold, it is no change to roll back).
    ``mfa_verplicht``: None (the default) decides per user (``mfa_verplicht_voor``); a
    value says it for everyone but a partner user, who must always use a second factor."""
    weigering = pogingen.weigering(gebruikersnaam, adres)
    if weigering:
        log_actie(
            "auth.inloggen_mislukt",
            uitkomst="geweigerd",
            gebruiker=bekende_gebruiker(gebruikersnaam),
        )
        return Inlogpoging(fout=weigering)
    gebruiker, juist_maar_sso = _controleer_inlog(gebruikersnaam, wachtwoord_)
    if gebruiker is None:
        pogingen.tel_mislukte_poging(gebruikersnaam, adres)
        bekend = bekende_gebruiker(gebruikersnaam)
        if bekend is not None and bekend.alleen_sso:
            # any password for an SSO-only account is refused, with the same message
            log_actie(
                "auth.inloggen_mislukt",
                uitkomst="geweigerd",
                details={"reden": "alleen_sso"},
                gebruiker=bekend,
            )
        else:
            log_actie("auth.inloggen_mislukt", uitkomst="mislukt", gebruiker=bekend)
        # only whoever knows the password learns that the account logs in through the
        # municipality; anyone else reads the message of every wrong password
        return Inlogpoging(fout=ALLEEN_SSO if juist_maar_sso else ONJUIST)
    pogingen.wis_pogingen(gebruikersnaam)
    if gebruiker.mfa_actief:
        return Inlogpoging(gebruiker=gebruiker, volgende=CODE)
    verplicht = (
        mfa_verplicht_voor(gebruiker)
        if mfa_verplicht is None
        else mfa_verplicht or mfa_altijd_verplicht(gebruiker)
    )
    if verplicht:
        return Inlogpoging(gebruiker=gebruiker, volgende=MFA_INSTELLEN)
    return Inlogpoging(gebruiker=gebruiker, volgende=INGELOGD)


def controleer_code(gebruiker: Gebruiker, code: str, adres: str | None) -> str | None:
    """The second step: None when the TOTP or a recovery code is right, else the Dutch
    reason (too many attempts, or a wrong or used code: counted and audit-logged)."""
    weigering = pogingen.weigering(gebruiker.gebruikersnaam, adres)
    if weigering:
        log_actie("auth.code_mislukt", uitkomst="geweigerd", gebruiker=gebruiker)
        return weigering
    if mfa.controleer_totp(gebruiker, code) or mfa.gebruik_herstelcode(gebruiker, code):
        pogingen.wis_pogingen(gebruiker.gebruikersnaam)
        return None
    pogingen.tel_mislukte_poging(gebruiker.gebruikersnaam, adres)
    log_actie("auth.code_mislukt", uitkomst="mislukt", gebruiker=gebruiker)
    return CODE_ONJUIST


def activeer_mfa(gebruiker: Gebruiker, geheim: str, code: str) -> list[str] | None:
    """Enrol ``geheim`` when ``code`` proves the phone has it: the recovery codes (shown
    once), or None when the code is wrong."""
    if not mfa.controleer_totp(gebruiker, code, geheim=geheim):
        return None
    codes = mfa.activeer(gebruiker, geheim)
    log_actie("auth.mfa_geactiveerd", gebruiker=gebruiker)
    return codes


def voltooi_inlog(gebruiker: Gebruiker) -> None:
    """Log the user in: a new server-side session, the Flask-Login cookie, the record."""
    sessies.start(gebruiker)
    login_user(gebruiker)
    log_actie("auth.ingelogd", gebruiker=gebruiker)


def log_uit() -> None:
    """Log the current user out and end the server-side session."""
    log_actie("auth.uitgelogd")
    logout_user()
    sessies.beeindig()


# -- one's own password ----------------------------------------------------------------

HUIDIG_ONJUIST = "Het huidige wachtwoord is onjuist."
HERHALING_ANDERS = "De twee nieuwe wachtwoorden zijn niet gelijk."
ZELFDE = "Kies een ander wachtwoord dan het huidige."
WACHTWOORD_GEWIJZIGD = "auth.wachtwoord_gewijzigd"


def _tel_verkeerd_huidig(naam: str, adres: str | None) -> None:
    """A wrong current password counts as a failed log-in (the same counters, the same
    lock-out: it is the same secret), kept whatever the request does next (the form's
    refusal is rolled back)."""
    pogingen.tel_mislukte_poging(naam, adres)
    if pogingen.teller().transactioneel:
        herhaal_na_terugdraaien(lambda: pogingen.tel_mislukte_poging(naam, adres))


def wijzig_wachtwoord(
    gebruiker: Gebruiker, huidig: str, nieuw: str, herhaling: str, *, adres: str | None = None
) -> int:
    """The user changes their own password: the current one proves it is them, the new
    one meets the policy (``wachtwoord.zwakte``) and differs from it. A new argon2 hash,
    a password no longer to be changed, every OTHER session of the user ended (the
    current one stays; returns how many); audit-logged, a refusal too (without any
    password)."""
    try:
        # guessing the current password from a session left open is throttled and
        # locked out like guessing it at the log-in
        geweigerd = pogingen.weigering(gebruiker.gebruikersnaam, adres)
        if geweigerd:
            raise Ongeldig(geweigerd, "huidig")
        if not wachtwoord.controleer(gebruiker.wachtwoord_hash, huidig):
            _tel_verkeerd_huidig(gebruiker.gebruikersnaam, adres)
            raise Ongeldig(HUIDIG_ONJUIST, "huidig")
        pogingen.wis_pogingen(gebruiker.gebruikersnaam)
        bezwaar = wachtwoord.zwakte(nieuw)
        if bezwaar:
            raise Ongeldig(bezwaar, "nieuw")
        if nieuw != herhaling:
            raise Ongeldig(HERHALING_ANDERS, "herhaling")
        if nieuw == huidig:
            raise Ongeldig(ZELFDE, "nieuw")
    except Ongeldig as fout:
        log_weigering(
            WACHTWOORD_GEWIJZIGD,
            fout,
            object_type="gebruiker",
            object_id=gebruiker.id,
            gebruiker=gebruiker,
        )
        raise
    gebruiker.wachtwoord_hash = wachtwoord.maak_hash(nieuw)
    gebruiker.moet_wachtwoord_wijzigen = False
    beeindigd = sessies.beeindig_alle(gebruiker, behalve_deze=True)
    db.session.flush()
    log_actie(
        WACHTWOORD_GEWIJZIGD,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={"andere_sessies_beeindigd": beeindigd},
        gebruiker=gebruiker,
    )
    return beeindigd

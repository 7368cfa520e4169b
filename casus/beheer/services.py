"""What the beheerder does to users: create, (de)activate, roles, reset a password.

Every change is audit-logged with codes only (never a password), a refused one too. A
password chosen here (or by ``flask gebruiker aanmaken``, which creates users through
``nieuwe_gebruiker`` too) is known to someone else: the user must change it at the next
log-in (``Gebruiker.moet_wachtwoord_wijzigen``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select

from casus import labels
from casus.audit import log_actie, log_weigering, log_wijziging
from casus.auth import sessies, wachtwoord
from casus.auth.models import Gebruiker, SsoIdentiteit
from casus.auth.services import controleer_gebruikersnaam, geef_rollen, lees_rol, maak_gebruiker
from casus.errors import DomeinFout, Ongeldig
from casus.extensions import db
from casus.toegang.actor import Actor
from workflows.codes import ROL_BEHEERDER

PARTNER_ZONDER_ROLLEN = (
    "Een gebruiker van een partnerorganisatie krijgt geen rollen en zit in geen team: "
    "hij ziet alleen wat een casusoverleg met partners met hem deelt."
)


def rolcodes(gebruiker: Gebruiker) -> list[str]:
    """The user's roles as 'manager' / 'regisseur:ipta' codes, sorted."""
    return sorted(
        [r.rol for r in gebruiker.rollen] + [f"{t.rol}:{t.aanpak}" for t in gebruiker.teams]
    )


def rolnamen(gebruiker: Gebruiker) -> list[str]:
    """The user's roles in Dutch ("Regisseur PGA Jeugd", "Manager"), in code order."""
    return [labels.rol(code) for code in rolcodes(gebruiker)]


def nieuwe_gebruiker(
    gebruikersnaam: str,
    wachtwoord_: str,
    *,
    naam: str,
    rollen: Iterable[str],
    door: Gebruiker | None = None,
) -> Gebruiker:
    with log_wijziging(
        "beheer.gebruiker_aangemaakt", object_type="gebruiker", gebruiker=door
    ) as log:
        controleer_gebruikersnaam(gebruikersnaam.strip())
        gebruiker = maak_gebruiker(
            gebruikersnaam, wachtwoord_, naam=naam, rollen=rollen, moet_wijzigen=True
        )
        log.object(object_id=gebruiker.id, details={"rollen": rolcodes(gebruiker)})
    return gebruiker


def zet_rollen(gebruiker: Gebruiker, rollen: Iterable[str], *, door: Gebruiker) -> None:
    try:
        nieuw = {lees_rol(r) for r in rollen}
        if gebruiker.id == door.id and (ROL_BEHEERDER, None) not in nieuw:
            raise Ongeldig("U kunt uw eigen beheerdersrol niet intrekken.", "rollen")
        if gebruiker.is_partner and nieuw:
            # a partner organisation's user sees only what its partner meetings share
            # (casus.partners): a role or a team would open the municipality's own pages
            raise Ongeldig(PARTNER_ZONDER_ROLLEN, "rollen")
    except DomeinFout as fout:
        _weigering("beheer.rollen_gewijzigd", fout, gebruiker, door)
        raise
    oud = rolcodes(gebruiker)
    geef_rollen(gebruiker, nieuw)
    db.session.flush()
    nu_ = rolcodes(gebruiker)
    if nu_ != oud:
        log_actie(
            "beheer.rollen_gewijzigd",
            object_type="gebruiker",
            object_id=gebruiker.id,
            details={
                "toegevoegd": sorted(set(nu_) - set(oud)),
                "ingetrokken": sorted(set(oud) - set(nu_)),
            },
            gebruiker=door,
        )


def zet_actief(gebruiker: Gebruiker, actief: bool, *, door: Actor) -> None:
    """Activate or deactivate; already so (a second submission, a stale page): nothing."""
    if gebruiker.id == door.id and not actief:
        fout = Ongeldig("U kunt uzelf niet deactiveren.")
        _weigering("beheer.gebruiker_gedeactiveerd", fout, gebruiker, door)
        raise fout
    if gebruiker.actief == actief:
        return
    gebruiker.actief = actief
    db.session.flush()
    log_actie(
        "beheer.gebruiker_geactiveerd" if actief else "beheer.gebruiker_gedeactiveerd",
        object_type="gebruiker",
        object_id=gebruiker.id,
        gebruiker=door,
    )


def reset_wachtwoord(gebruiker: Gebruiker, nieuw: str, *, door: Gebruiker) -> None:
    """A new password chosen by the beheerder: the user changes it at the next log-in,
    and every session the user has now ends (a reset is often for a lost or shared
    password)."""
    bezwaar = wachtwoord.zwakte(nieuw)
    if bezwaar:
        fout = Ongeldig(bezwaar, "wachtwoord")
        _weigering("beheer.wachtwoord_gereset", fout, gebruiker, door)
        raise fout
    gebruiker.wachtwoord_hash = wachtwoord.maak_hash(nieuw)
    gebruiker.moet_wachtwoord_wijzigen = True
    if gebruiker.id != door.id:  # the beheerder's own session stays
        sessies.beeindig_alle(gebruiker)
    db.session.flush()
    log_actie(
        "beheer.wachtwoord_gereset", object_type="gebruiker", object_id=gebruiker.id, gebruiker=door
    )


ALLEEN_SSO = "beheer.alleen_sso_gewijzigd"
NIET_GEKOPPELD = (
    "Deze gebruiker is nog niet gekoppeld aan een account bij de gemeente: met alleen "
    "inloggen via de gemeente kan hij dan helemaal niet meer inloggen."
)


def sso_identiteiten(gebruiker: Gebruiker) -> list[SsoIdentiteit]:
    """The user's accounts at the OpenID provider (casus.auth.sso), most recent log-in first."""
    return list(
        db.session.scalars(
            select(SsoIdentiteit)
            .where(SsoIdentiteit.gebruiker_id == gebruiker.id)
            .order_by(SsoIdentiteit.laatst_ingelogd_op.desc(), SsoIdentiteit.id)
        )
    )


def laatste_sso_inlog(gebruiker_ids: list[int]) -> dict[int, datetime | None]:
    """Per linked user among ``gebruiker_ids``: the last log-in through the provider (None:
    linked, never used). Unlinked users are absent. One statement for a page of users."""
    if not gebruiker_ids:
        return {}
    rijen = db.session.execute(
        select(SsoIdentiteit.gebruiker_id, func.max(SsoIdentiteit.laatst_ingelogd_op))
        .where(SsoIdentiteit.gebruiker_id.in_(gebruiker_ids))
        .group_by(SsoIdentiteit.gebruiker_id)
    ).tuples()
    return {gebruiker_id: laatst for gebruiker_id, laatst in rijen}


def zet_alleen_sso(gebruiker: Gebruiker, alleen_sso: bool, *, door: Gebruiker) -> None:
    """Limit the account to single sign-on (a password log-in is refused), or lift that.
    Only for a user linked to the provider, or they could not log in at all. Already so:
    nothing."""
    if alleen_sso and not sso_identiteiten(gebruiker):
        fout = Ongeldig(NIET_GEKOPPELD, "alleen_sso")
        _weigering(ALLEEN_SSO, fout, gebruiker, door)
        raise fout
    if gebruiker.alleen_sso == alleen_sso:
        return
    gebruiker.alleen_sso = alleen_sso
    db.session.flush()
    log_actie(
        ALLEEN_SSO,
        object_type="gebruiker",
        object_id=gebruiker.id,
        details={"alleen_sso": alleen_sso},
        gebruiker=door,
    )


ONTKOPPELD = "beheer.sso_ontkoppeld"
NIET_MEER_GEKOPPELD = "Deze gebruiker is niet (meer) gekoppeld aan een account bij de gemeente."


def ontkoppel_sso(gebruiker: Gebruiker, *, door: Gebruiker) -> None:
    """Break the user's link to the provider (a wrong link, a new account at the
    municipality): the user logs in with a password again, so the limit to SSO goes too,
    and the sessions the link opened end. Not linked (a stale page): refused."""
    identiteiten = sso_identiteiten(gebruiker)
    if not identiteiten:
        fout = Ongeldig(NIET_MEER_GEKOPPELD)
        _weigering(ONTKOPPELD, fout, gebruiker, door)
        raise fout
    for rij in identiteiten:
        db.session.delete(rij)
    gebruiker.alleen_sso = False
    if gebruiker.id != door.id:
        sessies.beeindig_alle(gebruiker)
    db.session.flush()
    log_actie(ONTKOPPELD, object_type="gebruiker", object_id=gebruiker.id, gebruiker=door)


def _weigering(actie: str, fout: DomeinFout, gebruiker: Gebruiker, door: Gebruiker) -> None:
    log_weigering(actie, fout, object_type="gebruiker", object_id=gebruiker.id, gebruiker=door)

"""Predicates: may this actor do this to this object (domain.md section 1).

Everything here takes an ``Actor`` (casus.toegang.actor): a logged-in ``Gebruiker`` or
a ``Systeemactor``. Anyone else (None, anonymous, inactive) gets ``False`` from every
predicate and an empty list from every "which aanpakken" function: closed by default.
Nothing outside ``casus.toegang`` reads a user's roles or teams
(``tests/toegang/test_een_poort.py`` fails when something does).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from casus.toegang.actor import BRP, MELDPUNT, TERMIJNEN, Actor, is_systeem
from workflows import CATALOGUS
from workflows.base import WIE_REGISSEUR, WIE_TRIAGE, Transitie
from workflows.codes import ROL_BEHEERDER, ROL_MANAGER, ROL_PRIVACY, ROL_REGISSEUR, ROL_TRIAGE

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.documenten.models import Document
    from casus.partners.models import Afspraak, Partneroverleg
    from casus.signalen.models import Signaal
    from casus.triage.models import Overleg


def _beheerproces(actor: Actor | None) -> bool:
    return is_systeem(actor) and bool(actor.beheerproces)


def _actief(actor: Actor | None) -> bool:
    if is_systeem(actor):
        return True
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def _leden_aanpakken(actor: Actor | None, rol: str | None = None) -> frozenset[str]:
    """The aanpakken of the actor's teams (in ``rol`` only, when given)."""
    if _beheerproces(actor):
        return frozenset(CATALOGUS.codes())
    if actor is None or is_systeem(actor) or not _actief(actor):
        return frozenset()
    if getattr(actor, "partnerorganisatie_id", None) is not None:
        # a partner user has no access of its own to any case, whatever rows say
        # (defence in depth: the beheer service refuses it teams and roles)
        return frozenset()
    eigen = actor.aanpakken() if rol is None else actor.aanpakken_als(rol)
    return frozenset(a for a in eigen if a in CATALOGUS)


# -- aanpakken per kind of work -------------------------------------------------------


def zichtbare_aanpakken(actor: Actor | None) -> list[str]:
    """The aanpakken whose cases the actor may see (sorted; empty for anyone else). The
    norm escalation's system actor reads the state of every case through the SQL filters
    (``queries.zichtbare_casussen``) and nothing more: no predicate below grants it a
    case, so it can neither work on one nor change it."""
    if _leest_normen(actor):
        return sorted(CATALOGUS.codes())
    return sorted(_leden_aanpakken(actor))


def _leest_normen(actor: Actor | None) -> bool:
    return is_systeem(actor) and actor == TERMIJNEN


def team_aanpakken(actor: Actor | None) -> list[str]:
    """The actor's teams in catalogue order (for choosers: aanmelding, werkvoorraad)."""
    eigen = _leden_aanpakken(actor)
    return [code for code in CATALOGUS.codes() if code in eigen]


def triage_aanpakken(actor: Actor | None) -> list[str]:
    """Aanpakken where the actor sits at the triage table, in catalogue order."""
    eigen = _leden_aanpakken(actor, ROL_TRIAGE)
    return [code for code in CATALOGUS.codes() if code in eigen]


def regisseur_aanpakken(actor: Actor | None) -> frozenset[str]:
    """Aanpakken in which this user may be the assigned regisseur (never an API client's
    account: a case's regisseur is a person)."""
    if is_systeem(actor) or getattr(actor, "is_api_client", False):
        return frozenset()
    return _leden_aanpakken(actor, ROL_REGISSEUR)


def signaal_aanpakken(actor: Actor | None) -> list[str]:
    """Aanpakken whose signals the actor may see: member, and the aanpak takes signals
    (catalogue order)."""
    eigen = _leden_aanpakken(actor)
    return [a.code for a in CATALOGUS if a.signaal_themas and a.code in eigen]


def strikte_aanpakken() -> list[str]:
    """Aanpakken marked ``strikt_vertrouwelijk`` (PGA-R): never named to outsiders."""
    return [a.code for a in CATALOGUS if a.strikt_vertrouwelijk]


def openbare_aanpakken() -> list[str]:
    """Aanpakken that may be named to members of other teams ("ook bekend bij")."""
    return [a.code for a in CATALOGUS if not a.strikt_vertrouwelijk]


# -- one object ------------------------------------------------------------------------


def mag_casus_zien(actor: Actor | None, casus: Casus) -> bool:
    """Need-to-know: only members of the case's aanpak team see it at all."""
    return casus.aanpak in _leden_aanpakken(actor)


def is_triagelid(actor: Actor | None, aanpak: str) -> bool:
    """Sits at the triage table of ``aanpak``: decides, reassigns, corrects."""
    return aanpak in _leden_aanpakken(actor, ROL_TRIAGE)


def kan_regisseur_zijn(gebruiker: Actor | None, aanpak: str) -> bool:
    """May be assigned as regisseur of a case in ``aanpak`` (active, in that team)."""
    return aanpak in regisseur_aanpakken(gebruiker)


def mag_casus_bewerken(actor: Actor | None, casus: Casus) -> bool:
    """Casework (notes, contacts, interventions, ...): the assigned regisseur and triage."""
    if not mag_casus_zien(actor, casus):
        return False
    if _beheerproces(actor) or is_triagelid(actor, casus.aanpak):
        return True
    return (
        actor is not None
        and casus.regisseur_id == actor.id
        and kan_regisseur_zijn(actor, casus.aanpak)
    )


def mag_transitie(actor: Actor | None, casus: Casus, transitie: Transitie) -> bool:
    if not mag_casus_zien(actor, casus):
        return False
    if _beheerproces(actor):
        return True
    if WIE_TRIAGE in transitie.wie and is_triagelid(actor, casus.aanpak):
        return True
    return (
        WIE_REGISSEUR in transitie.wie
        and actor is not None
        and casus.regisseur_id == actor.id
        and kan_regisseur_zijn(actor, casus.aanpak)
    )


def mag_toewijzen(actor: Actor | None, casus: Casus) -> bool:
    """(Re)assigning the regisseur: triage of the case's aanpak."""
    return _beheerproces(actor) or is_triagelid(actor, casus.aanpak)


def mag_corrigeren(actor: Actor | None, casus: Casus) -> bool:
    """Voiding a mistaken status change: triage of the case's aanpak."""
    return _beheerproces(actor) or is_triagelid(actor, casus.aanpak)


def mag_aanmelden(actor: Actor | None, aanpak: str) -> bool:
    """Registering an aanmelding: regisseurs and triage members of that aanpak."""
    return aanpak in _leden_aanpakken(actor)


def mag_signaal_registreren(actor: Actor | None, aanpak: str) -> bool:
    """Registering a signal: members of a signal-taking aanpak; the public meldpunt for
    any aanpak that takes signals."""
    if is_systeem(actor):
        # a process of the operator, and the meldpunt; no other system actor (the BRP's)
        toegestaan = _beheerproces(actor) or actor == MELDPUNT
        return toegestaan and aanpak in CATALOGUS and bool(CATALOGUS.get(aanpak).signaal_themas)
    return aanpak in signaal_aanpakken(actor)


# -- the BRP (casus.brp) ---------------------------------------------------------------


def mag_brp_raadplegen(actor: Actor | None, aanpak: str) -> bool:
    """Querying the BRP for the purpose of ``aanpak`` (at an aanmelding; for a stored
    person also a visible case of theirs there, ``queries.brp_persoon_aanpakken``): who
    may register an aanmelding in it, the regisseurs and triage members of its team.
    Whether the aanpak may query the BRP at all is its profile (``casus.brp``)."""
    return mag_aanmelden(actor, aanpak)


def mag_brp_gegevens_overnemen(actor: Actor | None, casussen: Iterable[Casus]) -> bool:
    """Copying the BRP's name and address onto a person: who may work on one of
    ``casussen`` (the person's cases in the aanpak the check was made for)."""
    return any(mag_casus_bewerken(actor, casus) for casus in casussen)


def mag_brp_batch(actor: Actor | None) -> bool:
    """The batch check of every person with an open case (``casus.brp.batch``): the BRP's
    system actor only, which may do nothing else."""
    return is_systeem(actor) and actor == BRP


def mag_signaal_zien(actor: Actor | None, signaal: Signaal) -> bool:
    """A signal: the team members of the aanpak that takes it in (``signaal_aanpakken``)."""
    return signaal.aanpak in signaal_aanpakken(actor)


# -- documents: access follows the case or signal they are on ----------------------------
# A document's confidentiality level is a label only: it grants or withholds nothing.


def mag_document_zien(actor: Actor | None, document: Document) -> bool:
    """List, open and download: whoever may see the document's case or signal."""
    if document.casus is not None:
        return mag_casus_zien(actor, document.casus)
    return document.signaal is not None and mag_signaal_zien(actor, document.signaal)


def mag_document_toevoegen(
    actor: Actor | None, *, casus: Casus | None = None, signaal: Signaal | None = None
) -> bool:
    """Upload a document or a new version: on a case, whoever may do casework on it (the
    assigned regisseur and triage); on a signal, the team members who handle the signals
    of its aanpak (what the signal pages require). Never the public meldpunt."""
    if casus is not None:
        return mag_casus_bewerken(actor, casus)
    return signaal is not None and mag_signaal_zien(actor, signaal)


# -- global roles and the navigation ---------------------------------------------------


def heeft_globale_rol(actor: Actor | None, rol: str) -> bool:
    if actor is None or is_systeem(actor) or not _actief(actor):
        return False
    if getattr(actor, "partnerorganisatie_id", None) is not None:
        return False  # a partner user holds no global role (defence in depth)
    return bool(actor.heeft_rol(rol))


def is_manager(actor: Actor | None) -> bool:
    return heeft_globale_rol(actor, ROL_MANAGER)


def is_privacy(actor: Actor | None) -> bool:
    return heeft_globale_rol(actor, ROL_PRIVACY)


def is_beheerder(actor: Actor | None) -> bool:
    return heeft_globale_rol(actor, ROL_BEHEERDER)


def heeft_team(actor: Actor | None) -> bool:
    """Member of at least one team: case pages, search, aanmelding."""
    return bool(_leden_aanpakken(actor))


def heeft_triagerol(actor: Actor | None) -> bool:
    return bool(_leden_aanpakken(actor, ROL_TRIAGE))


def start_bij_triage(actor: Actor | None) -> bool:
    """Sits at a triage table and is regisseur in no team: has no cases of their own, so
    starts at the triage queue instead of an always empty "Mijn casussen"."""
    return heeft_triagerol(actor) and not regisseur_aanpakken(actor)


# where each kind of user starts (``startpagina``)
START_EIGEN_CASUSSEN = "werkplek.start"
START_TRIAGE = "triage.wachtrij"
START_MANAGER = "rapportage.index"
START_PRIVACY = "privacy.personen"
START_BEHEERDER = "beheer.gebruikers"
START_PARTNER = "partner.overzicht"


def startpagina(actor: Actor | None) -> str:
    """The endpoint where the actor's work is, in this order: a regisseur their own
    cases ("Mijn casussen"); triage without cases of their own the triage queue; then the
    manager the Rapportage, the privacy officer the person search for inzage and the
    beheerder the user list; a partner user its meetings ("Mijn casusoverleggen").
    Anyone without a role gets ``START_EIGEN_CASUSSEN`` too,
    where the start page says they have no role yet and whom to ask."""
    if regisseur_aanpakken(actor):
        return START_EIGEN_CASUSSEN
    if start_bij_triage(actor):
        return START_TRIAGE
    if is_partner(actor):
        return START_PARTNER
    for rol, endpoint in (
        (ROL_MANAGER, START_MANAGER),
        (ROL_PRIVACY, START_PRIVACY),
        (ROL_BEHEERDER, START_BEHEERDER),
    ):
        if heeft_globale_rol(actor, rol):
            return endpoint
    return START_EIGEN_CASUSSEN


def heeft_signaalteam(actor: Actor | None) -> bool:
    return bool(signaal_aanpakken(actor))


# -- refusals in Dutch, for services ----------------------------------------------------


def vereis_triage(actor: Actor | None, aanpak: str) -> None:
    """Refuse (in Dutch) anyone who does not sit at the triage table of ``aanpak``."""
    from casus.errors import GeenToegang

    if not is_triagelid(actor, aanpak):
        raise GeenToegang(
            f"Alleen leden van het triageoverleg van {CATALOGUS.get(aanpak).kort} kunnen "
            "hierover besluiten."
        )


def vereis(toegestaan: bool, bericht: str) -> None:
    """Refuse (in Dutch) when ``toegestaan`` is false: for a service whose rule is a
    predicate above."""
    from casus.errors import GeenToegang

    if not toegestaan:
        raise GeenToegang(bericht)


def mag_bewaartermijn_toepassen(actor: Actor | None) -> bool:
    """Retention (dry run and clean-up): the privacy officer, and the command-line job."""
    return is_privacy(actor) or _beheerproces(actor)


def mag_inzage_geven(actor: Actor | None) -> bool:
    """An art. 15 inzage of every record on a person, across all aanpakken."""
    return is_privacy(actor) or _beheerproces(actor)


def mag_termijnoverzicht_zien(actor: Actor | None) -> bool:
    """The managers' overview of nearing and passed norms (counts only, every aanpak, as
    in the report)."""
    return is_manager(actor)


def mag_normen_escaleren(actor: Actor | None) -> bool:
    """The daily norm escalation (``casus.termijnen.services.escaleer_normen``): its own
    system actor, and an operator's process (the command line, the worker)."""
    return _leest_normen(actor) or _beheerproces(actor)


def mag_rapport_vaststellen(actor: Actor | None) -> bool:
    return is_manager(actor) or _beheerproces(actor)


def mag_overleg_bewerken(actor: Actor | None, overleg: Overleg) -> bool:
    """A triage meeting's agenda and notes: triage members of one of its aanpakken."""
    return any(is_triagelid(actor, code) for code in overleg.aanpak_codes)


# -- casusoverleg met partners (issue 22, casus.partners) --------------------------------
# A partner user (``is_partner``) has no access of its own to any case: it sees the
# confirmed, not withdrawn items of the agenda cases of a meeting it is invited to, from
# the moment the agenda is sent until ``inzage_tot`` (``queries.partner_deelitems``), and
# may write nothing but a report on its own organisation's action (``mag_terugmelden``).
# The internal side: the chair and the team members of the aanpakken the meeting may hold.

OVERLEG_PGA_R = "pga_r"


def is_partner(actor: Actor | None) -> bool:
    """An active (non-system) user of a partner organisation."""
    if actor is None or is_systeem(actor) or not _actief(actor):
        return False
    return getattr(actor, "partnerorganisatie_id", None) is not None


def _intern(actor: Actor | None) -> bool:
    """An active, logged-in user of the municipality (not a partner, not an API client)."""
    return (
        actor is not None
        and not is_systeem(actor)
        and _actief(actor)
        and not is_partner(actor)
        and not getattr(actor, "is_api_client", False)
    )


def partneroverleg_aanpakken(soort: str) -> tuple[str, ...]:
    """The aanpakken whose cases a partner meeting of ``soort`` may hold (catalogue
    order): a PGA-R meeting (the Multidisciplinair Casusoverleg) only PGA-R cases; a
    mixed meeting every aanpak but PGA-R (which keeps its own, stricter rules). An
    unknown kind holds nothing."""
    if soort == OVERLEG_PGA_R:
        return tuple(code for code in CATALOGUS.codes() if code == OVERLEG_PGA_R)
    if soort == "gemengd":
        return tuple(code for code in CATALOGUS.codes() if code != OVERLEG_PGA_R)
    return ()


def partneroverleg_soorten(aanpakken: Iterable[str]) -> tuple[str, ...]:
    """The kinds of partner meeting that may hold a case of any of ``aanpakken``."""
    from casus.partners import OVERLEGSOORTEN

    eigen = set(aanpakken)
    return tuple(s for s in OVERLEGSOORTEN if eigen & set(partneroverleg_aanpakken(s)))


def mag_partneroverleg_maken(actor: Actor | None) -> bool:
    """Creating a partner meeting: a triage member of some aanpak (never a partner), or
    an operator's process (demo, import)."""
    if _beheerproces(actor):
        return True
    return _intern(actor) and heeft_triagerol(actor)


def mag_partneroverleg_zien(actor: Actor | None, overleg: Partneroverleg) -> bool:
    """The internal pages of a partner meeting: its chair, and the team members (any
    role) of an aanpak the meeting may hold; never a partner user (who has its own,
    narrower door: ``queries.partner_overleggen``)."""
    if _beheerproces(actor):
        return True
    if not _intern(actor):
        return False
    assert actor is not None
    if overleg.voorzitter_id == actor.id:
        return True
    return bool(_leden_aanpakken(actor) & set(partneroverleg_aanpakken(overleg.soort)))


def mag_partneroverleg_voorzitten(actor: Actor | None, overleg: Partneroverleg) -> bool:
    """Confirming agenda points, inviting partners, sending the agenda: the meeting's
    chair (an active internal user), or an operator's process."""
    if _beheerproces(actor):
        return True
    return _intern(actor) and actor is not None and overleg.voorzitter_id == actor.id


def _venster_gesloten(overleg: Partneroverleg) -> bool:
    from casus.klok import nu

    return overleg.inzage_tot is not None and nu() >= overleg.inzage_tot


def mag_op_partneragenda(actor: Actor | None, overleg: Partneroverleg, casus: Casus) -> bool:
    """Putting a case on a partner meeting's agenda (and choosing its items): who may do
    casework on the case (its regisseur, triage of its aanpak), when the meeting may hold
    the case's aanpak (a PGA-R case only in a PGA-R meeting) and its window has not
    closed."""
    return (
        mag_casus_bewerken(actor, casus)
        and casus.aanpak in partneroverleg_aanpakken(overleg.soort)
        and not _venster_gesloten(overleg)
    )


def mag_item_intrekken(actor: Actor | None, overleg: Partneroverleg, casus: Casus) -> bool:
    """Withdrawing a shared item of an agenda case (at once, no confirmation needed): the
    chair, or who may do casework on the case."""
    return mag_partneroverleg_voorzitten(actor, overleg) or mag_casus_bewerken(actor, casus)


def mag_afspraak_maken(actor: Actor | None, overleg: Partneroverleg, casus: Casus) -> bool:
    """An action agreed in the meeting on one of its cases: the chair, or who may do
    casework on the case; only on a case the meeting may hold."""
    if casus.aanpak not in partneroverleg_aanpakken(overleg.soort):
        return False
    return mag_partneroverleg_voorzitten(actor, overleg) or mag_casus_bewerken(actor, casus)


def mag_terugmelden(actor: Actor | None, afspraak: Afspraak) -> bool:
    """A report on an agreed action: only a partner user of the action's organisation,
    invited to its meeting, within the window, on a case of which it sees an item
    (exactly the actions of ``queries.partner_afspraken``, decided in SQL)."""
    if not is_partner(actor) or afspraak.organisatie_id is None:
        return False
    from casus.extensions import db
    from casus.partners.models import Afspraak as AfspraakModel
    from casus.toegang.queries import partner_afspraken

    gevonden = db.session.scalar(
        partner_afspraken(actor)
        .where(AfspraakModel.id == afspraak.id)
        .with_only_columns(AfspraakModel.id)
        .limit(1)
    )
    return gevonden is not None


def mfa_altijd_verplicht(gebruiker: Actor | None) -> bool:
    """A partner user must always log in with a second factor, whatever the setting
    ``MFA_VERPLICHT`` says (``casus.auth.services.mfa_verplicht_voor``); also an inactive
    one (it cannot log in anyway)."""
    return (
        gebruiker is not None
        and not is_systeem(gebruiker)
        and getattr(gebruiker, "partnerorganisatie_id", None) is not None
    )


def mag_sso_gebruiken(gebruiker: Actor | None) -> bool:
    """Logging in (or linking an account) through the municipality's single sign-on: never
    a partner user, who is no employee of the municipality (``casus.auth.sso``)."""
    return not mfa_altijd_verplicht(gebruiker)


def mag_verstrekkingen_zien(actor: Actor | None) -> bool:
    """The whole verstrekkingenregister (every share, every case): the privacy officer,
    and an operator's process."""
    return is_privacy(actor) or _beheerproces(actor)

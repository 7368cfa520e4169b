"""The rules of one step of a case's event log, as plain data in and a list of errors out.

One rule set for every writer of the log: the status service (``services.pas_transitie_toe``
raises the first error) and the import's line reader (``casus.importeren.lezer`` reports
them all). No Flask, no database: the caller passes what it knows about the case (its
aanpak, status, the date of its latest valid status event, whether it concerns a person)
and about the step.

What is judged here: the move is allowed from the status (the aanpak's machine), the
effective date (not in the future, not before the previous valid status event), the
reason (required, and one of the aanpak's reasons for the move; or none at all), the
receiving party, the target aanpak of ``omzetten`` (with its age limits on the step's
date) and the regisseur of ``triageren``. The age limits of an aanpak
(``workflows.base.Leeftijdsgrens``) are judged by ``controleer_leeftijd`` for every door
a person enters an aanpak by: the aanmelding (web form, service, import) and omzetten.
With ``historisch`` (the import of history) the party and the regisseur are not
required. Rights and the casework guards, which need the stored case, stay in the
service.

Each error names its field and says what is wrong twice, with the same finding: as the
application says it (``bericht``) and as the import's line report states it after
"Regel n, veld '...':" (``regelbericht``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casus.personen.models import leeftijd_op
from workflows import CATALOGUS, Catalogus, OngeldigeTransitie
from workflows.base import (
    STATUS_LABELS,
    VEREIST_DOEL_AANPAK,
    VEREIST_PARTIJ,
    VEREIST_REDEN,
    Aanpak,
    Leeftijdsgrens,
    Transitie,
)

TRIAGEREN = "triageren"  # the move that takes a case in and assigns its regisseur

# the fields an error can name
VELD_TRANSITIE, VELD_DATUM, VELD_REDEN = "transitie", "datum", "reden"
VELD_PARTIJ, VELD_DOEL_AANPAK, VELD_REGISSEUR = "partij", "doel_aanpak", "regisseur"
VELD_GEBOORTEDATUM = "geboortedatum"


@dataclass(frozen=True)
class Stapfout:
    """One refused part of a step."""

    veld: str
    bericht: str  # a sentence, as the application shows it
    regelbericht: str  # the same, as the import's line report states it
    invoer: bool = False  # bad input (``Ongeldig``) rather than a refused move
    # not a refusal: the user confirms it (an age limit that only warns); the import
    # reports it without blocking
    waarschuwing: bool = False


def transitie_voor(
    aanpak: str, status: str, trigger: str, catalogus: Catalogus = CATALOGUS
) -> Transitie | None:
    """The transition ``trigger`` takes from ``status`` in ``aanpak``; None when none."""
    try:
        return catalogus.toegestane_transitie(aanpak, status, trigger)
    except (OngeldigeTransitie, KeyError):
        return None


def controleer_stap(
    *,
    aanpak: str,
    status: str,
    trigger: str,
    datum: date,
    vorige_datum: date | None,
    vandaag: date,
    reden: str | None = None,
    partij: str | None = None,
    doel_aanpak: str | None = None,
    heeft_persoon: bool = True,
    regisseur: str | None = None,
    regisseur_in_team: bool = False,
    historisch: bool = False,
    geboortedatum: date | None = None,
    catalogus: Catalogus = CATALOGUS,
) -> list[Stapfout]:
    """Every error of the step ``trigger`` on a case in ``aanpak`` with ``status``
    (empty: the step is valid).

    ``datum`` is the step's effective date, ``vorige_datum`` that of the case's latest
    valid status event (its aanmelding at least), ``vandaag`` today's date.
    ``reden``, ``partij`` and ``doel_aanpak`` are the step's cleaned values (None: not
    given). ``regisseur`` names the regisseur to assign (for the messages) and
    ``regisseur_in_team`` says whether that user is an active regisseur in the aanpak's
    team. ``geboortedatum`` is the person's (None: no person or unknown): ``omzetten``
    judges the target aanpak's age limits on ``datum``; a limit that only warns is
    returned with ``waarschuwing`` set. An impossible move stops the checks that depend
    on the move.
    """
    definitie = catalogus.get(aanpak)
    fouten = _datum(datum, vorige_datum, vandaag)
    transitie = transitie_voor(aanpak, status, trigger, catalogus)
    if transitie is None:
        bekend = definitie.transitie(trigger)
        if bekend is None:
            tekst = f"'{trigger}' is geen statuswijziging in {definitie.kort}."
            fouten.append(Stapfout(VELD_TRANSITIE, tekst, tekst))
        else:
            label = STATUS_LABELS.get(status, status)
            fouten.append(
                Stapfout(
                    VELD_TRANSITIE,
                    f"'{bekend.label}' is niet mogelijk: de casus heeft de status '{label}'.",
                    f"'{trigger}' is niet mogelijk vanuit de status '{label}'.",
                )
            )
    if transitie is None:
        return fouten
    fouten += _reden(transitie, reden, definitie)
    if VEREIST_PARTIJ in transitie.vereist and partij is None and not historisch:
        fouten.append(
            Stapfout(
                VELD_PARTIJ, "Vul in aan welke partij de casus wordt overgedragen.", "ontbreekt."
            )
        )
    if VEREIST_DOEL_AANPAK in transitie.vereist:
        doelfouten = _doel_aanpak(aanpak, doel_aanpak, heeft_persoon, catalogus)
        fouten += doelfouten
        if not doelfouten and doel_aanpak is not None:
            fouten += controleer_leeftijd(doel_aanpak, geboortedatum, datum, catalogus)
    fouten += _regisseur(trigger, aanpak, regisseur, regisseur_in_team, historisch, catalogus)
    return fouten


# -- the parts of a step ---------------------------------------------------------------


def _datum(datum: date, vorige: date | None, vandaag: date) -> list[Stapfout]:
    if datum > vandaag:
        return [
            Stapfout(
                VELD_DATUM,
                f"De datum {datum:%d-%m-%Y} ligt in de toekomst.",
                f"de datum {datum:%d-%m-%Y} ligt in de toekomst.",
                invoer=True,
            )
        ]
    if vorige is not None and datum < vorige:
        return [
            Stapfout(
                VELD_DATUM,
                f"De ingangsdatum {datum:%d-%m-%Y} ligt vóór de vorige statuswijziging "
                f"({vorige:%d-%m-%Y}).",
                f"de datum {datum:%d-%m-%Y} ligt vóór de vorige gebeurtenis ({vorige:%d-%m-%Y}).",
            )
        ]
    return []


def _reden(transitie: Transitie, reden: str | None, definitie: Aanpak) -> list[Stapfout]:
    label, trigger = transitie.label, transitie.trigger
    if VEREIST_REDEN not in transitie.vereist:
        if reden is None:
            return []
        return [
            Stapfout(VELD_REDEN, f"'{label}' kent geen reden.", f"'{trigger}' kent geen reden.")
        ]
    if reden is None:
        return [Stapfout(VELD_REDEN, f"Kies een reden om te '{label.lower()}'.", "ontbreekt.")]
    if not any(r.code == reden for r in definitie.redenen_voor(trigger)):
        return [
            Stapfout(
                VELD_REDEN,
                f"'{reden}' is geen reden voor '{label.lower()}' in {definitie.kort}.",
                f"'{reden}' is geen reden voor '{trigger}' in {definitie.kort}.",
            )
        ]
    return []


def _doel_aanpak(
    aanpak: str, doel: str | None, heeft_persoon: bool, catalogus: Catalogus
) -> list[Stapfout]:
    if not doel:
        return [
            Stapfout(
                VELD_DOEL_AANPAK,
                "Kies de aanpak waarnaar de aanmelding wordt omgezet.",
                "ontbreekt.",
            )
        ]
    if doel not in catalogus:
        return [
            Stapfout(VELD_DOEL_AANPAK, f"Onbekende aanpak '{doel}'.", f"onbekende aanpak '{doel}'.")
        ]
    if doel == aanpak:
        return [
            Stapfout(
                VELD_DOEL_AANPAK,
                "De aanmelding staat al in deze aanpak.",
                "de casus staat al in deze aanpak.",
            )
        ]
    kort = catalogus.get(doel).kort
    if catalogus.get(doel).persoon_verplicht and not heeft_persoon:
        return [
            Stapfout(
                VELD_DOEL_AANPAK,
                f"{kort} werkt alleen met personen; deze aanmelding betreft geen persoon.",
                f"{kort} werkt alleen met personen; deze casus betreft geen persoon.",
            )
        ]
    return []


def controleer_regisseur(
    aanpak: str, regisseur: str, in_team: bool, catalogus: Catalogus = CATALOGUS
) -> list[Stapfout]:
    """The regisseur to assign (named ``regisseur``) must be an active regisseur in the
    team of ``aanpak``: at ``triageren`` and at every reassignment."""
    if in_team:
        return []
    kort = catalogus.get(aanpak).kort
    return [
        Stapfout(
            VELD_REGISSEUR,
            f"{regisseur} is geen regisseur in het team van {kort}.",
            f"'{regisseur}' is geen actieve regisseur in het team van {kort}.",
        )
    ]


def _regisseur(
    trigger: str,
    aanpak: str,
    regisseur: str | None,
    in_team: bool,
    historisch: bool,
    catalogus: Catalogus,
) -> list[Stapfout]:
    if trigger != TRIAGEREN:
        if regisseur is None:
            return []
        return [
            Stapfout(
                VELD_REGISSEUR,
                "Een regisseur wordt alleen bij het opnemen toegewezen.",
                "alleen 'triageren' kan een regisseur toewijzen.",
            )
        ]
    if regisseur is None:
        if historisch:
            return []
        return [
            Stapfout(
                VELD_REGISSEUR, "Wijs een regisseur toe om de casus op te nemen.", "ontbreekt."
            )
        ]
    return controleer_regisseur(aanpak, regisseur, in_team, catalogus)


def controleer_leeftijd(
    aanpak: str, geboortedatum: date | None, op: date, catalogus: Catalogus = CATALOGUS
) -> list[Stapfout]:
    """The age limits of ``aanpak`` that a person born on ``geboortedatum`` crosses on
    ``op`` (the aanmelding's date, or the omzetten's): refusals first, then the warnings
    (``waarschuwing``). Empty when the date of birth is unknown or no limit applies.

    The one age rule of every door into an aanpak: the aanmelding form and service
    (``casuswerk.registreer_aanmelding``, ``services.meld_aan``), omzetten
    (``controleer_stap``) and the import's reader."""
    if geboortedatum is None:
        return []
    definitie = catalogus.get(aanpak)
    leeftijd = leeftijd_op(geboortedatum, op)
    fouten = [
        _leeftijdsfout(grens, leeftijd, op)
        for grens in definitie.leeftijdsgrenzen
        if grens.geldt_op(op) and grens.overschreden(leeftijd)
    ]
    return sorted(fouten, key=lambda f: f.waarschuwing)


def _leeftijdsfout(grens: Leeftijdsgrens, leeftijd: int, op: date) -> Stapfout:
    bericht = f"Deze persoon is op {op:%d-%m-%Y} {leeftijd} jaar oud. {grens.reden}"
    regel = f"de persoon is op {op:%d-%m-%Y} {leeftijd} jaar oud. {grens.reden}"
    if grens.weigeren:
        return Stapfout(VELD_GEBOORTEDATUM, bericht, regel, invoer=True)
    return Stapfout(VELD_GEBOORTEDATUM, bericht, regel, waarschuwing=True)

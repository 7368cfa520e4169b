"""The internal side of a casusoverleg met partners: plan the meeting, invite partner
users, put cases on the agenda with the items to share, confirm, send, withdraw, and
record the afspraken.

Who may do what is decided in ``casus.toegang`` (``mag_partneroverleg_maken``,
``mag_partneroverleg_voorzitten``, ``mag_op_partneragenda``, ``mag_afspraak_maken``);
these functions check the domain's rules around it, with Dutch messages. They flush
and never commit; every change is logged (a refused one too).

The verstrekkingenregister (``Verstrekking``) is written here: when the agenda is sent,
one row per confirmed, not withdrawn item of a case per invited partner user; after
that, the rows still missing when an agendapunt is (re)confirmed or a partner user is
invited. Withdrawing an item sets ``ingetrokken_op`` on its rows (they stay).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, func, select, update

from casus.audit import log_actie, log_wijziging
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import Conflict, Ongeldig
from casus.extensions import db
from casus.klok import TIJDZONE, nu
from casus.notificaties.services import notificeer
from casus.partners import GRONDSLAGSOORTEN, ITEMS, OVERLEGSOORTEN
from casus.partners.models import (
    MAX_AFSPRAAK,
    MAX_ARTIKEL,
    MAX_GRONDSLAG,
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    PartneroverlegDeelnemer,
    Samenwerkingsverband,
    Verstrekking,
)
from casus.templating import datum as datum_tekst
from casus.toegang.actor import Actor, is_systeem, vereis_actor
from casus.toegang.policy import (
    is_partner,
    is_triagelid,
    mag_afspraak_maken,
    mag_casus_bewerken,
    mag_casus_zien,
    mag_item_intrekken,
    mag_op_partneragenda,
    mag_partneroverleg_maken,
    mag_partneroverleg_voorzitten,
    partneroverleg_aanpakken,
    vereis,
)

PGA_R = "pga_r"  # the meeting kind (OVERLEGSOORTEN) that holds PGA-R cases only
MAX_DOEL = 2000
STANDAARD_INZAGE_DAGEN = 7

ALLEEN_VOORZITTER = "Alleen de voorzitter van dit overleg kan dit doen."
GEEN_TOEGANG_AGENDA = (
    "Alleen de regisseur van de casus of het triageoverleg van de aanpak kan de casus "
    "op de agenda van een overleg met partners zetten of de gedeelde gegevens wijzigen."
)


# -- the meeting -------------------------------------------------------------------------


def maak_overleg(
    *,
    actor: Actor,
    verband: Samenwerkingsverband | None,
    soort: str,
    datum: date | None,
    doel: str | None,
    grondslag_soort: str,
    grondslag: str | None,
    artikel: str | None,
    deelnemers: Sequence[Gebruiker] = (),
    voorzitter: Gebruiker | None = None,
) -> Partneroverleg:
    """Plan a meeting with partners and invite ``deelnemers`` (partner users of the
    verband's organisations). The chair is the actor, or ``voorzitter`` (the demo, a
    colleague): a triage member of an aanpak the meeting may hold."""
    actor = vereis_actor(actor)
    if voorzitter is None and not is_systeem(actor):
        voorzitter = actor
    with log_wijziging(
        "partneroverleg.aangemaakt", gebruiker=actor, object_type="partneroverleg"
    ) as log:
        vereis(
            mag_partneroverleg_maken(actor),
            "Alleen leden van een triageoverleg kunnen een casusoverleg met partners aanmaken.",
        )
        _controleer_voorzitter(voorzitter, soort)
        if verband is None or not verband.actief:
            raise Ongeldig("Kies een actief samenwerkingsverband.", "verband")
        if datum is None:
            raise Ongeldig("Vul de datum van het overleg in.", "datum")
        doel = _doel(doel)
        grondslag_soort, grondslag, artikel = _grondslag(grondslag_soort, grondslag, artikel)
        _controleer_deelnemers(verband, deelnemers)
        overleg = Partneroverleg(
            verband=verband,
            soort=soort,
            datum=datum,
            doel=doel,
            grondslag_soort=grondslag_soort,
            grondslag=grondslag,
            artikel=artikel,
            voorzitter_id=voorzitter.id if voorzitter is not None else None,
            created_by_id=actor.id,
        )
        db.session.add(overleg)
        db.session.flush()
        for deelnemer in _uniek(deelnemers):
            db.session.add(
                PartneroverlegDeelnemer(overleg_id=overleg.id, gebruiker_id=deelnemer.id)
            )
        db.session.flush()
        db.session.refresh(overleg, ["deelnemers"])
        log.object(
            object_id=overleg.id,
            details={
                "overleg_id": overleg.id,
                "soort": soort,
                "deelnemer_ids": [d.id for d in overleg.deelnemers],
            },
        )
    return overleg


def nodig_uit(
    overleg: Partneroverleg, deelnemers: Sequence[Gebruiker], *, actor: Actor
) -> list[Gebruiker]:
    """Invite more partner users (the chair); returns the newly invited. When the agenda
    has been sent, they get its register rows and a notification at once."""
    actor = vereis_actor(actor)
    with log_wijziging(
        "partneroverleg.uitgenodigd",
        gebruiker=actor,
        object_type="partneroverleg",
        object_id=overleg.id,
        details={"overleg_id": overleg.id},
    ) as log:
        vereis(mag_partneroverleg_voorzitten(actor, overleg), ALLEEN_VOORZITTER)
        _niet_voorbij(overleg)
        if not deelnemers:
            raise Ongeldig("Kies minstens één partner om uit te nodigen.", "deelnemers")
        _controleer_deelnemers(overleg.verband, deelnemers)
        al = {d.id for d in overleg.deelnemers}
        nieuw = [d for d in _uniek(deelnemers) if d.id not in al]
        for deelnemer in nieuw:
            db.session.add(
                PartneroverlegDeelnemer(overleg_id=overleg.id, gebruiker_id=deelnemer.id)
            )
        db.session.flush()
        db.session.refresh(overleg, ["deelnemers"])
        aantal = 0
        if overleg.verzonden_op is not None and nieuw:
            aantal = _schrijf_verstrekkingen(overleg, overleg.agenda, nieuw, actor)
            _meld_agenda(overleg, nieuw)
        log.object(
            details={
                "overleg_id": overleg.id,
                "deelnemer_ids": [d.id for d in nieuw],
                "verstrekkingen": aantal,
            }
        )
    return nieuw


# -- the agenda --------------------------------------------------------------------------


def zet_op_agenda(
    overleg: Partneroverleg, casus: Casus, items: Iterable[str], *, actor: Actor
) -> Partneragendapunt:
    """Put ``casus`` on the agenda with the ``items`` to share (its regisseur or a triage
    member of its aanpak). The chair confirms it before partners see anything."""
    actor = vereis_actor(actor)
    with log_wijziging(
        "partneroverleg.agenda_gewijzigd",
        gebruiker=actor,
        casus=casus,
        details={"overleg_id": overleg.id},
    ) as log:
        codes = _items(items)
        log.object(details={"overleg_id": overleg.id, "toegevoegd": codes})
        _mag_op_agenda(actor, overleg, casus)
        if not codes:
            raise Ongeldig("Kies minstens één gegeven om te delen.", "items")
        bestaand = db.session.scalar(
            select(Partneragendapunt.id).where(
                Partneragendapunt.overleg_id == overleg.id,
                Partneragendapunt.casus_id == casus.id,
            )
        )
        if bestaand is not None:
            raise Ongeldig(
                f"{casus.ref} staat al op de agenda; wijzig daar de gedeelde gegevens.", "ref"
            )
        hoogste = db.session.scalar(
            select(func.max(Partneragendapunt.volgorde)).where(
                Partneragendapunt.overleg_id == overleg.id
            )
        )
        punt = Partneragendapunt(
            overleg=overleg,
            casus=casus,
            volgorde=(hoogste or 0) + 1,
            voorgesteld_door_id=actor.id,
            items=[Deelitem(item=c, gekozen_door_id=actor.id) for c in codes],
        )
        db.session.add(punt)
        db.session.flush()
    return punt


def wijzig_items(
    agendapunt: Partneragendapunt, items: Iterable[str], *, actor: Actor
) -> tuple[list[str], list[str]]:
    """Set the items shared of an agendapunt's case to ``items``; returns (added,
    withdrawn). An added item needs the chair's confirmation again (the agendapunt is
    no longer confirmed); a withdrawn one is gone for the partners at once."""
    actor = vereis_actor(actor)
    overleg, casus = agendapunt.overleg, agendapunt.casus
    codes = _items(items)
    actief = {d.item: d for d in agendapunt.items if d.ingetrokken_op is None}
    erbij = [c for c in codes if c not in actief]
    eraf = [c for c in ITEMS if c in actief and c not in codes]
    if not erbij and not eraf:
        _mag_intrekken(actor, overleg, casus)
        return [], []
    with log_wijziging(
        "partneroverleg.agenda_gewijzigd",
        gebruiker=actor,
        casus=casus,
        details={"overleg_id": overleg.id, "toegevoegd": erbij, "ingetrokken": eraf},
    ):
        if erbij:
            _mag_op_agenda(actor, overleg, casus)
        elif eraf:
            _mag_intrekken(actor, overleg, casus)
        moment = nu()
        if erbij:
            oud = {d.item: d for d in agendapunt.items}
            for code in erbij:
                deelitem = oud.get(code)
                if deelitem is None:
                    agendapunt.items.append(Deelitem(item=code, gekozen_door_id=actor.id))
                else:  # withdrawn before: chosen again
                    deelitem.ingetrokken_op = None
                    deelitem.ingetrokken_door_id = None
                    deelitem.gekozen_op = moment
                    deelitem.gekozen_door_id = actor.id
            # partners see the new selection only once the chair confirms it
            agendapunt.bevestigd_op = None
            agendapunt.bevestigd_door_id = None
        for code in eraf:
            _intrekken(actief[code], actor, moment)
        db.session.flush()
    if eraf:
        log_actie(
            "partneroverleg.item_ingetrokken",
            gebruiker=actor,
            casus=casus,
            details={"overleg_id": overleg.id, "items": eraf},
        )
    return erbij, eraf


def trek_in(deelitem: Deelitem, *, actor: Actor) -> None:
    """Withdraw one shared item at once: no partner sees it from now on, and its
    register rows record the withdrawal."""
    actor = vereis_actor(actor)
    punt = deelitem.agendapunt
    overleg, casus = punt.overleg, punt.casus
    with log_wijziging(
        "partneroverleg.item_ingetrokken",
        gebruiker=actor,
        casus=casus,
        details={"overleg_id": overleg.id, "items": [deelitem.item]},
    ):
        _mag_intrekken(actor, overleg, casus)
        if deelitem.ingetrokken_op is not None:
            raise Ongeldig("Dit gegeven is al ingetrokken.")
        _intrekken(deelitem, actor, nu())
        db.session.flush()


def bevestig(agendapunt: Partneragendapunt, *, actor: Actor) -> int:
    """The chair confirms the selection of an agendapunt; when the agenda has been sent
    already, the invited partners get it now (returns the register rows written)."""
    actor = vereis_actor(actor)
    overleg, casus = agendapunt.overleg, agendapunt.casus
    with log_wijziging(
        "partneroverleg.bevestigd",
        gebruiker=actor,
        casus=casus,
        details={"overleg_id": overleg.id},
    ) as log:
        vereis(mag_partneroverleg_voorzitten(actor, overleg), ALLEEN_VOORZITTER)
        _niet_voorbij(overleg)
        if agendapunt.bevestigd_op is not None:
            raise Conflict("Deze casus is al bevestigd.")
        items = [d.item for d in agendapunt.items if d.ingetrokken_op is None]
        if not items:
            raise Ongeldig("Er zijn geen gegevens gekozen om te delen; er is niets te bevestigen.")
        agendapunt.bevestigd_op = nu()
        agendapunt.bevestigd_door_id = actor.id
        db.session.flush()
        aantal = 0
        if overleg.verzonden_op is not None:
            aantal = _schrijf_verstrekkingen(overleg, [agendapunt], overleg.deelnemers, actor)
        log.object(details={"overleg_id": overleg.id, "items": items, "verstrekkingen": aantal})
    return aantal


def verstuur_agenda(overleg: Partneroverleg, *, actor: Actor) -> int:
    """The chair sends the agenda: from now until ``inzage_tot`` the invited partner
    users see the confirmed items; they are notified and the register is written
    (returns its number of rows)."""
    actor = vereis_actor(actor)
    with log_wijziging(
        "partneroverleg.verzonden",
        gebruiker=actor,
        object_type="partneroverleg",
        object_id=overleg.id,
        details={"overleg_id": overleg.id},
    ) as log:
        vereis(mag_partneroverleg_voorzitten(actor, overleg), ALLEEN_VOORZITTER)
        if overleg.verzonden_op is not None:
            raise Conflict(
                f"De agenda is al verzonden op {datum_tekst(overleg.verzonden_op)}; "
                "wijzigingen bereiken de partners vanzelf na uw bevestiging."
            )
        bevestigd = [
            p
            for p in overleg.agenda
            if p.bevestigd_op is not None and any(d.ingetrokken_op is None for d in p.items)
        ]
        if not bevestigd:
            raise Ongeldig("Bevestig eerst minstens één casus op de agenda.")
        ontvangers = _ontvangers(overleg.deelnemers)
        if not ontvangers:
            raise Ongeldig("Nodig eerst minstens één partner uit.")
        moment = nu()
        tot = inzage_tot(overleg.datum)
        if tot <= moment:
            raise Ongeldig(
                "De inzagetermijn na dit overleg is al voorbij; de agenda kan niet meer "
                "worden verzonden."
            )
        overleg.verzonden_op = moment
        overleg.inzage_tot = tot
        db.session.flush()
        aantal = _schrijf_verstrekkingen(overleg, bevestigd, ontvangers, actor)
        _meld_agenda(overleg, ontvangers)
        log.object(
            details={
                "overleg_id": overleg.id,
                "casus_ids": [p.casus_id for p in bevestigd],
                "deelnemer_ids": [g.id for g in ontvangers],
                "verstrekkingen": aantal,
            }
        )
    return aantal


def inzage_tot(datum: date) -> datetime:
    """The end of the partners' window for a meeting on ``datum``: the end of the day
    (Dutch time) ``PARTNER_INZAGE_DAGEN`` days after it, in UTC (exclusive)."""
    dagen = int(current_app.config.get("PARTNER_INZAGE_DAGEN", STANDAARD_INZAGE_DAGEN))
    volgende_dag = datum + timedelta(days=max(dagen, 0) + 1)
    return datetime.combine(volgende_dag, time(0), tzinfo=TIJDZONE).astimezone(UTC)


# -- afspraken ---------------------------------------------------------------------------


def maak_afspraak(
    overleg: Partneroverleg,
    casus: Casus,
    *,
    omschrijving: str | None,
    organisatie: Partnerorganisatie | None = None,
    regisseur: Gebruiker | None = None,
    uiterlijk: date | None,
    actor: Actor,
) -> Afspraak:
    """An action agreed on an agenda case, for an invited partner organisation or for a
    regisseur who may see the case, due ``uiterlijk`` (the chair or the case's
    regisseur)."""
    actor = vereis_actor(actor)
    with log_wijziging(
        "afspraak.gemaakt", gebruiker=actor, casus=casus, details={"overleg_id": overleg.id}
    ) as log:
        vereis(
            mag_afspraak_maken(actor, overleg, casus),
            "Alleen de voorzitter of de regisseur van de casus kan een afspraak maken.",
        )
        op_agenda = db.session.scalar(
            select(Partneragendapunt.id).where(
                Partneragendapunt.overleg_id == overleg.id,
                Partneragendapunt.casus_id == casus.id,
            )
        )
        if op_agenda is None:
            raise Ongeldig("Deze casus staat niet op de agenda van dit overleg.")
        omschrijving = (omschrijving or "").strip()
        if not omschrijving:
            raise Ongeldig("Beschrijf wat er is afgesproken.", "omschrijving")
        if len(omschrijving) > MAX_AFSPRAAK:
            raise Ongeldig(
                f"De afspraak mag hoogstens {MAX_AFSPRAAK} tekens lang zijn.", "omschrijving"
            )
        if (organisatie is None) == (regisseur is None):
            raise Ongeldig("Kies één partnerorganisatie of één regisseur.", "voor")
        if organisatie is not None:
            uitgenodigd = {d.partnerorganisatie_id for d in overleg.deelnemers}
            if organisatie.id not in uitgenodigd or not organisatie.actief:
                raise Ongeldig(f"{organisatie.naam} is niet uitgenodigd voor dit overleg.", "voor")
        if regisseur is not None and (
            is_partner(regisseur) or not mag_casus_zien(regisseur, casus)
        ):
            raise Ongeldig(
                f"{regisseur.naam} kan deze casus niet inzien en kan de afspraak dus niet "
                "uitvoeren.",
                "voor",
            )
        if uiterlijk is None:
            raise Ongeldig("Vul in wanneer de afspraak uiterlijk klaar moet zijn.", "uiterlijk")
        if uiterlijk < overleg.datum:
            raise Ongeldig(
                f"Kies een datum op of na de datum van het overleg ({datum_tekst(overleg.datum)}).",
                "uiterlijk",
            )
        afspraak = Afspraak(
            overleg_id=overleg.id,
            casus_id=casus.id,
            omschrijving=omschrijving,
            organisatie_id=organisatie.id if organisatie is not None else None,
            regisseur_id=regisseur.id if regisseur is not None else None,
            uiterlijk=uiterlijk,
            status="open",
            created_by_id=actor.id,
        )
        db.session.add(afspraak)
        db.session.flush()
        log.object(
            details={
                "overleg_id": overleg.id,
                "afspraak_id": afspraak.id,
                "organisatie_id": afspraak.organisatie_id,
                "regisseur_id": afspraak.regisseur_id,
            }
        )
    return afspraak


# -- lookups for the screens -------------------------------------------------------------


def actieve_verbanden() -> Select[tuple[Samenwerkingsverband]]:
    return (
        select(Samenwerkingsverband)
        .where(Samenwerkingsverband.actief.is_(True))
        .order_by(Samenwerkingsverband.naam)
    )


def actieve_organisaties(verband: Samenwerkingsverband) -> Select[tuple[Partnerorganisatie]]:
    return (
        select(Partnerorganisatie)
        .where(Partnerorganisatie.verband_id == verband.id, Partnerorganisatie.actief.is_(True))
        .order_by(Partnerorganisatie.naam)
    )


def uitnodigbaar(verband: Samenwerkingsverband) -> Select[tuple[Gebruiker, Partnerorganisatie]]:
    """The active partner users of the verband's active organisations (who a meeting of
    that verband may invite), with their organisation."""
    return (
        select(Gebruiker, Partnerorganisatie)
        .join(Partnerorganisatie, Gebruiker.partnerorganisatie_id == Partnerorganisatie.id)
        .where(
            Partnerorganisatie.verband_id == verband.id,
            Partnerorganisatie.actief.is_(True),
            Gebruiker.actief.is_(True),
        )
        .order_by(Partnerorganisatie.naam, Gebruiker.naam, Gebruiker.id)
    )


# -- internals ---------------------------------------------------------------------------


def _controleer_voorzitter(voorzitter: Gebruiker | None, soort: str) -> None:
    """The chair sits at the triage table of an aanpak the meeting may hold: of PGA-R
    for a PGA-R meeting."""
    if soort not in OVERLEGSOORTEN:
        raise Ongeldig("Kies de soort overleg.", "soort")
    if voorzitter is None or not mag_partneroverleg_maken(voorzitter):
        raise Ongeldig("Kies een voorzitter uit een triageoverleg.", "voorzitter")
    if any(is_triagelid(voorzitter, a) for a in partneroverleg_aanpakken(soort)):
        return
    if soort == PGA_R:
        raise Ongeldig(
            "Alleen een lid van het triageoverleg van PGA-R kan een Multidisciplinair "
            "Casusoverleg (PGA-R) voorzitten.",
            "soort",
        )
    raise Ongeldig(
        "De voorzitter zit in geen triageoverleg van een aanpak die dit overleg bespreekt.",
        "soort",
    )


def _doel(doel: str | None) -> str:
    doel = (doel or "").strip()
    if not doel:
        raise Ongeldig("Beschrijf het doel van het overleg.", "doel")
    if len(doel) > MAX_DOEL:
        raise Ongeldig(f"Het doel mag hoogstens {MAX_DOEL} tekens lang zijn.", "doel")
    return doel


def _grondslag(
    soort: str, grondslag: str | None, artikel: str | None
) -> tuple[str, str, str | None]:
    if soort not in GRONDSLAGSOORTEN:
        raise Ongeldig("Kies een convenant of een wettelijke grondslag.", "grondslag_soort")
    grondslag = (grondslag or "").strip()
    if not grondslag:
        raise Ongeldig(
            "Vul de grondslag in: het convenant of de wet waarop gegevens worden gedeeld.",
            "grondslag",
        )
    if len(grondslag) > MAX_GRONDSLAG:
        raise Ongeldig(f"De grondslag mag hoogstens {MAX_GRONDSLAG} tekens lang zijn.", "grondslag")
    artikel = (artikel or "").strip() or None
    if artikel is not None and len(artikel) > MAX_ARTIKEL:
        raise Ongeldig(f"Het artikel mag hoogstens {MAX_ARTIKEL} tekens lang zijn.", "artikel")
    return soort, grondslag, artikel


def _controleer_deelnemers(verband: Samenwerkingsverband, deelnemers: Sequence[Gebruiker]) -> None:
    """Every invitee is an active partner user of an active organisation of ``verband``."""
    toegestaan = {g.id for g, _ in db.session.execute(uitnodigbaar(verband)).tuples()}
    buiten = [d.naam for d in deelnemers if d.id not in toegestaan or not is_partner(d)]
    if buiten:
        raise Ongeldig(
            f"{', '.join(buiten)} is geen actieve partner van {verband.naam}.", "deelnemers"
        )


def _uniek(gebruikers: Iterable[Gebruiker]) -> list[Gebruiker]:
    gezien: dict[int, Gebruiker] = {}
    for g in gebruikers:
        gezien.setdefault(g.id, g)
    return list(gezien.values())


def _items(items: Iterable[str]) -> list[str]:
    """The chosen item codes in ITEMS order; an unknown one is refused."""
    gekozen = set(items or ())
    onbekend = gekozen - set(ITEMS)
    if onbekend:
        raise Ongeldig("Kies alleen gegevens uit de lijst.", "items")
    return [c for c in ITEMS if c in gekozen]


def _mag_op_agenda(actor: Actor, overleg: Partneroverleg, casus: Casus) -> None:
    """Refuse, in Dutch, what ``mag_op_partneragenda`` refuses: no casework right, the
    PGA-R rule (both ways), or the window already over."""
    vereis(mag_casus_bewerken(actor, casus), GEEN_TOEGANG_AGENDA)
    if casus.aanpak not in partneroverleg_aanpakken(overleg.soort):
        if overleg.soort == PGA_R:
            raise Ongeldig(
                "In een Multidisciplinair Casusoverleg (PGA-R) worden alleen casussen van "
                "PGA-R besproken.",
                "ref",
            )
        raise Ongeldig(
            "Een casus van PGA-R wordt alleen gedeeld in een Multidisciplinair Casusoverleg "
            "(PGA-R), nooit op een gemengde agenda.",
            "ref",
        )
    _niet_voorbij(overleg)
    vereis(mag_op_partneragenda(actor, overleg, casus), GEEN_TOEGANG_AGENDA)


def _mag_intrekken(actor: Actor, overleg: Partneroverleg, casus: Casus) -> None:
    vereis(mag_item_intrekken(actor, overleg, casus), GEEN_TOEGANG_AGENDA)


def _niet_voorbij(overleg: Partneroverleg) -> None:
    if overleg.inzage_tot is not None and overleg.inzage_tot <= nu():
        raise Ongeldig(
            "De inzagetermijn na dit overleg is voorbij; de agenda kan niet meer worden gewijzigd."
        )


def _intrekken(deelitem: Deelitem, actor: Actor, moment: datetime) -> None:
    punt = deelitem.agendapunt
    deelitem.ingetrokken_op = moment
    deelitem.ingetrokken_door_id = actor.id
    db.session.execute(
        update(Verstrekking)
        .where(
            Verstrekking.overleg_id == punt.overleg_id,
            Verstrekking.casus_id == punt.casus_id,
            Verstrekking.item == deelitem.item,
            Verstrekking.ingetrokken_op.is_(None),
        )
        # the rows in the session too: a confirmation later in this unit of work reads them
        .values(ingetrokken_op=moment)
    )


def _ontvangers(deelnemers: Iterable[Gebruiker]) -> list[Gebruiker]:
    """The invitees who receive the agenda: active partner users."""
    return [d for d in deelnemers if is_partner(d)]


def _schrijf_verstrekkingen(
    overleg: Partneroverleg,
    punten: Iterable[Partneragendapunt],
    deelnemers: Iterable[Gebruiker],
    actor: Actor,
) -> int:
    """Add the register rows still missing for the confirmed, not withdrawn items of
    ``punten`` x the active partner users among ``deelnemers``; returns how many. A row
    of an item withdrawn before and now shared again is marked shared again."""
    ontvangers = _ontvangers(deelnemers)
    gedeeld = [
        (punt, deelitem)
        for punt in punten
        if punt.bevestigd_op is not None
        for deelitem in punt.items
        if deelitem.ingetrokken_op is None
    ]
    if not ontvangers or not gedeeld:
        return 0
    bestaand = {
        (v.casus_id, v.item, v.gebruiker_id): v
        for v in db.session.scalars(
            select(Verstrekking).where(
                Verstrekking.overleg_id == overleg.id,
                Verstrekking.casus_id.in_(sorted({p.casus_id for p, _ in gedeeld})),
            )
        )
    }
    moment = nu()
    aantal = 0
    for punt, deelitem in gedeeld:
        for gebruiker in ontvangers:
            rij = bestaand.get((punt.casus_id, deelitem.item, gebruiker.id))
            if rij is not None:
                if rij.ingetrokken_op is not None:
                    rij.ingetrokken_op = None
                    aantal += 1
                continue
            assert gebruiker.partnerorganisatie_id is not None
            db.session.add(
                Verstrekking(
                    overleg_id=overleg.id,
                    casus_id=punt.casus_id,
                    persoon_id=punt.casus.persoon_id,
                    item=deelitem.item,
                    gebruiker_id=gebruiker.id,
                    organisatie_id=gebruiker.partnerorganisatie_id,
                    doel=overleg.doel,
                    grondslag=overleg.grondslag,
                    artikel=overleg.artikel,
                    verstrekt_op=moment,
                    verstrekt_door_id=actor.id,
                )
            )
            aantal += 1
    db.session.flush()
    return aantal


def _meld_agenda(overleg: Partneroverleg, ontvangers: Iterable[Gebruiker]) -> None:
    """Tell the partner users the agenda is there: no case number, no name."""
    notificeer(
        "partneragenda",
        ontvangers=[g.id for g in ontvangers],
        tekst=(
            f"Agenda ontvangen voor het casusoverleg van {datum_tekst(overleg.datum, lang=True)}."
        ),
        link=f"/partner/overleg/{overleg.id}",
        sleutel=f"partneragenda:{overleg.id}",
    )

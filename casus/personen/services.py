"""Finding and registering persons: search, likely duplicates, creation."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import Select, exists, func, or_, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.casussen.validatie import datum_niet_in_toekomst
from casus.errors import Ongeldig
from casus.extensions import db
from casus.personen.models import Persoon, bsn_geldig
from casus.personen.queries import strikte_aanpakken

MAX_RESULTATEN = 20


def vindbare_personen(gebruiker: Gebruiker) -> Select[tuple[Persoon]]:
    """Persons a user registering an aanmelding may find: everyone except those known
    only in a strictly confidential aanpak (PGA-R) the user is not a member of."""
    open_voor_mij = [a for a in strikte_aanpakken() if a not in gebruiker.aanpakken()]
    buiten_strikt = select(Casus.id).where(Casus.persoon_id == Persoon.id,
                                           Casus.aanpak.not_in(open_voor_mij))
    enige = select(Casus.id).where(Casus.persoon_id == Persoon.id)
    return select(Persoon).where(or_(exists(buiten_strikt), ~exists(enige)),
                                 Persoon.geanonimiseerd_op.is_(None))


def _als_datum(term: str) -> date | None:
    for formaat in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(term, formaat).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    return None


def zoek_personen(gebruiker: Gebruiker, term: str) -> list[Persoon]:
    """Search on BSN (9 digits), birth date (dd-mm-jjjj) or name words."""
    term = term.strip()[:100]
    if not term:
        return []
    query = vindbare_personen(gebruiker)
    geboren = _als_datum(term)
    if re.fullmatch(r"\d{9}", term):
        query = query.where(Persoon.bsn == term)
    elif geboren is not None:
        query = query.where(Persoon.geboortedatum == geboren)
    else:
        for woord in term.lower().split()[:4]:
            patroon = f"%{woord.replace('%', '').replace('_', '')}%"
            query = query.where(or_(func.lower(Persoon.voornaam).like(patroon),
                                    func.lower(Persoon.achternaam).like(patroon)))
    return list(db.session.scalars(
        query.order_by(Persoon.achternaam, Persoon.voornaam, Persoon.id).limit(MAX_RESULTATEN)))


def mogelijke_dubbelen(gebruiker: Gebruiker, *, voornaam: str, achternaam: str,
                       geboortedatum: date | None, bsn: str | None) -> list[Persoon]:
    """Likely the same person: same BSN, or same name and birth date."""
    voorwaarden = []
    if bsn:
        voorwaarden.append(Persoon.bsn == bsn)
    if geboortedatum is not None:
        voorwaarden.append(
            (func.lower(Persoon.voornaam) == voornaam.strip().lower())
            & (func.lower(Persoon.achternaam) == achternaam.strip().lower())
            & (Persoon.geboortedatum == geboortedatum))
    if not voorwaarden:
        return []
    return list(db.session.scalars(
        vindbare_personen(gebruiker).where(or_(*voorwaarden)).order_by(Persoon.id)
        .limit(MAX_RESULTATEN)))


def maak_persoon(gebruiker: Gebruiker, *, voornaam: str, achternaam: str,
                 tussenvoegsel: str | None = None, geboortedatum: date | None = None,
                 bsn: str | None = None, adres: str | None = None,
                 wijk: str | None = None) -> Persoon:
    """A new person registered by ``gebruiker``.

    A person with the same BSN that the user may find is offered as a likely duplicate
    before this is called; choosing "another person" with that very BSN is refused.
    A person the user may not find (known only in PGA-R) is never attached nor
    revealed: the user gets a record of their own with the BSN they entered, which
    the privacy officer sees next to the other in an inzage by BSN.
    """
    voornaam, achternaam = voornaam.strip(), achternaam.strip()
    if not voornaam:
        raise Ongeldig("Vul de voornaam in.", "voornaam")
    if not achternaam:
        raise Ongeldig("Vul de achternaam in.", "achternaam")
    if geboortedatum is not None:
        datum_niet_in_toekomst(geboortedatum, "geboortedatum")
    bsn = (bsn or "").strip() or None
    if bsn is not None:
        if not bsn_geldig(bsn):
            raise Ongeldig("Dit is geen geldig BSN: het moet 9 cijfers hebben en aan de "
                           "elfproef voldoen.", "bsn")
        vindbaar = db.session.scalar(vindbare_personen(gebruiker).where(Persoon.bsn == bsn))
        if vindbaar is not None:
            raise Ongeldig("Er is al een persoon met dit BSN. Kies die persoon hieronder.",
                           "bsn")
    persoon = Persoon(voornaam=voornaam, achternaam=achternaam,
                      tussenvoegsel=(tussenvoegsel or "").strip() or None,
                      geboortedatum=geboortedatum, bsn=bsn, adres=(adres or "").strip() or None,
                      wijk=wijk or None)
    db.session.add(persoon)
    db.session.flush()
    return persoon

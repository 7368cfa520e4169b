"""Finding and registering persons for an aanmelding: search, likely duplicates, creation.

What a user may learn about a person is decided by ``casus.toegang``:
- a person the user may see through a case: found by any part of the name, birth date
  or BSN, shown in full, chosen by id;
- any other person (known to another team, or to no team any more), except one known
  only in a strictly confidential aanpak (PGA-R): only an exact match on what the user
  typed in full (the BSN, or first name + surname + birth date) is confirmed, showing
  nothing but what was typed, and chosen by a signed, short-lived token bound to the
  user (``Treffer.keuze``), never by id;
- a person known only in PGA-R: never found, never confirmed.
Registering an aanmelding for a matched person links the existing record (no duplicate);
the link and every confirmation are audit-logged and counted by the unusual-access
signal (casus.audit.queries.ongebruikelijke_toegang).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.orm import QueryableAttribute

from casus.audit import log_actie
from casus.casussen.validatie import datum_niet_in_toekomst
from casus.db import LIKE_ESCAPE, bevat_patroon
from casus.errors import Ongeldig
from casus.extensions import db
from casus.personen.models import Persoon, bsn_geldig
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.queries import exact_herkenbare_personen, zichtbare_personen
from casus.zoeken.zoekvorm import zoekvorm

MAX_RESULTATEN = 20
KEUZE_GELDIG_SECONDEN = 2 * 60 * 60  # a confirmed match may be chosen for two hours
_ZOUT = "casus.aanmelding.exacte-treffer"


@dataclass(frozen=True)
class Treffer:
    """A person offered to choose in an aanmelding.

    ``keuze`` is what ``?persoon=`` and the form carry. For a person the user may see it
    is the id and ``naam``/``geboortedatum`` are the stored ones; for an exact match it is
    a signed token and ``naam``/``geboortedatum``/``bsn`` are only what the user typed.
    """

    keuze: str
    naam: str
    geboortedatum: date | None
    exact: bool = False
    bsn: str | None = None
    persoon_id: int | None = None

    @property
    def omschrijving(self) -> str:
        delen = [self.naam] if self.naam else []
        if self.geboortedatum is not None:
            delen.append(f"geboren {self.geboortedatum:%d-%m-%Y}")
        if self.bsn:
            delen.append(f"BSN {self.bsn}")
        return ", ".join(delen)


@dataclass(frozen=True)
class Gekozen:
    """The person an aanmelding is for, and how the user came to it."""

    persoon: Persoon
    treffer: Treffer


def _als_datum(term: str) -> date | None:
    for formaat in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(term, formaat).date()  # a plain date: no time zone
        except ValueError:
            continue
    return None


def _zichtbaar_treffer(p: Persoon) -> Treffer:
    return Treffer(
        keuze=str(p.id), naam=p.volledige_naam, geboortedatum=p.geboortedatum, persoon_id=p.id
    )


# -- exact matches on persons the user may not see -------------------------------------


# what the user typed in full for one kind of exact match: {"b": bsn}, or first name,
# surname and birth date {"v": ..., "a": ..., "d": "jjjj-mm-dd"}
Getypt = dict[str, str]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_ZOUT)


def _exact_treffer(actor: Actor, persoon: Persoon, getypt: Getypt, index: int) -> Treffer:
    """A confirmed exact match. Its token holds what the user typed and the match's place
    among the matches (ordered by id), never the person's id: it is signed, not
    encrypted, and a user must learn nothing they did not type."""
    inhoud = {"u": actor.id, "i": index, **getypt}
    token = str(_serializer().dumps(inhoud))
    log_actie(
        "persoon.exact_bevestigd",
        persoon=persoon,
        details={"via": "bsn" if getypt.get("b") else "naam_geboortedatum"},
    )
    return _getypte_treffer(token, getypt)


def _getypte_treffer(keuze: str, getypt: Getypt) -> Treffer:
    if getypt.get("b"):
        return Treffer(keuze=keuze, naam="", geboortedatum=None, exact=True, bsn=getypt["b"])
    return Treffer(
        keuze=keuze,
        naam=f"{getypt['v']} {getypt['a']}".strip(),
        geboortedatum=date.fromisoformat(getypt["d"]),
        exact=True,
    )


def _getypt_per_soort(
    *, voornaam: str | None, achternaam: str | None, geboortedatum: date | None, bsn: str | None
) -> list[Getypt]:
    """What the user typed in full, per kind of exact match: the BSN; name and birth date."""
    soorten: list[Getypt] = []
    if bsn and bsn_geldig(bsn):
        soorten.append({"b": bsn})
    if voornaam and voornaam.strip() and achternaam and achternaam.strip() and geboortedatum:
        soorten.append(
            {"v": voornaam.strip(), "a": achternaam.strip(), "d": geboortedatum.isoformat()}
        )
    return soorten


def _voorwaarde(getypt: Getypt) -> ColumnElement[bool]:
    """The SQL condition of one kind of exact match (see ``_getypt_per_soort``)."""
    if getypt.get("b"):
        return Persoon.bsn == getypt["b"]
    return (
        _gelijk(Persoon.voornaam, getypt["v"])
        & _gelijk(Persoon.achternaam, getypt["a"])
        & (Persoon.geboortedatum == date.fromisoformat(getypt["d"]))
    )


def _exact(actor: Actor, getypt: Getypt) -> list[Persoon]:
    """The persons an exact match on ``getypt`` confirms, ordered by id."""
    return list(
        db.session.scalars(
            exact_herkenbare_personen(actor)
            .where(_voorwaarde(getypt))
            .order_by(Persoon.id)
            .limit(MAX_RESULTATEN)
        )
    )


def _gelijk(kolom: QueryableAttribute[str], waarde: str) -> ColumnElement[bool]:
    return func.lower(kolom) == waarde.strip().lower()


def _exacte_voorwaarde(
    *, voornaam: str | None, achternaam: str | None, geboortedatum: date | None, bsn: str | None
) -> ColumnElement[bool] | None:
    """The one condition an exact match may be made on: the whole BSN, or first name,
    surname and birth date all three; None when the user typed neither in full."""
    voorwaarden = [
        _voorwaarde(g)
        for g in _getypt_per_soort(
            voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum, bsn=bsn
        )
    ]
    return or_(*voorwaarden) if voorwaarden else None


def _exacte_treffers(
    actor: Actor,
    bekend: set[int],
    *,
    voornaam: str | None,
    achternaam: str | None,
    geboortedatum: date | None,
    bsn: str | None,
) -> list[Treffer]:
    treffers: list[Treffer] = []
    gezien = set(bekend)
    for getypt in _getypt_per_soort(
        voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum, bsn=bsn
    ):
        for index, p in enumerate(_exact(actor, getypt)):
            if p.id not in gezien:
                gezien.add(p.id)
                treffers.append(_exact_treffer(actor, p, getypt, index))
    return treffers


# -- search, choice, duplicates --------------------------------------------------------


def zoek_personen(actor: Actor, term: str) -> list[Treffer]:
    """Search for the aanmelding: visible persons by BSN (9 digits), birth date
    (dd-mm-jjjj) or parts of the name; other persons only by an exact match on the whole
    BSN, or on 'voornaam achternaam dd-mm-jjjj' typed in full."""
    actor = vereis_actor(actor)
    term = term.strip()[:100]
    if not term:
        return []
    query = zichtbare_personen(actor)
    woorden = term.split()
    datums = [d for d in (_als_datum(w) for w in woorden) if d is not None]
    naamwoorden = [w for w in woorden if _als_datum(w) is None]
    bsn = term if re.fullmatch(r"\d{9}", term) else None
    if bsn:
        query = query.where(Persoon.bsn == bsn)
    else:
        if datums:
            query = query.where(Persoon.geboortedatum == datums[0])
        # case- and accent-insensitive, as the search (casus.zoeken.zoekvorm)
        for woord in zoekvorm(" ".join(naamwoorden)).split()[:4]:
            query = query.where(Persoon.zoeknaam.like(bevat_patroon(woord), escape=LIKE_ESCAPE))
    zichtbaar = [
        _zichtbaar_treffer(p)
        for p in db.session.scalars(
            query.order_by(Persoon.achternaam, Persoon.voornaam, Persoon.id).limit(MAX_RESULTATEN)
        )
    ]
    exact = _exacte_treffers(
        actor,
        {t.persoon_id for t in zichtbaar if t.persoon_id is not None},
        voornaam=naamwoorden[0] if len(naamwoorden) >= 2 else None,
        achternaam=naamwoorden[-1] if len(naamwoorden) >= 2 else None,
        geboortedatum=datums[0] if len(datums) == 1 else None,
        bsn=bsn,
    )
    return zichtbaar + exact


def gekozen_persoon(actor: Actor, keuze: str | None) -> Gekozen | None:
    """The person behind ``?persoon=`` / the form's ``persoon_id``: the id of a person the
    actor may see, or a token of an exact match this actor confirmed in the last two
    hours. Anything else (another id, someone else's token, an expired or forged one):
    None, exactly as for a person that does not exist."""
    actor = vereis_actor(actor)
    keuze = (keuze or "").strip()
    if not keuze or len(keuze) > 1000:
        return None
    if keuze.isdigit():
        persoon = db.session.scalar(zichtbare_personen(actor).where(Persoon.id == int(keuze)))
        return Gekozen(persoon, _zichtbaar_treffer(persoon)) if persoon is not None else None
    try:
        inhoud = _serializer().loads(keuze, max_age=KEUZE_GELDIG_SECONDEN)
    except BadSignature:
        return None
    if not isinstance(inhoud, dict) or inhoud.get("u") != actor.id:
        return None
    getypt: Getypt = {k: inhoud[k] for k in ("b", "v", "a", "d") if inhoud.get(k)}
    if not (set(getypt) == {"b"} or set(getypt) == {"v", "a", "d"}):
        return None
    index = inhoud.get("i")
    treffers = _exact(actor, getypt)
    if not isinstance(index, int) or not 0 <= index < len(treffers):
        return None
    persoon = treffers[index]
    if db.session.scalar(zichtbare_personen(actor).where(Persoon.id == persoon.id)) is not None:
        return Gekozen(persoon, _zichtbaar_treffer(persoon))
    return Gekozen(persoon, _getypte_treffer(keuze, getypt))


def mogelijke_dubbelen(
    actor: Actor, *, voornaam: str, achternaam: str, geboortedatum: date | None, bsn: str | None
) -> list[Treffer]:
    """Likely the same person as the one typed in: same BSN, or same first name, surname
    and birth date. Visible persons in full; others as an exact match only."""
    actor = vereis_actor(actor)
    voorwaarde = _exacte_voorwaarde(
        voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum, bsn=bsn
    )
    if voorwaarde is None:
        return []
    zichtbaar = [
        _zichtbaar_treffer(p)
        for p in db.session.scalars(
            zichtbare_personen(actor).where(voorwaarde).order_by(Persoon.id).limit(MAX_RESULTATEN)
        )
    ]
    return zichtbaar + _exacte_treffers(
        actor,
        {t.persoon_id for t in zichtbaar if t.persoon_id is not None},
        voornaam=voornaam,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        bsn=bsn,
    )


def maak_persoon(
    actor: Actor,
    *,
    voornaam: str,
    achternaam: str,
    tussenvoegsel: str | None = None,
    geboortedatum: date | None = None,
    bsn: str | None = None,
    adres: str | None = None,
    wijk: str | None = None,
) -> Persoon:
    """A new person registered by ``actor``.

    A person with the same BSN that the actor may see or have confirmed is offered as a
    likely duplicate before this is called; choosing "another person" with that very BSN
    is refused. A person known only in PGA-R is never attached nor revealed: the actor
    gets a record of their own with the BSN they entered, which the privacy officer sees
    next to the other in an inzage by BSN.
    """
    actor = vereis_actor(actor)
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
            raise Ongeldig(
                "Dit is geen geldig BSN: het moet 9 cijfers hebben en aan de elfproef voldoen.",
                "bsn",
            )
        bekend = db.session.scalar(
            exact_herkenbare_personen(actor).where(Persoon.bsn == bsn).limit(1)
        )
        if bekend is not None:
            raise Ongeldig("Er is al een persoon met dit BSN. Kies die persoon hieronder.", "bsn")
    persoon = Persoon(
        voornaam=voornaam,
        achternaam=achternaam,
        tussenvoegsel=(tussenvoegsel or "").strip() or None,
        geboortedatum=geboortedatum,
        bsn=bsn,
        adres=(adres or "").strip() or None,
        wijk=wijk or None,
    )
    db.session.add(persoon)
    db.session.flush()
    return persoon


def persoon_voor_aanmelding(
    actor: Actor,
    *,
    keuze: str | None,
    voornaam: str | None,
    achternaam: str | None,
    tussenvoegsel: str | None,
    geboortedatum: date | None,
    bsn: str | None,
    adres: str | None,
    wijk: str | None,
    andere_persoon: bool,
) -> Persoon | None:
    """The person an aanmelding is for: the chosen one (linked, never copied), a new one
    once likely duplicates have been looked at, or none (an aanmelding without person).
    A link made through an exact match is audit-logged as such (``persoon.gekoppeld``)."""
    actor = vereis_actor(actor)
    if keuze:
        gekozen = gekozen_persoon(actor, keuze)
        if gekozen is None:
            raise Ongeldig("De gekozen persoon is niet gevonden; zoek opnieuw.", "persoon_id")
        if gekozen.treffer.exact:
            log_actie(
                "persoon.gekoppeld",
                persoon=gekozen.persoon,
                details={"via": "bsn" if gekozen.treffer.bsn else "naam_geboortedatum"},
            )
        return gekozen.persoon
    if not ((voornaam or "").strip() or (achternaam or "").strip()):
        return None
    dubbelen = mogelijke_dubbelen(
        actor,
        voornaam=voornaam or "",
        achternaam=achternaam or "",
        geboortedatum=geboortedatum,
        bsn=(bsn or "").strip() or None,
    )
    if dubbelen and not andere_persoon:
        raise Ongeldig(
            "Deze persoon lijkt al bekend. Kies hieronder de bestaande persoon, of "
            "bevestig dat het een andere persoon is.",
            "andere_persoon",
        )
    return maak_persoon(
        actor,
        voornaam=voornaam or "",
        achternaam=achternaam or "",
        tussenvoegsel=tussenvoegsel,
        geboortedatum=geboortedatum,
        bsn=bsn,
        adres=adres,
        wijk=wijk,
    )

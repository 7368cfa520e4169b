"""The read side of the verstrekkingenregister: the privacy officer's register (filtered,
paged, as CSV), what a case shows under "Gedeeld met partners" (its shares per meeting,
the afspraken with the partners' reports, which the timeline shows too), and the shares
of a person's cases for the inzage ("ontvangers").

Who sees which rows is decided in ``casus.toegang.queries.zichtbare_verstrekkingen``
only (the privacy officer: all; a team member: the rows of the cases it may see; a
partner: none); every query here starts from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.types import TypeEngine

from casus.audit.queries import begin_van_dag
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.db import UTCDateTime
from casus.extensions import db
from casus.klok import TIJDZONE
from casus.partners import AFSPRAAKSTATUSSEN, ITEMS, OVERLEGSOORTEN
from casus.partners.models import (
    Afspraak,
    Partnerorganisatie,
    Partneroverleg,
    Samenwerkingsverband,
    Terugmelding,
    Verstrekking,
)
from casus.personen.models import Persoon
from casus.templating import datum
from casus.toegang.actor import Actor
from casus.toegang.queries import zichtbare_verstrekkingen


def itemlabel(code: str) -> str:
    return ITEMS.get(code, "Onbekend gegeven")


# -- the register --------------------------------------------------------------------------


def register(
    actor: Actor,
    *,
    van: date | None = None,
    tot_en_met: date | None = None,
    organisatie_id: int | None = None,
) -> Select[tuple[Verstrekking]]:
    """The rows ``actor`` may see, shared from ``van`` up to and including ``tot_en_met``
    (Dutch days), to ``organisatie_id`` when given; newest first."""
    query = zichtbare_verstrekkingen(actor)
    if van is not None:
        query = query.where(Verstrekking.verstrekt_op >= begin_van_dag(van))
    if tot_en_met is not None:
        query = query.where(
            Verstrekking.verstrekt_op < begin_van_dag(tot_en_met + timedelta(days=1))
        )
    if organisatie_id is not None:
        query = query.where(Verstrekking.organisatie_id == organisatie_id)
    return query.order_by(Verstrekking.verstrekt_op.desc(), Verstrekking.id.desc())


def met_gegevens(query: Select[tuple[Verstrekking]]) -> Select[tuple[Verstrekking]]:
    """``query`` with what a row shows (case, recipient, organisation) in the same
    statement."""
    return query.options(
        joinedload(Verstrekking.casus),
        joinedload(Verstrekking.gebruiker),
        joinedload(Verstrekking.organisatie),
    )


def persoonsnamen(rijen: Iterable[Verstrekking]) -> dict[int, str]:
    """The names of the persons of ``rijen`` (the privacy officer's register names them,
    as the inzage does), one statement."""
    ids = {r.persoon_id for r in rijen if r.persoon_id is not None}
    if not ids:
        return {}
    return {
        p.id: p.volledige_naam
        for p in db.session.scalars(select(Persoon).where(Persoon.id.in_(ids)))
    }


def organisatiekeuzes() -> list[tuple[int, str]]:
    """Every partner organisation as (id, "name (verband)"), for the register's filter."""
    rijen = db.session.execute(
        select(Partnerorganisatie.id, Partnerorganisatie.naam, Samenwerkingsverband.naam)
        .join(Samenwerkingsverband, Samenwerkingsverband.id == Partnerorganisatie.verband_id)
        .order_by(Partnerorganisatie.naam, Samenwerkingsverband.naam)
    ).tuples()
    return [(i, f"{naam} ({verband})") for i, naam, verband in rijen]


def grondslagtekst(grondslag: str, artikel: str | None) -> str:
    return f"{grondslag}, {artikel}" if artikel else grondslag


CSV_KOLOMMEN = (
    "Datum",
    "Casus",
    "Persoon",
    "Gegeven",
    "Ontvanger",
    "Organisatie",
    "Doel",
    "Grondslag",
    "Ingetrokken",
)


def csv_rij(r: Verstrekking, personen: dict[int, str]) -> list[str]:
    """One row of the CSV download, in the columns ``CSV_KOLOMMEN``."""
    return [
        datum(r.verstrekt_op),
        r.casus.ref,
        personen.get(r.persoon_id, "") if r.persoon_id is not None else "",
        itemlabel(r.item),
        r.gebruiker.naam,
        r.organisatie.naam,
        r.doel,
        grondslagtekst(r.grondslag, r.artikel),
        datum(r.ingetrokken_op) if r.ingetrokken_op else "",
    ]


# -- one case: "Gedeeld met partners" and the timeline's reports ---------------------------


@dataclass(frozen=True)
class Deelregel:
    """One item made available to one partner user."""

    item: str
    ontvanger: str
    organisatie: str
    verstrekt_op: datetime
    ingetrokken_op: datetime | None

    @property
    def label(self) -> str:
        return itemlabel(self.item)


@dataclass(frozen=True)
class Terugmeldingregel:
    """A partner's report on an afspraak (a line of the case's timeline too)."""

    id: int
    op: datetime
    melder: str
    organisatie: str
    afspraak: str
    tekst: str
    gereed: bool


@dataclass
class Afspraakregel:
    id: int
    omschrijving: str
    voor: str  # the partner organisation's or the regisseur's name
    uiterlijk: date
    status: str
    terugmeldingen: list[Terugmeldingregel] = field(default_factory=list)

    @property
    def statuslabel(self) -> str:
        return AFSPRAAKSTATUSSEN.get(self.status, "Onbekend")


@dataclass
class Gedeeld:
    """One partner meeting of the case: what was shared in it, and what was agreed."""

    overleg_id: int
    datum: date
    soort: str
    doel: str
    grondslag: str
    artikel: str | None
    verstrekkingen: list[Deelregel] = field(default_factory=list)
    afspraken: list[Afspraakregel] = field(default_factory=list)

    @property
    def grondslagtekst(self) -> str:
        return grondslagtekst(self.grondslag, self.artikel)

    @property
    def soortlabel(self) -> str:
        return OVERLEGSOORTEN.get(self.soort, "Casusoverleg met partners")


def _leeg(soort: TypeEngine[Any]) -> ColumnElement[Any]:
    """A typed NULL: a column one side of the UNION does not have."""
    return cast(null(), soort)


def casus_deling(actor: Actor, casus: Casus) -> list[Gedeeld]:
    """The case's shares (the rows ``actor`` may see) and the afspraken on it with their
    reports, per partner meeting, newest meeting first. One statement: the register's
    rows and the afspraken (each with its reports) as one UNION ALL, so the case page
    costs one statement more, whatever was shared. The afspraken are part of the case:
    shown to whoever the case page is shown to (``casus_of_404``)."""
    zichtbaar = zichtbare_verstrekkingen(actor).with_only_columns(Verstrekking.id)
    ontvanger = aliased(Gebruiker)
    deel = (
        select(
            literal_column("'v'").label("soort"),
            Partneroverleg.id.label("overleg_id"),
            Partneroverleg.datum.label("overleg_datum"),
            Partneroverleg.soort.label("overleg_soort"),
            Verstrekking.doel.label("doel"),
            Verstrekking.grondslag.label("grondslag"),
            Verstrekking.artikel.label("artikel"),
            Verstrekking.id.label("regel_id"),
            Verstrekking.item.label("item"),
            ontvanger.naam.label("ontvanger"),
            Partnerorganisatie.naam.label("organisatie"),
            Verstrekking.verstrekt_op.label("verstrekt_op"),
            Verstrekking.ingetrokken_op.label("ingetrokken_op"),
            _leeg(String()).label("omschrijving"),
            _leeg(String()).label("voor"),
            _leeg(Date()).label("uiterlijk"),
            _leeg(String()).label("status"),
            _leeg(Integer()).label("terugmelding_id"),
            _leeg(String()).label("tekst"),
            _leeg(Boolean()).label("gereed"),
            _leeg(String()).label("melder"),
        )
        .select_from(Verstrekking)
        .join(Partneroverleg, Partneroverleg.id == Verstrekking.overleg_id)
        .join(ontvanger, ontvanger.id == Verstrekking.gebruiker_id)
        .join(Partnerorganisatie, Partnerorganisatie.id == Verstrekking.organisatie_id)
        .where(Verstrekking.casus_id == casus.id, Verstrekking.id.in_(zichtbaar))
    )
    regisseur, melder = aliased(Gebruiker), aliased(Gebruiker)
    afspraken = (
        select(
            literal_column("'a'"),
            Partneroverleg.id,
            Partneroverleg.datum,
            Partneroverleg.soort,
            Partneroverleg.doel,
            Partneroverleg.grondslag,
            Partneroverleg.artikel,
            Afspraak.id,
            _leeg(String()),
            _leeg(String()),
            _leeg(String()),
            Terugmelding.op,
            _leeg(UTCDateTime()),
            Afspraak.omschrijving,
            func.coalesce(Partnerorganisatie.naam, regisseur.naam),
            Afspraak.uiterlijk,
            Afspraak.status,
            Terugmelding.id,
            Terugmelding.tekst,
            Terugmelding.gereed,
            melder.naam,
        )
        .select_from(Afspraak)
        .join(Partneroverleg, Partneroverleg.id == Afspraak.overleg_id)
        .outerjoin(Partnerorganisatie, Partnerorganisatie.id == Afspraak.organisatie_id)
        .outerjoin(regisseur, regisseur.id == Afspraak.regisseur_id)
        .outerjoin(Terugmelding, Terugmelding.afspraak_id == Afspraak.id)
        .outerjoin(melder, melder.id == Terugmelding.gebruiker_id)
        .where(Afspraak.casus_id == casus.id)
    )
    per_overleg: dict[int, Gedeeld] = {}
    per_afspraak: dict[int, Afspraakregel] = {}
    for r in db.session.execute(union_all(deel, afspraken)).mappings():
        gedeeld = per_overleg.get(r["overleg_id"])
        if gedeeld is None:
            gedeeld = per_overleg[r["overleg_id"]] = Gedeeld(
                r["overleg_id"],
                r["overleg_datum"],
                r["overleg_soort"],
                r["doel"],
                r["grondslag"],
                r["artikel"],
            )
        if r["soort"] == "v":
            gedeeld.verstrekkingen.append(
                Deelregel(
                    r["item"],
                    r["ontvanger"],
                    r["organisatie"],
                    r["verstrekt_op"],
                    r["ingetrokken_op"],
                )
            )
            continue
        afspraak = per_afspraak.get(r["regel_id"])
        if afspraak is None:
            afspraak = per_afspraak[r["regel_id"]] = Afspraakregel(
                r["regel_id"], r["omschrijving"], r["voor"], r["uiterlijk"], r["status"]
            )
            gedeeld.afspraken.append(afspraak)
        if r["terugmelding_id"] is not None:
            afspraak.terugmeldingen.append(
                Terugmeldingregel(
                    r["terugmelding_id"],
                    r["verstrekt_op"],
                    r["melder"] or "Een partner",
                    r["voor"],
                    r["omschrijving"],
                    r["tekst"],
                    bool(r["gereed"]),
                )
            )
    for gedeeld in per_overleg.values():
        gedeeld.verstrekkingen.sort(
            key=lambda d: (d.verstrekt_op, d.organisatie, d.ontvanger, d.item)
        )
        gedeeld.afspraken.sort(key=lambda a: (a.uiterlijk, a.id))
        for afspraak in gedeeld.afspraken:
            afspraak.terugmeldingen.sort(key=lambda t: (t.op, t.id))
    return sorted(per_overleg.values(), key=lambda g: (g.datum, g.overleg_id), reverse=True)


def terugmeldingen(gedeeld: Sequence[Gedeeld]) -> list[Terugmeldingregel]:
    """Every partner report among ``gedeeld`` (for the timeline)."""
    return [t for g in gedeeld for a in g.afspraken for t in a.terugmeldingen]


def lokale_datum(moment: datetime) -> date:
    return moment.astimezone(TIJDZONE).date()


# -- a person's cases: the inzage's "ontvangers" -------------------------------------------


def verstrekkingen_van(actor: Actor, casus_ids: Sequence[int]) -> list[Verstrekking]:
    """The shares of these cases ``actor`` may see, oldest first, with their meeting,
    recipient and organisation (one statement)."""
    if not casus_ids:
        return []
    return list(
        db.session.scalars(
            zichtbare_verstrekkingen(actor)
            .where(Verstrekking.casus_id.in_(casus_ids))
            .options(
                joinedload(Verstrekking.overleg),
                joinedload(Verstrekking.casus),
                joinedload(Verstrekking.gebruiker),
                joinedload(Verstrekking.organisatie),
            )
            .order_by(
                Verstrekking.verstrekt_op, Verstrekking.casus_id, Verstrekking.item, Verstrekking.id
            )
        )
    )

"""Read side of the case page: the timeline and the leefgebieden table.

Every collection is loaded with one query, whatever the length of the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import joinedload, selectinload

from casus.brp.models import BrpWijziging
from casus.casussen.models import (
    AANHOUDEN,
    AANMELDEN,
    CORRIGEREN,
    TOEWIJZEN,
    Casus,
    Gebeurtenis,
    Interventie,
    Leefgebiedenscore,
    Notitie,
)
from casus.klok import TIJDZONE
from casus.personen.models import Persoon, PolitieContact
from workflows.codes import LEEFGEBIEDEN

if TYPE_CHECKING:
    from typing import TypeAlias

    from casus.documenten.models import Document, Documentversie
    from casus.partners.register import Terugmeldingregel

    Tijdlijnobject: TypeAlias = (
        Gebeurtenis
        | Notitie
        | Interventie
        | Leefgebiedenscore
        | PolitieContact
        | BrpWijziging
        | Documentversie
        | Terugmeldingregel
    )


@dataclass(frozen=True)
class Tijdlijnregel:
    """One line of the case page's timeline: an event, note, intervention, assessment or
    police contact."""

    # status, notitie, contactmoment, interventie, politiecontact, leefgebieden, brp,
    # document, terugmelding (a partner's report on an afspraak, casus.partners)
    soort: str
    datum: date
    geregistreerd_op: datetime
    door: str
    object: Tijdlijnobject
    vervallen: bool = False


# what a case's pages show (header, guards, timeline), loaded with the case: the
# interventions and assessments joined into the case's own statement (a case has a few
# of each), the longer lists one statement each, every item with its author; so the
# number of statements does not grow with the history or the number of its authors
LADEN = (
    joinedload(Casus.persoon)
    .selectinload(Persoon.politiecontacten)
    .joinedload(PolitieContact.gebruiker),
    joinedload(Casus.regisseur),
    joinedload(Casus.interventies).joinedload(Interventie.gebruiker),
    joinedload(Casus.leefgebiedenscores).joinedload(Leefgebiedenscore.gebruiker),
    selectinload(Casus.gebeurtenissen).joinedload(Gebeurtenis.gebruiker),
    selectinload(Casus.notities).joinedload(Notitie.gebruiker),
)


def _naam(obj: Tijdlijnobject) -> str:
    gebruiker = getattr(obj, "gebruiker", None)
    return gebruiker.korte_naam if gebruiker is not None else "import"


def tijdlijn(
    casus: Casus,
    brp_wijzigingen: Sequence[BrpWijziging] = (),
    documenten: Sequence[tuple[Document, Documentversie]] = (),
    terugmeldingen: Sequence[Terugmeldingregel] = (),
) -> list[Tijdlijnregel]:
    """Everything that happened on the case, newest first. ``brp_wijzigingen``: the case's
    signals from the BRP (read by the caller through
    ``casus.brp.services.wijzigingen_van``, which checks the right), on the day they were
    found. ``documenten``: the case's documents with their latest version, as the user
    may see them (``casus.documenten.services``): one line each, on the document's own
    date, recorded when its latest version was uploaded. ``terugmeldingen``: the partners'
    reports on the case's afspraken (``casus.partners.register.casus_deling``), on the
    day they were made."""
    vervallen = {g.vervalt_id for g in casus.gebeurtenissen if g.vervalt_id is not None}
    regels = [
        Tijdlijnregel("status", g.datum, g.geregistreerd_op, _naam(g), g, g.id in vervallen)
        for g in casus.gebeurtenissen
    ]
    regels += [
        Tijdlijnregel(n.soort, n.datum, n.geregistreerd_op, _naam(n), n) for n in casus.notities
    ]
    regels += [
        Tijdlijnregel("interventie", i.datum, i.geregistreerd_op, _naam(i), i)
        for i in casus.interventies
    ]
    regels += [
        Tijdlijnregel("leefgebieden", s.datum, s.geregistreerd_op, _naam(s), s)
        for s in casus.leefgebiedenscores
    ]
    # contacts recorded on this case, and the person's imported ones (no case); a
    # contact always belongs to a person, so a case without one has none
    if casus.persoon is not None:
        regels += [
            Tijdlijnregel("politiecontact", pc.datum, pc.geregistreerd_op, _naam(pc), pc)
            for pc in casus.persoon.politiecontacten
            if pc.casus_id in (casus.id, None)
        ]
    regels += [
        Tijdlijnregel("brp", w.gevonden_op.astimezone(TIJDZONE).date(), w.gevonden_op, "BRP", w)
        for w in brp_wijzigingen
    ]
    regels += [
        Tijdlijnregel("document", d.datum, v.geupload_op, _naam(v), v) for d, v in documenten
    ]
    regels += [
        Tijdlijnregel(
            "terugmelding",
            t.op.astimezone(TIJDZONE).date(),
            t.op,
            f"{t.melder} ({t.organisatie})",
            t,
        )
        for t in terugmeldingen
    ]
    return sorted(regels, key=lambda r: (r.datum, r.geregistreerd_op), reverse=True)


# the timeline's filter: the GET value -> (its Dutch label, the line kinds it shows);
# "" shows everything
TIJDLIJN_FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "": ("Alles", ()),
    "notities": ("Notities", ("notitie",)),
    "contacten": ("Contactmomenten", ("contactmoment",)),
    "interventies": ("Interventies", ("interventie",)),
    "statuswijzigingen": ("Statuswijzigingen", ("status",)),
    "politiecontacten": ("Politiecontacten", ("politiecontact",)),
    "leefgebieden": ("Leefgebieden", ("leefgebieden",)),
    "brp": ("BRP", ("brp",)),
    "documenten": ("Documenten", ("document",)),
    "partners": ("Partners", ("terugmelding",)),
}
REGELS_PER_PAGINA = 20


@dataclass(frozen=True)
class Tijdlijnpagina:
    """One page of the timeline, filtered by kind (``soortfilter``, a key of
    ``TIJDLIJN_FILTERS``): its lines, which page of how many, and the number of lines
    the filter leaves (``totaal``)."""

    regels: list[Tijdlijnregel]
    soortfilter: str
    pagina: int
    aantal_paginas: int
    totaal: int

    @property
    def eerste(self) -> int:
        """The number (from 1) of the page's first line; 0 when there is none."""
        return (self.pagina - 1) * REGELS_PER_PAGINA + 1 if self.regels else 0

    @property
    def laatste(self) -> int:
        return self.eerste + len(self.regels) - 1 if self.regels else 0


def tijdlijnpagina(
    regels: list[Tijdlijnregel], soortfilter: str = "", pagina: int = 1
) -> Tijdlijnpagina:
    """Page ``pagina`` of the lines ``soortfilter`` shows; an unknown filter shows
    everything, a page beyond the last shows the last."""
    soortfilter = soortfilter if soortfilter in TIJDLIJN_FILTERS else ""
    soorten = TIJDLIJN_FILTERS[soortfilter][1]
    gekozen = [r for r in regels if r.soort in soorten] if soorten else regels
    aantal = max(1, -(-len(gekozen) // REGELS_PER_PAGINA))
    pagina = min(max(1, pagina), aantal)
    begin = (pagina - 1) * REGELS_PER_PAGINA
    return Tijdlijnpagina(
        gekozen[begin : begin + REGELS_PER_PAGINA], soortfilter, pagina, aantal, len(gekozen)
    )


@dataclass(frozen=True)
class Leefgebiedrij:
    code: str
    scores: list[int | None]
    verschil: int | None  # latest minus first


def leefgebieden_tabel(casus: Casus) -> list[Leefgebiedrij]:
    metingen = casus.leefgebiedenscores
    rijen = []
    for code in LEEFGEBIEDEN:
        scores = [m.score(code) for m in metingen]
        eerste, laatste = (scores[0], scores[-1]) if scores else (None, None)
        verschil = laatste - eerste if eerste is not None and laatste is not None else None
        rijen.append(Leefgebiedrij(code, scores, verschil))
    return rijen


STATUS_SOORTEN_ADMIN = {
    AANMELDEN: "Aangemeld",
    CORRIGEREN: "Correctie",
    TOEWIJZEN: "Regisseur toegewezen",
    AANHOUDEN: "Aangehouden",
}

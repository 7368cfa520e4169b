"""The rows of a case's event log and of what derives from it, as plain dicts.

One row builder for every writer: the status service (``casus.casussen.services``, which
turns an event row into a ``Gebeurtenis`` object), the import's bulk path
(``casus.importeren.bulk``) and the demo's bulk path (``casus.demo.bulk``), which only
serialise what this module returns. Pure functions: no session, no Flask.

- ``gebeurtenis_rij`` is the one shape of a ``gebeurtenis`` row; ``aanmelding``,
  ``statusstap``, ``toewijzing``, ``correctie`` and ``administratief`` give the fields
  that depend on the kind of event (from/to status, the aanpak after it, its data);
- ``projectiekolommen`` and ``standrijen`` derive the case's projection columns and its
  ``casusstand`` rows from its events (``casus.casussen.projectie``);
- ``interventie_rij`` / ``interventie_afgeleid``: an intervention with the derived
  columns the report reads;
- ``casusnummer`` / ``hernummering``: a case's number in its aanpak's series, and the
  new number (and the alias rows) when a step moves it to another aanpak;
- ``Logboek`` builds a whole case from its steps, for the bulk writers.

Steps are assumed valid (``casus.casussen.stapregels`` judges them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from casus.casussen.models import (
    AANHOUDEN,
    AANMELDEN,
    CORRIGEREN,
    TOEWIJZEN,
    minderjarig_op,
)
from casus.casussen.projectie import (
    Logstap,
    Logstapvorm,
    Projectie,
    replay,
    statusgebeurtenissen,
    statusperiodes,
)
from workflows import CATALOGUS, Catalogus
from workflows.base import AANGEMELD, VEREIST_DOEL_AANPAK

Rij = dict[str, Any]

PROJECTIEKOLOMMEN = tuple(f.name for f in fields(Projectie))


# -- one event -------------------------------------------------------------------------


def gebeurtenis_rij(
    *,
    casus_id: int | None,
    volgnummer: int,
    transitie: str,
    van_status: str | None,
    naar_status: str,
    aanpak: str,
    datum: date,
    moment: datetime,
    gebruiker_id: int | None = None,
    reden: str | None = None,
    partij: str | None = None,
    toelichting: str | None = None,
    data: dict[str, Any] | None = None,
    vervalt_id: int | None = None,
    id: int | None = None,
) -> Rij:
    """A ``gebeurtenis`` row (with ``id`` only when the writer assigns ids itself)."""
    rij: Rij = {} if id is None else {"id": id}
    rij.update(
        {
            "casus_id": casus_id,
            "volgnummer": volgnummer,
            "transitie": transitie,
            "van_status": van_status,
            "naar_status": naar_status,
            "aanpak": aanpak,
            "datum": datum,
            "geregistreerd_op": moment,
            "gebruiker_id": gebruiker_id,
            "reden": reden,
            "partij": partij,
            "toelichting": toelichting,
            "data": data,
            "vervalt_id": vervalt_id,
        }
    )
    return rij


def aanmelding(aanpak: str) -> Rij:
    """The fields of a case's first event."""
    return {"transitie": AANMELDEN, "van_status": None, "naar_status": AANGEMELD, "aanpak": aanpak}


def statusstap(
    aanpak: str,
    status: str,
    trigger: str,
    *,
    reden: str | None = None,
    partij: str | None = None,
    doel_aanpak: str | None = None,
    regisseur_id: int | None = None,
    data: dict[str, Any] | None = None,
    catalogus: Catalogus = CATALOGUS,
) -> Rij:
    """The fields of a workflow step: its target status, the aanpak after it (the target
    of ``omzetten``, noted as ``van_aanpak``) and the assigned regisseur (``triageren``)."""
    transitie = catalogus.toegestane_transitie(aanpak, status, trigger)
    extra = dict(data or {})
    nieuw = aanpak
    if VEREIST_DOEL_AANPAK in transitie.vereist:
        assert doel_aanpak is not None  # stapregels refuses a missing target
        nieuw, extra["van_aanpak"] = doel_aanpak, aanpak
    if regisseur_id is not None:
        extra["regisseur_id"] = regisseur_id
    return {
        "transitie": trigger,
        "van_status": status,
        "naar_status": transitie.doel,
        "aanpak": nieuw,
        "reden": reden,
        "partij": partij,
        "data": extra or None,
    }


def toewijzing(aanpak: str, status: str, regisseur_id: int | None) -> Rij:
    """The fields of a (re)assignment of the regisseur (None: none assigned)."""
    return {
        "transitie": TOEWIJZEN,
        "van_status": status,
        "naar_status": status,
        "aanpak": aanpak,
        "data": {"regisseur_id": regisseur_id},
    }


def administratief(soort: str, aanpak: str, status: str, data: dict[str, Any] | None = None) -> Rij:
    """The fields of an event that changes nothing (``AANHOUDEN``)."""
    if soort != AANHOUDEN:
        raise ValueError(f"not an administrative event kind: {soort!r}")
    return {
        "transitie": soort,
        "van_status": status,
        "naar_status": status,
        "aanpak": aanpak,
        "data": data,
    }


def correctie(status: str, gebeurtenissen: Iterable[Logstapvorm]) -> Rij:
    """The fields of a correction voiding the latest valid status event of
    ``gebeurtenissen``: the case returns to the state of the one before it."""
    events = statusgebeurtenissen(gebeurtenissen)
    laatste, vorige = events[-1], events[-2]
    return {
        "transitie": CORRIGEREN,
        "van_status": status,
        "naar_status": vorige.naar_status,
        "aanpak": vorige.aanpak,
        "vervalt_id": laatste.id,
    }


# -- case numbers ------------------------------------------------------------------------


def casusnummer(
    aanpak: str, aangemeld_op: date, casus_id: int, catalogus: Catalogus = CATALOGUS
) -> str:
    """A case's number in ``aanpak``'s series: PREFIX-YEAR-NNNNN (the year of the
    aanmelding, the case's id; unique as the id is)."""
    return f"{catalogus.get(aanpak).casusprefix}-{aangemeld_op.year}-{casus_id:05d}"


def hoort_bij(ref: str, aanpak: str, catalogus: Catalogus = CATALOGUS) -> bool:
    """Whether ``ref`` is a number of ``aanpak``'s series (its prefix)."""
    return ref.startswith(f"{catalogus.get(aanpak).casusprefix}-")


def hernummering(
    velden: Rij,
    *,
    ref: str,
    aanpak: str,
    aangemeld_op: date,
    casus_id: int,
    catalogus: Catalogus = CATALOGUS,
) -> tuple[Rij, str | None]:
    """The event fields ``velden`` of a step on a case now numbered ``ref`` in ``aanpak``,
    and the case's new number: when the step moves the case to another aanpak (omzetten,
    or the correction of one) whose series ``ref`` is not of, the case gets the number
    of the new aanpak (``casusnummer``) and the event's data names both numbers
    (``casusnummer``, ``vorig_casusnummer``: the timeline's "Nieuw casusnummer ... (was
    ...)"). The old number becomes an alias (``Casusalias``, kept by the caller). None:
    the number stays."""
    naar = velden["aanpak"]
    if naar == aanpak or hoort_bij(ref, naar, catalogus):
        return velden, None
    nieuw = casusnummer(naar, aangemeld_op, casus_id, catalogus)
    data = {**(velden.get("data") or {}), "casusnummer": nieuw, "vorig_casusnummer": ref}
    return {**velden, "data": data}, nieuw


def alias_rij(casus_id: int, ref: str, tot: date) -> Rij:
    """A ``casusalias`` row: ``ref`` was the case's number until ``tot``."""
    return {"ref": ref, "casus_id": casus_id, "tot": tot}


# -- what derives from the log ---------------------------------------------------------


def projectiekolommen(gebeurtenissen: Iterable[Logstapvorm]) -> Rij:
    """The case's projection columns (status, aanpak, status_sinds, opname_op,
    afgesloten_op, regisseur_id) from its log."""
    p = replay(gebeurtenissen)
    # the fields as they are (all plain values: ``asdict``'s deep copy is slow in bulk)
    return {veld: getattr(p, veld) for veld in PROJECTIEKOLOMMEN}


def standrijen(
    casus_id: int,
    persoon_id: int | None,
    kenmerken: Mapping[str, object] | None,
    gebeurtenissen: Iterable[Logstapvorm],
) -> list[Rij]:
    """The case's ``casusstand`` rows (without ids) from its log and kenmerken."""
    return [s.als_rij(casus_id, persoon_id, kenmerken) for s in statusperiodes(gebeurtenissen)]


def interventie_afgeleid(persoon_id: int | None, geboortedatum: date | None, datum: date) -> Rij:
    """The derived columns of an intervention: its case's person, and whether that
    person was under 18 on ``datum``."""
    return {
        "persoon_id": persoon_id,
        "minderjarig": persoon_id is not None and minderjarig_op(geboortedatum, datum),
    }


def interventie_rij(
    *,
    casus_id: int,
    type: str,
    datum: date,
    einddatum: date | None,
    tekst: str | None,
    gebruiker_id: int | None,
    moment: datetime,
    persoon_id: int | None,
    geboortedatum: date | None,
) -> Rij:
    return {
        "casus_id": casus_id,
        "type": type,
        "datum": datum,
        "einddatum": einddatum,
        "tekst": tekst,
        "gebruiker_id": gebruiker_id,
        "geregistreerd_op": moment,
        **interventie_afgeleid(persoon_id, geboortedatum, datum),
    }


# -- a whole case, for the bulk writers ------------------------------------------------


class Logboek:
    """The event rows of one case written from its steps, aanmelden first.

    ``nieuw_id`` gives each row its id (writers that assign ids); without it the rows
    have none and a correction is impossible (it names the id it voids). ``ref`` is the
    case's number at its aanmelding (default: its aanpak's series); a step into another
    aanpak renumbers it as the service does (``hernummering``): ``ref`` is the current
    number, ``aliassen`` the ``casusalias`` rows of the ones it had.
    """

    def __init__(
        self,
        casus_id: int,
        aanpak: str,
        aangemeld_op: date,
        *,
        moment: datetime,
        nieuw_id: Callable[[], int] | None = None,
        ref: str | None = None,
        catalogus: Catalogus = CATALOGUS,
    ) -> None:
        self.casus_id = casus_id
        self.ref = ref or casusnummer(aanpak, aangemeld_op, casus_id, catalogus)
        self.aliassen: list[Rij] = []
        self.aangemeld_op = aangemeld_op
        self.moment = moment
        self.catalogus = catalogus
        self._nieuw_id = nieuw_id
        self.rijen: list[Rij] = []
        # ``logstappen`` as last built (None: rows added since); the rows are not
        # changed once added
        self._stappen: list[Logstap] | None = None
        self.status, self.aanpak = AANGEMELD, aanpak
        self._voeg_toe(aanmelding(aanpak), aangemeld_op)

    def stap(
        self,
        trigger: str,
        datum: date,
        *,
        reden: str | None = None,
        partij: str | None = None,
        doel_aanpak: str | None = None,
        regisseur_id: int | None = None,
        gebruiker_id: int | None = None,
    ) -> Rij:
        return self._voeg_toe(
            statusstap(
                self.aanpak,
                self.status,
                trigger,
                reden=reden,
                partij=partij,
                doel_aanpak=doel_aanpak,
                regisseur_id=regisseur_id,
                catalogus=self.catalogus,
            ),
            datum,
            gebruiker_id=gebruiker_id,
        )

    def toewijzing(
        self, datum: date, regisseur_id: int | None, *, gebruiker_id: int | None = None
    ) -> Rij:
        return self._voeg_toe(
            toewijzing(self.aanpak, self.status, regisseur_id), datum, gebruiker_id=gebruiker_id
        )

    def correctie(self, datum: date, reden: str, *, gebruiker_id: int | None = None) -> Rij:
        if self._nieuw_id is None:
            raise ValueError("a correction names the id of the event it voids")
        return self._voeg_toe(
            correctie(self.status, self.logstappen()),
            datum,
            gebruiker_id=gebruiker_id,
            toelichting=reden,
        )

    def logstappen(self) -> list[Logstap]:
        """The rows as ``replay`` and ``statusperiodes`` read them (without ids: the
        volgnummer)."""
        if self._stappen is None:
            self._stappen = self._bouw_logstappen()
        return list(self._stappen)

    def _bouw_logstappen(self) -> list[Logstap]:
        return [
            Logstap(
                r["id"] if "id" in r else r["volgnummer"],
                r["volgnummer"],
                r["transitie"],
                r["naar_status"],
                r["aanpak"],
                r["datum"],
                r["vervalt_id"],
                r["data"],
                r["reden"],
            )
            for r in self.rijen
        ]

    def casus_rij(
        self,
        *,
        persoon_id: int | None,
        kenmerken: dict[str, Any],
        aanmeldreden: str | None,
        created_by_id: int | None = None,
    ) -> Rij:
        """The ``casus`` row, its projection replayed from the rows written so far."""
        return {
            "id": self.casus_id,
            "ref": self.ref,
            "persoon_id": persoon_id,
            "aangemeld_op": self.aangemeld_op,
            "kenmerken": kenmerken,
            "aanmeldreden": aanmeldreden,
            "versie": 1,
            "created_at": self.moment,
            "created_by_id": created_by_id,
            **projectiekolommen(self.logstappen()),
        }

    def standrijen(
        self, persoon_id: int | None, kenmerken: Mapping[str, object] | None
    ) -> list[Rij]:
        return standrijen(self.casus_id, persoon_id, kenmerken, self.logstappen())

    def _voeg_toe(
        self,
        velden: Rij,
        datum: date,
        *,
        gebruiker_id: int | None = None,
        toelichting: str | None = None,
    ) -> Rij:
        velden, nieuw = hernummering(
            velden,
            ref=self.ref,
            aanpak=self.aanpak,
            aangemeld_op=self.aangemeld_op,
            casus_id=self.casus_id,
            catalogus=self.catalogus,
        )
        if nieuw is not None:
            self.aliassen = [a for a in self.aliassen if a["ref"] != nieuw]
            self.aliassen.append(alias_rij(self.casus_id, self.ref, datum))
            self.ref = nieuw
        rij = gebeurtenis_rij(
            casus_id=self.casus_id,
            volgnummer=len(self.rijen) + 1,
            datum=datum,
            moment=self.moment,
            gebruiker_id=gebruiker_id,
            toelichting=toelichting,
            id=None if self._nieuw_id is None else self._nieuw_id(),
            **velden,
        )
        self.rijen.append(rij)
        self._stappen = None
        self.status, self.aanpak = rij["naar_status"], rij["aanpak"]
        return rij

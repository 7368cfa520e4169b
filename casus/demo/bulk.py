"""Write planned caseloads in bulk: events and projections computed in Python.

The services take a few milliseconds per status change, too slow for a million
events. Here each case's events are built with the same rules (the aanpak's
machine via ``CATALOGUS.fire``, the same event fields as the services, a
correction voiding the latest status event) and its projection is the same
``replay`` the services use; rows are inserted in batches with explicit ids.
tests/demo proves that this path writes what the service path writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from casus.casussen.models import (
    AANMELDEN,
    CORRIGEREN,
    TOEWIJZEN,
    Casus,
    Casusstand,
    Gebeurtenis,
)
from casus.casussen.projectie import Event, replay, standen
from casus.demo.plan import Caseload, CasusPlan
from casus.demo.rijen import Rijen
from casus.extensions import db
from casus.klok import vandaag
from casus.personen.models import Persoon
from workflows import CATALOGUS
from workflows.base import AANGEMELD


class BulkSchrijver:
    def __init__(self, gebruiker_ids: dict[str, int], triage: dict[str, str]) -> None:
        self.rijen = Rijen(gebruiker_ids)
        self.triage = triage
        self.volgende = {m: (db.session.scalar(select(func.max(m.id))) or 0) + 1
                         for m in (Persoon, Casus, Gebeurtenis)}
        self.correctiedatum = vandaag()

    def _id(self, model: type) -> int:
        waarde = self.volgende[model]
        self.volgende[model] = waarde + 1
        return waarde

    def voeg_toe(self, cl: Caseload) -> None:
        m = self.rijen.moment
        persoon_ids = []
        for p in cl.personen:
            persoon_ids.append(self._id(Persoon))
            self.rijen.voeg_toe(Persoon, {
                "id": persoon_ids[-1], "ref": None, "voornaam": p.voornaam,
                "tussenvoegsel": p.tussenvoegsel, "achternaam": p.achternaam,
                "geboortedatum": p.geboortedatum, "bsn": p.bsn, "adres": p.adres,
                "wijk": p.wijk, "created_at": m,
            })
        casus_ids = [self._casus(plan, persoon_ids) for plan in cl.casussen]
        self.rijen.casuswerk(cl, persoon_ids, casus_ids)
        if sum(len(r) for r in self.rijen.buffers.values()) > 50_000:
            self.rijen.schrijf()

    def _casus(self, plan: CasusPlan, persoon_ids: list[int]) -> int:
        casus_id = self._id(Casus)
        events: list[Event] = []
        rijen: list[dict[str, Any]] = []

        def event(transitie: str, van: str | None, naar: str, datum: date, aanpak: str, *,
                  reden: str | None = None, partij: str | None = None,
                  toelichting: str | None = None, data: dict[str, Any] | None = None,
                  gebruiker: str | None = None, vervalt: int | None = None) -> None:
            e = Event(self._id(Gebeurtenis), len(events) + 1, transitie, naar, aanpak, datum,
                      vervalt, data, reden)
            events.append(e)
            rijen.append({
                "id": e.id, "casus_id": casus_id, "volgnummer": e.volgnummer,
                "transitie": transitie, "van_status": van, "naar_status": naar,
                "aanpak": aanpak, "datum": datum, "geregistreerd_op": self.rijen.moment,
                "gebruiker_id": self.rijen.gebruiker(gebruiker), "reden": reden,
                "partij": partij, "toelichting": toelichting, "data": data,
                "vervalt_id": vervalt,
            })

        status, aanpak = AANGEMELD, plan.aanpak
        event(AANMELDEN, None, AANGEMELD, plan.aangemeld_op, aanpak)
        for stap in plan.stappen:
            regisseur_id = self.rijen.gebruiker(stap.regisseur)
            if stap.trigger == TOEWIJZEN:
                event(TOEWIJZEN, status, status, stap.datum, aanpak,
                      data={"regisseur_id": regisseur_id})
                continue
            doel = CATALOGUS.fire(aanpak, status, stap.trigger).doel
            extra: dict[str, Any] = {}
            nieuw = aanpak
            if stap.trigger == "omzetten":
                assert stap.doel_aanpak is not None
                nieuw, extra["van_aanpak"] = stap.doel_aanpak, aanpak
            if stap.trigger == "triageren" and regisseur_id is not None:
                extra["regisseur_id"] = regisseur_id
            event(stap.trigger, status, doel, stap.datum, nieuw, reden=stap.reden,
                  partij=stap.partij, data=extra or None)
            if stap.gecorrigeerd:
                event(CORRIGEREN, doel, status, self.correctiedatum, aanpak,
                      toelichting=stap.gecorrigeerd, gebruiker=self.triage[nieuw],
                      vervalt=events[-1].id)
            else:
                status, aanpak = doel, nieuw
        p = replay(events)
        persoon_id = None if plan.persoon is None else persoon_ids[plan.persoon]
        definitie = CATALOGUS.get(plan.aanpak)
        self.rijen.voeg_toe(Casus, {
            "id": casus_id,
            "ref": f"{definitie.casusprefix}-{plan.aangemeld_op.year}-{casus_id:05d}",
            "aanpak": p.aanpak, "status": p.status,
            "persoon_id": persoon_id, "regisseur_id": p.regisseur_id,
            "aangemeld_op": plan.aangemeld_op,
            "kenmerken": plan.kenmerken, "aanmeldreden": plan.aanmeldreden,
            "status_sinds": p.status_sinds, "opname_op": p.opname_op,
            "afgesloten_op": p.afgesloten_op, "versie": 1, "created_at": self.rijen.moment,
            "created_by_id": None,
        })
        for rij in rijen:
            self.rijen.voeg_toe(Gebeurtenis, rij)
        for stand in standen(events):
            self.rijen.voeg_toe(Casusstand, stand.als_rij(casus_id, persoon_id, plan.kenmerken))
        return casus_id

    def sluit_af(self) -> dict[str, int]:
        self.rijen.schrijf()
        if db.session.get_bind().dialect.name == "postgresql":
            for model in self.volgende:
                tabel = model.__table__  # type: ignore[attr-defined]
                hoogste = select(func.coalesce(func.max(tabel.c.id), 1)).scalar_subquery()
                db.session.execute(select(
                    func.setval(func.pg_get_serial_sequence(tabel.name, "id"), hoogste)))
        return self.rijen.aantallen

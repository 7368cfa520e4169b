"""Write planned caseloads in bulk: events and projections computed in Python.

The services take a few milliseconds per status change, too slow for a million
events. Here each case's rows (events, projection, casusstand) come from the status
service's own row builder (``casus.casussen.logrijen.Logboek``); this module only
serialises them, in batches with explicit ids. tests/demo proves that this path
writes what the service path writes.
"""

from __future__ import annotations

from sqlalchemy import func, select

from casus.casussen.logrijen import Logboek
from casus.casussen.models import TOEWIJZEN, Casus, Casusalias, Casusstand, Gebeurtenis
from casus.demo.plan import Caseload, CasusPlan
from casus.demo.rijen import Rijen
from casus.extensions import db
from casus.klok import vandaag
from casus.personen.models import Persoon
from casus.zoeken.zoekvorm import zoeknaam


class BulkSchrijver:
    def __init__(self, gebruiker_ids: dict[str, int], triage: dict[str, str]) -> None:
        self.rijen = Rijen(gebruiker_ids)
        self.triage = triage
        self.volgende = {
            m: (db.session.scalar(select(func.max(m.id))) or 0) + 1
            for m in (Persoon, Casus, Gebeurtenis)
        }
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
            self.rijen.voeg_toe(
                Persoon,
                {
                    "id": persoon_ids[-1],
                    "ref": None,
                    "voornaam": p.voornaam,
                    "tussenvoegsel": p.tussenvoegsel,
                    "achternaam": p.achternaam,
                    "geboortedatum": p.geboortedatum,
                    "bsn": p.bsn,
                    "adres": p.adres,
                    "wijk": p.wijk,
                    "created_at": m,
                    "zoeknaam": zoeknaam(p.voornaam, p.tussenvoegsel, p.achternaam),
                },
            )
        casus_ids = [self._casus(plan, persoon_ids) for plan in cl.casussen]
        self.rijen.casuswerk(cl, persoon_ids, casus_ids)
        if sum(len(r) for r in self.rijen.buffers.values()) > 50_000:
            self.rijen.schrijf()

    def _casus(self, plan: CasusPlan, persoon_ids: list[int]) -> int:
        casus_id = self._id(Casus)
        boek = Logboek(
            casus_id,
            plan.aanpak,
            plan.aangemeld_op,
            moment=self.rijen.moment,
            nieuw_id=lambda: self._id(Gebeurtenis),
        )
        for stap in plan.stappen:
            regisseur_id = self.rijen.gebruiker(stap.regisseur)
            if stap.trigger == TOEWIJZEN:
                boek.toewijzing(stap.datum, regisseur_id)
                continue
            boek.stap(
                stap.trigger,
                stap.datum,
                reden=stap.reden,
                partij=stap.partij,
                doel_aanpak=stap.doel_aanpak,
                regisseur_id=regisseur_id,
            )
            if stap.gecorrigeerd:
                boek.correctie(
                    self.correctiedatum,
                    stap.gecorrigeerd,
                    gebruiker_id=self.rijen.gebruiker(self.triage[boek.aanpak]),
                )
        persoon_id = None if plan.persoon is None else persoon_ids[plan.persoon]
        self.rijen.voeg_toe(
            Casus,
            boek.casus_rij(
                persoon_id=persoon_id,
                kenmerken=plan.kenmerken,
                aanmeldreden=plan.aanmeldreden,
            ),
        )
        for rij in boek.rijen:
            self.rijen.voeg_toe(Gebeurtenis, rij)
        for rij in boek.standrijen(persoon_id, plan.kenmerken):
            self.rijen.voeg_toe(Casusstand, rij)
        for rij in boek.aliassen:  # its numbers before omzetten
            self.rijen.voeg_toe(Casusalias, rij)
        return casus_id

    def sluit_af(self) -> dict[str, int]:
        self.rijen.schrijf()
        if db.session.get_bind().dialect.name == "postgresql":
            for model in self.volgende:
                tabel = model.__table__  # type: ignore[attr-defined]
                hoogste = select(func.coalesce(func.max(tabel.c.id), 1)).scalar_subquery()
                db.session.execute(
                    select(func.setval(func.pg_get_serial_sequence(tabel.name, "id"), hoogste))
                )
        return self.rijen.aantallen

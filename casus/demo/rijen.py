"""Rows for bulk inserts, buffered per table and written in batches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from casus.casussen.logrijen import interventie_rij
from casus.casussen.models import Interventie, Leefgebiedenscore, Notitie
from casus.db import Base
from casus.demo.plan import Caseload
from casus.extensions import db
from casus.klok import nu
from casus.personen.models import PolitieContact
from casus.signalen.models import Signaal

BATCH = 5_000


class Rijen:
    def __init__(self, gebruiker_ids: dict[str, int]) -> None:
        self.gebruiker_ids = gebruiker_ids
        self.moment = nu()
        self.buffers: dict[type[Base], list[dict[str, Any]]] = {}
        self.aantallen: dict[str, int] = {}

    def voeg_toe(self, model: type[Base], rij: dict[str, Any]) -> None:
        self.buffers.setdefault(model, []).append(rij)

    def gebruiker(self, naam: str | None) -> int | None:
        return None if naam is None else self.gebruiker_ids[naam]

    def schrijf(self) -> None:
        """Insert every buffered row, parents before children (the buffers' order)."""
        for model, rijen in self.buffers.items():
            # Core insert of the table: one executemany per batch; the ORM's bulk insert
            # would fetch generated keys row by row for tables whose ids it does not know
            tabel = model.__table__
            for i in range(0, len(rijen), BATCH):
                db.session.execute(insert(tabel), rijen[i : i + BATCH])
            naam = model.__tablename__
            self.aantallen[naam] = self.aantallen.get(naam, 0) + len(rijen)
            rijen.clear()

    def casuswerk(self, cl: Caseload, persoon_ids: list[int], casus_ids: list[int]) -> None:
        """Notes, interventions, scores, police contacts and signals of a written caseload."""
        m = self.moment
        for plan, casus_id in zip(cl.casussen, casus_ids, strict=True):
            for soort, vorm, datum, tekst, wie in plan.notities:
                self.voeg_toe(
                    Notitie,
                    {
                        "casus_id": casus_id,
                        "soort": soort,
                        "vorm": vorm,
                        "datum": datum,
                        "tekst": tekst,
                        "gebruiker_id": self.gebruiker(wie),
                        "geregistreerd_op": m,
                    },
                )
            regisseur = self.gebruiker(plan.regisseur)
            persoon = None if plan.persoon is None else cl.personen[plan.persoon]
            for soort, datum, einddatum, tekst in plan.interventies:
                self.voeg_toe(
                    Interventie,
                    interventie_rij(
                        casus_id=casus_id,
                        type=soort,
                        datum=datum,
                        einddatum=einddatum,
                        tekst=tekst,
                        gebruiker_id=regisseur,
                        moment=m,
                        persoon_id=None if plan.persoon is None else persoon_ids[plan.persoon],
                        geboortedatum=None if persoon is None else persoon.geboortedatum,
                    ),
                )
            for datum, scores in plan.scores:
                self.voeg_toe(
                    Leefgebiedenscore,
                    {
                        "casus_id": casus_id,
                        "datum": datum,
                        **scores,
                        "gebruiker_id": regisseur,
                        "geregistreerd_op": m,
                    },
                )
        for persoon, persoon_id in zip(cl.personen, persoon_ids, strict=True):
            for datum, soort, casus in persoon.politiecontacten:
                self.voeg_toe(
                    PolitieContact,
                    {
                        "persoon_id": persoon_id,
                        "datum": datum,
                        "soort": soort,
                        "casus_id": None if casus is None else casus_ids[casus],
                        "gebruiker_id": None,
                        "geregistreerd_op": m,
                    },
                )
        for s in cl.signalen:
            casus = None if s.casus is None else cl.casussen[s.casus]
            persoon = None if casus is None or casus.persoon is None else persoon_ids[casus.persoon]
            status = "gekoppeld" if casus else ("afgesloten" if s.afsluitreden else "open")
            self.voeg_toe(
                Signaal,
                {
                    "aanpak": s.aanpak,
                    "ontvangen_op": s.ontvangen_op,
                    "bron": s.bron,
                    "thema": s.thema,
                    "tekst": s.tekst,
                    "status": status,
                    "afsluitreden": s.afsluitreden,
                    "casus_id": None if s.casus is None else casus_ids[s.casus],
                    "persoon_id": persoon,
                    "betreft_naam": s.betreft_naam,
                    "betreft_adres": s.betreft_adres,
                    "wijk": s.wijk,
                    "created_at": m,
                    "created_by_id": None,
                },
            )

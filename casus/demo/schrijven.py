"""Write a planned caseload through the real status services (the demo at N=1).

Every status change goes through ``meld_aan``, ``pas_transitie_toe`` (historisch),
``wijs_regisseur_toe`` and ``corrigeer``, exactly as an import would. The casework
records (notes, interventions, scores, police contacts, signals) have no status
rules and are inserted in bulk by ``casus.demo.rijen``, shared with the bulk path.
The demo acts as the system actor ``DEMO``; a correction is made by the aanpak's
triage member, as in the bulk path.
"""

from __future__ import annotations

from casus.auth.models import Gebruiker
from casus.casussen.services import corrigeer, meld_aan, pas_transitie_toe, wijs_regisseur_toe
from casus.demo.plan import Caseload
from casus.demo.rijen import Rijen
from casus.extensions import db
from casus.personen.models import Persoon
from casus.toegang.actor import DEMO


def schrijf_via_services(
    cl: Caseload, gebruikers: dict[str, Gebruiker], triage: dict[str, str]
) -> None:
    personen = [
        Persoon(
            voornaam=p.voornaam,
            tussenvoegsel=p.tussenvoegsel,
            achternaam=p.achternaam,
            geboortedatum=p.geboortedatum,
            bsn=p.bsn,
            adres=p.adres,
            wijk=p.wijk,
        )
        for p in cl.personen
    ]
    db.session.add_all(personen)
    db.session.flush()
    casus_ids: list[int] = []
    for plan in cl.casussen:
        casus = meld_aan(
            plan.aanpak,
            actor=DEMO,
            aangemeld_op=plan.aangemeld_op,
            kenmerken=dict(plan.kenmerken),
            persoon=None if plan.persoon is None else personen[plan.persoon],
            aanmeldreden=plan.aanmeldreden,
        )
        for stap in plan.stappen:
            regisseur = gebruikers[stap.regisseur] if stap.regisseur else None
            if stap.trigger == "toewijzen":
                wijs_regisseur_toe(casus, regisseur, actor=DEMO, datum=stap.datum)
                continue
            pas_transitie_toe(
                casus,
                stap.trigger,
                actor=DEMO,
                datum=stap.datum,
                reden=stap.reden,
                partij=stap.partij,
                regisseur=regisseur,
                doel_aanpak=stap.doel_aanpak,
                historisch=True,
            )
            if stap.gecorrigeerd:
                corrigeer(casus, actor=gebruikers[triage[casus.aanpak]], reden=stap.gecorrigeerd)
        casus_ids.append(casus.id)
    rijen = Rijen({naam: g.id for naam, g in gebruikers.items()})
    rijen.casuswerk(cl, [p.id for p in personen], casus_ids)
    rijen.schrijf()

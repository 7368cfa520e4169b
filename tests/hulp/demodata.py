"""The demo server's data: the demo caseload, a triage meeting, and the ids of the
objects whose pages are checked (the busiest case of the demo regisseur, ...)."""

from __future__ import annotations

from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Notitie
from casus.demo import vul_demo
from casus.extensions import db
from casus.klok import vandaag
from casus.signalen.models import Signaal
from casus.triage.services import maak_overleg


def _gebruiker(naam: str) -> Gebruiker:
    gebruiker = db.session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == naam))
    assert gebruiker is not None, naam
    return gebruiker


def vul() -> dict[str, str]:
    """Fill the (empty) database in the current app context; return the ids."""
    vul_demo(1, bulk=True)
    regisseur, triage = _gebruiker("regisseur"), _gebruiker("triage")
    # the demo regisseur's active PGA Jeugd case with the most notes: a full case page
    casus = db.session.scalars(
        select(Casus)
        .join(Notitie, Notitie.casus_id == Casus.id)
        .where(
            Casus.regisseur_id == regisseur.id,
            Casus.status == "actief",
            Casus.aanpak == "pga_jeugd",
            Casus.persoon_id.is_not(None),
        )
        .group_by(Casus.id)
        .order_by(func.count(Notitie.id).desc(), Casus.id)
        .limit(1)
    ).one()
    aangemeld = db.session.scalars(
        select(Casus)
        .where(Casus.status == "aangemeld", Casus.aanpak.in_(("pga_jeugd", "ipta")))
        .order_by(Casus.id)
        .limit(1)
    ).one()
    signaal = db.session.scalars(
        select(Signaal)
        .where(Signaal.aanpak == "ondermijning", Signaal.status == "open")
        .order_by(Signaal.id)
        .limit(1)
    ).one()
    overleg = maak_overleg(
        datum=vandaag(),
        aanpakken=["pga_jeugd", "ipta", "rio"],
        deelnemers=[triage, regisseur],
        actor=triage,
    )
    db.session.commit()
    assert casus.persoon is not None
    return {
        "casus": str(casus.id),
        "persoon": str(casus.persoon_id),
        "achternaam": casus.persoon.achternaam,
        "triagecasus": str(aangemeld.id),
        "signaal": str(signaal.id),
        "overleg": str(overleg.id),
        "gebruiker": str(regisseur.id),
    }

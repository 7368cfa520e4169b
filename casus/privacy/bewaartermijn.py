"""Retention: after an aanpak's bewaartermijn (years after closure) the personal
data go, the event skeleton stays.

A case is due when it was closed more than ``bewaartermijn_jaren`` ago. A person
is anonymised, and their cases cleaned, only when every case of theirs is due:
a person with another case still open or within its term keeps everything.
Cleaning keeps aanpak, dates, statuses, reasons, codes and counts, so a report
for any past period gives the same figures before and after; it clears the free
text (aanmeldreden, notes, intervention text, event explanations, receiving
party, company name and address) and the identifying fields of the person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update

from casus.casussen.models import Casus, Gebeurtenis, Interventie, Notitie
from casus.extensions import db
from casus.klok import nu, vandaag
from casus.personen.models import Persoon
from casus.privacy.models import Opschoning
from casus.signalen.models import Signaal
from workflows import CATALOGUS
from workflows.base import EINDSTATUSSEN

# kenmerken that are free text identifying a company or address (domain.md section 3)
VRIJE_KENMERKEN = ("naam", "kvk_nummer", "adres")


@dataclass
class Plan:
    casus_ids: list[int] = field(default_factory=list)
    persoon_ids: list[int] = field(default_factory=list)


def verstreken(casus: Casus, op: date) -> bool:
    if casus.status not in EINDSTATUSSEN or casus.afgesloten_op is None:
        return False
    jaren = CATALOGUS.get(casus.aanpak).instellingen.bewaartermijn_jaren
    grens = casus.afgesloten_op
    try:
        grens = grens.replace(year=grens.year + jaren)
    except ValueError:  # 29 February
        grens = grens.replace(year=grens.year + jaren, day=28)
    return grens < op


def plan(op: date | None = None) -> Plan:
    """What is due on ``op`` (default today) and not yet cleaned."""
    op = op or vandaag()
    gedaan = select(Opschoning.casus_id)
    kandidaten = db.session.scalars(
        select(Casus).where(Casus.status.in_(EINDSTATUSSEN), Casus.id.not_in(gedaan))
    ).all()
    per_persoon: dict[int, list[Casus]] = defaultdict(list)
    uitkomst = Plan()
    for c in kandidaten:
        if not verstreken(c, op):
            continue
        if c.persoon_id is None:
            uitkomst.casus_ids.append(c.id)
        else:
            per_persoon[c.persoon_id].append(c)
    for persoon_id, verlopen in per_persoon.items():
        alle = db.session.scalars(select(Casus.id).where(Casus.persoon_id == persoon_id)).all()
        gereed = db.session.scalars(select(Opschoning.casus_id).where(
            Opschoning.casus_id.in_(alle))).all()
        if len(alle) == len(verlopen) + len(gereed):
            uitkomst.casus_ids.extend(c.id for c in verlopen)
            uitkomst.persoon_ids.append(persoon_id)
    uitkomst.casus_ids.sort()
    uitkomst.persoon_ids.sort()
    return uitkomst


def voer_uit(te_doen: Plan) -> dict[str, int]:
    """Clean the cases and anonymise the persons of the plan; flush. Returns counts."""
    ids = te_doen.casus_ids
    tellingen = {"casussen": len(ids), "personen": len(te_doen.persoon_ids)}
    if ids:
        tellingen["notities"] = _wis(update(Notitie).where(Notitie.casus_id.in_(ids))
                                     .values(tekst=""))
        tellingen["interventies"] = _wis(update(Interventie).where(
            Interventie.casus_id.in_(ids)).values(tekst=None))
        tellingen["gebeurtenissen"] = _wis(update(Gebeurtenis).where(
            Gebeurtenis.casus_id.in_(ids)).values(toelichting=None, partij=None))
        tellingen["signalen"] = _wis(update(Signaal).where(Signaal.casus_id.in_(ids)).values(
            tekst=None, betreft_naam=None, betreft_adres=None, melder_naam=None,
            melder_contact=None))
        for casus in db.session.scalars(select(Casus).where(Casus.id.in_(ids))):
            casus.aanmeldreden = None
            casus.kenmerken = {k: v for k, v in (casus.kenmerken or {}).items()
                               if k not in VRIJE_KENMERKEN}
            db.session.add(Opschoning(casus_id=casus.id, opgeschoond_op=nu()))
    for persoon in db.session.scalars(select(Persoon).where(
            Persoon.id.in_(te_doen.persoon_ids))):
        _anonimiseer(persoon)
    db.session.flush()
    return tellingen


def _wis(stmt: Update) -> int:
    resultaat = db.session.execute(stmt.execution_options(synchronize_session=False))
    return int(cast("CursorResult[Any]", resultaat).rowcount or 0)


def _anonimiseer(persoon: Persoon) -> None:
    # geboortedatum stays: the report counts minors on an intervention's date
    persoon.voornaam = "Geanonimiseerd"
    persoon.tussenvoegsel = None
    persoon.achternaam = f"persoon {persoon.id}"
    persoon.bsn = None
    persoon.ref = None
    persoon.adres = None
    persoon.wijk = None
    persoon.geanonimiseerd_op = nu()
    for signaal in db.session.scalars(select(Signaal).where(Signaal.persoon_id == persoon.id)):
        signaal.betreft_naam = signaal.betreft_adres = signaal.tekst = None

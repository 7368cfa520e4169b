"""The dossier card of the triage decision screens: the facts on the table.

Who the aanmelding is about (age, birth date), the person's other and earlier cases
and the triage decisions on them, police contacts of the last twelve months, and who
registered the aanmelding, when and from where. Everything is read through the
actor's filters of ``casus.toegang``: a case the actor may not see is not listed, not
counted and its decisions are not shown. One statement per block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from casus.casussen.models import AANHOUDEN, AANMELDEN, Casus, Gebeurtenis, maanden_terug
from casus.extensions import db
from casus.klok import vandaag
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor
from casus.toegang.queries import (
    zichtbare_casussen,
    zichtbare_gebeurtenissen,
    zichtbare_politiecontacten,
    zichtbare_signalen,
)
from casus.triage.verslag import omschrijf
from casus.triage.weergave import Gebeurtenisregel
from workflows import CATALOGUS
from workflows.codes import SIGNAAL_BRONNEN

POLITIE_MAANDEN = 12  # police contacts on the card: those of the last year
# the events that are triage decisions (the status moves of the triage table, and
# holding a decision over to the next meeting)
BESLUIT_TRANSITIES = ("triageren", "niet_opnemen", "omzetten", AANHOUDEN)


@dataclass(frozen=True)
class Dossierkaart:
    casus: Casus
    persoon: Persoon | None
    leeftijd: int | None
    # the person's other cases the actor may see, newest aanmelding first
    casussen: list[Casus] = field(default_factory=list)
    # the triage decisions on the person's cases the actor may see, newest first
    besluiten: list[Gebeurtenisregel] = field(default_factory=list)
    politiecontacten: list[PolitieContact] = field(default_factory=list)
    politie_sinds: date | None = None
    aanmelding: Gebeurtenis | None = None
    signalen: list[Signaal] = field(default_factory=list)

    @property
    def andere_aanpakken(self) -> list[str]:
        """The other aanpakken of the visible cases (codes, catalogue order)."""
        codes = {c.aanpak for c in self.casussen if c.aanpak != self.casus.aanpak}
        return [code for code in CATALOGUS.codes() if code in codes]

    @property
    def verwijzingen(self) -> list[tuple[str, date]]:
        """Where the aanmelding came from: the source and date of each signal behind it."""
        return [(SIGNAAL_BRONNEN.get(s.bron, s.bron), s.ontvangen_op) for s in self.signalen]

    @property
    def herkomst(self) -> str | None:
        """The kenmerk 'herkomst' of the aanmelding (ondermijning: lokaal, RIEC), in words."""
        kenmerk = self.casus.definitie.kenmerk("herkomst")
        waarde = (self.casus.kenmerken or {}).get("herkomst")
        if kenmerk is None or not waarde:
            return None
        return next((w.label for w in kenmerk.waarden or () if w.code == waarde), waarde)


def dossierkaart(casus: Casus, actor: Actor) -> Dossierkaart:
    """The card for ``casus`` (loaded through the actor's triage filter, with its person)."""
    persoon = casus.persoon
    vandaag_ = vandaag()
    aanmelding, besluiten = _geschiedenis(casus, actor)
    if persoon is None:
        signalen = _signalen(casus, actor)
        return Dossierkaart(
            casus, None, None, besluiten=besluiten, aanmelding=aanmelding, signalen=signalen
        )
    sinds = maanden_terug(vandaag_, POLITIE_MAANDEN)
    casussen = db.session.scalars(
        zichtbare_casussen(actor)
        .where(Casus.persoon_id == persoon.id, Casus.id != casus.id)
        .options(joinedload(Casus.regisseur))
        .order_by(Casus.aangemeld_op.desc(), Casus.id.desc())
    ).all()
    contacten = db.session.scalars(
        zichtbare_politiecontacten(actor)
        .where(
            PolitieContact.persoon_id == persoon.id,
            PolitieContact.datum > sinds,
            PolitieContact.datum <= vandaag_,
        )
        .order_by(PolitieContact.datum.desc(), PolitieContact.id.desc())
    ).all()
    return Dossierkaart(
        casus=casus,
        persoon=persoon,
        leeftijd=persoon.leeftijd(vandaag_),
        casussen=list(casussen),
        besluiten=besluiten,
        politiecontacten=list(contacten),
        politie_sinds=sinds,
        aanmelding=aanmelding,
        signalen=_signalen(casus, actor),
    )


def _geschiedenis(casus: Casus, actor: Actor) -> tuple[Gebeurtenis | None, list[Gebeurtenisregel]]:
    """One statement: the case's aanmelding event, and the triage decisions on every
    case of the person the actor may see (this one included)."""
    van_de_persoon = (
        Casus.persoon_id == casus.persoon_id
        if casus.persoon_id is not None
        else Gebeurtenis.casus_id == casus.id
    )
    events = db.session.scalars(
        zichtbare_gebeurtenissen(actor)
        .where(
            or_(
                and_(van_de_persoon, Gebeurtenis.transitie.in_(BESLUIT_TRANSITIES)),
                and_(Gebeurtenis.casus_id == casus.id, Gebeurtenis.transitie == AANMELDEN),
            )
        )
        .options(
            joinedload(Gebeurtenis.gebruiker),
            joinedload(Gebeurtenis.casus),
            joinedload(Gebeurtenis.vervallen_door),
        )
        .order_by(Gebeurtenis.datum.desc(), Gebeurtenis.id.desc())
    ).all()
    aanmelding = next(
        (g for g in events if g.casus_id == casus.id and g.transitie == AANMELDEN), None
    )
    besluiten = [Gebeurtenisregel(g, _omschrijf(g)) for g in events if g.transitie != AANMELDEN]
    return aanmelding, besluiten


def _omschrijf(g: Gebeurtenis) -> str:
    """A decision in words, as in the minutes (who was assigned is on the case itself)."""
    if g.transitie == "triageren":
        return "Opgenomen." + (f" Toelichting: {g.toelichting}" if g.toelichting else "")
    return omschrijf(g, {})


def _signalen(casus: Casus, actor: Actor) -> list[Signaal]:
    """The signals that led to the case (only aanpakken that take signals have any)."""
    if not CATALOGUS.get(casus.aanpak).signaal_themas:
        return []
    return list(
        db.session.scalars(
            zichtbare_signalen(actor)
            .where(Signaal.casus_id == casus.id)
            .order_by(Signaal.ontvangen_op, Signaal.id)
        )
    )

"""What the triage templates show about a case: decision choices and the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from casus.casussen.models import AANHOUDEN, AANMELDEN, CORRIGEREN, TOEWIJZEN, Casus, Gebeurtenis
from casus.extensions import db
from casus.toegang.queries import team_regisseurs
from workflows import CATALOGUS

ADMINISTRATIEF_LABEL = {
    AANMELDEN: "Aangemeld",
    CORRIGEREN: "Correctie",
    TOEWIJZEN: "Regisseur toegewezen",
    AANHOUDEN: "Aangehouden",
}


@dataclass(frozen=True)
class Keuzes:
    regisseurs: list[tuple[int, str]]
    redenen: list[tuple[str, str]]
    aanpakken: list[tuple[str, str]]


def besluit_keuzes(casus: Casus) -> Keuzes:
    """The regisseurs of the team, the reasons and the target aanpakken for the forms."""
    definitie = casus.definitie
    return Keuzes(
        regisseurs=[(g.id, g.naam) for g in db.session.scalars(team_regisseurs([casus.aanpak]))],
        redenen=[(r.code, r.label) for r in definitie.redenen_voor("niet_opnemen")],
        aanpakken=[(a.code, a.kort) for a in CATALOGUS if a.code != casus.aanpak],
    )


@dataclass(frozen=True)
class Gebeurtenisregel:
    """One event as a line of the triage timeline or the minutes, with its label."""

    gebeurtenis: Gebeurtenis
    label: str

    @property
    def vervallen(self) -> bool:
        return self.gebeurtenis.vervallen_door is not None


def gebeurtenislabel(g: Gebeurtenis) -> str:
    """What an event is called on the triage screens ('Opnemen', 'Aangehouden', ...)."""
    transitie = CATALOGUS.get(g.aanpak).transitie(g.transitie) if g.aanpak in CATALOGUS else None
    return ADMINISTRATIEF_LABEL.get(g.transitie) or (transitie.label if transitie else g.transitie)


def tijdlijn(casus: Casus) -> list[Gebeurtenisregel]:
    """Every event, newest first; voided ones stay in (the template strikes them through)."""
    return [Gebeurtenisregel(g, gebeurtenislabel(g)) for g in reversed(casus.gebeurtenissen)]

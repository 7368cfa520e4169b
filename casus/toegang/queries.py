"""SQL filters for what a user may see. Every list, search and count starts here.

Need-to-know (domain.md section 1): a case is visible to the active team members
(regisseur or triage) of its aanpak and to nobody else; global roles add no case
access. A person is visible only through a case the user may see; events, notes
and interventions through their case; signals to the team members of the aanpak
that takes them in (ondermijning, pga_r).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, false, func, select, true

from casus.casussen.models import Casus, Gebeurtenis
from casus.personen.models import Persoon
from casus.signalen.models import Signaal
from workflows import CATALOGUS
from workflows.base import OPEN_STATUSSEN

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker


def zichtbare_aanpakken(gebruiker: Gebruiker) -> list[str]:
    """The aanpakken whose cases the user may see (sorted; empty when inactive)."""
    if not getattr(gebruiker, "is_authenticated", False) or not gebruiker.is_active:
        return []
    return sorted(a for a in gebruiker.aanpakken() if a in CATALOGUS)


def casus_zichtbaar(gebruiker: Gebruiker, aanpak_kolom: Any = Casus.aanpak) -> ColumnElement[bool]:
    """WHERE clause: the row's aanpak is one the user may see."""
    aanpakken = zichtbare_aanpakken(gebruiker)
    return aanpak_kolom.in_(aanpakken) if aanpakken else false()


def zichtbare_casussen(gebruiker: Gebruiker) -> Select[tuple[Casus]]:
    """Cases of the aanpakken the user is a team member of; nothing for anyone else."""
    return select(Casus).where(casus_zichtbaar(gebruiker))


def zichtbare_casus_ids(gebruiker: Gebruiker) -> Select[tuple[int]]:
    """Subquery of visible case ids, for filtering rows that hang off a case."""
    return select(Casus.id).where(casus_zichtbaar(gebruiker))


def zichtbare_persoon_ids(gebruiker: Gebruiker) -> Select[tuple[int | None]]:
    return select(Casus.persoon_id).where(casus_zichtbaar(gebruiker),
                                          Casus.persoon_id.is_not(None))


def zichtbare_personen(gebruiker: Gebruiker) -> Select[tuple[Persoon]]:
    """Persons with at least one case the user may see (a correlated EXISTS on the
    casus.persoon_id index: SQLite would otherwise build the whole id list per query)."""
    zichtbaar = select(Casus.id).where(Casus.persoon_id == Persoon.id, casus_zichtbaar(gebruiker))
    return select(Persoon).where(zichtbaar.exists())


def zichtbaar_via_casus(gebruiker: Gebruiker, model: Any) -> Select[Any]:
    """Rows of ``model`` (with a ``casus_id``: notes, interventions, scores) of visible cases."""
    return select(model).where(model.casus_id.in_(zichtbare_casus_ids(gebruiker)))


def zichtbare_gebeurtenissen(gebruiker: Gebruiker) -> Select[tuple[Gebeurtenis]]:
    return zichtbaar_via_casus(gebruiker, Gebeurtenis)


def signaal_aanpakken(gebruiker: Gebruiker) -> list[str]:
    """Aanpakken whose signals the user may see: member, and the aanpak takes signals."""
    return [a for a in zichtbare_aanpakken(gebruiker) if CATALOGUS.get(a).signaal_themas]


def zichtbare_signalen(gebruiker: Gebruiker) -> Select[tuple[Signaal]]:
    aanpakken = signaal_aanpakken(gebruiker)
    return select(Signaal).where(Signaal.aanpak.in_(aanpakken) if aanpakken else false())


def tel(query: Select[Any]) -> Select[tuple[int]]:
    """COUNT(*) of a (filtered) select, for counters and badges."""
    return select(func.count()).select_from(query.order_by(None).subquery())


def ook_bekend_bij(gebruiker: Gebruiker, persoon_id: int) -> Select[tuple[str, int | None]]:
    """(aanpak, regisseur_id) of the person's open cases in aanpakken the user is NOT a
    member of: whom to call about the person now.

    Only for a person the user may see, and never an aanpak marked
    ``strikt_vertrouwelijk`` (PGA-R under PARTA): those are not even named.
    """
    eigen = zichtbare_aanpakken(gebruiker)
    geheim = [a.code for a in CATALOGUS if a.strikt_vertrouwelijk]
    uitgesloten = sorted(set(eigen) | set(geheim))
    return (
        select(Casus.aanpak, Casus.regisseur_id)
        .where(
            Casus.persoon_id == persoon_id,
            Casus.status.in_(OPEN_STATUSSEN),
            Casus.aanpak.not_in(uitgesloten) if uitgesloten else true(),
            persoon_id_zichtbaar(gebruiker, persoon_id),
        )
        .distinct()
        .order_by(Casus.aanpak, Casus.regisseur_id)
    )


def persoon_id_zichtbaar(gebruiker: Gebruiker, persoon_id: int) -> ColumnElement[bool]:
    """EXISTS a case of this person the user may see."""
    return (
        select(Casus.id)
        .where(Casus.persoon_id == persoon_id, casus_zichtbaar(gebruiker))
        .exists()
    )

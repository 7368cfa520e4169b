"""Review lists for the triage meeting: cases that need a look, and the caseload.

Thresholds: on hold for more than 90 days; taken in more than 12 months ago and still
active; 30 days or more without a contactmoment (counted from the opname when there
never was one); open without a regisseur.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, maanden_terug
from casus.extensions import db
from casus.toegang.queries import team_regisseurs, triage_casussen
from casus.werkplek.queries import laatste_contact
from workflows.base import ACTIEF, GETRIAGED, IN_DE_WACHT

WACHT_DAGEN = 90
ACTIEF_MAANDEN = 12
CONTACT_DAGEN = 30
LOPEND = (GETRIAGED, ACTIEF, IN_DE_WACHT)


@dataclass(frozen=True)
class Lijst:
    code: str
    titel: str
    uitleg: str


LIJSTEN = (
    Lijst(
        "in_de_wacht",
        "Langer dan 90 dagen in de wacht",
        "Casussen die meer dan 90 dagen de status 'in de wacht' hebben.",
    ),
    Lijst(
        "lang_actief",
        "Langer dan 12 maanden in de aanpak",
        "Actieve casussen die meer dan 12 maanden geleden zijn opgenomen.",
    ),
    Lijst(
        "geen_contact",
        "30 dagen of langer geen contact",
        "Opgenomen of actieve casussen zonder contactmoment in de laatste 30 dagen.",
    ),
    Lijst(
        "zonder_regisseur",
        "Zonder regisseur",
        "Lopende casussen waaraan geen regisseur is toegewezen.",
    ),
)

PER_CODE = {lijst.code: lijst for lijst in LIJSTEN}


def _basis(gebruiker: Gebruiker, aanpakken: Sequence[str]) -> Select[tuple[Casus]]:
    return triage_casussen(gebruiker, aanpakken).options(
        joinedload(Casus.persoon), joinedload(Casus.regisseur)
    )


def lijst(
    code: str, gebruiker: Gebruiker, aanpakken: Sequence[str], op: date
) -> Select[tuple[Casus]]:
    """The cases of review list ``code`` on date ``op``, longest waiting first."""
    basis = _basis(gebruiker, aanpakken)
    if code == "in_de_wacht":
        return basis.where(
            Casus.status == IN_DE_WACHT, Casus.status_sinds < op - timedelta(days=WACHT_DAGEN)
        ).order_by(Casus.status_sinds, Casus.id)
    if code == "lang_actief":
        return basis.where(
            Casus.status == ACTIEF, Casus.opname_op < maanden_terug(op, ACTIEF_MAANDEN)
        ).order_by(Casus.opname_op, Casus.id)
    if code == "geen_contact":
        laatste = laatste_contact()
        sinds = func.coalesce(laatste, Casus.opname_op, Casus.aangemeld_op)
        return basis.where(
            Casus.status.in_((GETRIAGED, ACTIEF)),
            sinds <= op - timedelta(days=CONTACT_DAGEN),
        ).order_by(sinds, Casus.id)
    if code == "zonder_regisseur":
        return basis.where(Casus.status.in_(LOPEND), Casus.regisseur_id.is_(None)).order_by(
            Casus.status_sinds, Casus.id
        )
    raise KeyError(code)


def caseload(gebruiker: Gebruiker, aanpakken: Sequence[str]) -> list[tuple[Gebruiker, int]]:
    """Open cases (opgenomen, actief, in de wacht) per regisseur, every team regisseur listed."""
    tellingen = dict(
        db.session.execute(
            triage_casussen(gebruiker, aanpakken)
            .where(Casus.status.in_(LOPEND), Casus.regisseur_id.is_not(None))
            .with_only_columns(Casus.regisseur_id, func.count(Casus.id))
            .group_by(Casus.regisseur_id)
        )
        .tuples()
        .all()
    )
    team = list(db.session.scalars(team_regisseurs(aanpakken)))
    overig_ids = set(tellingen) - {g.id for g in team}
    if overig_ids:  # regisseurs who left the team but still hold cases
        team += db.session.scalars(select(Gebruiker).where(Gebruiker.id.in_(overig_ids))).all()
    rijen = [(g, int(tellingen.get(g.id, 0))) for g in team]
    return sorted(rijen, key=lambda r: (-r[1], r[0].naam))

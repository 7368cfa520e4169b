"""Build the demo database: plan the caseload copies up to today, write them, and plan
this week's triage meeting."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select, update

from casus.auth import wachtwoord
from casus.auth.models import Gebruiker, Teamlid
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Notitie
from casus.demo.brp import koppel_brp_personen
from casus.demo.bulk import BulkSchrijver
from casus.demo.caseload import plan_caseload
from casus.demo.namen import bsn_reeks, persoonsnaam
from casus.demo.plan import dagen
from casus.demo.schrijven import schrijf_via_services
from casus.extensions import db
from casus.klok import vandaag
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.triage.services import maak_overleg
from workflows import CATALOGUS
from workflows.codes import ROL_REGISSEUR, ROL_TRIAGE

if TYPE_CHECKING:
    from casus.voortgang import Melder

TELLING = (
    ("casussen", Casus),
    ("gebeurtenissen", Gebeurtenis),
    ("personen", Persoon),
    ("notities", Notitie),
    ("interventies", Interventie),
    ("politiecontacten", PolitieContact),
    ("signalen", Signaal),
)


def teams(gebruikers: dict[str, Gebruiker], rol: str) -> dict[str, tuple[str, ...]]:
    """Per aanpak the usernames holding ``rol`` in its team."""
    uit: dict[str, list[str]] = {}
    for naam, g in gebruikers.items():
        for aanpak in sorted(g.aanpakken_als(rol)):
            uit.setdefault(aanpak, []).append(naam)
    return {a: tuple(namen) for a, namen in uit.items()}


# the demo's triage meeting: chaired by this user, on this weekday (0 is Monday)
VOORZITTER = "triage"
OVERLEGDAG = 1


def bouw(
    gebruikers: dict[str, Gebruiker],
    *,
    schaal: int,
    seed: int,
    bulk: bool,
    voortgang: Melder | None = None,
) -> dict[str, int]:
    """The caseload runs up to the day it is built, so the demo is alive on any date.
    ``voortgang`` hears the copies written (casus.voortgang)."""
    meld = voortgang or (lambda gedaan, totaal: None)
    eind = vandaag()
    regisseurs = teams(gebruikers, ROL_REGISSEUR)
    triage = {a: namen[0] for a, namen in teams(gebruikers, ROL_TRIAGE).items()}
    bsns = bsn_reeks()
    if not bulk:
        for kopie in range(schaal):
            cl = plan_caseload(seed, kopie, regisseurs, eind, bsns)
            schrijf_via_services(cl, gebruikers, triage)
            meld(kopie + 1, schaal)
    else:
        alle = dict(gebruikers)
        kopie_teams = [regisseurs] + [
            extra_team(alle, regisseurs, seed, k) for k in range(1, schaal)
        ]
        schrijver = BulkSchrijver({n: g.id for n, g in alle.items()}, triage)
        for kopie in range(schaal):
            schrijver.voeg_toe(plan_caseload(seed, kopie, kopie_teams[kopie], eind, bsns))
            meld(kopie + 1, schaal)
        schrijver.sluit_af()
    # a few persons the built-in BRP stub knows, to refresh on the demo (casus.demo.brp)
    koppel_brp_personen(gebruikers)
    _nummer_signalen()
    plan_triageoverleg(gebruikers, eind)
    db.session.flush()
    return {
        naam: db.session.scalar(select(func.count()).select_from(model)) or 0
        for naam, model in TELLING
    }


def overlegdatum(vanaf: date) -> date:
    """The meeting's day: the first ``OVERLEGDAG`` from ``vanaf`` on (within 7 days)."""
    return vanaf + dagen((OVERLEGDAG - vanaf.weekday()) % 7)


def plan_triageoverleg(gebruikers: dict[str, Gebruiker], eind: date) -> None:
    """The weeg- en triageoverleg of the chair's aanpakken in the week from ``eind`` (the
    demo's last day), with the regisseurs of those teams; its agenda is the triage queue
    (the service sets it, and logs it)."""
    voorzitter = gebruikers[VOORZITTER]
    aanpakken = voorzitter.aanpakken_als(ROL_TRIAGE)
    deelnemers = [voorzitter] + [
        g
        for naam, g in gebruikers.items()
        if naam != VOORZITTER and g.aanpakken_als(ROL_REGISSEUR) & aanpakken
    ]
    maak_overleg(
        datum=overlegdatum(eind),
        aanpakken=sorted(aanpakken),
        deelnemers=deelnemers,
        actor=voorzitter,
    )


def _nummer_signalen() -> None:
    """Signals written as rows get the number the signal service gives them."""
    rijen = db.session.execute(
        select(Signaal.id, Signaal.aanpak, Signaal.ontvangen_op).where(Signaal.ref.is_(None))
    ).all()
    if not rijen:
        return
    tabel = Signaal.__table__
    db.session.execute(
        update(tabel).where(tabel.c.id == bindparam("b_id")).values(ref=bindparam("b_ref")),
        [
            {"b_id": i, "b_ref": f"SIG-{CATALOGUS.get(a).casusprefix}-{d.year}-{i:05d}"}
            for i, a, d in rijen
        ],
    )


def extra_team(
    alle: dict[str, Gebruiker], regisseurs: dict[str, tuple[str, ...]], seed: int, kopie: int
) -> dict[str, tuple[str, ...]]:
    """Regisseurs of copy ``kopie``: one new user per demo regisseur, same teams.

    A big city has more regisseurs, not more cases per regisseur. They share the
    demo password (one hash, computed once).
    """
    rng = random.Random(f"casus-demo-gebruikers-{seed}-{kopie}")  # noqa: S311 - demo data
    if "_hash" not in _CACHE:
        from casus.demo import DEMO_WACHTWOORD

        _CACHE["_hash"] = wachtwoord.maak_hash(DEMO_WACHTWOORD)
    nieuw: dict[str, Gebruiker] = {}
    for basis in sorted({n for namen in regisseurs.values() for n in namen}):
        voornaam, tussenvoegsel, achternaam = persoonsnaam(rng)
        naam = f"{basis}-{kopie + 1:03d}"
        g = Gebruiker(
            gebruikersnaam=naam,
            wachtwoord_hash=_CACHE["_hash"],
            actief=True,
            naam=" ".join(d for d in (voornaam, tussenvoegsel, achternaam) if d),
        )
        g.teams = [
            Teamlid(rol=ROL_REGISSEUR, aanpak=a)
            for a in sorted(a for a, namen in regisseurs.items() if basis in namen)
        ]
        nieuw[basis] = g
    db.session.add_all(nieuw.values())
    db.session.flush()
    alle.update({g.gebruikersnaam: g for g in nieuw.values()})
    return {a: tuple(nieuw[n].gebruikersnaam for n in namen) for a, namen in regisseurs.items()}


_CACHE: dict[str, str] = {}

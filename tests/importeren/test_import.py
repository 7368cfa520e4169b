"""The import of an existing caseload: all or nothing, every error reported, re-runs safe."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from casus.auth.models import Gebruiker
from casus.casussen.models import Casus, Casusstand, Gebeurtenis, Interventie
from casus.casussen.projectie import replay
from casus.extensions import db
from casus.importeren import services as importservices
from casus.importeren.services import importeer
from casus.importeren.voorbeeld import regels
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp.database import leeg
from tests.hulp.importregels import GOED, SIGNAAL, lijnen
from tests.hulp.projectie import opgeslagen


def aantal(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def met(basis: dict[str, Any], wijziging: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    kopie = copy.deepcopy(basis)
    wijziging(kopie)
    return kopie


def test_a_good_file_imports_the_case_its_events_person_contacts_and_interventions() -> None:
    resultaat = importeer(lijnen(GOED, SIGNAAL), actor=IMPORT)
    assert resultaat.fouten == []
    assert (resultaat.casussen, resultaat.signalen, resultaat.personen) == (1, 1, 1)
    casus = db.session.scalars(select(Casus)).one()
    assert (casus.ref, casus.aanpak, casus.status) == (
        "IPTA-2024-017",
        "ipta",
        "succesvol_afgesloten",
    )
    assert [g.transitie for g in casus.gebeurtenissen] == [
        "aanmelden",
        "triageren",
        "starten",
        "afsluiten_succesvol",
    ]
    assert str(casus.opname_op) == "2024-11-20"
    assert str(casus.afgesloten_op) == "2025-04-10"
    assert aantal(PolitieContact) == 1
    assert aantal(Interventie) == 1
    assert db.session.scalars(select(Persoon.ref)).one() == "P-0412"


def test_a_re_run_of_a_good_file_imports_nothing_new_and_counts_the_skipped_lines() -> None:
    importeer(lijnen(GOED, SIGNAAL), actor=IMPORT)
    db.session.commit()
    tweede = importeer(lijnen(GOED, SIGNAAL), actor=IMPORT)
    assert tweede.fouten == []
    assert (tweede.casussen, tweede.signalen, tweede.personen, tweede.overgeslagen) == (0, 0, 0, 2)
    assert aantal(Casus) == 1
    assert aantal(Gebeurtenis) == 4
    assert aantal(PolitieContact) == 1


SLECHT = [
    ("{niet json", "", "geen geldige JSON"),
    (json.dumps(met(GOED, lambda o: o.pop("ref"))), "ref", "ontbreekt"),
    (json.dumps(met(GOED, lambda o: o.update(soort="zaak"))), "soort", "moet 'casus' of"),
    (json.dumps(met(GOED, lambda o: o.update(aanpak="nazorg"))), "aanpak", "onbekende aanpak"),
    (
        json.dumps(met(GOED, lambda o: o.update(aangemeld_op="2024-02-30"))),
        "aangemeld_op",
        "geen geldige datum",
    ),
    (
        json.dumps(met(GOED, lambda o: o.update(aangemeld_op="2099-01-01"))),
        "aangemeld_op",
        "in de toekomst",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"][1].update(datum="2024-11-19"))),
        "gebeurtenissen[1].datum",
        "vóór de vorige gebeurtenis",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"].pop(1))),
        "gebeurtenissen[1].transitie",
        "niet mogelijk vanuit de status 'Opgenomen'",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"][0].update(transitie="opnemen"))),
        "gebeurtenissen[0].transitie",
        "geen statuswijziging in IPTA",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"][2].update(reden="doelen_behaald"))),
        "gebeurtenissen[2].reden",
        "geen reden voor 'afsluiten_succesvol' in IPTA",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"][2].pop("reden"))),
        "gebeurtenissen[2].reden",
        "ontbreekt",
    ),
    (
        json.dumps(met(GOED, lambda o: o["gebeurtenissen"][0].update(regisseur="onbekend"))),
        "gebeurtenissen[0].regisseur",
        "geen actieve regisseur",
    ),
    (
        json.dumps(met(GOED, lambda o: o["persoon"].update(bsn="123456789"))),
        "persoon.bsn",
        "elfproef",
    ),
    (
        json.dumps(met(GOED, lambda o: o["kenmerken"].update(wijk="Atlantis"))),
        "kenmerken.wijk",
        "geen wijk",
    ),
    (
        json.dumps(met(GOED, lambda o: o["kenmerken"].update(herkomst="riec"))),
        "kenmerken.herkomst",
        "geen kenmerk van IPTA",
    ),
    (
        json.dumps(met(GOED, lambda o: o["interventies"][0].update(type="knuffel"))),
        "interventies[0].type",
        "onbekend interventietype",
    ),
    (
        json.dumps(met(GOED, lambda o: o["persoon"]["politiecontacten"][0].update(soort="boa"))),
        "persoon.politiecontacten[0].soort",
        "onbekende soort",
    ),
    (json.dumps(met(SIGNAAL, lambda o: o.update(bron="krant"))), "bron", "onbekende bron"),
    (
        json.dumps(met(SIGNAAL, lambda o: o.update(thema="radicalisering"))),
        "thema",
        "geen thema van Ondermijning",
    ),
    (
        json.dumps(met(SIGNAAL, lambda o: o.update(casus_ref="BESTAAT-NIET"))),
        "casus_ref",
        "staat niet in het bestand",
    ),
    (json.dumps(met(GOED, lambda o: o.pop("persoon"))), "persoon", "altijd een persoon"),
]


@pytest.mark.parametrize(("regel", "veld", "bericht"), SLECHT)
def test_every_kind_of_bad_line_gives_its_message_and_nothing_is_imported(
    regel: str, veld: str, bericht: str
) -> None:
    goed_signaal = json.dumps(met(SIGNAAL, lambda o: o.update(ref="SIG-ANDER")))
    resultaat = importeer(
        [json.dumps(met(GOED, lambda o: o.update(ref="GOED-1"))), regel, goed_signaal], actor=IMPORT
    )
    assert [(f.regel, f.veld) for f in resultaat.fouten if bericht in f.bericht] == [(2, veld)]
    assert aantal(Casus) == 0
    assert aantal(Persoon) == 0
    assert aantal(Signaal) == 0


def test_the_same_person_ref_with_other_data_on_two_lines_is_an_error() -> None:
    tweede = met(
        GOED, lambda o: (o.update(ref="IPTA-2024-018"), o["persoon"].update(achternaam="Janssen"))
    )
    fouten = importeer(lijnen(GOED, tweede), actor=IMPORT).fouten
    assert [(f.regel, f.veld) for f in fouten] == [(2, "persoon")]
    assert "P-0412" in fouten[0].bericht
    assert "regel 1" in fouten[0].bericht


def test_every_error_of_the_file_is_reported_with_its_line_number() -> None:
    fout_een = met(GOED, lambda o: o.update(aanpak="nazorg"))
    fout_twee = met(
        GOED, lambda o: (o.update(ref="X3"), o["persoon"].update(ref="P-2", bsn="111111111"))
    )
    fouten = importeer(
        lijnen(fout_een, met(GOED, lambda o: o.update(ref="X2")), fout_twee), actor=IMPORT
    ).fouten
    assert [(f.regel, f.veld) for f in fouten] == [(1, "aanpak"), (3, "persoon.bsn")]


def test_persons_are_matched_by_ref_within_the_file_and_by_bsn_in_the_database() -> None:
    db.session.add(Persoon(voornaam="Sem", achternaam="Jansen", bsn="111222333"))
    db.session.flush()
    tweede = met(GOED, lambda o: o.update(ref="IPTA-2024-018"))
    met_bsn = met(
        GOED,
        lambda o: (
            o.update(ref="IPTA-2024-019"),
            o.update(
                persoon={
                    "ref": "P-9",
                    "voornaam": "Sem",
                    "achternaam": "Jansen",
                    "bsn": "111222333",
                }
            ),
        ),
    )
    resultaat = importeer(lijnen(GOED, tweede, met_bsn), actor=IMPORT)
    assert resultaat.fouten == []
    assert resultaat.personen == 1
    assert aantal(Persoon) == 2
    persoon_ids = db.session.scalars(select(Casus.persoon_id).order_by(Casus.ref)).all()
    assert persoon_ids[0] == persoon_ids[1] != persoon_ids[2]


def test_signals_are_linked_to_their_case_by_casus_ref() -> None:
    signaal = met(SIGNAAL, lambda o: o.update(casus_ref="IPTA-2024-017"))
    importeer(lijnen(signaal, GOED), actor=IMPORT)
    s = db.session.scalars(select(Signaal)).one()
    assert s.casus is not None
    assert s.casus.ref == "IPTA-2024-017"
    assert s.status == "gekoppeld"


def test_triageren_assigns_the_named_regisseur_and_omzetten_moves_the_case(
    maak_gebruiker_: Callable[..., Gebruiker],
) -> None:
    regisseur = maak_gebruiker_("regisseur:rio", naam="rio1")
    regel = met(
        GOED,
        lambda o: o.update(
            gebeurtenissen=[
                {"datum": "2024-11-10", "transitie": "omzetten", "aanpak": "rio"},
                {"datum": "2024-11-20", "transitie": "triageren", "regisseur": "rio1"},
                {
                    "datum": "2024-12-20",
                    "transitie": "overdragen",
                    "reden": "reclassering",
                    "partij": "Reclassering Nederland",
                },
            ]
        ),
    )
    assert importeer(lijnen(regel), actor=IMPORT).fouten == []
    casus = db.session.scalars(select(Casus)).one()
    assert (casus.aanpak, casus.status, casus.regisseur_id) == ("rio", "overgedragen", regisseur.id)
    assert casus.gebeurtenissen[-1].partij == "Reclassering Nederland"


def _inhoud() -> list[tuple[Any, ...]]:
    casussen = db.session.scalars(select(Casus).order_by(Casus.ref)).all()
    uit = []
    for c in casussen:
        projectie = opgeslagen(c)
        assert projectie == replay(c.gebeurtenissen)
        events = [
            (
                g.volgnummer,
                g.transitie,
                g.van_status,
                g.naar_status,
                g.aanpak,
                g.datum,
                g.reden,
                g.partij,
                g.data,
            )
            for g in c.gebeurtenissen
        ]
        persoon = db.session.get(Persoon, c.persoon_id) if c.persoon_id else None
        uit.append(
            (
                c.ref,
                projectie,
                c.kenmerken,
                events,
                persoon.ref if persoon else None,
                sorted((i.type, i.datum) for i in c.interventies),
            )
        )
    return uit


def _standen() -> list[tuple[Any, ...]]:
    """Every casusstand row by its case's number (ids differ between two imports)."""
    s = Casusstand
    kolommen = [k for k in s.__table__.c if k.name not in ("id", "casus_id", "persoon_id")]
    return sorted(
        tuple(r)
        for r in db.session.execute(
            select(Casus.ref, *kolommen).join(Casus, Casus.id == s.casus_id)
        )
    )


# the bulk path in one part, and in parts of 7 cases (on PostgreSQL one part is written
# while the next is built: casus.importeren.bulk._Schrijver)
@pytest.mark.parametrize("deel", [2000, 7])
def test_bulk_and_services_write_the_same_cases_and_the_projection_equals_the_replay(
    app: Flask, monkeypatch: pytest.MonkeyPatch, deel: int
) -> None:
    monkeypatch.setattr(importservices, "BULK_DEEL", deel)
    bestand = [json.dumps(r) for r in regels(150, seed=7)]
    assert importeer(bestand, methode="services", actor=IMPORT).fouten == []
    via_services = _inhoud()
    standen = _standen()
    contacten = aantal(PolitieContact)
    leeg(app)
    assert importeer(bestand, methode="bulk", actor=IMPORT).fouten == []
    assert _inhoud() == via_services
    assert _standen() == standen
    assert aantal(PolitieContact) == contacten


def test_the_import_command_prints_errors_and_exits_1(app: Flask, tmp_path: Path) -> None:
    bestand = tmp_path / "fout.jsonl"
    bestand.write_text("\n".join(lijnen(met(GOED, lambda o: o.update(aanpak="x")))) + "\n")
    uit = app.test_cli_runner().invoke(args=["import", str(bestand)])
    assert uit.exit_code == 1
    assert "Regel 1, veld 'aanpak': onbekende aanpak 'x'." in uit.output
    goed = tmp_path / "goed.jsonl"
    goed.write_text("\n".join(lijnen(GOED, SIGNAAL)) + "\n")
    uit = app.test_cli_runner().invoke(args=["import", str(goed)])
    assert uit.exit_code == 0, uit.output
    assert "1 casussen, 1 signalen" in uit.output

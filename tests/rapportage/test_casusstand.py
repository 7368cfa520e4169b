"""The derived table ``casusstand``: written with every event, equal to the log.

The rows expected in the first test are worked out by hand from the history.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select, text, update

from casus.auth.models import Gebruiker
from casus.casussen.afgeleid import afwijkend, afwijkende_interventies, herbouw
from casus.casussen.casuswerk import wijzig_kenmerken
from casus.casussen.models import OPEN_EINDE, Casus, Casusstand, Interventie
from casus.casussen.services import corrigeer
from casus.extensions import db
from casus.toegang.actor import IMPORT
from tests.hulp.geschiedenis import casus, persoon

MIGRATIES = Path(__file__).parents[2] / "casus" / "migrations" / "versions"


def migratie(naam: str) -> Any:
    pad = next(MIGRATIES.glob(f"*_{naam}.py"))
    spec = importlib.util.spec_from_file_location(naam, pad)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rijen(casus_id: int | None = None) -> list[tuple[object, ...]]:
    s = Casusstand
    stmt = select(
        s.casus_id, s.vanaf, s.tot, s.aanpak, s.status, s.eindstatus, s.reden, s.opname
    ).order_by(s.casus_id, s.vanaf)
    if casus_id is None:  # every row: with the case's person and kenmerken too
        stmt = stmt.add_columns(s.persoon_id, s.herkomst, s.woningtype, s.wijk, s.soort)
    if casus_id is not None:
        stmt = stmt.where(s.casus_id == casus_id)
    return [tuple(r) for r in db.session.execute(stmt)]


def _geschiedenis() -> Casus:
    # aangemeld in ipta on 6 Jan; omgezet to pga_jeugd and taken in on the same day (10 Jan):
    # the omgezette aangemeld state lasts no day and leaves no row; started 1 Feb; paused
    # 1 Mar, and that pause is then voided by a correction: actief again, open-ended
    c = casus(
        "ipta",
        "2025-01-06",
        ("omzetten", "2025-01-10", None, {"doel_aanpak": "pga_jeugd"}),
        ("triageren", "2025-01-10"),
        ("starten", "2025-02-01"),
        ("pauzeren", "2025-03-01", "detentie"),
    )
    corrigeer(c, actor=IMPORT, reden="per ongeluk gepauzeerd")
    db.session.commit()
    return c


def test_rows_of_a_history_with_same_day_events_omzetten_and_a_correction() -> None:
    c = _geschiedenis()
    d = date.fromisoformat
    assert rijen(c.id) == [
        (c.id, d("2025-01-06"), d("2025-01-10"), "ipta", "aangemeld", False, None, None),
        (
            c.id,
            d("2025-01-10"),
            d("2025-02-01"),
            "pga_jeugd",
            "getriaged",
            False,
            None,
            d("2025-01-10"),
        ),
        (c.id, d("2025-02-01"), OPEN_EINDE, "pga_jeugd", "actief", False, None, d("2025-01-10")),
    ]


def test_a_closure_is_a_terminal_row_with_its_reden() -> None:
    c = casus(
        "ipta",
        "2025-01-06",
        ("triageren", "2025-01-08"),
        ("starten", "2025-01-09"),
        ("afsluiten_succesvol", "2025-04-10", "werk"),
    )
    db.session.commit()
    assert rijen(c.id)[-1] == (
        c.id,
        date(2025, 4, 10),
        OPEN_EINDE,
        "ipta",
        "succesvol_afgesloten",
        True,
        "werk",
        date(2025, 1, 8),
    )
    assert afwijkend() == []


def test_a_state_that_ended_is_cut_at_every_quarter_start_an_open_one_is_not() -> None:
    # actief from 15 Oct 2024 to 1 Feb 2025 (crosses 1 Jan), paused on 1 Feb; in de wacht
    # until 1 Jul (ends exactly on a quarter start: no empty piece), then actief again for
    # good (open-ended, one row however long it lasts)
    c = casus(
        "pga_jeugd",
        "2024-10-01",
        ("triageren", "2024-10-10"),
        ("starten", "2024-10-15"),
        ("pauzeren", "2025-02-01", "detentie"),
        ("hervatten", "2025-07-01"),
    )
    db.session.commit()
    d = date.fromisoformat
    opname = d("2024-10-10")
    assert rijen(c.id) == [
        (c.id, d("2024-10-01"), d("2024-10-10"), "pga_jeugd", "aangemeld", False, None, None),
        (c.id, d("2024-10-10"), d("2024-10-15"), "pga_jeugd", "getriaged", False, None, opname),
        (c.id, d("2024-10-15"), d("2025-01-01"), "pga_jeugd", "actief", False, None, opname),
        (c.id, d("2025-01-01"), d("2025-02-01"), "pga_jeugd", "actief", False, None, opname),
        (
            c.id,
            d("2025-02-01"),
            d("2025-04-01"),
            "pga_jeugd",
            "in_de_wacht",
            False,
            "detentie",
            opname,
        ),
        (
            c.id,
            d("2025-04-01"),
            d("2025-07-01"),
            "pga_jeugd",
            "in_de_wacht",
            False,
            "detentie",
            opname,
        ),
        (c.id, d("2025-07-01"), OPEN_EINDE, "pga_jeugd", "actief", False, None, opname),
    ]
    assert afwijkend() == []


def test_rows_carry_the_kenmerken_and_a_change_of_them_rewrites_the_rows(
    maak_gebruiker_: Callable[..., Gebruiker],
) -> None:
    c = casus(
        "woonoverlast",
        "2025-01-06",
        ("triageren", "2025-01-08"),
        kenmerken={"woningtype": "corporatie", "soort": "hoarder_vervuiler", "wijk": "Dorp"},
    )
    db.session.commit()
    s = Casusstand
    kenmerken = select(s.herkomst, s.woningtype, s.wijk, s.soort).where(s.casus_id == c.id)
    assert set(db.session.execute(kenmerken).tuples()) == {
        (None, "corporatie", "Dorp", "hoarder_vervuiler")
    }
    triage = maak_gebruiker_("triage:woonoverlast")
    wijzig_kenmerken(
        c,
        {"woningtype": "particuliere_huur", "wijk": "Meerzicht"},
        actor=triage,
        verwachte_versie=c.versie,
    )
    db.session.commit()
    assert set(db.session.execute(kenmerken).tuples()) == {
        (None, "particuliere_huur", "Meerzicht", None)
    }
    assert afwijkend() == []


def test_the_migrations_fill_the_table_exactly_as_the_service_writes_it() -> None:
    _geschiedenis()
    casus(
        "pga_jeugd",
        "2024-10-01",
        ("triageren", "2024-10-10"),
        ("starten", "2024-10-15"),
        ("afsluiten_niet_succesvol", "2025-02-01", "recidive"),
    )
    casus("rio", "2025-03-01", ("niet_opnemen", "2025-03-02", "geen_doelgroep"))
    casus("ondermijning", "2024-12-20", ("triageren", "2025-05-02"), kenmerken={"herkomst": "riec"})
    # pga_jeugd breaks down no kenmerken, but every row carries the wijk (the dashboard
    # per wijk)
    casus("pga_jeugd", "2025-02-01", kenmerken={"wijk": "Dorp"})
    db.session.commit()
    door_service = rijen()
    # the first migration's uncut rows, then the second one's cuts and kenmerken, then
    # the wijk on the rows of every aanpak
    db.session.execute(text("DELETE FROM casusstand"))
    db.session.execute(text(migratie("casusstand").VULLEN), {"open_einde": OPEN_EINDE})
    migratie("casusstand_kwartalen_kenmerken").vul(db.session.connection())
    migratie("wijk_op_casusstand_en_signaal").vul(db.session.connection())
    assert rijen() == door_service
    # 3 + 4 (actief crosses 1 Jan) + 2 + 3 (aangemeld crosses 1 Jan and 1 Apr) + 1, + 1
    assert len(door_service) == 3 + 5 + 2 + 4 + 1
    assert [r[-4:] for r in door_service if r[3] == "ondermijning"] == [
        ("riec", None, None, None)
    ] * 4
    assert door_service[-1][3] == "pga_jeugd"
    assert door_service[-1][-4:] == (None, None, "Dorp", None)


def test_the_migration_sets_the_interventions_person_and_age_as_inserts_do() -> None:
    kind, volwassen = persoon("2010-05-01"), persoon("1990-05-01")
    for p, datum in ((kind, "2025-02-01"), (volwassen, "2025-02-01"), (kind, "2028-05-01")):
        db.session.add(
            Interventie(
                # IPTA: no age limit, so the adult (34) may have a case there too
                casus=casus("ipta", "2025-01-06", p=p),
                type="halt",
                datum=date.fromisoformat(datum),
            )
        )
    db.session.add(
        Interventie(
            casus=casus("ondermijning", "2025-01-06", zonder_persoon=True),
            type="halt",
            datum=date(2025, 2, 1),
        )
    )
    db.session.commit()
    i = Interventie
    stmt = select(i.id, i.persoon_id, i.minderjarig).order_by(i.id)
    bij_invoegen = db.session.execute(stmt).tuples().all()
    assert [m for _, _, m in bij_invoegen] == [True, False, False, False]
    db.session.execute(update(i).values(persoon_id=None, minderjarig=True))
    migratie("casusstand_kwartalen_kenmerken")._vul_interventies(db.session.connection())
    assert db.session.execute(stmt).tuples().all() == bij_invoegen


def test_controleer_names_a_case_whose_rows_were_changed_and_herbouw_repairs_it(app: Flask) -> None:
    c = _geschiedenis()
    runner = app.test_cli_runner()
    goed = runner.invoke(args=["afgeleid", "controleer"])
    assert goed.exit_code == 0, goed.output
    db.session.execute(
        update(Casusstand)
        .where(Casusstand.casus_id == c.id, Casusstand.status == "actief")
        .values(status="in_de_wacht")
    )
    db.session.commit()
    assert afwijkend() == [c.id]
    fout = runner.invoke(args=["afgeleid", "controleer"])
    assert fout.exit_code == 1
    assert f"id {c.id}" in fout.output
    herstel = runner.invoke(args=["afgeleid", "herbouw"])
    assert herstel.exit_code == 0
    assert "3 rijen" in herstel.output
    db.session.expire_all()
    assert afwijkend() == []
    assert rijen(c.id)[-1][4] == "actief"


def test_rows_carry_the_cases_person_and_a_wrong_one_is_found() -> None:
    c = _geschiedenis()
    assert {r[8] for r in rijen()} == {c.persoon_id}
    assert c.persoon_id is not None
    db.session.execute(
        update(Casusstand).where(Casusstand.casus_id == c.id).values(persoon_id=None)
    )
    db.session.commit()
    assert afwijkend() == [c.id]


def test_herbouw_of_one_case_leaves_the_others_alone() -> None:
    a = _geschiedenis()
    b = casus("ipta", "2025-01-06", ("triageren", "2025-01-08"))
    db.session.commit()
    db.session.execute(text("DELETE FROM casusstand"))
    assert herbouw([a.id]) == 3
    assert {r[0] for r in rijen()} == {a.id}
    assert afwijkend() == [b.id]


def test_an_intervention_carries_its_persons_age_and_controleer_finds_a_wrong_one(
    app: Flask,
) -> None:
    # born 15 Mar 2007: 17 on 14 Mar 2025, 18 on the 15th; a case without a person
    a = casus("pga_jeugd", "2025-01-06", p=persoon("2007-03-15"))
    zonder = casus("ondermijning", "2025-01-06", zonder_persoon=True)
    db.session.add_all(
        [
            Interventie(casus=a, type="halt", datum=date(2025, 3, 14)),
            Interventie(casus=a, type="halt", datum=date(2025, 3, 15)),
            Interventie(casus=zonder, type="halt", datum=date(2025, 3, 1)),
        ]
    )
    db.session.commit()
    i = Interventie
    rijen = (
        db.session.execute(select(i.casus_id, i.datum, i.persoon_id, i.minderjarig).order_by(i.id))
        .tuples()
        .all()
    )
    assert rijen == [
        (a.id, date(2025, 3, 14), a.persoon_id, True),
        (a.id, date(2025, 3, 15), a.persoon_id, False),
        (zonder.id, date(2025, 3, 1), None, False),
    ]
    assert afwijkende_interventies() == []
    eerste = db.session.scalars(select(i.id).order_by(i.id)).first()
    db.session.execute(update(i).where(i.id == eerste).values(minderjarig=False))
    db.session.commit()
    assert afwijkende_interventies() == [eerste]
    runner = app.test_cli_runner()
    fout = runner.invoke(args=["afgeleid", "controleer"])
    assert fout.exit_code == 1
    assert f"id {eerste}" in fout.output
    assert runner.invoke(args=["afgeleid", "herbouw"]).exit_code == 0
    assert afwijkende_interventies() == []

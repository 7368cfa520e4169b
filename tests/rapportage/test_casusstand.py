"""The derived table ``casusstand``: written with every event, equal to the log.

The rows expected in the first test are worked out by hand from the history.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text, update

from casus.casussen.models import OPEN_EINDE, Casus, Casusstand
from casus.casussen.services import corrigeer
from casus.casussen.standen import afwijkend, herbouw
from casus.extensions import db
from tests.rapportage.test_tellingen import casus

MIGRATIE = next(Path(__file__).parents[2].glob("migrations/versions/*_casusstand.py"))


def rijen(casus_id: int | None = None) -> list[tuple[object, ...]]:
    s = Casusstand
    stmt = select(s.casus_id, s.vanaf, s.tot, s.aanpak, s.status, s.eindstatus, s.reden,
                  s.opname).order_by(s.casus_id, s.vanaf)
    if casus_id is None:  # every row: with the case's person too
        stmt = stmt.add_columns(s.persoon_id)
    if casus_id is not None:
        stmt = stmt.where(s.casus_id == casus_id)
    return [tuple(r) for r in db.session.execute(stmt)]


def _geschiedenis() -> Casus:
    # aangemeld in ipta on 6 Jan; omgezet to pga_jeugd and taken in on the same day (10 Jan):
    # the omgezette aangemeld state lasts no day and leaves no row; started 1 Feb; paused
    # 1 Mar, and that pause is then voided by a correction: actief again, open-ended
    c = casus("ipta", "2025-01-06", ("omzetten", "2025-01-10", None, {"doel_aanpak": "pga_jeugd"}),
              ("triageren", "2025-01-10"), ("starten", "2025-02-01"),
              ("pauzeren", "2025-03-01", "detentie"))
    corrigeer(c, gebruiker=None, reden="per ongeluk gepauzeerd")
    db.session.commit()
    return c


def test_rows_of_a_history_with_same_day_events_omzetten_and_a_correction() -> None:
    c = _geschiedenis()
    d = date.fromisoformat
    assert rijen(c.id) == [
        (c.id, d("2025-01-06"), d("2025-01-10"), "ipta", "aangemeld", False, None, None),
        (c.id, d("2025-01-10"), d("2025-02-01"), "pga_jeugd", "getriaged", False, None,
         d("2025-01-10")),
        (c.id, d("2025-02-01"), OPEN_EINDE, "pga_jeugd", "actief", False, None,
         d("2025-01-10")),
    ]


def test_a_closure_is_a_terminal_row_with_its_reden() -> None:
    c = casus("ipta", "2025-01-06", ("triageren", "2025-01-08"), ("starten", "2025-01-09"),
              ("afsluiten_succesvol", "2025-04-10", "werk"))
    db.session.commit()
    assert rijen(c.id)[-1] == (c.id, date(2025, 4, 10), OPEN_EINDE, "ipta",
                               "succesvol_afgesloten", True, "werk", date(2025, 1, 8))
    assert afwijkend() == []


def test_the_migration_fills_the_table_exactly_as_the_service_writes_it() -> None:
    _geschiedenis()
    casus("pga_jeugd", "2024-10-01", ("triageren", "2024-10-10"), ("starten", "2024-10-15"),
          ("afsluiten_niet_succesvol", "2025-02-01", "recidive"))
    casus("rio", "2025-03-01", ("niet_opnemen", "2025-03-02", "geen_doelgroep"))
    db.session.commit()
    door_service = rijen()
    spec = importlib.util.spec_from_file_location("casusstand_migratie", MIGRATIE)
    assert spec is not None and spec.loader is not None
    migratie = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migratie)
    db.session.execute(text("DELETE FROM casusstand"))
    db.session.execute(text(migratie.VULLEN), {"open_einde": OPEN_EINDE})
    assert rijen() == door_service
    assert len(door_service) == 3 + 4 + 2


def test_controleer_names_a_case_whose_rows_were_changed_and_herbouw_repairs_it(
    app: Flask
) -> None:
    c = _geschiedenis()
    runner = app.test_cli_runner()
    goed = runner.invoke(args=["standen", "controleer"])
    assert goed.exit_code == 0, goed.output
    db.session.execute(update(Casusstand).where(Casusstand.casus_id == c.id,
                                                Casusstand.status == "actief")
                       .values(status="in_de_wacht"))
    db.session.commit()
    assert afwijkend() == [c.id]
    fout = runner.invoke(args=["standen", "controleer"])
    assert fout.exit_code == 1
    assert f"id {c.id}" in fout.output
    herstel = runner.invoke(args=["standen", "herbouw"])
    assert herstel.exit_code == 0 and "3 rijen" in herstel.output
    db.session.expire_all()
    assert afwijkend() == [] and rijen(c.id)[-1][4] == "actief"


def test_rows_carry_the_cases_person_and_a_wrong_one_is_found() -> None:
    c = _geschiedenis()
    assert {r[-1] for r in rijen()} == {c.persoon_id} and c.persoon_id is not None
    db.session.execute(update(Casusstand).where(Casusstand.casus_id == c.id)
                       .values(persoon_id=None))
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

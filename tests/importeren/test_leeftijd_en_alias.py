"""The import judges the age limits (refusals are errors of the line, warnings are
reported and imported), renumbers a case omgezet in the file as the service does, and
counts a line whose number is an alias as existing."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from casus.casussen.models import Casus, Casusalias
from casus.extensions import db
from casus.importeren.services import importeer
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp.importregels import GOED, SIGNAAL, lijnen

pytestmark = pytest.mark.klok(date(2025, 6, 30))


def _regel(aanpak: str, aangemeld_op: str, geboren: str, **extra: Any) -> dict[str, Any]:
    regel = copy.deepcopy(GOED)
    regel.update({"aanpak": aanpak, "aangemeld_op": aangemeld_op, "gebeurtenissen": [], **extra})
    regel["persoon"]["geboortedatum"] = geboren
    return regel


def test_a_person_of_28_in_pga_jeugd_is_an_error_of_the_line() -> None:
    # born 1996-11-04: 27 years and 364 days on 2024-11-03, 28 on 2024-11-04
    goed = _regel("pga_jeugd", "2024-11-03", "1996-11-04", ref="A")
    fout = _regel("pga_jeugd", "2024-11-04", "1996-11-04", ref="B")
    fout["persoon"]["ref"] = "P-2"
    resultaat = importeer(lijnen(goed, fout), actor=IMPORT)
    assert [str(f) for f in resultaat.fouten] == [
        "Regel 2, veld 'persoon.geboortedatum': de persoon is op 04-11-2024 28 jaar oud. "
        "PGA Jeugd is voor jongeren tot en met 27 jaar."
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Casus)) == 0


def test_a_minor_in_rio_is_refused_in_2024_and_imported_in_2025() -> None:
    in_2024 = _regel("rio", "2024-12-31", "2008-03-01", ref="R1")
    assert [f.veld for f in importeer(lijnen(in_2024), actor=IMPORT).fouten] == [
        "persoon.geboortedatum"
    ]
    in_2025 = _regel("rio", "2025-01-01", "2008-03-01", ref="R2")
    resultaat = importeer(lijnen(in_2025), actor=IMPORT)
    assert (resultaat.fouten, resultaat.casussen) == ([], 1)


def test_a_warning_is_reported_and_the_line_imported() -> None:
    regel = _regel("pga_jeugd", "2025-02-03", "2020-01-01", ref="W")
    resultaat = importeer(lijnen(regel), actor=IMPORT)
    assert (resultaat.fouten, resultaat.casussen) == ([], 1)
    (waarschuwing,) = resultaat.waarschuwingen
    assert str(waarschuwing).startswith(
        "Regel 1, veld 'persoon.geboortedatum': de persoon is op 03-02-2025 5 jaar oud."
    )
    assert "Waarschuwingen (wel geïmporteerd):" in resultaat.samenvatting()


def test_omzetten_in_the_file_judges_the_target_aanpak_on_its_date() -> None:
    # IPTA has no limit; on 2025-01-10 the person is 28, too old for PGA Jeugd
    regel = _regel(
        "ipta",
        "2025-01-06",
        "1997-01-10",
        gebeurtenissen=[{"datum": "2025-01-10", "transitie": "omzetten", "aanpak": "pga_jeugd"}],
    )
    (fout,) = importeer(lijnen(regel), actor=IMPORT).fouten
    assert fout.veld == "gebeurtenissen[0].aanpak"
    assert "28 jaar oud" in fout.bericht


@pytest.mark.parametrize("methode", ["services", "bulk"])
def test_a_case_omgezet_in_the_file_gets_a_new_number_and_its_file_number_finds_it(
    methode: str,
) -> None:
    regel = _regel(
        "pga_jeugd",
        "2024-11-04",
        "2006-04-12",
        ref="PGAJ-2024-017",
        gebeurtenissen=[{"datum": "2024-11-10", "transitie": "omzetten", "aanpak": "ipta"}],
    )
    signaal = {**SIGNAAL, "aanpak": "pga_r", "thema": "radicalisering"}
    signaal["casus_ref"] = "PGAJ-2024-017"
    assert importeer(lijnen(regel, signaal), methode=methode, actor=IMPORT).fouten == []
    db.session.commit()
    casus = db.session.scalars(sa.select(Casus)).one()
    assert casus.ref == f"IPTA-2024-{casus.id:05d}"
    alias = db.session.scalars(sa.select(Casusalias)).one()
    assert (alias.ref, alias.casus_id, alias.tot) == ("PGAJ-2024-017", casus.id, date(2024, 11, 10))
    omzetten = casus.gebeurtenissen[-1]
    assert omzetten.data == {
        "van_aanpak": "pga_jeugd",
        "casusnummer": casus.ref,
        "vorig_casusnummer": "PGAJ-2024-017",
    }
    assert db.session.scalars(sa.select(Signaal)).one().casus_id == casus.id
    # a re-run: the file's number is an alias, so the line exists and is skipped
    tweede = importeer(lijnen(regel), methode=methode, actor=IMPORT)
    assert (tweede.fouten, tweede.casussen, tweede.overgeslagen) == ([], 0, 1)


def test_a_signal_of_a_later_file_links_through_the_alias() -> None:
    regel = _regel(
        "pga_jeugd",
        "2024-11-04",
        "2006-04-12",
        ref="PGAJ-2024-017",
        gebeurtenissen=[{"datum": "2024-11-10", "transitie": "omzetten", "aanpak": "ipta"}],
    )
    importeer(lijnen(regel), actor=IMPORT)
    db.session.commit()
    signaal = {**SIGNAAL, "casus_ref": "PGAJ-2024-017"}
    assert importeer(lijnen(signaal), actor=IMPORT).fouten == []
    casus = db.session.scalars(sa.select(Casus)).one()
    assert db.session.scalars(sa.select(Signaal)).one().casus_id == casus.id

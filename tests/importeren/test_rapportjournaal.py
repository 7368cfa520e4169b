"""The import tells the report cache from which date its data changed
(casus.rapportage.cache): one journal row, written in the import's own transaction."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from sqlalchemy import select

from casus.extensions import db
from casus.importeren.services import importeer
from casus.rapportage.models import Rapportjournaal
from casus.toegang.actor import IMPORT
from tests.hulp.importregels import GOED, SIGNAAL, lijnen


def journaal() -> list[date]:
    return list(db.session.scalars(select(Rapportjournaal.vanaf).order_by(Rapportjournaal.id)))


@pytest.mark.parametrize("methode", ["bulk", "services"])
def test_an_import_journals_the_earliest_date_it_wrote(methode: str) -> None:
    # GOED: police contact 2024-09-01, aanmelding 2024-11-04, intervention 2024-12-05;
    # the signal 2025-02-03: the police contact is the earliest
    assert importeer(lijnen(GOED, SIGNAAL), methode=methode, actor=IMPORT).fouten == []
    db.session.commit()
    assert journaal() == [date(2024, 9, 1)]


def test_without_an_earlier_contact_the_aanmelding_is_the_earliest_date() -> None:
    regel = copy.deepcopy(GOED)
    regel["persoon"]["politiecontacten"] = []
    # a signal dated before the case: then the signal is earliest
    signaal = {**SIGNAAL, "ontvangen_op": "2024-10-30"}
    assert importeer(lijnen(regel), methode="bulk", actor=IMPORT).fouten == []
    db.session.commit()
    assert journaal() == [date(2024, 11, 4)]
    assert importeer(lijnen(signaal), methode="bulk", actor=IMPORT).fouten == []
    db.session.commit()
    assert journaal() == [date(2024, 11, 4), date(2024, 10, 30)]


def test_a_refused_import_journals_nothing() -> None:
    slecht = {**GOED, "aangemeld_op": "2024-02-30"}
    assert importeer(lijnen(slecht, SIGNAAL), methode="bulk", actor=IMPORT).fouten
    db.session.rollback()
    assert journaal() == []


def test_a_re_run_that_writes_nothing_journals_nothing() -> None:
    importeer(lijnen(GOED, SIGNAAL), methode="bulk", actor=IMPORT)
    db.session.commit()
    assert importeer(lijnen(GOED, SIGNAAL), methode="bulk", actor=IMPORT).overgeslagen == 2
    db.session.commit()
    assert journaal() == [date(2024, 9, 1)]

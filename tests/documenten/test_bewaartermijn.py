"""Retention removes the documents with the case (and with a due signal): the rows in the
run's transaction, the files once it commits. Looked up in the storage itself; a run
that is rolled back keeps everything. And the sweep finds stored content no version
points at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.documenten import services as documenten
from casus.documenten.models import Document, Documentversie
from casus.documenten.opslag import nieuwe_sleutel, opslag_van
from casus.extensions import db
from casus.privacy.bewaartermijn import plan, toelichting, voer_uit, wees_bestanden
from casus.signalen.models import Signaal
from casus.toegang.actor import BEWAARTERMIJN, IMPORT
from tests.hulp import fabrieken

PEIL = date(2030, 6, 1)  # cases closed in January 2025 plus five years are due
TEKST = b"Gespreksverslag.\n"


def opgeslagen() -> set[str]:
    return set(opslag_van().sleutels())


def sleutels(document: Document) -> set[str]:
    return {v.opslag_sleutel for v in document.versies}


def toevoegen(waar: dict[str, Any], soort: str, titel: str) -> Document:
    return documenten.voeg_document_toe(
        IMPORT,
        titel=titel,
        soort=soort,
        datum=date(2025, 1, 8),
        vertrouwelijkheid="zaakvertrouwelijk",
        bestandsnaam="verslag.txt",
        inhoud=TEKST,
        **waar,
    )


@dataclass
class Wereld:
    oud: Casus  # closed in January 2025: due on PEIL
    open: Casus  # another person's open case: stays
    op_oud: Document  # two versions
    op_open: Document
    op_gekoppeld: Document  # on the signal that led to the old case
    op_afgehandeld: Document  # on a signal handled in January 2025, without a case
    op_recent: Document  # on a signal received in 2026: within its term


def _signaal(**velden: Any) -> Signaal:
    signaal = Signaal(aanpak="ondermijning", bron="meldpunt", thema="drugscriminaliteit", **velden)
    db.session.add(signaal)
    db.session.flush()
    return signaal


@pytest.fixture
def wereld(maak_casus: Any) -> Wereld:
    oud = maak_casus("pga_jeugd", "succesvol_afgesloten")
    open_ = maak_casus("pga_jeugd", "actief", persoon=fabrieken.persoon("Lotte", "Bakker"))
    gekoppeld = _signaal(ontvangen_op=date(2024, 12, 2), status="gekoppeld", casus_id=oud.id)
    # nothing of its own left to clean but the document: due because of it
    afgehandeld = _signaal(
        ontvangen_op=date(2024, 12, 20),
        status="afgesloten",
        afsluitreden="geen aanknopingspunten",
        afgehandeld_op=datetime(2025, 1, 10, 9, tzinfo=UTC),
    )
    recent = _signaal(ontvangen_op=date(2026, 3, 1), status="open")
    op_oud = toevoegen({"casus": oud}, "plan_van_aanpak", "Plan van aanpak")
    documenten.voeg_versie_toe(IMPORT, op_oud, bestandsnaam="plan-2.txt", inhoud=b"Versie 2.\n")
    w = Wereld(
        oud=oud,
        open=open_,
        op_oud=op_oud,
        op_open=toevoegen({"casus": open_}, "verslag", "Verslag"),
        op_gekoppeld=toevoegen({"signaal": gekoppeld}, "melding", "Melding"),
        op_afgehandeld=toevoegen({"signaal": afgehandeld}, "bijlage_melding", "Bijlage"),
        op_recent=toevoegen({"signaal": recent}, "melding", "Nieuwe melding"),
    )
    db.session.commit()
    return w


def _aantal(model: type[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_retention_removes_the_documents_and_their_files_after_the_commit(
    wereld: Wereld,
) -> None:
    weg = sleutels(wereld.op_oud) | sleutels(wereld.op_gekoppeld) | sleutels(wereld.op_afgehandeld)
    blijft = sleutels(wereld.op_open) | sleutels(wereld.op_recent)
    assert (len(weg), len(blijft)) == (4, 2)
    assert opgeslagen() == weg | blijft
    te_doen = plan(PEIL, actor=BEWAARTERMIJN)
    assert te_doen.casus_ids == [wereld.oud.id]
    assert te_doen.signaal_ids == [wereld.op_afgehandeld.signaal_id]
    tellingen = voer_uit(te_doen, actor=BEWAARTERMIJN)
    assert tellingen["documenten"] == 3
    assert opgeslagen() == weg | blijft  # nothing deleted before the commit
    db.session.commit()
    assert opgeslagen() == blijft
    db.session.expire_all()
    assert set(db.session.scalars(select(Document.titel))) == {"Verslag", "Nieuwe melding"}
    assert _aantal(Documentversie) == 2
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "privacy.bewaartermijn_uitgevoerd")
    ).one()
    assert record.details["documenten"] == 3
    # a second run finds nothing left
    assert plan(PEIL, actor=BEWAARTERMIJN).signaal_ids == []


def test_a_rolled_back_retention_run_keeps_every_file_and_row(wereld: Wereld) -> None:
    alle = opgeslagen()
    assert len(alle) == 6
    voer_uit(plan(PEIL, actor=BEWAARTERMIJN), actor=BEWAARTERMIJN)
    db.session.rollback()
    assert opgeslagen() == alle
    assert (_aantal(Document), _aantal(Documentversie)) == (5, 6)
    # and the next, committed run still removes them
    voer_uit(plan(PEIL, actor=BEWAARTERMIJN), actor=BEWAARTERMIJN)
    db.session.commit()
    assert opgeslagen() == sleutels(wereld.op_open) | sleutels(wereld.op_recent)


def test_the_plan_says_the_documents_go(wereld: Wereld) -> None:
    uitleg = toelichting(plan(PEIL, actor=BEWAARTERMIJN), actor=BEWAARTERMIJN)
    assert [r.wat.endswith("vrije kenmerken en documenten") for r in uitleg.casussen] == [True]
    assert [r.wat.endswith("wie of wat het betreft en de documenten") for r in uitleg.signalen] == [
        True
    ]


def test_the_sweep_lists_stored_content_no_version_points_at(wereld: Wereld) -> None:
    assert wees_bestanden() == []
    wees = nieuwe_sleutel()
    opslag_van().bewaar(wees, b"achtergebleven na een crash\n", "text/plain")
    assert wees_bestanden() == [wees]
    # a version's content is never an orphan, also when its document is on a signal
    assert not (sleutels(wereld.op_recent) & set(wees_bestanden()))


def test_the_sweep_of_an_empty_storage_is_empty() -> None:
    assert wees_bestanden() == []

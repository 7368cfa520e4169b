"""The document service: upload, versions, download with its hash checked, and nothing left
behind when a file is refused or the transaction is rolled back (looked up in the
storage itself)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus
from casus.documenten import Bestandsfout
from casus.documenten import services as documenten
from casus.documenten.models import Document, Documentversie
from casus.documenten.opslag import opslag_van
from casus.errors import DomeinFout, Ongeldig
from casus.extensions import db
from casus.privacy.inzage import inzage
from casus.privacy.leesbaar import leesbare_inzage
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken, klok
from tests.hulp.clamd import EICAR

# a minimal PDF (libmagic: application/pdf) and two texts; their SHA-256 worked out with
# sha256sum(1)
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PDF_SHA256 = "7d4aa27f151c27aaf7aec01bc5235476f934d1480625f93a7a3663dd6e25ac7b"
VERSLAG = b"Verslag van het huisbezoek op 3 maart 2025.\n"
VERSLAG_SHA256 = "a0e142f113dd697653f168e661a378f4cb375ed67f541c8e1baede55bfbd275b"
TWEEDE = b"Tweede versie.\n"
TWEEDE_SHA256 = "66a0fde3990a555a5536d7f61af9632fe6f813026e422764841ac6c1338e8cfd"
DERDE = b"Derde versie.\n"
DERDE_SHA256 = "0271cdc8eed72abcab09df0176fdd6d3decd3c41d3f8130bc350612765235fda"
# an ELF header: a program, whatever its name says
PROGRAMMA = (
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 100
)


def signaal_over(persoon_id: int | None) -> Signaal:
    """An ondermijning signal about the person (committed)."""
    signaal = fabrieken.signaal("ondermijning")
    signaal.persoon_id = persoon_id
    db.session.commit()
    return signaal


def opgeslagen() -> list[str]:
    return sorted(opslag_van().sleutels())


def aantallen() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Document)) or 0,
        db.session.scalar(select(func.count()).select_from(Documentversie)) or 0,
    )


@pytest.fixture
def casus(maak_casus: Any) -> Casus:
    """A PGA Jeugd case of Sem Jansen, active, with its regisseur."""
    c: Casus = maak_casus("pga_jeugd", "actief")
    db.session.commit()
    return c


def plan(casus: Casus, **anders: Any) -> Document:
    velden: dict[str, Any] = {
        "casus": casus,
        "titel": "Plan van aanpak, getekend door de ouders",
        "soort": "plan_van_aanpak",
        "datum": date(2025, 3, 3),
        "vertrouwelijkheid": "zaakvertrouwelijk",
        "bestandsnaam": "plan van aanpak.pdf",
        "inhoud": PDF,
    }
    velden.update(anders)
    return documenten.voeg_document_toe(casus.regisseur, **velden)


def test_an_upload_stores_one_row_one_version_and_one_file_with_its_sha256(casus: Casus) -> None:
    with klok.stil(datetime(2025, 3, 4, 9, 30, tzinfo=UTC)):
        document = plan(casus, toelichting="Ondertekend op het gesprek")
    db.session.commit()
    assert aantallen() == (1, 1)
    versie = db.session.scalars(select(Documentversie)).one()
    assert (document.casus_id, document.signaal_id, document.titel, document.soort) == (
        casus.id,
        None,
        "Plan van aanpak, getekend door de ouders",
        "plan_van_aanpak",
    )
    assert (document.datum, document.vertrouwelijkheid) == (date(2025, 3, 3), "zaakvertrouwelijk")
    assert document.aangemaakt_door_id == casus.regisseur_id
    assert (versie.versie, versie.bestandsnaam, versie.mediatype, versie.grootte) == (
        1,
        "plan van aanpak.pdf",
        "application/pdf",
        90,
    )
    assert versie.sha256 == PDF_SHA256
    assert versie.toelichting == "Ondertekend op het gesprek"
    assert versie.geupload_op == datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    # one file, under the version's random key, holding exactly the bytes
    assert opgeslagen() == [versie.opslag_sleutel]
    assert opslag_van().lees(versie.opslag_sleutel) == PDF
    assert "plan" not in versie.opslag_sleutel
    assert len(versie.opslag_sleutel) == 32
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "document.toegevoegd")
    ).one()
    assert (record.casus_id, record.persoon_id, record.gebruiker_id) == (
        casus.id,
        casus.persoon_id,
        casus.regisseur_id,
    )
    assert record.details["versie"] == 1


def test_new_versions_are_numbered_one_two_three_with_who_and_when(
    casus: Casus, maak_gebruiker_: Any
) -> None:
    triage = maak_gebruiker_("triage:pga_jeugd", naam="triagelid")
    with klok.stil(datetime(2025, 3, 4, 9, 0, tzinfo=UTC)):
        document = plan(casus, bestandsnaam="verslag.txt", soort="verslag", inhoud=VERSLAG)
    db.session.commit()
    with klok.stil(datetime(2025, 3, 5, 14, 15, tzinfo=UTC)):
        tweede = documenten.voeg_versie_toe(
            triage, document, bestandsnaam="verslag-2.txt", inhoud=TWEEDE, toelichting="Aangevuld"
        )
    db.session.commit()
    with klok.stil(datetime(2025, 3, 6, 8, 45, tzinfo=UTC)):
        derde = documenten.voeg_versie_toe(
            casus.regisseur, document, bestandsnaam="verslag-3.txt", inhoud=DERDE
        )
    db.session.commit()
    versies = db.session.scalars(select(Documentversie).order_by(Documentversie.versie)).all()
    assert [
        (v.versie, v.gebruiker_id, v.geupload_op, v.bestandsnaam, v.sha256, v.toelichting)
        for v in versies
    ] == [
        (
            1,
            casus.regisseur_id,
            datetime(2025, 3, 4, 9, 0, tzinfo=UTC),
            "verslag.txt",
            VERSLAG_SHA256,
            None,
        ),
        (
            2,
            triage.id,
            datetime(2025, 3, 5, 14, 15, tzinfo=UTC),
            "verslag-2.txt",
            TWEEDE_SHA256,
            "Aangevuld",
        ),
        (
            3,
            casus.regisseur_id,
            datetime(2025, 3, 6, 8, 45, tzinfo=UTC),
            "verslag-3.txt",
            DERDE_SHA256,
            None,
        ),
    ]
    assert (tweede.versie, derde.versie) == (2, 3)
    assert opgeslagen() == sorted(v.opslag_sleutel for v in versies)
    # the latest unless a number is asked for; every version keeps its own content
    assert documenten.versie_of_404(casus.regisseur, document).versie == 3
    eerste = documenten.versie_of_404(casus.regisseur, document, 1)
    assert documenten.lees_inhoud(casus.regisseur, eerste) == VERSLAG
    assert documenten.lees_inhoud(casus.regisseur, derde) == DERDE
    gelogd = db.session.scalars(
        select(AuditRecord.details).where(AuditRecord.actie == "document.versie_toegevoegd")
    ).all()
    assert [d["versie"] for d in gelogd] == [2, 3]


def test_a_download_verifies_the_hash_and_is_logged_as_a_read_of_personal_data(
    casus: Casus,
) -> None:
    document = plan(casus)
    db.session.commit()
    versie = documenten.versie_of_404(casus.regisseur, document)
    assert documenten.lees_inhoud(casus.regisseur, versie) == PDF
    db.session.commit()
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "document.gedownload")
    ).one()
    assert (record.casus_id, record.persoon_id, record.object_type, record.object_id) == (
        casus.id,
        casus.persoon_id,
        "document",
        str(document.id),
    )
    assert record.details == {"document_id": document.id, "versie": 1}


def test_a_tampered_or_missing_file_is_refused_as_damaged_and_logged(casus: Casus) -> None:
    document = plan(casus)
    db.session.commit()
    versie = documenten.versie_of_404(casus.regisseur, document)
    # someone changed the stored bytes: same length, one byte different
    opslag_van().bewaar(versie.opslag_sleutel, PDF[:-2] + b"X\n", "application/pdf")
    with pytest.raises(documenten.Beschadigd):
        documenten.lees_inhoud(casus.regisseur, versie)
    opslag_van().verwijder(versie.opslag_sleutel)
    with pytest.raises(documenten.Beschadigd):
        documenten.lees_inhoud(casus.regisseur, versie)
    db.session.commit()
    rijen = db.session.execute(
        select(AuditRecord.actie, AuditRecord.uitkomst, AuditRecord.casus_id).order_by(
            AuditRecord.id
        )
    ).all()
    assert [
        r for r in rijen if r.actie.startswith("document.") and r.actie != "document.toegevoegd"
    ] == [
        ("document.beschadigd", "mislukt", casus.id),
        ("document.beschadigd", "mislukt", casus.id),
    ]
    assert issubclass(documenten.Beschadigd, DomeinFout)


@pytest.mark.parametrize(
    ("bestandsnaam", "inhoud", "bericht"),
    [
        ("plan.pdf", PROGRAMMA, "programma"),  # an executable named .pdf
        ("plan.pdf", b"", "leeg"),
        ("plan.pdf", PDF + b"\n" * (1024 * 1024), "groter dan 1 MB"),
        ("../../etc/plan.pdf", PDF, "bestandsnaam"),
        ("..\\plan.pdf", PDF, "bestandsnaam"),
        ("plan.exe", PDF, "niet toegestaan"),
    ],
    ids=["programma", "leeg", "te-groot", "pad", "windows-pad", "extensie"],
)
def test_a_refused_file_leaves_no_row_and_no_file(
    casus: Casus, app: Any, bestandsnaam: str, inhoud: bytes, bericht: str
) -> None:
    app.config["DOCUMENT_MAX_MB"] = 1
    try:
        with pytest.raises(Bestandsfout) as fout:
            plan(casus, bestandsnaam=bestandsnaam, inhoud=inhoud)
    finally:
        app.config.pop("DOCUMENT_MAX_MB")
    assert bericht in fout.value.bericht
    assert fout.value.veld == "bestand"
    db.session.rollback()
    assert aantallen() == (0, 0)
    assert opgeslagen() == []


@pytest.mark.usefixtures("virusscan")
def test_the_eicar_file_is_refused_and_a_clean_pdf_is_stored(casus: Casus) -> None:
    with pytest.raises(Bestandsfout, match="virus"):
        plan(casus, bestandsnaam="eicar.txt", inhoud=EICAR, soort="overig")
    db.session.rollback()
    assert aantallen() == (0, 0)
    assert opgeslagen() == []
    document = plan(casus)
    db.session.commit()
    assert aantallen() == (1, 1)
    assert opgeslagen() == [document.versies[0].opslag_sleutel]


@pytest.mark.parametrize(
    ("veld", "waarde", "bericht"),
    [
        ("titel", "   ", "Vul een titel in."),
        ("titel", "x" * 201, "De titel is te lang (maximaal 200 tekens)."),
        ("soort", "bibob_advies", "Kies een soort document uit de lijst."),  # ondermijning's
        ("soort", "melding", "Kies een soort document uit de lijst."),  # a signal's
        ("datum", date(2025, 3, 8), "De datum 08-03-2025 ligt in de toekomst."),
        ("vertrouwelijkheid", "staatsgeheim", "Kies een vertrouwelijkheid uit de lijst."),
        ("toelichting", "y" * 201, "De toelichting is te lang (maximaal 200 tekens)."),
    ],
)
@pytest.mark.klok(datetime(2025, 3, 7, 12, 0, tzinfo=UTC))
def test_the_fields_are_checked_and_nothing_is_stored(
    casus: Casus, veld: str, waarde: Any, bericht: str
) -> None:
    with pytest.raises(Ongeldig) as fout:
        plan(casus, **{veld: waarde})
    assert (fout.value.bericht, fout.value.veld) == (bericht, veld)
    db.session.rollback()
    assert aantallen() == (0, 0)
    assert opgeslagen() == []


def test_a_document_is_on_a_case_or_a_signal_never_both_or_neither(casus: Casus) -> None:
    signaal = fabrieken.signaal("ondermijning")
    with pytest.raises(Ongeldig, match="casus of bij een signaal"):
        documenten.voeg_document_toe(
            IMPORT,
            casus=casus,
            signaal=signaal,
            titel="Beide",
            soort="brief",
            datum=date(2025, 3, 3),
            vertrouwelijkheid="intern",
            bestandsnaam="brief.pdf",
            inhoud=PDF,
        )
    with pytest.raises(Ongeldig, match="casus of bij een signaal"):
        documenten.voeg_document_toe(
            IMPORT,
            titel="Geen van beide",
            soort="brief",
            datum=date(2025, 3, 3),
            vertrouwelijkheid="intern",
            bestandsnaam="brief.pdf",
            inhoud=PDF,
        )
    assert opgeslagen() == []


def test_a_rolled_back_upload_leaves_no_file_and_a_committed_one_stays(casus: Casus) -> None:
    bewaard = plan(casus, titel="Blijft")
    db.session.commit()
    blijft = bewaard.versies[0].opslag_sleutel
    teruggedraaid = plan(casus, titel="Gaat weer weg", bestandsnaam="verslag.txt", inhoud=VERSLAG)
    weg = teruggedraaid.versies[0].opslag_sleutel
    assert opgeslagen() == sorted([blijft, weg])  # stored before the commit ...
    db.session.rollback()
    assert opgeslagen() == [blijft]  # ... and removed with the rollback
    assert aantallen() == (1, 1)


def test_a_rolled_back_savepoint_removes_only_its_own_files(casus: Casus) -> None:
    buiten = plan(casus, titel="Buiten het savepoint")
    with db.session.begin_nested() as savepoint:
        binnen = plan(casus, titel="In het savepoint", bestandsnaam="v.txt", inhoud=VERSLAG)
        sleutel_binnen = binnen.versies[0].opslag_sleutel
        savepoint.rollback()
    sleutel_buiten = buiten.versies[0].opslag_sleutel
    assert opgeslagen() == [sleutel_buiten]
    assert sleutel_binnen not in opgeslagen()
    db.session.commit()
    assert opgeslagen() == [sleutel_buiten]


def test_a_failed_new_version_leaves_the_earlier_ones(casus: Casus) -> None:
    document = plan(casus)
    db.session.commit()
    with pytest.raises(Bestandsfout):
        documenten.voeg_versie_toe(casus.regisseur, document, bestandsnaam="x.pdf", inhoud=b"")
    db.session.rollback()
    assert aantallen() == (1, 1)
    assert opgeslagen() == [document.versies[0].opslag_sleutel]


def test_the_lists_and_the_timeline_give_every_document_with_its_latest_version(
    casus: Casus,
) -> None:
    with klok.stil(datetime(2025, 3, 4, 9, 0, tzinfo=UTC)):
        brief = plan(casus, titel="Brief aan de ouders", soort="brief", datum=date(2025, 2, 1))
    with klok.stil(datetime(2025, 3, 5, 9, 0, tzinfo=UTC)):
        verslag = plan(
            casus, titel="Verslag", soort="verslag", bestandsnaam="v.txt", inhoud=VERSLAG
        )
    with klok.stil(datetime(2025, 3, 6, 9, 0, tzinfo=UTC)):
        documenten.voeg_versie_toe(casus.regisseur, brief, bestandsnaam="b.txt", inhoud=TWEEDE)
    db.session.commit()
    lijst = documenten.documenten_van_casus(casus.regisseur, casus)
    # newest document date first: the report of 3 March, then the letter of 1 February
    assert [(d.titel, d.laatste_versie.versie if d.laatste_versie else None) for d in lijst] == [
        ("Verslag", 1),
        ("Brief aan de ouders", 2),
    ]
    tijdlijn = documenten.laatste_versies_van(casus.regisseur, casus)
    # latest upload first: the letter's second version (6 March), the report (5 March)
    assert [(d.id, v.versie, v.bestandsnaam) for d, v in tijdlijn] == [
        (brief.id, 2, "b.txt"),
        (verslag.id, 1, "v.txt"),
    ]


def test_a_signal_document_names_the_signals_person(maak_gebruiker_: Any) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning")
    persoon = fabrieken.persoon("Kees", "de Vries")
    signaal = signaal_over(persoon.id)
    document = documenten.voeg_document_toe(
        lid,
        signaal=signaal,
        titel="Melding van de buren",
        soort="melding",
        datum=date(2025, 2, 3),
        vertrouwelijkheid="vertrouwelijk",
        bestandsnaam="melding.txt",
        inhoud=VERSLAG,
    )
    db.session.commit()
    assert [d.id for d in documenten.documenten_van_signaal(lid, signaal)] == [document.id]
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "document.toegevoegd")
    ).one()
    assert (record.casus_id, record.persoon_id, record.details["signaal_id"]) == (
        None,
        persoon.id,
        signaal.id,
    )
    with pytest.raises(Ongeldig, match="soort document"):
        documenten.voeg_document_toe(
            lid,
            signaal=signaal,
            titel="Plan",
            soort="bibob_advies",  # a case's kind, not a signal's
            datum=date(2025, 2, 3),
            vertrouwelijkheid="intern",
            bestandsnaam="plan.pdf",
            inhoud=PDF,
        )


def test_the_inzage_lists_the_persons_documents(casus: Casus, maak_gebruiker_: Any) -> None:
    fg = maak_gebruiker_("privacy")
    document = plan(casus)
    documenten.voeg_versie_toe(casus.regisseur, document, bestandsnaam="p2.txt", inhoud=TWEEDE)
    signaal = signaal_over(casus.persoon_id)
    documenten.voeg_document_toe(
        IMPORT,
        signaal=signaal,
        titel="Bijlage bij de melding",
        soort="bijlage_melding",
        datum=date(2025, 2, 3),
        vertrouwelijkheid="intern",
        bestandsnaam="bijlage.txt",
        inhoud=VERSLAG,
    )
    db.session.commit()
    assert casus.persoon is not None
    data = inzage(casus.persoon, actor=fg)
    [op_casus] = data["casussen"][0]["documenten"]
    assert {k: op_casus[k] for k in ("titel", "soort", "datum", "versies", "bestandsnaam")} == {
        "titel": "Plan van aanpak, getekend door de ouders",
        "soort": "plan_van_aanpak",
        "datum": "2025-03-03",
        "versies": 2,
        "bestandsnaam": "p2.txt",
    }
    assert [d["titel"] for d in data["signalen"][0]["documenten"]] == ["Bijlage bij de melding"]
    leesbaar = leesbare_inzage(casus.persoon, actor=fg)
    pga = next(a for a in leesbaar.aanpakken if a.naam.startswith("Persoonsgerichte") or a.casussen)
    [regel] = pga.casussen[0].documenten
    assert (regel.wanneer, regel.tekst) == (
        "3 maart 2025",
        "Plan van aanpak: Plan van aanpak, getekend door de ouders (zaakvertrouwelijk; 2 versies)",
    )
    ondermijning = next(a for a in leesbaar.aanpakken if a.signalen)
    assert [r.tekst for r in ondermijning.signaaldocumenten] == [
        "Bijlage bij de melding: Bijlage bij de melding (intern; 1 versie)"
    ]


def test_upload_and_download_through_s3(casus: Casus, s3: Any) -> None:
    document = plan(casus)
    db.session.commit()
    versie = document.versies[0]
    assert opgeslagen() == [versie.opslag_sleutel]
    assert documenten.lees_inhoud(casus.regisseur, versie) == PDF
    teruggedraaid = plan(casus, titel="Weg", bestandsnaam="v.txt", inhoud=VERSLAG)
    assert len(opgeslagen()) == 2
    assert teruggedraaid.versies[0].opslag_sleutel in opgeslagen()
    db.session.rollback()
    assert opgeslagen() == [versie.opslag_sleutel]


def test_a_storage_that_refuses_the_write_is_a_dutch_refusal_and_leaves_no_row(
    casus: Casus, s3: Any, app: Any
) -> None:
    app.config["S3_BUCKET"] = "bestaat-niet"  # the storage answers NoSuchBucket
    with pytest.raises(Bestandsfout, match="kon nu niet worden opgeslagen"):
        plan(casus)
    db.session.rollback()
    assert aantallen() == (0, 0)

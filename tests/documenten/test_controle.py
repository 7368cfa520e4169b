"""The checks at the door (casus.documenten.controle): empty, too large, the name, the
real type against the name's extension, and the virus scan by a real clamd; in that
order, each with its Dutch message."""

from __future__ import annotations

import sys

import pytest
from flask import Flask

from casus.documenten import Bestandsfout, GecontroleerdBestand
from casus.documenten.controle import (
    DOCX,
    GEEN_LIBMAGIC,
    GEEN_SCANNER,
    NIET_TOEGESTAAN,
    SCANNER_ONBEREIKBAAR,
    TOEGESTANE_SOORTEN,
    XLSX,
    controleer,
    gelezen_soort,
    schone_naam,
)
from tests.hulp import voorbeelden
from tests.hulp.clamd import EICAR, vrije_poort
from tests.hulp.instellingen import ingesteld

VIRUS = (
    "Het bestand bevat een virus of schadelijke code (Eicar-Test-Signature) en is niet opgeslagen."
)


def weigering(inhoud: bytes, naam: str) -> str:
    with pytest.raises(Bestandsfout) as fout:
        controleer(inhoud, naam)
    assert fout.value.veld == "bestand"
    return fout.value.bericht


# -- empty and too large --------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert weigering(b"", "verslag.pdf") == "Het bestand is leeg."


def test_the_size_limit_is_inclusive_and_named_in_mb(app: Flask) -> None:
    with ingesteld(app, DOCUMENT_MAX_MB=1):
        precies = controleer(b"a" * 1_048_576, "groot.txt")
        assert precies.grootte == 1_048_576
        assert weigering(b"a" * 1_048_577, "groot.txt") == "Het bestand is groter dan 1 MB."


def test_the_default_limit_is_25_mb() -> None:
    assert weigering(b"a" * (25 * 1_048_576 + 1), "groot.txt") == (
        "Het bestand is groter dan 25 MB."
    )


# -- the name -------------------------------------------------------------------------------

SCHEIDINGSTEKEN = "De bestandsnaam is niet toegestaan: een naam mag geen / of \\ bevatten."
STUURTEKENS = "De bestandsnaam is niet toegestaan: er staan stuurtekens of onzichtbare tekens in."
LEEG = "De bestandsnaam is niet toegestaan: de naam is leeg."


@pytest.mark.parametrize(
    ("naam", "bericht"),
    [
        ("../../etc/passwd", SCHEIDINGSTEKEN),
        ("..\\x.pdf", SCHEIDINGSTEKEN),
        ("a/b.pdf", SCHEIDINGSTEKEN),
        ("C:\\Users\\jan\\verslag.pdf", SCHEIDINGSTEKEN),
        ("Verslag: overleg 3/4?.pdf", SCHEIDINGSTEKEN),
        ("..", "De bestandsnaam is niet toegestaan: een naam mag niet . of .. zijn."),
        (".", "De bestandsnaam is niet toegestaan: een naam mag niet . of .. zijn."),
        ("verslag\x00.pdf", STUURTEKENS),
        ("verslag\t.pdf", STUURTEKENS),
        # the right-to-left override: shown as "factuurexe.pdf", really "...fdp.exe"
        ("factuur\u202efdp.exe", STUURTEKENS),
        ("", LEEG),
        ("   ", LEEG),
        ("....", LEEG),
        ("***", LEEG),
        (' . <>:"|?* ', LEEG),
    ],
)
def test_names_that_are_not_plain_file_names_are_refused(naam: str, bericht: str) -> None:
    with pytest.raises(Bestandsfout) as fout:
        schone_naam(naam)
    assert fout.value.bericht == bericht
    assert weigering(voorbeelden.PDF, naam) == bericht


@pytest.mark.parametrize(
    ("naam", "schoon"),
    [
        ("verslag.pdf", "verslag.pdf"),
        # leading spaces and the dot stripped, "*" removed, the double space kept
        ("  .Plan van aanpak  é*.pdf", "Plan van aanpak  é.pdf"),
        # the reserved characters < > : " ? removed
        ('Brief <concept>: "definitief"?.pdf', "Brief concept definitief.pdf"),
        # trailing dots and spaces stripped
        ("rapport.pdf. . ", "rapport.pdf"),
        (".bashrc.txt", "bashrc.txt"),
        # e + combining acute (NFD, as macOS sends it) becomes the one character é
        ("Cafe\u0301 overleg.docx", "Caf\u00e9 overleg.docx"),
        ("Ondermijning – Bibob-advies.pdf", "Ondermijning – Bibob-advies.pdf"),
    ],
)
def test_names_are_tidied(naam: str, schoon: str) -> None:
    assert schone_naam(naam) == schoon


def test_a_decomposed_accent_becomes_one_character() -> None:
    assert len("Cafe\u0301 overleg.docx") == 18
    assert len(schone_naam("Cafe\u0301 overleg.docx")) == 17


def test_a_long_name_is_cut_to_150_characters_keeping_its_extension() -> None:
    assert schone_naam("a" * 200 + ".pdf") == "a" * 146 + ".pdf"
    # the cut falls just after a space: the space goes too (145 + 4 characters)
    assert schone_naam("b" * 145 + " " + "c" * 100 + ".pdf") == "b" * 145 + ".pdf"
    assert schone_naam("x" * 200) == "x" * 150
    assert schone_naam("k" * 150 + ".docx") == "k" * 145 + ".docx"


def test_the_tidied_name_is_what_the_checked_file_carries() -> None:
    bestand = controleer(voorbeelden.PDF, "  .Plan van aanpak  é*.pdf")
    assert bestand.naam == "Plan van aanpak  é.pdf"


# -- the type -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("naam", "maak", "mediatype"),
    [
        ("verslag.pdf", lambda: voorbeelden.PDF, "application/pdf"),
        ("foto.png", lambda: voorbeelden.PNG, "image/png"),
        ("FOTO.PNG", lambda: voorbeelden.PNG, "image/png"),
        ("plan.docx", voorbeelden.docx, DOCX),
        ("cijfers.xlsx", voorbeelden.xlsx, XLSX),
        ("notitie.txt", lambda: voorbeelden.TEKST, "text/plain"),
        ("lijst.csv", lambda: voorbeelden.CSV, "text/csv"),
        # a text file libmagic reads as CSV may still be called .txt (and the reverse)
        ("lijst.txt", lambda: voorbeelden.CSV, "text/plain"),
        ("aantekening.csv", lambda: voorbeelden.TEKST, "text/csv"),
        ("bericht.eml", lambda: voorbeelden.EML, "message/rfc822"),
        ("tekst.odt", voorbeelden.odt, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_kinds_pass_with_the_type_they_are_stored_with(
    naam: str, maak: object, mediatype: str
) -> None:
    assert callable(maak)
    inhoud = maak()
    bestand = controleer(inhoud, naam)
    assert (bestand.naam, bestand.mediatype, bestand.grootte) == (naam, mediatype, len(inhoud))


def test_a_word_document_libmagic_calls_a_zip_is_recognised_by_its_parts() -> None:
    inhoud = voorbeelden.docx(typen_eerst=False)
    import magic

    assert magic.from_buffer(inhoud, mime=True) == "application/zip"
    assert gelezen_soort(inhoud) == DOCX
    assert controleer(inhoud, "plan.docx").mediatype == DOCX


def test_the_checked_file_has_size_and_sha256() -> None:
    # SHA-256 of "abc": the first test vector of FIPS 180-2
    assert controleer(b"abc", "abc.txt") == GecontroleerdBestand(
        naam="abc.txt",
        mediatype="text/plain",
        grootte=3,
        sha256="ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        inhoud=b"abc",
    )


@pytest.mark.parametrize(
    ("naam", "maak", "bericht"),
    [
        ("verslag.pdf", voorbeelden.elf, "Het bestand is geen PDF, maar een programma."),
        ("verslag.pdf", voorbeelden.pe, "Het bestand is geen PDF, maar een programma."),
        (
            "plan.docx",
            voorbeelden.pe,
            "Het bestand is geen Word-document, maar een programma.",
        ),
        (
            "notitie.txt",
            lambda: voorbeelden.SCRIPT,
            "Het bestand is geen tekstbestand, maar een programma.",
        ),
        (
            "foto.pdf",
            lambda: voorbeelden.PNG,
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt PDF, maar de inhoud is een PNG-afbeelding).",
        ),
        (
            "verslag.png",
            lambda: voorbeelden.PDF,
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt PNG-afbeelding, maar de inhoud is een PDF).",
        ),
        (
            "plan.docx",
            lambda: voorbeelden.zip_met("a.txt", b"tekst"),
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt Word-document, maar de inhoud is een zip-archief).",
        ),
        (
            "plan.docx",
            lambda: voorbeelden.docx(
                hoofddeel=voorbeelden.WORD_MACRO_HOOFDDEEL,
                extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
            ),
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt Word-document, maar de inhoud is een Office-bestand met macro's).",
        ),
        (
            "pagina.txt",
            lambda: voorbeelden.HTML,
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt tekstbestand, maar de inhoud is een webpagina (HTML)).",
        ),
        (
            "foto.png",
            lambda: b"\x00\x01\x02\x03 geen bekend formaat",
            "Het bestand is van een ander soort dan de naam zegt "
            "(de naam zegt PNG-afbeelding, maar de inhoud is geen toegestaan soort bestand).",
        ),
        ("programma.exe", voorbeelden.elf, NIET_TOEGESTAAN),
        ("archief.zip", lambda: voorbeelden.zip_met("a.txt", b"tekst"), NIET_TOEGESTAAN),
        ("pagina.html", lambda: voorbeelden.HTML, NIET_TOEGESTAAN),
        ("plan.docm", voorbeelden.docx, NIET_TOEGESTAAN),
        ("zonder-extensie", lambda: voorbeelden.PDF, NIET_TOEGESTAAN),
    ],
)
def test_wrong_and_unknown_kinds_are_refused(naam: str, maak: object, bericht: str) -> None:
    assert callable(maak)
    assert weigering(maak(), naam) == bericht


def test_the_refusal_of_unknown_kinds_names_what_is_allowed() -> None:
    assert NIET_TOEGESTAAN == (
        "Dit soort bestand is niet toegestaan. Toegestaan zijn: PDF, afbeeldingen, "
        "Office-bestanden, tekst en e-mail."
    )


def test_the_allowed_kinds_for_the_form() -> None:
    assert TOEGESTANE_SOORTEN["pdf"] == "PDF"
    assert TOEGESTANE_SOORTEN["jpg"] == TOEGESTANE_SOORTEN["jpeg"] == "JPEG-afbeelding"
    assert TOEGESTANE_SOORTEN["docx"] == "Word-document"
    assert TOEGESTANE_SOORTEN["eml"] == "e-mail"
    assert TOEGESTANE_SOORTEN["msg"] == "Outlook-bericht"
    for niet in ("exe", "zip", "html", "svg", "js", "docm", "xlsm"):
        assert niet not in TOEGESTANE_SOORTEN


# -- the order of the checks ----------------------------------------------------------------


def test_the_checks_run_in_order_empty_size_name_type_virus(app: Flask, virusscan: str) -> None:
    assert weigering(b"", "../x.exe") == "Het bestand is leeg."
    with ingesteld(app, DOCUMENT_MAX_MB=1):
        assert weigering(b"a" * 1_048_577, "../x.exe") == "Het bestand is groter dan 1 MB."
    assert weigering(voorbeelden.elf(), "../x.pdf") == SCHEIDINGSTEKEN
    # EICAR is plain text: named .pdf it fails the type check before clamd sees it
    assert weigering(EICAR, "eicar.pdf") == (
        "Het bestand is van een ander soort dan de naam zegt "
        "(de naam zegt PDF, maar de inhoud is een tekstbestand)."
    )
    assert weigering(EICAR, "eicar.txt") == VIRUS


# -- the virus scan -------------------------------------------------------------------------


def test_eicar_is_refused_with_its_name(virusscan: str) -> None:
    assert weigering(EICAR, "eicar.txt") == VIRUS


def test_eicar_inside_a_word_document_is_refused(virusscan: str) -> None:
    inhoud = voorbeelden.docx(extra={"word/media/eicar.txt": EICAR})
    assert weigering(inhoud, "plan.docx") == VIRUS


def test_a_clean_pdf_passes_the_scan(virusscan: str) -> None:
    bestand = controleer(voorbeelden.PDF, "verslag.pdf")
    assert (bestand.naam, bestand.mediatype) == ("verslag.pdf", "application/pdf")


def test_an_unreachable_scanner_refuses_the_file(app: Flask) -> None:
    with ingesteld(app, CLAMAV_ADRES=f"tcp://127.0.0.1:{vrije_poort()}"):
        assert weigering(voorbeelden.PDF, "verslag.pdf") == SCANNER_ONBEREIKBAAR
    assert SCANNER_ONBEREIKBAAR == (
        "De virusscanner is niet bereikbaar; het bestand is niet opgeslagen. "
        "Probeer het later opnieuw."
    )


def test_without_a_scanner_production_refuses_unless_told_otherwise(app: Flask) -> None:
    with ingesteld(app, OMGEVING="production", CLAMAV_ADRES=None):
        assert weigering(voorbeelden.PDF, "verslag.pdf") == GEEN_SCANNER
        with ingesteld(app, DOCUMENTEN_ZONDER_VIRUSSCAN=True):
            assert controleer(voorbeelden.PDF, "verslag.pdf").naam == "verslag.pdf"


def test_without_a_scanner_development_and_test_do_not_scan(app: Flask) -> None:
    for omgeving in ("development", "test"):
        with ingesteld(app, OMGEVING=omgeving, CLAMAV_ADRES=None):
            assert controleer(EICAR, "eicar.txt").grootte == 68


def test_without_libmagic_uploads_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes "import magic" fail as it does without the library
    monkeypatch.setitem(sys.modules, "magic", None)
    assert weigering(voorbeelden.PDF, "verslag.pdf") == GEEN_LIBMAGIC

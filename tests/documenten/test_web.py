"""Documents through the web pages (issue 20): the case page's and the signal page's
documents section, upload, a new version, the download's headers, refusals at the door
that leave no row and no file, 404 for every document URL outside the user's cases,
and the timeline's line. With the test's own storage directory and a real clamd."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from casus.audit.models import AuditRecord
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.documenten.models import Document, Documentversie
from casus.documenten.opslag import opslag_van
from casus.extensions import db
from tests.hulp import fabrieken
from tests.hulp.client import login
from tests.hulp.formulieren import formulier

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PDF2 = PDF.replace(b"/Catalog", b"/Catalog /Versie 2")
TITEL = "Brief van de corporatie over de overlast"


@pytest.fixture
def wereld(
    documentopslag: Any, maak_gebruiker_: Callable[..., Gebruiker], maak_casus: Any
) -> dict[str, Any]:
    regisseur = maak_gebruiker_("regisseur:woonoverlast", naam="Ria Regisseur")
    collega = maak_gebruiker_("regisseur:woonoverlast", naam="Cor Collega")
    ander = maak_gebruiker_("regisseur:ipta", naam="Anne Ander")
    casus = maak_casus("woonoverlast", "actief", regisseur=regisseur)
    tweede = maak_casus("woonoverlast", "actief", regisseur=regisseur)
    db.session.commit()
    return {
        "regisseur": regisseur,
        "collega": collega,
        "ander": ander,
        "casus": casus,
        "tweede": tweede,
    }


def _ingelogd(app: Flask, gebruiker: Gebruiker) -> FlaskClient:
    client = app.test_client()
    assert login(client, gebruiker).status_code == 302
    return client


def _pagina(client: FlaskClient, casus: Casus, **args: str) -> str:
    antwoord = client.get(f"/casus/{casus.id}", query_string=args)
    assert antwoord.status_code == 200
    return antwoord.get_data(as_text=True)


def verstuur(client: FlaskClient, actie: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """POST ``data`` as multipart/form-data, a file as (content, name), encoded here in
    memory (the test client would spool a large body to a file it never closes)."""
    velden = MultiDict()
    for naam, waarde in data.items():
        if isinstance(waarde, tuple):
            inhoud, bestandsnaam = waarde
            waarde = FileStorage(io.BytesIO(inhoud), filename=bestandsnaam)
        for w in waarde if isinstance(waarde, list) else [waarde]:
            velden.add(naam, w)
    grens, body = encode_multipart(velden)
    return client.post(
        actie, data=body, content_type=f"multipart/form-data; boundary={grens}", **kwargs
    )


def voeg_toe(
    client: FlaskClient,
    casus: Casus,
    inhoud: bytes = PDF,
    naam: str = "brief.pdf",
    **velden: Any,
) -> Any:
    """Fill in the case page's "Document toevoegen" form as a user would and send it."""
    actie = f"/casus/{casus.id}/documenten"
    form = formulier(_pagina(client, casus), actie)
    data = form.gegevens(
        **{
            "document-titel": TITEL,
            "document-soort": "brief_corporatie",
            "document-datum": "2025-02-03",
            **velden,
        }
    )
    data["document-bestand"] = (inhoud, naam)
    return verstuur(client, actie, data)


def voeg_versie_toe(
    client: FlaskClient, casus: Casus, document: Document, inhoud: bytes, naam: str
) -> Any:
    actie = f"/casus/{casus.id}/documenten/{document.id}/versies"
    form = formulier(_pagina(client, casus), actie)
    data = form.gegevens(**{f"versie{document.id}-toelichting": "Ondertekend door beiden"})
    data[f"versie{document.id}-bestand"] = (inhoud, naam)
    return verstuur(client, actie, data)


def opgeslagen() -> list[bytes]:
    opslag = opslag_van()
    return [opslag.lees(sleutel) for sleutel in opslag.sleutels()]


def aantal(model: Any) -> int:
    db.session.rollback()
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def records(actie: str) -> int:
    db.session.rollback()
    return int(
        db.session.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.actie == actie)
        )
        or 0
    )


def het_document() -> Document:
    db.session.rollback()
    return db.session.scalars(select(Document)).one()


def veldfout(html: str, veld: str) -> str:
    """The message next to field ``veld`` (its ``-fout`` paragraph)."""
    gevonden = re.search(rf'<p class="veld__fout" id="{veld}-fout">(.*?)</p>', html, re.S)
    assert gevonden, f"geen melding bij {veld}"
    return gevonden.group(1)


# -- a clean PDF ---------------------------------------------------------------------


def test_a_clean_pdf_is_stored_listed_and_offered_as_an_attachment(
    app: Flask, wereld: dict[str, Any], virusscan: Any
) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    antwoord = voeg_toe(client, casus)
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == f"/casus/{casus.id}?sectie=documenten#documenten"

    document = het_document()
    [versie] = document.versies
    assert (document.titel, document.soort, document.datum) == (
        TITEL,
        "brief_corporatie",
        date(2025, 2, 3),
    )
    assert document.vertrouwelijkheid == "zaakvertrouwelijk"  # the form's default
    assert (versie.versie, versie.bestandsnaam, versie.mediatype, versie.grootte) == (
        1,
        "brief.pdf",
        "application/pdf",
        len(PDF),
    )
    assert versie.sha256 == hashlib.sha256(PDF).hexdigest()
    assert opgeslagen() == [PDF]

    # the message in the section, the row in the table
    html = _pagina(client, casus, sectie="documenten")
    sectie = html.split('id="documenten-sectie"')[1].split("</section>")[0]
    assert f"Document &#39;{TITEL}&#39; is toegevoegd." in sectie
    rij = sectie.split("<tbody>")[1].split("</tbody>")[0]
    for tekst in (
        TITEL,
        "brief.pdf",
        "Brief van de woningcorporatie",
        "03-02-2025",
        "Zaakvertrouwelijk",
        '<td class="getal">1</td>',
        f'<td class="getal">{len(PDF)} bytes</td>',
        "R. Regisseur" if "R. Regisseur" in rij else wereld["regisseur"].korte_naam,
    ):
        assert tekst in rij, tekst

    download = client.get(f"/casus/{casus.id}/documenten/{document.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"
    csp = [d.strip() for d in download.headers["Content-Security-Policy"].split(";")]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp
    assert records("document.gedownload") == 1
    # the same version by its number
    assert client.get(f"/casus/{casus.id}/documenten/{document.id}/versies/1").data == PDF
    assert records("document.gedownload") == 2


def test_a_non_ascii_name_is_offered_with_rfc_5987(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    assert voeg_toe(client, casus, naam="Überzicht café.pdf").status_code == 302
    document = het_document()
    kop = client.get(f"/casus/{casus.id}/documenten/{document.id}").headers["Content-Disposition"]
    naam = document.versies[0].bestandsnaam
    assert kop.startswith("attachment; ")
    assert (
        "filename*=UTF-8''" + naam.replace(" ", "%20").replace("Ü", "%C3%9C").replace("é", "%C3%A9")
        in kop
    )
    assert 'filename="Uberzicht cafe.pdf"' in kop or 'filename="Uberzicht_cafe.pdf"' in kop


# -- refusals at the door ------------------------------------------------------------


def _geweigerd(antwoord: Any, *verwacht: str) -> str:
    """A refused upload: 422, the message next to the file field (with "choose again"),
    the other fields kept, no row and no file."""
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    melding = veldfout(html, "document-bestand")
    for tekst in verwacht:
        assert tekst.lower() in melding.lower(), melding
    assert "Kies het bestand opnieuw" in melding
    assert f'value="{TITEL}"' in html
    assert '<option selected value="brief_corporatie">' in html
    assert 'value="2025-02-03"' in html
    assert aantal(Document) == 0
    assert aantal(Documentversie) == 0
    assert opgeslagen() == []
    return melding


def test_eicar_is_refused_next_to_the_file_field_and_leaves_nothing(
    app: Flask, wereld: dict[str, Any], virusscan: Any
) -> None:
    from tests.hulp.clamd import EICAR

    client = _ingelogd(app, wereld["regisseur"])
    antwoord = voeg_toe(client, wereld["casus"], inhoud=EICAR, naam="test.txt")
    _geweigerd(antwoord, "virus")
    # the refusal is logged, with the kind of refusal
    db.session.rollback()
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.actie == "document.toegevoegd")
    ).one()
    assert record.uitkomst == "geweigerd"
    assert record.casus_id == wereld["casus"].id


def test_an_executable_named_pdf_is_refused(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    programma = Path("/bin/true").read_bytes()
    _geweigerd(voeg_toe(client, wereld["casus"], inhoud=programma, naam="rapport.pdf"))


@pytest.mark.parametrize(
    ("inhoud", "naam"),
    [
        (b"", "leeg.pdf"),
        (PDF + b"0" * (1024 * 1024), "groot.pdf"),
        (PDF, "../../etc/passwd.pdf"),
        (PDF, "/etc/brief.pdf"),
        (PDF, ".."),
    ],
    ids=["leeg", "te-groot", "pad-omhoog", "absoluut-pad", "punt-punt"],
)
def test_empty_oversized_and_traversal_files_are_refused_with_the_form_kept(
    app: Flask,
    wereld: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    inhoud: bytes,
    naam: str,
) -> None:
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_MB", 1)
    client = _ingelogd(app, wereld["regisseur"])
    _geweigerd(voeg_toe(client, wereld["casus"], inhoud=inhoud, naam=naam))


def test_no_file_chosen_says_so_and_keeps_the_fields(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    actie = f"/casus/{casus.id}/documenten"
    data = formulier(_pagina(client, casus), actie).gegevens(
        **{"document-titel": TITEL, "document-soort": "brief_corporatie", "document-datum": ""}
    )
    antwoord = client.post(actie, data=data, content_type="multipart/form-data")
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert veldfout(html, "document-bestand").startswith("Kies een bestand.")
    assert "Vul de datum van het document in" in veldfout(html, "document-datum")
    assert f'value="{TITEL}"' in html
    assert aantal(Document) == 0


# -- versions --------------------------------------------------------------------------


def test_a_new_version_is_added_listed_and_downloadable(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    assert voeg_toe(client, casus).status_code == 302
    document = het_document()
    antwoord = voeg_versie_toe(client, casus, document, PDF2, "brief-getekend.pdf")
    assert antwoord.status_code == 302
    document = het_document()
    assert [(v.versie, v.bestandsnaam, v.toelichting) for v in document.versies] == [
        (1, "brief.pdf", None),
        (2, "brief-getekend.pdf", "Ondertekend door beiden"),
    ]
    assert sorted(opgeslagen()) == sorted([PDF, PDF2])
    html = _pagina(client, casus, sectie="documenten")
    assert f"Versie 2 van &#39;{TITEL}&#39; is toegevoegd." in html
    assert f"Versies van \u2018{TITEL}\u2019 (2)" in html
    assert "Versie 1: brief.pdf" in html
    assert "Versie 2: brief-getekend.pdf" in html
    basis = f"/casus/{casus.id}/documenten/{document.id}"
    assert client.get(basis).data == PDF2
    assert client.get(f"{basis}/versies/1").data == PDF
    assert client.get(f"{basis}/versies/2").data == PDF2
    assert client.get(f"{basis}/versies/3").status_code == 404


def test_a_refused_version_is_shown_at_its_own_form(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    assert voeg_toe(client, casus).status_code == 302
    document = het_document()
    antwoord = voeg_versie_toe(client, casus, document, b"", "leeg.pdf")
    assert antwoord.status_code == 422
    html = antwoord.get_data(as_text=True)
    assert "Kies het bestand opnieuw" in veldfout(html, f"versie{document.id}-bestand")
    assert (
        f'<details class="werkbank__vak documenten__versies" id="versie{document.id}" open>' in html
    )
    assert aantal(Documentversie) == 1
    assert len(opgeslagen()) == 1


def test_the_upload_script_is_told_where_to_go_instead_of_a_redirect(
    app: Flask, wereld: dict[str, Any]
) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    actie = f"/casus/{casus.id}/documenten"
    data = formulier(_pagina(client, casus), actie).gegevens(
        **{
            "document-titel": TITEL,
            "document-soort": "brief",
            "document-datum": "2025-02-03",
        }
    )
    data["document-bestand"] = (io.BytesIO(PDF), "brief.pdf")
    antwoord = client.post(
        actie, data=data, content_type="multipart/form-data", headers={"X-Casus-Upload": "1"}
    )
    assert antwoord.status_code == 200
    assert antwoord.json == {"naar": f"/casus/{casus.id}?sectie=documenten#documenten"}
    # the message waits for that page
    assert "is toegevoegd." in _pagina(client, casus, sectie="documenten")


# -- who sees what ---------------------------------------------------------------------


def test_every_document_url_answers_404_outside_the_users_cases(
    app: Flask, wereld: dict[str, Any]
) -> None:
    regisseur = _ingelogd(app, wereld["regisseur"])
    casus, tweede = wereld["casus"], wereld["tweede"]
    assert voeg_toe(regisseur, casus).status_code == 302
    d = het_document().id
    urls = [
        ("GET", f"/casus/{casus.id}/documenten/{d}"),
        ("GET", f"/casus/{casus.id}/documenten/{d}/versies/1"),
        ("POST", f"/casus/{casus.id}/documenten/{d}/versies"),
        ("POST", f"/casus/{casus.id}/documenten"),
    ]
    ander = _ingelogd(app, wereld["ander"])
    for methode, url in urls:
        assert ander.open(url, method=methode).status_code == 404, url
    # the document under another case of the same user, and unknown ones
    for methode, url in [
        ("GET", f"/casus/{tweede.id}/documenten/{d}"),
        ("GET", f"/casus/{tweede.id}/documenten/{d}/versies/1"),
        ("POST", f"/casus/{tweede.id}/documenten/{d}/versies"),
        ("GET", f"/casus/{casus.id}/documenten/{d + 1}"),
        ("GET", f"/casus/{casus.id}/documenten/{d}/versies/2"),
    ]:
        assert regisseur.open(url, method=methode).status_code == 404, url
    # the other team's page shows nothing of it
    assert ander.get(f"/casus/{casus.id}").status_code == 404
    assert records("document.gedownload") == 0


def test_a_teammate_sees_the_documents_but_cannot_add(app: Flask, wereld: dict[str, Any]) -> None:
    casus = wereld["casus"]
    assert voeg_toe(_ingelogd(app, wereld["regisseur"]), casus).status_code == 302
    collega = _ingelogd(app, wereld["collega"])
    html = _pagina(collega, casus)
    assert TITEL in html
    assert "Document toevoegen" not in html
    assert "Versie toevoegen" not in html
    d = het_document()
    assert collega.get(f"/casus/{casus.id}/documenten/{d.id}").data == PDF
    antwoord = collega.post(
        f"/casus/{casus.id}/documenten",
        data={
            "document-token": "abc",
            "document-titel": "x",
            "document-soort": "brief",
            "document-datum": "2025-02-03",
            "document-vertrouwelijkheid": "intern",
            "document-bestand": (io.BytesIO(PDF), "x.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert antwoord.status_code == 403
    assert aantal(Document) == 1


def test_changed_content_is_not_served(app: Flask, wereld: dict[str, Any]) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    assert voeg_toe(client, casus).status_code == 302
    document = het_document()
    sleutel = document.versies[0].opslag_sleutel
    opslag_van().bewaar(sleutel, PDF2, "application/pdf")  # changed behind our back
    antwoord = client.get(f"/casus/{casus.id}/documenten/{document.id}")
    assert antwoord.status_code == 500
    html = antwoord.get_data(as_text=True)
    assert "Het bestand is beschadigd" in html
    assert "Content-Disposition" not in antwoord.headers
    assert PDF2.decode() not in html
    assert "%PDF" not in html


# -- the timeline ------------------------------------------------------------------------


def test_the_timeline_has_one_line_per_document_with_its_latest_version(
    app: Flask, wereld: dict[str, Any]
) -> None:
    client = _ingelogd(app, wereld["regisseur"])
    casus = wereld["casus"]
    assert voeg_toe(client, casus).status_code == 302
    document = het_document()
    assert voeg_versie_toe(client, casus, document, PDF2, "brief-getekend.pdf").status_code == 302
    html = _pagina(client, casus, soort="documenten")
    regels = re.findall(
        r'<li class="tijdlijn__regel tijdlijn__regel--document">(.*?)</li>', html, re.S
    )
    assert len(regels) == 1
    [regel] = regels
    assert "03-02-2025" in regel
    assert f"Document: {TITEL}" in regel
    assert "Brief van de woningcorporatie, versie 2:" in regel
    assert f'href="/casus/{casus.id}/documenten/{document.id}/versies/2"' in regel
    assert "1 van 1 regel" in html


# -- the signal page -----------------------------------------------------------------------


def test_documents_on_a_signal(
    app: Flask, maak_gebruiker_: Callable[..., Gebruiker], documentopslag: Any
) -> None:
    lid = maak_gebruiker_("regisseur:ondermijning", naam="Olga Ondermijning")
    ander = maak_gebruiker_("regisseur:ipta", naam="Ivo Ipta")
    signaal = fabrieken.signaal("ondermijning")
    client = _ingelogd(app, lid)
    pagina = f"/signalen/{signaal.id}"
    actie = f"{pagina}/documenten"
    form = formulier(client.get(pagina).get_data(as_text=True), actie)
    assert form.keuzes["document-soort"] == ["", "melding", "bijlage_melding", "brief", "overig"]
    data = form.gegevens(
        **{
            "document-titel": "Foto van het pand",
            "document-soort": "bijlage_melding",
            "document-datum": "2025-02-03",
        }
    )
    data["document-bestand"] = (io.BytesIO(PDF), "pand.pdf")
    antwoord = client.post(actie, data=data, content_type="multipart/form-data")
    assert antwoord.status_code == 302
    assert antwoord.headers["Location"] == f"{pagina}?sectie=documenten#documenten"
    html = client.get(antwoord.headers["Location"]).get_data(as_text=True)
    assert (
        "Document &#39;Foto van het pand&#39; is toegevoegd."
        in html.split('id="documenten-sectie"')[1]
    )
    document = het_document()
    assert document.signaal_id == signaal.id
    assert document.casus_id is None
    assert client.get(f"{pagina}/documenten/{document.id}").data == PDF
    # refused: at the field, 422
    data["document-bestand"] = (io.BytesIO(b""), "leeg.pdf")
    data["document-token"] = "ander-token"
    antwoord = client.post(actie, data=data, content_type="multipart/form-data")
    assert antwoord.status_code == 422
    assert "Kies het bestand opnieuw" in veldfout(
        antwoord.get_data(as_text=True), "document-bestand"
    )
    buiten = _ingelogd(app, ander)
    for url in (
        f"{pagina}/documenten/{document.id}",
        f"{pagina}/documenten/{document.id}/versies/1",
    ):
        assert buiten.get(url).status_code == 404
    assert buiten.post(actie).status_code == 404


# -- the command line ----------------------------------------------------------------------


def test_opruimen_lists_and_removes_only_orphan_files(app: Flask, wereld: dict[str, Any]) -> None:
    from casus.documenten.opslag import nieuwe_sleutel

    client = _ingelogd(app, wereld["regisseur"])
    assert voeg_toe(client, wereld["casus"]).status_code == 302
    wees = nieuwe_sleutel()
    opslag_van().bewaar(wees, b"achtergebleven", "text/plain")
    runner = app.test_cli_runner()

    proef = runner.invoke(args=["documenten", "opruimen"])
    assert proef.exit_code == 0, proef.output
    assert proef.output.splitlines() == [
        "1 bestand zonder documentversie:",
        f"  {wees}",
        "Proefdraai: er is niets verwijderd. Gebruik --verwijderen om ze te wissen.",
    ]
    assert len(opgeslagen()) == 2

    echt = runner.invoke(args=["documenten", "opruimen", "--verwijderen"])
    assert echt.exit_code == 0, echt.output
    assert echt.output.splitlines()[-1] == "Verwijderd: 1 van 1 bestand."
    assert opgeslagen() == [PDF]  # the version's file stays
    leeg = runner.invoke(args=["documenten", "opruimen"])
    assert leeg.output.strip() == "Geen bestanden zonder documentversie gevonden."

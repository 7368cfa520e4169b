"""Documents through the API (issue 20): list, upload (multipart), a new version and the
download, with the web's checks at the door, its refusals as problem+json in Dutch, the
404 rules and one api.aanroep per call."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
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
from tests.hulp.api import Api, api_client, problemen
from tests.hulp.clamd import EICAR

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PDF2 = PDF.replace(b"/Catalog", b"/Catalog /Versie 2")


@pytest.fixture
def wereld(
    client: FlaskClient, maak_gebruiker_: Callable[..., Gebruiker], maak_casus: Any
) -> dict[str, Any]:
    casus = maak_casus("woonoverlast", "actief")
    db.session.commit()
    # triage may do casework on every case of its aanpak (a client is never a regisseur)
    triage = api_client(client, "triage:woonoverlast", naam="corporatiekoppeling")
    return {
        "casus": casus,
        "api": triage,
        "collega": api_client(client, "regisseur:woonoverlast", naam="collega"),
        "ander": api_client(client, "regisseur:ipta", naam="ander team"),
    }


def stuur(
    api: Api, pad: str, velden: dict[str, Any], casus: Casus | None = None, **kop: str
) -> Any:
    """POST ``velden`` as multipart/form-data (a file as (content, name)), with the case's
    version in If-Match unless ``kop`` says otherwise."""
    data = MultiDict()
    for naam, waarde in velden.items():
        if isinstance(waarde, tuple):
            waarde = FileStorage(io.BytesIO(waarde[0]), filename=waarde[1])
        data.add(naam, waarde)
    grens, body = encode_multipart(data)
    koppen = dict(kop)
    if casus is not None and "If-Match" not in koppen:
        db.session.refresh(casus)
        koppen["If-Match"] = f'"{casus.versie}"'
    return api.http.post(
        pad,
        data=body,
        content_type=f"multipart/form-data; boundary={grens}",
        headers={"Authorization": f"Bearer {api.token}", **koppen},
    )


def nieuw(api: Api, casus: Casus, inhoud: bytes = PDF, naam: str = "brief.pdf") -> Any:
    return stuur(
        api,
        f"/api/v1/casussen/{casus.id}/documenten",
        {
            "titel": "Gedragsovereenkomst",
            "soort": "gedragsovereenkomst",
            "datum": "2025-02-03",
            "bestand": (inhoud, naam),
        },
        casus,
    )


def niets_opgeslagen() -> bool:
    db.session.rollback()
    rijen = db.session.scalar(select(func.count()).select_from(Documentversie))
    return rijen == 0 and list(opslag_van().sleutels()) == []


def aanroepen() -> list[AuditRecord]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditRecord).where(AuditRecord.actie == "api.aanroep")))


def test_upload_list_and_download(wereld: dict[str, Any], virusscan: Any) -> None:
    api, casus = wereld["api"], wereld["casus"]
    antwoord = nieuw(api, casus)
    assert antwoord.status_code == 201, antwoord.json
    body = antwoord.json
    assert {k: body[k] for k in ("titel", "soort", "soort_label", "datum")} == {
        "titel": "Gedragsovereenkomst",
        "soort": "gedragsovereenkomst",
        "soort_label": "Gedragsovereenkomst",
        "datum": "2025-02-03",
    }
    assert (body["vertrouwelijkheid"], body["vertrouwelijkheid_label"]) == (
        "zaakvertrouwelijk",
        "Zaakvertrouwelijk",
    )
    [versie] = body["versies"]
    adres = f"/api/v1/casussen/{casus.id}/documenten/{body['id']}/versies/1/inhoud"
    assert versie == {
        "versie": 1,
        "bestandsnaam": "brief.pdf",
        "mediatype": "application/pdf",
        "grootte": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "geupload_op": versie["geupload_op"],
        "geupload_door": "API-client corporatiekoppeling",
        "toelichting": None,
        "inhoud": adres,
    }
    lijst = api.get(f"/api/v1/casussen/{casus.id}/documenten")
    assert lijst.status_code == 200
    assert [d["id"] for d in lijst.json["resultaten"]] == [body["id"]]
    assert lijst.json["volgende"] is None

    download = api.get(adres)
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Security-Policy"].startswith("sandbox")
    # one api.aanroep per call, naming the case
    records = aanroepen()
    assert [r.details["status"] for r in records] == [201, 200, 200]
    assert {r.casus_id for r in records} == {casus.id}


def test_a_new_version(wereld: dict[str, Any]) -> None:
    api, casus = wereld["api"], wereld["casus"]
    document_id = nieuw(api, casus).json["id"]
    antwoord = stuur(
        api,
        f"/api/v1/casussen/{casus.id}/documenten/{document_id}/versies",
        {"toelichting": "Getekend", "bestand": (PDF2, "getekend.pdf")},
        casus,
    )
    assert antwoord.status_code == 201, antwoord.json
    assert (antwoord.json["versie"], antwoord.json["toelichting"]) == (2, "Getekend")
    basis = f"/api/v1/casussen/{casus.id}/documenten/{document_id}/versies"
    assert api.get(f"{basis}/1/inhoud").data == PDF
    assert api.get(f"{basis}/2/inhoud").data == PDF2
    assert api.get(f"{basis}/3/inhoud").status_code == 404


@pytest.mark.parametrize(
    ("inhoud", "naam", "reden"),
    [
        (EICAR, "eicar.txt", "virus"),
        (Path("/bin/true").read_bytes(), "rapport.pdf", ""),
        (b"", "leeg.pdf", "leeg"),
        (PDF, "../../etc/passwd.pdf", "naam"),
    ],
    ids=["eicar", "programma-als-pdf", "leeg", "pad-omhoog"],
)
def test_a_refused_file_is_a_dutch_problem_and_leaves_nothing(
    wereld: dict[str, Any], virusscan: Any, inhoud: bytes, naam: str, reden: str
) -> None:
    antwoord = nieuw(wereld["api"], wereld["casus"], inhoud, naam)
    assert antwoord.status_code == 422
    assert antwoord.content_type == "application/problem+json"
    fouten = problemen(antwoord)
    assert list(fouten) == ["bestand"]
    assert reden in fouten["bestand"].lower()
    assert antwoord.json["detail"] == fouten["bestand"]
    assert niets_opgeslagen()
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_an_oversized_file_is_refused(
    app: Flask, wereld: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_MB", 1)
    antwoord = nieuw(wereld["api"], wereld["casus"], PDF + b"0" * (1024 * 1024))
    assert antwoord.status_code == 422
    assert "bestand" in problemen(antwoord)
    assert niets_opgeslagen()


def test_the_body_must_be_multipart_with_a_file(wereld: dict[str, Any]) -> None:
    api, casus = wereld["api"], wereld["casus"]
    pad = f"/api/v1/casussen/{casus.id}/documenten"
    tekst = stuur(
        api,
        pad,
        {"titel": "x", "soort": "brief", "datum": "2025-02-03", "bestand": "geen bestand"},
        casus,
    )
    assert tekst.status_code == 422
    assert problemen(tekst)["bestand"].startswith("Stuur het bestand mee als bestand")
    zonder = stuur(api, pad, {"titel": "x", "soort": "brief", "datum": "2025-02-03"}, casus)
    assert problemen(zonder) == {"bestand": "Dit veld is verplicht."}
    assert niets_opgeslagen()


def test_a_change_needs_the_cases_version(wereld: dict[str, Any]) -> None:
    api, casus = wereld["api"], wereld["casus"]
    velden = {"titel": "x", "soort": "brief", "datum": "2025-02-03", "bestand": (PDF, "x.pdf")}
    pad = f"/api/v1/casussen/{casus.id}/documenten"
    assert stuur(api, pad, velden).status_code == 428
    assert stuur(api, pad, velden, casus, **{"If-Match": '"999"'}).status_code == 412
    assert niets_opgeslagen()


def test_another_team_gets_404_and_a_teammate_403(wereld: dict[str, Any]) -> None:
    casus = wereld["casus"]
    document_id = nieuw(wereld["api"], casus).json["id"]
    basis = f"/api/v1/casussen/{casus.id}/documenten"
    ander = wereld["ander"]
    assert ander.get(basis).status_code == 404
    assert ander.get(f"{basis}/{document_id}/versies/1/inhoud").status_code == 404
    assert nieuw(ander, casus).status_code == 404
    assert (
        stuur(
            ander, f"{basis}/{document_id}/versies", {"bestand": (PDF2, "x.pdf")}, casus
        ).status_code
        == 404
    )
    collega = wereld["collega"]
    assert collega.get(f"{basis}/{document_id}/versies/1/inhoud").data == PDF
    geweigerd = nieuw(collega, casus)
    assert geweigerd.status_code == 403
    assert "regisseur" in geweigerd.json["detail"]


def test_a_document_under_another_case_is_not_found(
    wereld: dict[str, Any], maak_casus: Any
) -> None:
    api, casus = wereld["api"], wereld["casus"]
    tweede = maak_casus("woonoverlast", "actief")
    db.session.commit()
    document_id = nieuw(api, casus).json["id"]
    adres = f"/api/v1/casussen/{tweede.id}/documenten/{document_id}/versies/1/inhoud"
    assert api.get(adres).status_code == 404


def test_changed_content_is_a_500_without_content(wereld: dict[str, Any]) -> None:
    api, casus = wereld["api"], wereld["casus"]
    document_id = nieuw(api, casus).json["id"]
    db.session.rollback()
    sleutel = db.session.scalars(select(Documentversie.opslag_sleutel)).one()
    opslag_van().bewaar(sleutel, PDF2, "application/pdf")
    antwoord = api.get(f"/api/v1/casussen/{casus.id}/documenten/{document_id}/versies/1/inhoud")
    assert antwoord.status_code == 500
    assert antwoord.content_type == "application/problem+json"
    assert "niet worden geopend" in antwoord.json["detail"]
    assert "Content-Disposition" not in antwoord.headers

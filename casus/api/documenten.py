"""Documenten van een casus: list, upload a document or a new version (multipart), and
download a version's content, through the web's document service
(``casus.documenten.services``) with its checks at the door and its rights.

An upload is ``multipart/form-data``: the metadata as form fields and the file as
``bestand``. webargs reads form fields and files from two places; this module's
blueprint parses them as one body (``form_and_files``), so the OpenAPI document shows
one multipart request body. A download answers the stored type as an attachment, with
the web's headers (``casus.documenten.views.aanbieden``)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict, FileStorage
from werkzeug.wrappers import Response

from casus import labels
from casus.api.basis import als_json, bewaar, controleer_versie, problemen
from casus.api.poort import casus_van_aanroep
from casus.api.schemas import Basisschema, IfMatchSchema, lijstschema, vanaf_1900
from casus.documenten import services
from casus.documenten.controle import SOORTEN
from casus.documenten.instellingen import max_bytes
from casus.documenten.models import MAX_TITEL, MAX_TOELICHTING, Document, Documentversie
from casus.documenten.soorten import STANDAARD_VERTROUWELIJKHEID, VERTROUWELIJKHEDEN
from casus.documenten.views import aanbieden, weigering_gelogd


class Uploadparser(FlaskParser):
    """webargs' parser with one more location: the form fields and the files of a
    multipart body together."""

    __location_map__ = {  # noqa: RUF012 - webargs' own class attribute
        **FlaskParser.__location_map__,
        "form_and_files": "load_form_and_files",
    }

    def load_form_and_files(self, req: Any, schema: Any) -> Any:
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class Uploadblueprint(Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = Uploadparser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {  # noqa: RUF012 - flask-smorest's attribute
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "form_and_files": "multipart/form-data",
    }


blp = Uploadblueprint(
    "api_documenten",
    __name__,
    url_prefix="/api/v1",
    description="Documenten van een casus: brieven, verslagen, een Bibob-advies, met "
    "versies. Elk bestand wordt bij het uploaden gecontroleerd (grootte, echte soort, "
    "naam, virusscan); wie de casus mag zien, mag de documenten zien.",
)

# the types a stored version can have (the allow-list of casus.documenten.controle)
MEDIATYPES = sorted({s.mediatype for s in SOORTEN})
SOORT_CODES = sorted(labels.DOCUMENTSOORTEN)
BINAIR = {"type": "string", "format": "binary"}
GEEN_BESTAND = "Stuur het bestand mee als bestand (multipart), in het veld 'bestand'."


def een_bestand(waarde: Any) -> None:
    """A file part of the multipart body, not a text field of that name."""
    if not isinstance(waarde, FileStorage):
        raise ValidationError(GEEN_BESTAND)


class DocumentversieSchema(Basisschema):
    """Een versie van een document: het gecontroleerde bestand, wie het wanneer uploadde."""

    versie = fields.Integer(required=True, metadata={"description": "1, 2, 3, ..."})
    bestandsnaam = fields.String(
        required=True, metadata={"description": "De opgeschoonde naam, zoals bij downloaden."}
    )
    mediatype = fields.String(
        required=True, metadata={"description": "De echte soort, gelezen uit de inhoud."}
    )
    grootte = fields.Integer(required=True, metadata={"description": "In bytes."})
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 van de inhoud."})
    geupload_op = fields.DateTime(required=True)
    geupload_door = fields.String(required=True, allow_none=True)
    toelichting = fields.String(required=True, allow_none=True)
    inhoud = fields.String(
        required=True, metadata={"description": "Het adres om de inhoud te downloaden."}
    )


class DocumentSchema(Basisschema):
    """Een document bij een casus (ZGW: enkelvoudig informatieobject), met zijn versies."""

    id = fields.Integer(required=True)
    titel = fields.String(required=True)
    soort = fields.String(required=True, metadata={"description": "Code uit de catalogus."})
    soort_label = fields.String(required=True)
    datum = fields.Date(required=True, metadata={"description": "De datum van het document."})
    vertrouwelijkheid = fields.String(
        required=True,
        metadata={"description": "ZGW-vertrouwelijkheidaanduiding (code); een aanduiding."},
    )
    vertrouwelijkheid_label = fields.String(required=True)
    aangemaakt_op = fields.DateTime(required=True)
    versies = fields.List(
        fields.Nested(DocumentversieSchema),
        required=True,
        metadata={"description": "Alle versies, oudste eerst; de laatste is de actuele."},
    )


DocumentlijstSchema = lijstschema("DocumentlijstSchema", DocumentSchema)


class NieuwDocumentSchema(Basisschema):
    """Een nieuw document met zijn eerste versie (multipart/form-data)."""

    titel = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_TITEL),
        metadata={"description": f"Verplicht, hoogstens {MAX_TITEL} tekens."},
    )
    soort = fields.String(
        required=True,
        validate=validate.OneOf(SOORT_CODES),
        metadata={"description": "Een soort die de aanpak van de casus kent (catalogus)."},
    )
    datum = fields.Date(
        required=True,
        validate=vanaf_1900,
        metadata={"description": "De datum van het document; niet in de toekomst."},
    )
    vertrouwelijkheid = fields.String(
        load_default=STANDAARD_VERTROUWELIJKHEID,
        validate=validate.OneOf(list(VERTROUWELIJKHEDEN)),
        metadata={"description": f"Standaard {STANDAARD_VERTROUWELIJKHEID}."},
    )
    toelichting = fields.String(
        validate=validate.Length(max=MAX_TOELICHTING),
        metadata={"description": f"Niet verplicht, hoogstens {MAX_TOELICHTING} tekens."},
    )
    bestand = Upload(
        required=True,
        validate=een_bestand,
        metadata={"description": "Het bestand (PDF, afbeelding, Office, tekst, e-mail)."},
    )


class NieuweVersieSchema(Basisschema):
    """Een nieuwe versie van een document (multipart/form-data)."""

    toelichting = fields.String(
        validate=validate.Length(max=MAX_TOELICHTING),
        metadata={"description": f"Wat is er veranderd; hoogstens {MAX_TOELICHTING} tekens."},
    )
    bestand = Upload(required=True, validate=een_bestand, metadata={"description": "Het bestand."})


def versie_data(document: Document, versie: Documentversie) -> dict[str, Any]:
    return {
        "versie": versie.versie,
        "bestandsnaam": versie.bestandsnaam,
        "mediatype": versie.mediatype,
        "grootte": versie.grootte,
        "sha256": versie.sha256,
        "geupload_op": versie.geupload_op,
        "geupload_door": None if versie.gebruiker is None else versie.gebruiker.naam,
        "toelichting": versie.toelichting,
        "inhoud": url_for(
            "api_documenten.inhoud",
            casus_id=document.casus_id,
            document_id=document.id,
            versie=versie.versie,
        ),
    }


def document_data(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "titel": document.titel,
        "soort": document.soort,
        "soort_label": labels.documentsoort(document.soort),
        "datum": document.datum,
        "vertrouwelijkheid": document.vertrouwelijkheid,
        "vertrouwelijkheid_label": labels.vertrouwelijkheid(document.vertrouwelijkheid),
        "aangemaakt_op": document.aangemaakt_op,
        "versies": [versie_data(document, v) for v in document.versies],
    }


def _bestand(gegevens: dict[str, Any]) -> tuple[str, bytes]:
    """The file's name as sent and its content (one byte over the limit at most: the
    check refuses a larger file on its size)."""
    bestand: FileStorage = gegevens["bestand"]
    return str(bestand.filename or ""), bestand.stream.read(max_bytes() + 1)


@blp.route("/casussen/<int:casus_id>/documenten")
@blp.response(200, DocumentlijstSchema)
@problemen(blp, 400, 401, 404, 429)
def documenten(casus_id: int) -> Response:
    """Documenten van de casus, met al hun versies; nieuwste datum eerst. Eén bladzijde:
    `volgende` is altijd null."""
    c = casus_van_aanroep(casus_id)
    return als_json(
        {
            "resultaten": [
                document_data(d) for d in services.documenten_van_casus(current_user, c)
            ],
            "volgende": None,
        }
    )


@blp.route("/casussen/<int:casus_id>/documenten", methods=["POST"])
@blp.arguments(IfMatchSchema, location="headers", as_kwargs=True)
@blp.arguments(NieuwDocumentSchema, location="form_and_files", as_kwargs=False)
@blp.response(201, DocumentSchema)
@problemen(blp, 400, 401, 403, 404, 412, 413, 422, 428, 429)
def voeg_document_toe(
    gegevens: dict[str, Any], casus_id: int, **_kop: Any
) -> tuple[dict[str, Any], int]:
    """Een document met zijn eerste versie toevoegen (multipart/form-data).

    Het bestand wordt gecontroleerd voordat er iets wordt opgeslagen: niet leeg, niet
    groter dan de limiet van de omgeving, een gewone bestandsnaam, de echte soort
    (gelezen uit de inhoud) op de lijst en passend bij de extensie, en geen virus. Een
    geweigerd bestand geeft 422 met de reden in `detail` en bij `bestand` in
    `invalidParams`; er blijft niets achter. Alleen de toegewezen regisseur en de
    triage van de aanpak (anders 403).

    Vraagt `If-Match` met de versie (ETag) van de casus: zonder 428, verouderd 412. De
    toevoeging verandert de versie van de casus niet."""
    c = casus_van_aanroep(casus_id)
    controleer_versie(c.versie)
    naam, inhoud = _bestand(gegevens)

    def doe() -> Document:
        with weigering_gelogd("document.toegevoegd", casus=c, signaal=None):
            return services.voeg_document_toe(
                current_user,
                casus=c,
                titel=gegevens["titel"],
                soort=gegevens["soort"],
                datum=gegevens["datum"],
                vertrouwelijkheid=gegevens["vertrouwelijkheid"],
                bestandsnaam=naam,
                inhoud=inhoud,
                toelichting=gegevens.get("toelichting") or None,
            )

    return document_data(bewaar(201, doe)), 201


@blp.route("/casussen/<int:casus_id>/documenten/<int:document_id>/versies", methods=["POST"])
@blp.arguments(IfMatchSchema, location="headers", as_kwargs=True)
@blp.arguments(NieuweVersieSchema, location="form_and_files", as_kwargs=False)
@blp.response(201, DocumentversieSchema)
@problemen(blp, 400, 401, 403, 404, 409, 412, 413, 422, 428, 429)
def voeg_versie_toe(
    gegevens: dict[str, Any], casus_id: int, document_id: int, **_kop: Any
) -> tuple[dict[str, Any], int]:
    """Een nieuwe versie van een document toevoegen (multipart/form-data), met dezelfde
    controles als het eerste bestand. Het nummer is één hoger dan de laatste versie.

    Vraagt `If-Match` met de versie (ETag) van de casus: zonder 428, verouderd 412."""
    c = casus_van_aanroep(casus_id)
    controleer_versie(c.versie)
    document = services.document_of_404(current_user, document_id, casus_id=c.id)
    naam, inhoud = _bestand(gegevens)

    def doe() -> Documentversie:
        with weigering_gelogd(
            "document.versie_toegevoegd", casus=c, signaal=None, document=document
        ):
            return services.voeg_versie_toe(
                current_user,
                document,
                bestandsnaam=naam,
                inhoud=inhoud,
                toelichting=gegevens.get("toelichting") or None,
            )

    return versie_data(document, bewaar(201, doe)), 201


@blp.route("/casussen/<int:casus_id>/documenten/<int:document_id>/versies/<int:versie>/inhoud")
@blp.doc(
    responses={
        "200": {
            "description": "De inhoud, als bijlage, met de soort die bij het uploaden uit de "
            "inhoud is gelezen.",
            "headers": {
                "Content-Disposition": {
                    "description": "attachment, met de bestandsnaam (ook als filename*).",
                    "schema": {"type": "string"},
                }
            },
            "content": {
                mt: {"schema": {"type": "string", "format": "binary"}} for mt in MEDIATYPES
            },
        }
    }
)
@problemen(blp, 401, 404, 429, 500)
def inhoud(casus_id: int, document_id: int, versie: int) -> Response:
    """De inhoud van een versie, als bijlage (`Content-Disposition: attachment`), met de
    opgeslagen soort, `nosniff` en `no-store`. De SHA-256 wordt vóór het aanbieden
    gecontroleerd: klopt die niet meer, dan volgt 500 met uitleg en geen inhoud. Elke
    download komt in het verwerkingenlog."""
    c = casus_van_aanroep(casus_id)
    document = services.document_of_404(current_user, document_id, casus_id=c.id)
    gekozen = services.versie_of_404(current_user, document, versie)
    return aanbieden(gekozen, services.lees_inhoud(current_user, gekozen))

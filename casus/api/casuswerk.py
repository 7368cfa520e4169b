"""Notities, contactmomenten en interventies van een casus: list (keyset paging, newest
first) and add, through the web's casework service (``casus.casussen.casuswerk``) with
its rules and rights.

An addition carries the case's version in If-Match, as every change does, but does
not change that version: the case's own row is untouched (the version guards its
status, regisseur and kenmerken)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from casus import labels
from casus.api.basis import bewaar, bladzijde, blueprint, controleer_versie, etag, lijst, problemen
from casus.api.poort import casus_van_aanroep
from casus.api.schemas import Basisschema, CursorArgs, IfMatchSchema, lijstschema
from casus.audit import log_wijziging
from casus.casussen import casuswerk
from casus.casussen.models import Interventie, Notitie
from workflows.codes import CONTACT_VORMEN, INTERVENTIE_DOMEINEN, INTERVENTIE_TYPES, NOTITIE_SOORTEN

blp = blueprint(
    "casuswerk", "Casuswerk", "Notities, contactmomenten en interventies van een casus."
)

ETAG_KOP = {
    "ETag": {
        "description": "De versie van de casus (voor If-Match bij een toevoeging).",
        "schema": {"type": "string"},
    }
}
# the domain (Strafrecht, Zorg, ...) of each intervention of the catalogue
DOMEIN = {code: domein for domein, lijst in INTERVENTIE_DOMEINEN.items() for code, _ in lijst}


class NotitieSchema(Basisschema):
    """Een notitie of contactmoment bij een casus (ZGW: contactmoment)."""

    id = fields.Integer(required=True)
    soort = fields.String(
        required=True,
        metadata={"description": "notitie of contactmoment.", "enum": list(NOTITIE_SOORTEN)},
    )
    soort_label = fields.String(required=True)
    vorm = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Vorm van een contactmoment (code); null bij een notitie."},
    )
    vorm_label = fields.String(required=True, allow_none=True)
    datum = fields.Date(required=True)
    tekst = fields.String(required=True)
    auteur = fields.String(
        required=True, allow_none=True, metadata={"description": "Wie het vastlegde."}
    )
    geregistreerd_op = fields.DateTime(
        required=True, metadata={"description": "Wanneer het werd vastgelegd."}
    )


NotitielijstSchema = lijstschema("NotitielijstSchema", NotitieSchema)


class NieuweNotitieSchema(Basisschema):
    """Een notitie of contactmoment om vast te leggen (ZGW: contactmoment registreren)."""

    soort = fields.String(
        required=True,
        validate=validate.OneOf(list(NOTITIE_SOORTEN)),
        metadata={"description": "notitie of contactmoment."},
    )
    vorm = fields.String(
        allow_none=True,
        validate=validate.OneOf(list(CONTACT_VORMEN)),
        metadata={
            "description": "Vorm van het contact: alleen bij een contactmoment (mag daar "
            "ontbreken); bij een notitie een fout."
        },
    )
    datum = fields.Date(required=True, metadata={"description": "Niet in de toekomst."})
    tekst = fields.String(
        required=True,
        metadata={"description": f"Verplicht, maximaal {casuswerk.MAX_TEKST} tekens."},
    )


class InterventieSchema(Basisschema):
    """Een interventie bij een casus, uit de catalogus van interventies."""

    id = fields.Integer(required=True)
    type = fields.String(required=True, metadata={"description": "Code uit de catalogus."})
    type_label = fields.String(required=True)
    domein = fields.String(
        required=True, metadata={"description": "Strafrecht, Bestuursrecht, Zorg, ..."}
    )
    datum = fields.Date(required=True, metadata={"description": "Begindatum."})
    einddatum = fields.Date(required=True, allow_none=True)
    tekst = fields.String(required=True, allow_none=True, metadata={"description": "Toelichting."})
    auteur = fields.String(
        required=True, allow_none=True, metadata={"description": "Wie het vastlegde."}
    )
    geregistreerd_op = fields.DateTime(required=True)


InterventielijstSchema = lijstschema("InterventielijstSchema", InterventieSchema)


class NieuweInterventieSchema(Basisschema):
    type = fields.String(
        required=True,
        validate=validate.OneOf(list(INTERVENTIE_TYPES)),
        metadata={"description": "Code uit de catalogus van interventies."},
    )
    datum = fields.Date(required=True, metadata={"description": "Begindatum; niet in de toekomst."})
    einddatum = fields.Date(
        allow_none=True,
        metadata={"description": "Einddatum, als bekend; niet vóór de begindatum."},
    )
    tekst = fields.String(
        allow_none=True,
        metadata={"description": f"Toelichting, maximaal {casuswerk.MAX_TEKST} tekens."},
    )


def notitie_data(n: Notitie) -> dict[str, Any]:
    return {
        "id": n.id,
        "soort": n.soort,
        "soort_label": NOTITIE_SOORTEN.get(n.soort, n.soort),
        "vorm": n.vorm,
        "vorm_label": None if n.vorm is None else CONTACT_VORMEN.get(n.vorm, n.vorm),
        "datum": n.datum,
        "tekst": n.tekst,
        "auteur": None if n.gebruiker is None else n.gebruiker.naam,
        "geregistreerd_op": n.geregistreerd_op,
    }


def interventie_data(i: Interventie) -> dict[str, Any]:
    return {
        "id": i.id,
        "type": i.type,
        "type_label": labels.interventie(i.type),
        "domein": DOMEIN.get(i.type, ""),
        "datum": i.datum,
        "einddatum": i.einddatum,
        "tekst": i.tekst,
        "auteur": None if i.gebruiker is None else i.gebruiker.naam,
        "geregistreerd_op": i.geregistreerd_op,
    }


# -- notities and contactmomenten -----------------------------------------------------


@blp.route("/casussen/<int:casus_id>/notities")
@blp.arguments(CursorArgs, location="query", as_kwargs=False)
@blp.response(200, NotitielijstSchema, headers=ETAG_KOP)
@problemen(blp, 400, 401, 404, 422, 429)
def notities(args: dict[str, Any], casus_id: int) -> tuple[Response, dict[str, str]]:
    """Notities en contactmomenten van de casus, laatst vastgelegde eerst."""
    c = casus_van_aanroep(casus_id)
    gevonden, volgende = bladzijde(
        select(Notitie).where(Notitie.casus_id == c.id),
        Notitie.id,
        args,
        opties=[joinedload(Notitie.gebruiker)],
    )
    return lijst([notitie_data(n) for n in gevonden], volgende), {"ETag": etag(c.versie)}


@blp.route("/casussen/<int:casus_id>/notities", methods=["POST"])
@blp.arguments(IfMatchSchema, location="headers", as_kwargs=True)
@blp.arguments(
    NieuweNotitieSchema,
    as_kwargs=False,
    example={
        "soort": "contactmoment",
        "vorm": "huisbezoek",
        "datum": "2025-01-20",
        "tekst": "Thuis gesproken met moeder en zoon.",
    },
)
@blp.response(201, NotitieSchema)
@problemen(blp, 400, 401, 403, 404, 412, 415, 422, 428, 429)
def voeg_notitie_toe(
    gegevens: dict[str, Any], casus_id: int, **_kop: Any
) -> tuple[dict[str, Any], int]:
    """Een notitie of contactmoment vastleggen (ZGW: contactmoment registreren).

    Met de regels van de applicatie: alleen de toegewezen regisseur en de triage van de
    aanpak (anders 403); een vorm alleen bij een contactmoment; de datum niet in de
    toekomst; een tekst.

    Vraagt `If-Match` met de versie (ETag) van de casus: zonder 428, verouderd 412. De
    toevoeging verandert de versie van de casus niet: de ETag blijft geldig."""
    c = casus_van_aanroep(casus_id)
    controleer_versie(c.versie)

    def doe() -> Notitie:
        with log_wijziging("casus.notitie_toegevoegd", casus=c):
            return casuswerk.voeg_notitie_toe(
                c,
                actor=current_user,
                soort=gegevens["soort"],
                datum=gegevens["datum"],
                tekst=gegevens["tekst"],
                vorm=gegevens.get("vorm") or None,
            )

    return notitie_data(bewaar(201, doe)), 201


# -- interventies ---------------------------------------------------------------------


@blp.route("/casussen/<int:casus_id>/interventies")
@blp.arguments(CursorArgs, location="query", as_kwargs=False)
@blp.response(200, InterventielijstSchema, headers=ETAG_KOP)
@problemen(blp, 400, 401, 404, 422, 429)
def interventies(args: dict[str, Any], casus_id: int) -> tuple[Response, dict[str, str]]:
    """Interventies van de casus, laatst vastgelegde eerst, met de Nederlandse namen uit
    de catalogus van interventies."""
    c = casus_van_aanroep(casus_id)
    gevonden, volgende = bladzijde(
        select(Interventie).where(Interventie.casus_id == c.id),
        Interventie.id,
        args,
        opties=[joinedload(Interventie.gebruiker)],
    )
    return lijst([interventie_data(i) for i in gevonden], volgende), {"ETag": etag(c.versie)}


@blp.route("/casussen/<int:casus_id>/interventies", methods=["POST"])
@blp.arguments(IfMatchSchema, location="headers", as_kwargs=True)
@blp.arguments(
    NieuweInterventieSchema,
    as_kwargs=False,
    example={"type": "coaching", "datum": "2025-01-20", "tekst": "Wekelijks."},
)
@blp.response(201, InterventieSchema)
@problemen(blp, 400, 401, 403, 404, 412, 415, 422, 428, 429)
def voeg_interventie_toe(
    gegevens: dict[str, Any], casus_id: int, **_kop: Any
) -> tuple[dict[str, Any], int]:
    """Een interventie vastleggen.

    Met de regels van de applicatie: alleen de toegewezen regisseur en de triage van de
    aanpak (anders 403); een interventie uit de catalogus; de begindatum niet in de
    toekomst, de einddatum niet ervóór.

    Vraagt `If-Match` met de versie (ETag) van de casus: zonder 428, verouderd 412. De
    toevoeging verandert de versie van de casus niet: de ETag blijft geldig."""
    c = casus_van_aanroep(casus_id)
    controleer_versie(c.versie)

    def doe() -> Interventie:
        with log_wijziging("casus.interventie_toegevoegd", casus=c):
            return casuswerk.voeg_interventie_toe(
                c,
                actor=current_user,
                type=gegevens["type"],
                datum=gegevens["datum"],
                einddatum=gegevens.get("einddatum"),
                tekst=gegevens.get("tekst"),
            )

    return interventie_data(bewaar(201, doe)), 201

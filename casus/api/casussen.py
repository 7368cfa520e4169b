"""Cases: the list (filters, keyset paging) and one case with its version as ETag.

Every lookup starts from ``casus.toegang``: a case of another team is as absent as a
case that does not exist (404)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy.orm import joinedload

from casus import labels
from casus.api.basis import bladzijde, blueprint, etag, lijst
from casus.api.poort import onderwerp
from casus.api.schemas import Basisschema, CursorArgs
from casus.casussen.models import Casus
from casus.toegang.laden import casus_of_404
from casus.toegang.queries import zichtbare_casussen
from workflows import CATALOGUS
from workflows.base import STATUSSEN

blp = blueprint(
    "casussen",
    "Casussen",
    "Casussen (ZGW: zaken) van de teams waarvan de client lid is.",
)


class PersoonKortSchema(Basisschema):
    id = fields.Integer(required=True)
    naam = fields.String(required=True, metadata={"description": "Volledige naam."})
    geboortedatum = fields.Date(allow_none=True, required=True)


class RegisseurSchema(Basisschema):
    id = fields.Integer(required=True)
    naam = fields.String(required=True)


class CasusSchema(Basisschema):
    """A case (ZGW: zaak)."""

    id = fields.Integer(required=True)
    casusnummer = fields.String(
        required=True, metadata={"description": "Bijvoorbeeld PGAJ-2025-00017."}
    )
    aanpak = fields.String(required=True, metadata={"description": "Code (ZGW: zaaktype)."})
    aanpak_label = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "Code (ZGW: statustype)."})
    status_label = fields.String(required=True)
    status_sinds = fields.Date(required=True)
    aangemeld_op = fields.Date(required=True)
    opname_op = fields.Date(required=True, allow_none=True)
    afgesloten_op = fields.Date(required=True, allow_none=True)
    persoon = fields.Nested(PersoonKortSchema, required=True, allow_none=True)
    regisseur = fields.Nested(RegisseurSchema, required=True, allow_none=True)
    kenmerken = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Kenmerkcode naar waarde (ZGW: eigenschappen)."},
    )
    versie = fields.Integer(
        required=True, metadata={"description": "De versie; ook de ETag van de casus."}
    )


class CasuslijstSchema(Basisschema):
    resultaten = fields.List(fields.Nested(CasusSchema), required=True)
    volgende = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Cursor van de volgende bladzijde; null: dit is de laatste."},
    )


class CasusfilterArgs(CursorArgs):
    aanpak = fields.String(
        validate=validate.OneOf(CATALOGUS.codes(), error="Onbekende aanpak."),
        metadata={"description": "Alleen casussen van deze aanpak."},
    )
    status = fields.String(
        validate=validate.OneOf(STATUSSEN, error="Onbekende status."),
        metadata={"description": "Alleen casussen met deze status."},
    )
    regisseur = fields.Integer(metadata={"description": "Alleen casussen van deze regisseur (id)."})
    persoon = fields.Integer(metadata={"description": "Alleen casussen van deze persoon (id)."})


def casus_data(c: Casus) -> dict[str, Any]:
    p, r = c.persoon, c.regisseur
    return {
        "id": c.id,
        "casusnummer": c.ref,
        "aanpak": c.aanpak,
        "aanpak_label": labels.aanpak(c.aanpak),
        "status": c.status,
        "status_label": labels.status(c.status),
        "status_sinds": c.status_sinds,
        "aangemeld_op": c.aangemeld_op,
        "opname_op": c.opname_op,
        "afgesloten_op": c.afgesloten_op,
        "persoon": None
        if p is None
        else {"id": p.id, "naam": p.volledige_naam, "geboortedatum": p.geboortedatum},
        "regisseur": None if r is None else {"id": r.id, "naam": r.naam},
        "kenmerken": {k: str(v) for k, v in (c.kenmerken or {}).items() if v not in (None, "")},
        "versie": c.versie,
    }


# a case with the person and the regisseur it shows, in the same statement
MET_PERSOON_EN_REGISSEUR = (joinedload(Casus.persoon), joinedload(Casus.regisseur))


@blp.route("/casussen")
@blp.arguments(CasusfilterArgs, location="query", as_kwargs=False)
@blp.response(200, CasuslijstSchema)
def casussen(args: dict[str, Any]) -> dict[str, Any]:
    """Casussen die de client mag zien, nieuwste eerst (ZGW: zaken zoeken)."""
    query = zichtbare_casussen(current_user).options(*MET_PERSOON_EN_REGISSEUR)
    for veld, kolom in (
        ("aanpak", Casus.aanpak),
        ("status", Casus.status),
        ("regisseur", Casus.regisseur_id),
        ("persoon", Casus.persoon_id),
    ):
        if args.get(veld) is not None:
            query = query.where(kolom == args[veld])
    rijen, volgende = bladzijde(query, Casus.id, args)
    return lijst([casus_data(c) for (c,) in rijen], volgende)


@blp.route("/casussen/<int:casus_id>")
@blp.response(
    200,
    CasusSchema,
    headers={"ETag": {"description": "De versie van de casus.", "schema": {"type": "string"}}},
)
def casus(casus_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Eén casus, met kenmerken, regisseur en status (ZGW: zaak)."""
    c = casus_of_404(casus_id, opties=[joinedload(Casus.regisseur)])
    onderwerp(casus=c)
    return casus_data(c), {"ETag": etag(c.versie)}

"""The catalogue: aanpakken with their states, transitions, reasons and kenmerken, each
with its Dutch label (read from ``workflows``, the one definition)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import fields

from casus import labels
from casus.api.basis import blueprint
from casus.api.schemas import Basisschema, CodeLabelSchema
from casus.toegang.policy import openbare_aanpakken, zichtbare_aanpakken
from workflows import CATALOGUS
from workflows.base import Aanpak

blp = blueprint(
    "catalogus",
    "Catalogus",
    "De aanpakken en hun statussen, transities, redenen en kenmerken, met Nederlandse "
    "labels. Een strikt vertrouwelijke aanpak (PGA-R) staat er alleen in voor een client "
    "van dat team.",
)


class RedenSchema(CodeLabelSchema):
    """Een reden voor een eind- of wachtstatus (ZGW: resultaattype)."""

    positief = fields.Boolean(
        required=True, metadata={"description": "Telt als positief afgesloten in het rapport."}
    )


class TransitieSchema(Basisschema):
    """Een statuswijziging (ZGW: status zetten, met het statustype als doel)."""

    trigger = fields.String(required=True, metadata={"description": "Code van de transitie."})
    label = fields.String(required=True)
    van = fields.List(
        fields.String(), required=True, metadata={"description": "Statussen waaruit."}
    )
    naar = fields.String(required=True, metadata={"description": "De nieuwe status."})
    redenen = fields.List(
        fields.Nested(RedenSchema),
        required=True,
        metadata={"description": "Te kiezen redenen (ZGW: resultaattype); leeg: geen reden."},
    )


class KenmerkSchema(CodeLabelSchema):
    """Een kenmerk van een casus (ZGW: eigenschap)."""

    waarden = fields.List(
        fields.Nested(CodeLabelSchema),
        allow_none=True,
        metadata={"description": "De toegestane waarden; leeg (null): vrije tekst."},
    )


class AanpakSchema(Basisschema):
    """Een aanpak (ZGW: zaaktype)."""

    code = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "Volledige naam."})
    kort = fields.String(required=True, metadata={"description": "Korte naam."})
    statussen = fields.List(
        fields.Nested(CodeLabelSchema),
        required=True,
        metadata={"description": "De statussen (ZGW: statustype)."},
    )
    transities = fields.List(fields.Nested(TransitieSchema), required=True)
    kenmerken = fields.List(fields.Nested(KenmerkSchema), required=True)
    signaalthemas = fields.List(
        fields.Nested(CodeLabelSchema),
        required=True,
        metadata={"description": "Thema's van signalen; leeg: de aanpak neemt geen signalen."},
    )


class CatalogusSchema(Basisschema):
    aanpakken = fields.List(fields.Nested(AanpakSchema), required=True)


def _aanpak(a: Aanpak) -> dict[str, Any]:
    return {
        "code": a.code,
        "label": a.label,
        "kort": a.kort,
        "statussen": [{"code": s, "label": labels.status(s)} for s in a.statussen],
        "transities": [
            {
                "trigger": t.trigger,
                "label": t.label,
                "van": list(t.bronnen),
                "naar": t.doel,
                "redenen": [
                    {"code": r.code, "label": r.label, "positief": r.positief}
                    for r in a.redenen_voor(t.trigger)
                ],
            }
            for t in a.transities
        ],
        "kenmerken": [
            {
                "code": k.code,
                "label": k.label,
                "waarden": None
                if k.waarden is None
                else [{"code": w.code, "label": w.label} for w in k.waarden],
            }
            for k in a.kenmerken
        ],
        "signaalthemas": [{"code": w.code, "label": w.label} for w in a.signaal_themas],
    }


@blp.route("/catalogus")
@blp.response(200, CatalogusSchema)
def catalogus() -> dict[str, Any]:
    """De catalogus van aanpakken (ZGW: zaaktypecatalogus)."""
    bekend = set(openbare_aanpakken()) | set(zichtbare_aanpakken(current_user))
    return {"aanpakken": [_aanpak(a) for a in CATALOGUS if a.code in bekend]}

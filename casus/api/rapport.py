"""Het halfjaarrapport, zonder persoonsgegevens, voor clients met de rol manager.

The figures are the CLI's (``flask --app casus rapport halfjaar ... --format json``):
the same ``rapport(periode)``, served from the report cache as the Rapportage page
does (``casus.rapportage.cache.rapport``, equal to the computation it caches). Like
that page, the report exists only for managers: anyone else gets 404."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from marshmallow import ValidationError, fields, validates_schema

from casus.api.basis import blueprint, problemen
from casus.api.schemas import Basisschema, vanaf_1900
from casus.errors import Ongeldig
from casus.formulieren import VROEGSTE_DATUM
from casus.rapportage import cache, periode
from casus.toegang.policy import is_manager

blp = blueprint(
    "rapport",
    "Rapport",
    "Het halfjaarrapport, zonder persoonsgegevens, voor clients met de rol manager. "
    "Dezelfde cijfers als de rapportage in de applicatie en als de opdrachtregel "
    "(`flask rapport halfjaar ... --format json`). Voor een client zonder de rol "
    "manager bestaat het rapport niet (404).",
)

GEEN_PERIODE = "Geef een periode (bijvoorbeeld 2025-H1), of zowel van als tot_en_met."
ONMOGELIJK = f"Kies een periode vanaf {VROEGSTE_DATUM:%d-%m-%Y}, tot en met het jaar 9999."
TWEE_PERIODES = "Geef een periode óf van en tot_en_met, niet allebei."


@blp.before_request
def _alleen_managers() -> None:
    # after the token check (an app-wide hook runs before a blueprint's): reports are
    # for managers only, and for anyone else they do not exist, as on the web
    if not is_manager(current_user):
        abort(404)


class RapportArgs(Basisschema):
    periode = fields.String(
        metadata={
            "description": "Halfjaar, kwartaal of jaar: bijvoorbeeld 2025-H1, 2025-Q2 of 2025.",
            "example": "2025-H1",
        }
    )
    van = fields.Date(
        validate=vanaf_1900,
        metadata={"description": "Begin van een vrije periode (met tot_en_met), vanaf 1900."},
    )
    tot_en_met = fields.Date(
        validate=vanaf_1900,
        metadata={"description": "Laatste dag van een vrije periode (met van)."},
    )

    @validates_schema
    def _een_periode(self, data: dict[str, Any], **_: Any) -> None:
        label, van, tem = data.get("periode"), data.get("van"), data.get("tot_en_met")
        if label is not None and (van is not None or tem is not None):
            raise ValidationError(TWEE_PERIODES, "periode")
        if label is None and (van is None or tem is None):
            ontbreekt = (
                "periode" if van is None and tem is None else "van" if van is None else "tot_en_met"
            )
            raise ValidationError(GEEN_PERIODE, ontbreekt)


def _periode(data: dict[str, Any]) -> periode.Periode:
    """The period asked for, as the CLI reads it; the service's refusal at its field."""
    label = data.get("periode")
    try:
        p = (
            periode.uit_label(label)
            if label is not None
            else periode.aangepast(data["van"], data["tot_en_met"])
        )
        p.vergelijking()
    except ValueError:  # a year outside the calendar (0000, or past 9999)
        raise Ongeldig(ONMOGELIJK, "periode") from None
    if p.van < VROEGSTE_DATUM:
        raise Ongeldig(ONMOGELIJK, "periode" if label is not None else "van")
    return p


class PeriodeSchema(Basisschema):
    label = fields.String(
        required=True,
        metadata={"description": "2025-H1, 2025-Q2, 2025 of (vrij) 2025-02-01..2025-03-31."},
    )
    van = fields.String(required=True, metadata={"description": "Eerste dag (JJJJ-MM-DD)."})
    tot_en_met = fields.String(required=True, metadata={"description": "Laatste dag (JJJJ-MM-DD)."})


class RapportSchema(Basisschema):
    """Het rapport zoals de opdrachtregel het in JSON geeft. De sleutels binnen elk
    onderdeel zijn codes uit de catalogus (zie /catalogus voor de Nederlandse labels)."""

    periode = fields.Nested(
        PeriodeSchema, required=True, metadata={"description": "De periode van het rapport."}
    )
    vergelijkingsperiode = fields.Nested(
        PeriodeSchema,
        required=True,
        metadata={"description": "Dezelfde periode een jaar eerder, waarmee wordt vergeleken."},
    )
    aanpakken = fields.Dict(
        required=True,
        metadata={
            "description": "Per aanpak (code, ZGW: zaaktype) de aantallen casussen: "
            "aanmeldingen, niet_opgenomen, lopend_begin, nieuw, totaal, afgesloten, "
            "afgesloten_per_status, afgesloten_per_reden (per status per reden, ZGW: "
            "resultaattype), positief, lopend_einde, in_de_wacht_einde, en onder "
            "vergelijking dezelfde aantallen over de vergelijkingsperiode."
        },
    )
    signalen = fields.Dict(
        required=True,
        metadata={
            "description": "Per aanpak die signalen aanneemt: totaal, per_bron, per_thema, "
            "en onder vergelijking dezelfde aantallen over de vergelijkingsperiode."
        },
    )
    ondermijning = fields.Dict(
        required=True,
        metadata={
            "description": "Ondermijning: casussen per_herkomst (lokaal, riec) en het "
            "oplossingspercentage (procent succesvol afgesloten)."
        },
    )
    woonoverlast = fields.Dict(
        required=True,
        metadata={
            "description": "Woonoverlast: lopende casussen aan het eind per woningtype, per "
            "wijk en (corporatie) per soort, en de aantallen zorg- en "
            "leefbaarheidswoonoverlast."
        },
    )
    interventies = fields.Dict(
        required=True,
        metadata={
            "description": "Per soort interventie: totaal, het aantal personen en het "
            "aantal minderjarigen (aantallen, geen personen)."
        },
    )
    indicatoren = fields.Dict(
        required=True,
        metadata={
            "description": "De prestatie-indicatoren van het rapport aan de raad, elk met "
            "de waarde, de vergelijking of de norm en of die is gehaald."
        },
    )


@blp.route("/rapport")
@blp.arguments(RapportArgs, location="query", as_kwargs=False)
@blp.response(200, RapportSchema)
@problemen(blp, 400, 401, 404, 422, 429)
def rapport(args: dict[str, Any]) -> dict[str, Any]:
    """Het rapport over een periode: dezelfde JSON als de opdrachtregel.

    Alleen aantallen, geen namen, BSN's of casusnummers. Alleen voor een client met de
    rol manager; voor een andere client bestaat het rapport niet (404)."""
    # an impossible period is the service's refusal at its field (422)
    return cache.rapport(_periode(args))

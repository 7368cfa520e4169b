"""Schemas shared by the API's resources: the problem, the page of a list, headers."""

from __future__ import annotations

import inspect
from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from casus.formulieren import VROEGSTE_DATUM


class Basisschema(Schema):
    """Every schema of the API: unknown fields in a body are refused (marshmallow's
    default), field order is kept in the document, and a schema's docstring is its
    description in the OpenAPI document: so a schema's docstring is Dutch (it is what
    the client's developers read), unlike other docstrings."""

    class Meta:
        ordered = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__doc__" in cls.__dict__ and cls.__doc__:
            # apispec reads a schema's description from its Meta
            cls.Meta = type(  # type: ignore[misc,assignment]
                "Meta", (cls.Meta,), {"description": inspect.cleandoc(cls.__doc__)}
            )


class OngeldigeParameterSchema(Basisschema):
    name = fields.String(required=True, metadata={"description": "Het veld (met pad)."})
    code = fields.String(required=True, metadata={"description": "Soort fout, als code."})
    reason = fields.String(required=True, metadata={"description": "De fout, in het Nederlands."})


class ProbleemSchema(Basisschema):
    """Een fout als problem details (RFC 9457), zoals de Nederlandse API Design Rules die
    gebruiken."""

    type = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "Korte titel, Nederlands."})
    status = fields.Integer(required=True)
    detail = fields.String(required=True, metadata={"description": "Uitleg, Nederlands."})
    instance = fields.String(required=True)
    invalidParams = fields.List(  # noqa: N815 - the name the Design Rules use
        fields.Nested(OngeldigeParameterSchema),
        metadata={"description": "Bij ongeldige invoer: de fouten per veld."},
    )
    referentie = fields.String(
        metadata={"description": "Bij een serverfout: de referentie die ook in het log staat."}
    )


class CodeLabelSchema(Basisschema):
    code = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "Nederlandse naam."})


class CursorArgs(Basisschema):
    # keyset paging of a list: ``na`` is the cursor the previous page gave

    na = fields.String(
        metadata={"description": "Cursor uit `volgende` van de vorige bladzijde."},
    )
    aantal = fields.Integer(
        load_default=50,
        validate=validate.Range(min=1, max=100, error="Geef een aantal van 1 tot en met 100."),
        metadata={"description": "Regels per bladzijde, 1 tot en met 100."},
    )


class IfMatchSchema(Basisschema):
    if_match = fields.String(
        data_key="If-Match",
        metadata={"description": "De ETag van de casus zoals u die las (verplicht)."},
    )


def lijstschema(naam: str, item: type[Schema]) -> type[Schema]:
    """The schema of one page of a list of ``item``: ``resultaten`` and ``volgende``."""
    return type(
        naam,
        (Basisschema,),
        {
            "resultaten": fields.List(fields.Nested(item), required=True),
            "volgende": fields.String(
                required=True,
                allow_none=True,
                metadata={
                    "description": "Cursor van de volgende bladzijde; null: dit is de laatste."
                },
            ),
        },
    )


def vanaf_1900(datum: date) -> None:
    """The web's rule for every date field (``casus.formulieren.VROEGSTE_DATUM``)."""
    if datum < VROEGSTE_DATUM:
        raise ValidationError(f"Vul een datum in vanaf {VROEGSTE_DATUM:%d-%m-%Y}.")

"""Signalen (meldpunt en partnerintake) van de teams die signalen aannemen.

Registering goes through ``casus.signalen.services.registreer_signaal``, the web's
service, with the web's rules and rights; the list and the lookup start from
``casus.toegang`` (a signal of another team is absent: 404)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_login import current_user
from marshmallow import ValidationError, fields, pre_load, validate, validates_schema
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from casus import labels
from casus.api.basis import bewaar, bladzijde, blueprint, lijst, problemen
from casus.api.poort import onderwerp
from casus.api.schemas import Basisschema, CodeLabelSchema, CursorArgs, lijstschema, vanaf_1900
from casus.audit import log_wijziging
from casus.casussen.validatie import toekomstbericht, wijken
from casus.signalen import queries, services
from casus.signalen.models import BETREFT_SOORTEN, SIGNAAL_STATUSSEN, Signaal
from casus.toegang.laden import signaal_of_404
from casus.toegang.policy import mag_casus_zien
from workflows import CATALOGUS
from workflows.base import WIJK
from workflows.codes import SIGNAAL_BRONNEN

blp = blueprint(
    "signalen",
    "Signalen",
    "Signalen (meldpunt en partnerintake) van de teams die signalen aannemen. Een client "
    "ziet en registreert alleen signalen van de aanpakken waarvan hij lid is.",
)

# the aanpakken that take signals, and every theme of any of them (the schema's
# choices; whether a theme belongs to the aanpak is checked per signal)
SIGNAAL_AANPAKKEN = [a.code for a in CATALOGUS if a.signaal_themas]
ALLE_THEMAS = sorted({w.code for a in CATALOGUS for w in a.signaal_themas})
TEKST_VERPLICHT = "Beschrijf het signaal."
# names no aanpak: PGA-R is named only to its own team (the catalogue's rule)
GEEN_SIGNAALAANPAK = "Onbekende aanpak, of een aanpak die geen signalen aanneemt"
OPTIONEEL = frozenset(
    {
        "betreft_soort",
        "betreft_naam",
        "betreft_kvk_nummer",
        "betreft_adres",
        "wijk",
        "melder_naam",
        "melder_contact",
    }
)


def _keuze(
    onbekend: str, codes: list[str] | dict[str, str], *, noem: bool = True
) -> validate.OneOf:
    """A code of a fixed list; the refusal names the list unless ``noem`` is False."""
    return validate.OneOf(
        list(codes), error=f"{onbekend}; kies een van: {{choices}}." if noem else f"{onbekend}."
    )


class NieuwSignaalSchema(Basisschema):
    """Een ontvangen signaal, met de gegevens van het intakeformulier in de applicatie en
    van het meldpunt."""

    aanpak = fields.String(
        required=True,
        validate=_keuze(GEEN_SIGNAALAANPAK, SIGNAAL_AANPAKKEN, noem=False),
        metadata={
            "description": "Code van de aanpak (ZGW: zaaktype) die het signaal krijgt.",
            "example": "ondermijning",
        },
    )
    ontvangen_op = fields.Date(
        required=True,
        validate=vanaf_1900,
        metadata={
            "description": "Datum van ontvangst; vanaf 1900, niet in de toekomst.",
            "example": "2025-03-04",
        },
    )
    bron = fields.String(
        required=True,
        validate=_keuze("Onbekende bron", SIGNAAL_BRONNEN),
        metadata={"description": "Waar het signaal vandaan komt (code).", "example": "handhaving"},
    )
    thema = fields.String(
        required=True,
        validate=_keuze("Onbekend thema", ALLE_THEMAS, noem=False),
        metadata={
            "description": "Thema (code); een thema van de gekozen aanpak.",
            "example": "witwassen",
        },
    )
    tekst = fields.String(
        required=True,
        metadata={
            "description": f"Inhoud van het signaal, maximaal {services.TEKST_MAX} tekens "
            "(een regelovergang telt als één teken).",
            "example": "Veel contante betalingen, steeds andere eigenaren.",
        },
    )
    betreft_soort = fields.String(
        allow_none=True,
        validate=_keuze("Onbekende soort", BETREFT_SOORTEN),
        metadata={"description": "Waar het signaal over gaat: persoon, onderneming of locatie."},
    )
    betreft_naam = fields.String(
        allow_none=True,
        validate=validate.Length(max=200, error="Maximaal {max} tekens."),
        metadata={"description": "Naam van de persoon of onderneming."},
    )
    betreft_kvk_nummer = fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^\s*\d{8}\s*$", error="Een KvK-nummer bestaat uit 8 cijfers."),
        metadata={"description": "KvK-nummer van de onderneming (8 cijfers)."},
    )
    betreft_adres = fields.String(
        allow_none=True,
        validate=validate.Length(max=200, error="Maximaal {max} tekens."),
        metadata={"description": "Adres of plek waar het speelt."},
    )
    wijk = fields.String(
        allow_none=True,
        metadata={
            "description": "De wijk waar het speelt, als die bekend is: precies een van de "
            "wijken van de gemeente (de instelling WIJKEN), anders 422.",
            "example": "Meerzicht",
        },
    )
    melder_naam = fields.String(
        allow_none=True,
        validate=validate.Length(max=200, error="Maximaal {max} tekens."),
        metadata={"description": "Naam van de melder (meldpunt), als die hem gaf."},
    )
    melder_contact = fields.String(
        allow_none=True,
        validate=validate.Length(max=200, error="Maximaal {max} tekens."),
        metadata={"description": "Telefoonnummer of e-mailadres van de melder, als gegeven."},
    )

    @pre_load
    def _leeg_is_onbekend(self, data: Any, **_: Any) -> Any:
        """An optional field sent empty (as forms do) is unknown, as on the web."""
        if not isinstance(data, dict):
            return data
        return {
            k: None if k in OPTIONEEL and isinstance(v, str) and not v.strip() else v
            for k, v in data.items()
        }

    @validates_schema(skip_on_field_errors=False)
    def _samen(self, data: dict[str, Any], **_: Any) -> None:
        """What the service refuses without stored data, every error at once."""
        fouten: dict[str, list[str]] = {}
        aanpak, thema = data.get("aanpak"), data.get("thema")
        if aanpak and thema and thema not in services.themas(aanpak):
            fouten["thema"] = [
                f"Het thema '{thema}' hoort niet bij {CATALOGUS.get(aanpak).kort}; kies een van: "
                f"{', '.join(services.themas(aanpak))}."
            ]
        if "tekst" in data and not (data["tekst"] or "").strip():
            fouten["tekst"] = [TEKST_VERPLICHT]
        if data.get("ontvangen_op") and (bericht := toekomstbericht(data["ontvangen_op"])):
            fouten["ontvangen_op"] = [bericht]
        if data.get("wijk") and (bericht := WIJK.fout(data["wijk"].strip(), wijken())):
            fouten["wijk"] = [bericht]
        if fouten:
            raise ValidationError(fouten)


class CasusVerwijzingSchema(Basisschema):
    id = fields.Integer(required=True)
    casusnummer = fields.String(
        required=True, metadata={"description": "Bijvoorbeeld OND-2025-00017."}
    )


class SignaalpersoonSchema(Basisschema):
    id = fields.Integer(required=True)
    naam = fields.String(required=True, metadata={"description": "Volledige naam."})


class SignaalSchema(Basisschema):
    """Een signaal: een melding die binnenkomt voordat er een casus is."""

    id = fields.Integer(required=True)
    signaalnummer = fields.String(
        required=True, metadata={"description": "Bijvoorbeeld SIG-OND-2025-00012."}
    )
    aanpak = fields.String(required=True, metadata={"description": "Code (ZGW: zaaktype)."})
    aanpak_label = fields.String(required=True)
    status = fields.String(
        required=True,
        metadata={"description": "open, gekoppeld (aan een casus) of afgesloten."},
    )
    status_label = fields.String(required=True)
    ontvangen_op = fields.Date(required=True)
    bron = fields.Nested(CodeLabelSchema, required=True)
    thema = fields.Nested(CodeLabelSchema, required=True)
    tekst = fields.String(required=True, allow_none=True)
    betreft_soort = fields.Nested(
        CodeLabelSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Waar het signaal over gaat; null: onbekend."},
    )
    betreft_naam = fields.String(required=True, allow_none=True)
    betreft_kvk_nummer = fields.String(required=True, allow_none=True)
    betreft_adres = fields.String(required=True, allow_none=True)
    wijk = fields.String(
        required=True, allow_none=True, metadata={"description": "De wijk; null: onbekend."}
    )
    persoon = fields.Nested(
        SignaalpersoonSchema,
        required=True,
        allow_none=True,
        metadata={"description": "De persoon om wie het gaat, als die bekend is."},
    )
    melder_naam = fields.String(required=True, allow_none=True)
    melder_contact = fields.String(required=True, allow_none=True)
    casus = fields.Nested(
        CasusVerwijzingSchema,
        required=True,
        allow_none=True,
        metadata={
            "description": "De casus (ZGW: zaak) waaraan het signaal is gekoppeld; null als "
            "er geen is of de client die casus niet mag zien."
        },
    )
    omgezet = fields.Boolean(
        required=True, metadata={"description": "De casus is uit dit signaal aangemaakt."}
    )
    afsluitreden = fields.String(
        required=True, allow_none=True, metadata={"description": "Bij afgesloten: waarom."}
    )
    afgehandeld_op = fields.DateTime(required=True, allow_none=True)


SignaallijstSchema = lijstschema("SignaallijstSchema", SignaalSchema)


class SignaalfilterArgs(CursorArgs):
    aanpak = fields.String(
        validate=_keuze(GEEN_SIGNAALAANPAK, SIGNAAL_AANPAKKEN, noem=False),
        metadata={"description": "Alleen signalen van deze aanpak."},
    )
    status = fields.String(
        validate=_keuze("Onbekende status", SIGNAAL_STATUSSEN),
        metadata={"description": "Alleen signalen met deze status."},
    )
    thema = fields.String(
        validate=_keuze("Onbekend thema", ALLE_THEMAS, noem=False),
        metadata={"description": "Alleen signalen met dit thema."},
    )
    bron = fields.String(
        validate=_keuze("Onbekende bron", SIGNAAL_BRONNEN),
        metadata={"description": "Alleen signalen uit deze bron."},
    )
    van = fields.Date(
        validate=vanaf_1900,
        metadata={"description": "Alleen signalen ontvangen op of na deze datum."},
    )
    tot_en_met = fields.Date(
        validate=vanaf_1900,
        metadata={"description": "Alleen signalen ontvangen op of vóór deze datum."},
    )

    @validates_schema
    def _volgorde(self, data: dict[str, Any], **_: Any) -> None:
        van, tem = data.get("van"), data.get("tot_en_met")
        if van is not None and tem is not None and tem < van:
            raise ValidationError("De einddatum ligt vóór de begindatum.", "tot_en_met")


def _code_label(code: str, label: str) -> dict[str, str]:
    return {"code": code, "label": label}


def signaal_data(s: Signaal) -> dict[str, Any]:
    """A signal as the API shows it; its case only for a client that may see that case."""
    c, p = s.casus, s.persoon
    return {
        "id": s.id,
        "signaalnummer": s.ref,
        "aanpak": s.aanpak,
        "aanpak_label": labels.aanpak(s.aanpak),
        "status": s.status,
        "status_label": SIGNAAL_STATUSSEN.get(s.status, s.status),
        "ontvangen_op": s.ontvangen_op,
        "bron": _code_label(s.bron, labels.bron(s.bron)),
        "thema": _code_label(s.thema, labels.thema(s.thema, s.aanpak)),
        "tekst": s.tekst,
        "betreft_soort": None
        if s.betreft_soort is None
        else _code_label(s.betreft_soort, BETREFT_SOORTEN.get(s.betreft_soort, s.betreft_soort)),
        "betreft_naam": s.betreft_naam,
        "betreft_kvk_nummer": s.betreft_kvk_nummer,
        "betreft_adres": s.betreft_adres,
        "wijk": s.wijk,
        "persoon": None if p is None else {"id": p.id, "naam": p.volledige_naam},
        "melder_naam": s.melder_naam,
        "melder_contact": s.melder_contact,
        "casus": {"id": c.id, "casusnummer": c.ref}
        if c is not None and mag_casus_zien(current_user, c)
        else None,
        "omgezet": bool(s.omgezet),
        "afsluitreden": s.afsluitreden,
        "afgehandeld_op": s.afgehandeld_op,
    }


# a signal with the case and person it shows, in the same statement
MET_CASUS_EN_PERSOON = (joinedload(Signaal.casus), joinedload(Signaal.persoon))


@blp.route("/signalen")
@blp.arguments(SignaalfilterArgs, location="query", as_kwargs=False)
@blp.response(200, SignaallijstSchema)
@problemen(blp, 400, 401, 422, 429)
def signalen(args: dict[str, Any]) -> Response:
    """Signalen die de client mag zien, laatst geregistreerde eerst.

    Alleen signalen van de aanpakken waarvan de client lid is en die signalen aannemen;
    een client zonder zo'n aanpak krijgt een lege lijst."""
    filter_ = queries.Filter(
        aanpak=args.get("aanpak"),
        van=args.get("van"),
        tot_en_met=args.get("tot_en_met"),
        bron=args.get("bron"),
        thema=args.get("thema"),
        status=args.get("status"),
    )
    gevonden, volgende = bladzijde(
        queries.gefilterd(current_user, filter_), Signaal.id, args, opties=MET_CASUS_EN_PERSOON
    )
    return lijst([signaal_data(s) for s in gevonden], volgende)


@blp.route("/signalen/<int:signaal_id>")
@blp.response(200, SignaalSchema)
@problemen(blp, 401, 404, 429)
def signaal(signaal_id: int) -> dict[str, Any]:
    """Eén signaal, met Nederlandse labels en de casus waaraan het is gekoppeld."""
    s = signaal_of_404(signaal_id)
    onderwerp(casus=s.casus, persoon=s.persoon)
    return signaal_data(s)


@blp.route("/signalen", methods=["POST"])
@blp.arguments(NieuwSignaalSchema, as_kwargs=False)
@blp.response(
    201,
    SignaalSchema,
    headers={
        "Location": {"description": "Adres van het nieuwe signaal.", "schema": {"type": "string"}}
    },
)
@problemen(blp, 400, 401, 403, 415, 422, 429)
def registreer(gegevens: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Een ontvangen signaal registreren (meldpunt of partnerintake).

    Met dezelfde regels als het formulier in de applicatie: de client is lid van het
    team van de aanpak (anders 403), het thema hoort bij de aanpak en de datum ligt niet
    in de toekomst (anders 422). Het signaal krijgt de status open."""
    aanpak = gegevens.pop("aanpak")

    def doe() -> Signaal:
        with log_wijziging("signaal.geregistreerd", object_type="signaal") as log:
            nieuw = services.registreer_signaal(aanpak, actor=current_user, **gegevens)
            log.object(object_id=nieuw.id)
        return nieuw

    s = bewaar(201, doe)
    adres = url_for("api_signalen.signaal", signaal_id=s.id)
    return signaal_data(s), 201, {"Location": adres}

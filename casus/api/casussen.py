"""Cases: the list (filters, keyset paging) and one case with its version as ETag.

Every lookup starts from ``casus.toegang``: a case of another team is as absent as a
case that does not exist (404)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from flask import url_for
from flask_login import current_user
from flask_smorest import abort as smorest_abort
from marshmallow import ValidationError, fields, validate, validates_schema
from sqlalchemy import Select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from casus import MAX_ID, labels
from casus.api.basis import (
    bewaar,
    bladzijde_rijen,
    blueprint,
    controleer_versie,
    etag,
    lijst,
    problemen,
)
from casus.api.poort import casus_van_aanroep, onderwerp
from casus.api.schemas import Basisschema, CodeLabelSchema, CursorArgs, IfMatchSchema, lijstschema
from casus.audit import log_wijziging
from casus.auth.models import Gebruiker
from casus.casussen import casuswerk, pagina, services, stapregels, validatie
from casus.casussen.forms import TOELICHTING_NODIG
from casus.casussen.models import Casus
from casus.casussen.pagina import Statusstap
from casus.casussen.services import beschikbare_transities, guard_bezwaren
from casus.errors import Conflict, DomeinFout, Ongeldig, TransitieGeweigerd
from casus.extensions import db
from casus.klok import vandaag
from casus.personen import services as personen
from casus.personen.models import Persoon
from casus.toegang.policy import (
    mag_aanmelden,
    openbare_aanpakken,
    vereis,
    zichtbare_aanpakken,
)
from casus.toegang.queries import team_regisseurs, zichtbare_casussen
from workflows import CATALOGUS
from workflows.base import STATUSSEN, VEREIST_PARTIJ, VEREIST_REDEN, Aanpak

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
    """Een casus (ZGW: zaak)."""

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


CasuslijstSchema = lijstschema("CasuslijstSchema", CasusSchema)


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
    """A case as the API shows it (the same builder as a row of the list)."""
    p, r = c.persoon, c.regisseur
    rij = {kolom.key: getattr(c, kolom.key) for kolom in LIJSTKOLOMMEN}
    rij |= {
        "voornaam": p.voornaam if p else None,
        "tussenvoegsel": p.tussenvoegsel if p else None,
        "achternaam": p.achternaam if p else None,
        "geboortedatum": p.geboortedatum if p else None,
        "regisseur_naam": r.naam if r else None,
    }
    return casusrij_data(SimpleNamespace(**rij))


def _lijstkolommen(query: Select[Any]) -> Select[Any]:
    """What a row of the list shows: the case, its person's name and birth date and its
    regisseur's name, as plain columns (one statement, no ORM objects)."""
    return (
        query.with_only_columns(
            *LIJSTKOLOMMEN,
            Persoon.voornaam,
            Persoon.tussenvoegsel,
            Persoon.achternaam,
            Persoon.geboortedatum,
            Gebruiker.naam.label("regisseur_naam"),
        )
        .join_from(Casus, Persoon, Persoon.id == Casus.persoon_id, isouter=True)
        .join_from(Casus, Gebruiker, Gebruiker.id == Casus.regisseur_id, isouter=True)
    )


LIJSTKOLOMMEN = (
    Casus.id,
    Casus.ref,
    Casus.aanpak,
    Casus.status,
    Casus.status_sinds,
    Casus.aangemeld_op,
    Casus.opname_op,
    Casus.afgesloten_op,
    Casus.persoon_id,
    Casus.regisseur_id,
    Casus.kenmerken,
    Casus.versie,
)


def casusrij_data(r: Any) -> dict[str, Any]:
    """``casus_data`` of a row of ``_lijstkolommen``."""
    naam = " ".join(d for d in (r.voornaam, r.tussenvoegsel, r.achternaam) if d)
    return {
        "id": r.id,
        "casusnummer": r.ref,
        "aanpak": r.aanpak,
        "aanpak_label": labels.aanpak(r.aanpak),
        "status": r.status,
        "status_label": labels.status(r.status),
        "status_sinds": r.status_sinds,
        "aangemeld_op": r.aangemeld_op,
        "opname_op": r.opname_op,
        "afgesloten_op": r.afgesloten_op,
        "persoon": None
        if r.persoon_id is None
        else {"id": r.persoon_id, "naam": naam, "geboortedatum": r.geboortedatum},
        "regisseur": None
        if r.regisseur_id is None
        else {"id": r.regisseur_id, "naam": r.regisseur_naam},
        "kenmerken": _kenmerken(r.kenmerken),
        "versie": r.versie,
    }


def _kenmerken(kenmerken: dict[str, Any] | None) -> dict[str, str]:
    return {k: str(v) for k, v in (kenmerken or {}).items() if v not in (None, "")}


@blp.route("/casussen")
@blp.arguments(CasusfilterArgs, location="query", as_kwargs=False)
@blp.response(200, CasuslijstSchema)
@problemen(blp, 400, 401, 422, 429)
def casussen(args: dict[str, Any]) -> Response:
    """Casussen die de client mag zien, nieuwste eerst (ZGW: zaken zoeken)."""
    query = zichtbare_casussen(current_user)
    for veld, kolom in (
        ("aanpak", Casus.aanpak),
        ("status", Casus.status),
        ("regisseur", Casus.regisseur_id),
        ("persoon", Casus.persoon_id),
    ):
        if args.get(veld) is not None:
            query = query.where(kolom == args[veld])
    rijen, volgende = bladzijde_rijen(query, Casus.id, args, _lijstkolommen)
    return lijst([casusrij_data(r) for r in rijen], volgende)


@blp.route("/casussen/<int:casus_id>")
@blp.response(
    200,
    CasusSchema,
    headers={"ETag": {"description": "De versie van de casus.", "schema": {"type": "string"}}},
)
@problemen(blp, 401, 404, 429)
def casus(casus_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Eén casus, met kenmerken, regisseur en status (ZGW: zaak)."""
    c = casus_van_aanroep(casus_id, opties=[joinedload(Casus.regisseur)])
    return casus_data(c), {"ETag": etag(c.versie)}


# -- a new aanmelding ---------------------------------------------------------------

# the person fields of an aanmelding (``casus.personen.services``) and the fields of
# the body they are at: a new person's, else the chosen person's, else the missing one
PERSOONSVELDEN = frozenset(
    {"voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "bsn", "adres", "andere_persoon"}
)


def _lengte(maximum: int, bericht: str | None = None) -> validate.Length:
    return validate.Length(max=maximum, error=bericht or f"Maximaal {maximum} tekens.")


class NieuwePersoonSchema(Basisschema):
    """Een nieuwe persoon, vastgelegd met de aanmelding (ZGW: betrokkene, natuurlijk persoon)."""

    voornaam = fields.String(required=True, validate=_lengte(100))
    tussenvoegsel = fields.String(allow_none=True, validate=_lengte(30))
    achternaam = fields.String(required=True, validate=_lengte(150))
    geboortedatum = fields.Date(
        allow_none=True,
        metadata={"description": "Toetst de leeftijdsgrenzen van de aanpak op de aanmelddatum."},
    )
    bsn = fields.String(
        allow_none=True,
        validate=_lengte(9, "Een BSN heeft 9 cijfers."),
        metadata={"description": "9 cijfers, voldoet aan de elfproef."},
    )
    adres = fields.String(allow_none=True, validate=_lengte(200))
    andere_persoon = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Lijkt de persoon al bekend (zelfde BSN, of naam en geboortedatum), "
            "dan weigert de aanmelding met een fout bij dit veld; `true` bevestigt dat het een "
            "andere persoon is."
        },
    )


class NieuweAanmeldingSchema(Basisschema):
    """Een nieuwe aanmelding (ZGW: zaak aanmaken); de casus komt in de triagewachtrij."""

    aanpak = fields.String(
        required=True,
        validate=validate.OneOf(CATALOGUS.codes(), error="Onbekende aanpak."),
        metadata={"description": "Code (ZGW: zaaktype); een aanpak van het team van de client."},
    )
    aangemeld_op = fields.Date(
        required=True,
        metadata={
            "description": "Datum van aanmelding (ZGW: registratiedatum); niet later dan vandaag."
        },
    )
    aanmeldreden = fields.String(
        required=True,
        validate=_lengte(4000),
        metadata={"description": "Reden van aanmelding (ZGW: omschrijving)."},
    )
    kenmerken = fields.Dict(
        keys=fields.String(),
        values=fields.String(allow_none=True),
        load_default=dict,
        metadata={
            "description": "Kenmerkcode naar waarde (ZGW: eigenschappen); de kenmerken en "
            "waarden van de aanpak staan in de catalogus. Zonder persoon vraagt de aanpak de "
            "naam of het adres van het onderwerp."
        },
    )
    persoon_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={
            "description": "Een bestaande persoon die de client mag zien (ZGW: betrokkene). "
            "Een onbekende persoon, of een die de client niet mag zien, geeft dezelfde fout "
            "bij dit veld."
        },
    )
    persoon = fields.Nested(
        NieuwePersoonSchema,
        allow_none=True,
        metadata={"description": "Een nieuwe persoon; niet samen met `persoon_id`."},
    )
    leeftijd_bevestigd = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Valt de leeftijd buiten een waarschuwingsgrens van de aanpak, dan "
            "weigert de aanmelding tot dit `true` is."
        },
    )

    @validates_schema
    def _een_persoon(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("persoon_id") is not None and data.get("persoon") is not None:
            raise ValidationError(
                "Geef een bestaande persoon (persoon_id) of een nieuwe persoon, niet beide.",
                "persoon",
            )


def _aanmeldveld(veld: str, gegevens: dict[str, Any], definitie: Aanpak) -> str:
    """The body field a refusal of the aanmelding's services names (they name the web
    form's fields)."""
    if veld.startswith("k_"):
        return f"kenmerken.{veld.removeprefix('k_')}"
    if veld in gegevens["kenmerken"] or definitie.kenmerk(veld) is not None:
        return f"kenmerken.{veld}"
    if veld in PERSOONSVELDEN:
        if gegevens.get("persoon") is not None:
            return f"persoon.{veld}"
        return "persoon_id" if gegevens.get("persoon_id") is not None else "persoon"
    return veld


@contextmanager
def _veldnamen(naar: Callable[[str], str]) -> Iterator[None]:
    """A refusal at the body's name of its field (``naar``: the service's name to it)."""
    try:
        yield
    except DomeinFout as fout:
        if fout.veld:
            fout.veld = naar(fout.veld)
        raise


@blp.route("/casussen", methods=["POST"])
@blp.arguments(
    NieuweAanmeldingSchema,
    as_kwargs=False,
    example={
        "aanpak": "ipta",
        "aangemeld_op": "2025-01-06",
        "aanmeldreden": "Zoekt werk; schooluitval.",
        "kenmerken": {"wijk": "Dorp"},
        "persoon": {"voornaam": "Noa", "achternaam": "Bakker", "geboortedatum": "2004-03-14"},
    },
)
@blp.response(
    201,
    CasusSchema,
    headers={
        "Location": {"description": "Adres van de nieuwe casus.", "schema": {"type": "string"}},
        "ETag": {"description": "De versie van de casus.", "schema": {"type": "string"}},
    },
)
@problemen(blp, 400, 401, 403, 415, 422, 429)
def registreer(gegevens: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Een aanmelding registreren (ZGW: zaak aanmaken); de casus komt in de
    triagewachtrij met status aangemeld.

    Met dezelfde regels als het aanmeldformulier in de applicatie: de client is lid van
    het team van de aanpak (anders 403); de kenmerken horen bij de aanpak; de datum ligt
    niet in de toekomst; de leeftijdsgrenzen van de aanpak (een waarschuwing vraagt
    `leeftijd_bevestigd`); een nieuwe persoon die al bekend lijkt, vraagt
    `persoon.andere_persoon`. Een weigering (422) noemt het veld in `invalidParams`."""
    aanpak = gegevens["aanpak"]
    definitie = CATALOGUS.get(aanpak)
    vereis(
        mag_aanmelden(current_user, aanpak),
        "U kunt alleen aanmelden bij een aanpak waarvan u teamlid bent.",
    )
    nieuw = gegevens.get("persoon") or {}
    kenmerken = gegevens["kenmerken"]

    def doe() -> Casus:
        # the kenmerken first, as the web form's fields: the new person takes its wijk
        schoon = validatie.kenmerken(definitie, kenmerken)
        keuze = gegevens.get("persoon_id")
        with log_wijziging("casus.aangemeld", aanpak=aanpak) as log:
            persoon = personen.persoon_voor_aanmelding(
                current_user,
                keuze=None if keuze is None else str(keuze),
                voornaam=nieuw.get("voornaam"),
                achternaam=nieuw.get("achternaam"),
                tussenvoegsel=nieuw.get("tussenvoegsel"),
                geboortedatum=nieuw.get("geboortedatum"),
                bsn=nieuw.get("bsn"),
                adres=nieuw.get("adres"),
                wijk=schoon.get("wijk"),
                andere_persoon=bool(nieuw.get("andere_persoon")),
            )
            c = casuswerk.registreer_aanmelding(
                aanpak,
                actor=current_user,
                persoon=persoon,
                aanmeldreden=gegevens["aanmeldreden"],
                aangemeld_op=gegevens["aangemeld_op"],
                kenmerken=kenmerken,
                leeftijd_bevestigd=gegevens["leeftijd_bevestigd"],
            )
            log.object(casus=c, persoon=persoon)
        onderwerp(casus=c, persoon=persoon)
        return c

    with _veldnamen(lambda veld: _aanmeldveld(veld, gegevens, definitie)):
        c = bewaar(201, doe)
    adres = url_for("api_casussen.casus", casus_id=c.id)
    return casus_data(c), 201, {"Location": adres, "ETag": etag(c.versie)}


# -- status changes -----------------------------------------------------------------

# the fields a refused step names (casus.casussen.stapregels) and where they are in the
# body: the move itself is the trigger; an age limit is the target aanpak's
TRANSITIEVELDEN = {
    stapregels.VELD_TRANSITIE: "trigger",
    stapregels.VELD_GEBOORTEDATUM: "doel_aanpak",
}
ETAG_KOP = {"ETag": {"description": "De versie van de casus.", "schema": {"type": "string"}}}


class StapredenSchema(CodeLabelSchema):
    """Een reden om te kiezen bij de transitie (ZGW: resultaattype)."""

    bezwaren = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "Wat deze reden vandaag in de weg staat (de voorwaarden van de "
            "aanpak); leeg: mogelijk."
        },
    )


class BeschikbareTransitieSchema(Basisschema):
    """Een statuswijziging die de client nu mag doen (ZGW: status zetten)."""

    trigger = fields.String(required=True, metadata={"description": "Code van de transitie."})
    label = fields.String(required=True, metadata={"description": "Nederlandse naam."})
    naar = fields.String(
        required=True, metadata={"description": "De nieuwe status, code (ZGW: statustype)."}
    )
    naar_label = fields.String(required=True)
    sluit_af = fields.Boolean(
        required=True, metadata={"description": "De transitie sluit de casus af."}
    )
    omzetten = fields.Boolean(
        required=True, metadata={"description": "De casus gaat naar een andere aanpak."}
    )
    reden_verplicht = fields.Boolean(required=True)
    partij_verplicht = fields.Boolean(
        required=True, metadata={"description": "De ontvangende partij is verplicht."}
    )
    regisseur_verplicht = fields.Boolean(
        required=True, metadata={"description": "Een regisseur toewijzen is verplicht."}
    )
    doel_aanpak_verplicht = fields.Boolean(required=True)
    toelichting_verplicht = fields.Boolean(
        required=True,
        metadata={"description": "Een toelichting is verplicht (een transitie die afsluit)."},
    )
    redenen = fields.List(
        fields.Nested(StapredenSchema),
        required=True,
        metadata={"description": "De redenen om uit te kiezen (ZGW: resultaattype)."},
    )
    bezwaren = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "Bij een transitie zonder reden: wat de transitie vandaag in de weg "
            "staat; leeg: mogelijk."
        },
    )
    regisseurs = fields.List(
        fields.Nested(RegisseurSchema),
        required=True,
        metadata={"description": "Bij opnemen: de regisseurs van het team (id voor `regisseur`)."},
    )
    doel_aanpakken = fields.List(
        fields.Nested(CodeLabelSchema),
        required=True,
        metadata={"description": "Bij omzetten: de aanpakken (ZGW: zaaktype) om uit te kiezen."},
    )


class TransitielijstSchema(Basisschema):
    resultaten = fields.List(fields.Nested(BeschikbareTransitieSchema), required=True)


class TransitieverzoekSchema(Basisschema):
    """De statuswijziging die de client doet (ZGW: status zetten)."""

    trigger = fields.String(
        required=True,
        validate=_lengte(40),
        metadata={"description": "Code van de transitie (zie GET .../transities)."},
    )
    datum = fields.Date(
        required=True,
        metadata={
            "description": "Ingangsdatum; niet in de toekomst, niet vóór de vorige statuswijziging."
        },
    )
    reden = fields.String(
        allow_none=True,
        validate=_lengte(40),
        metadata={
            "description": "Code van de reden (ZGW: resultaattype), als de transitie er een vraagt."
        },
    )
    partij = fields.String(
        allow_none=True,
        validate=_lengte(200),
        metadata={"description": "Ontvangende partij (bij overdragen)."},
    )
    regisseur = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "Id van de regisseur (bij opnemen), een regisseur van het team."},
    )
    doel_aanpak = fields.String(
        allow_none=True,
        validate=_lengte(40),
        metadata={"description": "Code van de aanpak (ZGW: zaaktype) bij omzetten."},
    )
    toelichting = fields.String(
        allow_none=True,
        validate=_lengte(2000),
        metadata={"description": "Toelichting; verplicht bij een transitie die de casus afsluit."},
    )


def _stap_data(c: Casus, stap: Statusstap) -> dict[str, Any]:
    vandaag_ = vandaag()
    redenen = c.definitie.redenen_voor(stap.trigger)
    transitie = c.definitie.transitie(stap.trigger)
    return {
        "trigger": stap.trigger,
        "label": stap.label,
        "naar": c.status if transitie is None else transitie.doel,
        "naar_label": stap.naar_status,
        "sluit_af": stap.sluit_af,
        "omzetten": stap.omzetten,
        "reden_verplicht": VEREIST_REDEN in stap.vereist,
        "partij_verplicht": VEREIST_PARTIJ in stap.vereist,
        "regisseur_verplicht": stap.trigger == stapregels.TRIAGEREN,
        "doel_aanpak_verplicht": stap.omzetten,
        "toelichting_verplicht": stap.sluit_af,
        "redenen": [
            {
                "code": r.code,
                "label": r.label,
                "bezwaren": guard_bezwaren(c, stap.trigger, r.code, vandaag_),
            }
            for r in redenen
        ],
        "bezwaren": [] if redenen else guard_bezwaren(c, stap.trigger, None, vandaag_),
        "regisseurs": [{"id": g.id, "naam": g.naam} for g in pagina.regisseurs(c.aanpak)]
        if stap.trigger == stapregels.TRIAGEREN
        else [],
        "doel_aanpakken": [
            {"code": a.code, "label": a.kort}
            for a in CATALOGUS
            if a.code != c.aanpak and a.code in _noembare_aanpakken()
        ]
        if stap.omzetten
        else [],
    }


def _noembare_aanpakken() -> set[str]:
    """The aanpakken the client may see named (as the catalogue: PGA-R only to members)."""
    return set(openbare_aanpakken()) | set(zichtbare_aanpakken(current_user))


@blp.route("/casussen/<int:casus_id>/transities")
@blp.response(200, TransitielijstSchema, headers=ETAG_KOP)
@problemen(blp, 401, 404, 429)
def transities(casus_id: int) -> tuple[dict[str, Any], dict[str, str]]:
    """De statuswijzigingen die de client nu mag doen (ZGW: statustypen die volgen).

    Zoals de statusstap in de applicatie ze toont: per transitie de nieuwe status, wat
    verplicht is, de redenen met wat ze vandaag in de weg staat, en bij opnemen de
    regisseurs van het team. Leeg: de client kan de status nu niet wijzigen. De `ETag`
    is de versie om mee te geven in `If-Match` bij de wijziging."""
    c = casus_van_aanroep(casus_id, opties=[joinedload(Casus.regisseur)])
    stappen = pagina.statusstappen(c, current_user)
    return {"resultaten": [_stap_data(c, s) for s in stappen]}, {"ETag": etag(c.versie)}


def _regisseur(c: Casus, regisseur_id: int | None) -> Gebruiker | None:
    """The regisseur to assign: an active regisseur of the case's team, looked up
    through ``casus.toegang`` (another id is refused without naming its user)."""
    if regisseur_id is None:
        return None
    gebruiker = db.session.scalar(team_regisseurs([c.aanpak]).where(Gebruiker.id == regisseur_id))
    if gebruiker is None:
        fout = stapregels.controleer_regisseur(c.aanpak, f"Gebruiker {regisseur_id}", False)[0]
        raise TransitieGeweigerd(fout.bericht, fout.veld)
    return gebruiker


def _voorwaarden(c: Casus, gegevens: dict[str, Any]) -> Gebruiker | None:
    """What the web's status step checks besides the service, for a move the client may
    make now (any other move the service refuses on the move or the right first): the
    toelichting of a move that ends the case, and the regisseur (its user)."""
    trigger = gegevens["trigger"]
    if trigger not in beschikbare_transities(c, actor=current_user):
        return None
    stap = pagina.statusstap(c, trigger)
    if stap is not None and stap.sluit_af and not (gegevens.get("toelichting") or "").strip():
        raise Ongeldig(TOELICHTING_NODIG, "toelichting")
    return _regisseur(c, gegevens.get("regisseur"))


@blp.route("/casussen/<int:casus_id>/transities", methods=["POST"])
@blp.arguments(IfMatchSchema, location="headers", as_kwargs=True)
@blp.arguments(
    TransitieverzoekSchema,
    as_kwargs=False,
    example={"trigger": "starten", "datum": "2025-01-20"},
)
@blp.response(200, CasusSchema, headers=ETAG_KOP)
@problemen(blp, 400, 401, 403, 404, 412, 415, 422, 428, 429)
def transitie(
    gegevens: dict[str, Any], casus_id: int, **_kop: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """De status van de casus wijzigen (ZGW: status zetten).

    Vraagt `If-Match` met de versie (ETag) van de casus: zonder 428; is de casus
    intussen gewijzigd, ook tijdens deze aanroep, dan 412 en verandert er niets. Met
    dezelfde regels als de statusstap in de applicatie: de transitie kan vanuit de status
    en de client mag haar doen (anders 422 en 403), de reden hoort bij de transitie, de
    voorwaarden van de aanpak zijn vervuld, een transitie die afsluit vraagt een
    toelichting, opnemen een regisseur van het team, overdragen de ontvangende partij,
    omzetten de aanpak. Een weigering verandert niets. Het antwoord is de gewijzigde
    casus met haar nieuwe `ETag`."""
    c = casus_van_aanroep(casus_id, opties=[joinedload(Casus.regisseur)])
    versie = controleer_versie(c.versie)
    trigger = gegevens["trigger"]
    regisseur = _voorwaarden(c, gegevens)

    def doe() -> None:
        bekend = c.definitie.transitie(trigger) is not None
        with log_wijziging(f"casus.status_{trigger if bekend else 'onbekend'}", casus=c):
            services.pas_transitie_toe(
                c,
                trigger,
                datum=gegevens["datum"],
                actor=current_user,
                reden=gegevens.get("reden"),
                partij=gegevens.get("partij"),
                regisseur=regisseur,
                doel_aanpak=gegevens.get("doel_aanpak") or None,
                toelichting=(gegevens.get("toelichting") or "").strip() or None,
                verwachte_versie=versie,
            )

    try:
        with _veldnamen(lambda veld: TRANSITIEVELDEN.get(veld, veld)):
            bewaar(200, doe)
    except Conflict:
        # someone else changed the case since its version was checked: as a stale If-Match
        smorest_abort(412)
    return casus_data(c), {"ETag": etag(c.versie)}

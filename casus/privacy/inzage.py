"""Inzage (AVG article 15): everything stored about one person, across all aanpakken.

Only for the privacy role: deliberately not filtered by team membership.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import QueryableAttribute

from casus.audit.models import AuditRecord
from casus.audit.queries import over_persoon
from casus.brp.models import BrpControle, BrpWijziging
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Leefgebiedenscore, Notitie
from casus.db import LIKE_ESCAPE, Base, bevat_patroon
from casus.documenten.models import Document, Documentversie
from casus.extensions import db
from casus.partners.register import verstrekkingen_van
from casus.personen.models import Persoon, PolitieContact
from casus.signalen.models import Signaal
from casus.toegang.actor import Actor, vereis_actor
from casus.toegang.policy import mag_inzage_geven, vereis
from casus.toegang.queries import inzage_personen
from casus.zoeken.zoekvorm import zoekvorm
from workflows.codes import LEEFGEBIEDEN


def _waarde(v: object) -> object:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _rij(obj: object, velden: tuple[str, ...]) -> dict[str, object]:
    return {v: _waarde(getattr(obj, v)) for v in velden}


PERSOON = (
    "id",
    "ref",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "bsn",
    "adres",
    "wijk",
    "created_at",
    "geanonimiseerd_op",
)
CASUS = (
    "id",
    "ref",
    "aanpak",
    "status",
    "aangemeld_op",
    "opname_op",
    "afgesloten_op",
    "status_sinds",
    "kenmerken",
    "aanmeldreden",
)
GEBEURTENIS = (
    "volgnummer",
    "datum",
    "transitie",
    "van_status",
    "naar_status",
    "aanpak",
    "reden",
    "partij",
    "toelichting",
    "vervalt_id",
    "geregistreerd_op",
)
NOTITIE = ("datum", "soort", "vorm", "tekst")
DOCUMENT = ("titel", "soort", "datum", "vertrouwelijkheid", "aangemaakt_op")
INTERVENTIE = ("type", "datum", "einddatum", "tekst")
SIGNAAL = (
    "ref",
    "aanpak",
    "ontvangen_op",
    "bron",
    "thema",
    "tekst",
    "status",
    "casus_id",
    "betreft_naam",
    "betreft_adres",
)


def _lijst(
    model: type[Base],
    velden: tuple[str, ...],
    *where: ColumnElement[bool],
    order: tuple[QueryableAttribute[Any], ...],
) -> list[dict[str, object]]:
    return [
        _rij(o, velden) for o in db.session.scalars(select(model).where(*where).order_by(*order))
    ]


def inzage(persoon: Persoon, *, actor: Actor) -> dict[str, Any]:
    """Everything on ``persoon``, across all aanpakken (art. 15 AVG): the privacy officer."""
    actor = vereis_actor(actor)
    vereis(mag_inzage_geven(actor), "Alleen de privacyfunctionaris kan een inzage opstellen.")
    casussen = db.session.scalars(
        select(Casus).where(Casus.persoon_id == persoon.id).order_by(Casus.aangemeld_op, Casus.id)
    ).all()
    return {
        "persoon": _rij(persoon, PERSOON),
        "politiecontacten": _lijst(
            PolitieContact,
            ("datum", "soort"),
            PolitieContact.persoon_id == persoon.id,
            order=(PolitieContact.datum,),
        ),
        "casussen": [_casus(c) for c in casussen],
        "brp": _brp(persoon.id),
        "signalen": [
            {**_rij(s, SIGNAAL), "documenten": _documenten(Document.signaal_id == s.id)}
            for s in db.session.scalars(
                select(Signaal)
                .where(Signaal.persoon_id == persoon.id)
                .order_by(Signaal.ontvangen_op, Signaal.id)
            )
        ],
        "inzage_in_dossier": _inzagen(persoon.id),
        "ontvangers": {"verstrekkingen": _verstrekkingen(actor, [c.id for c in casussen])},
    }


def _verstrekkingen(actor: Actor, casus_ids: list[int]) -> list[dict[str, Any]]:
    """Every item of the person's cases shared with a partner in a casusoverleg met
    partners (the verstrekkingenregister, casus.partners): when, which case and item,
    to whom, for which purpose and on which basis, and whether it was withdrawn later."""
    return [
        {
            "verstrekt_op": _waarde(v.verstrekt_op),
            "casus": v.casus.ref,
            "item": v.item,
            "organisatie": v.organisatie.naam,
            "ontvanger": v.gebruiker.naam,
            "overleg_datum": _waarde(v.overleg.datum),
            "doel": v.doel,
            "grondslag": v.grondslag,
            "artikel": v.artikel,
            "ingetrokken_op": _waarde(v.ingetrokken_op),
        }
        for v in verstrekkingen_van(actor, casus_ids)
    ]


# the audit records of the person's BRP queries (what was asked, when, for which aanpak
# and purpose); a check made at an aanmelding names the person from its link on
BRP_ACTIES = ("brp.geraadpleegd", "brp.aanmeldcontrole_gekoppeld")
BRP_CONTROLE = ("aanpak", "gecontroleerd_op", "gegevens")
BRP_WIJZIGING = ("casus_id", "soort", "datum", "omschrijving", "gevonden_op", "afgehandeld_op")


def _brp(persoon_id: int) -> dict[str, Any]:
    """What the BRP said about the person and when it was asked (casus.brp)."""
    raadplegingen = db.session.scalars(
        select(AuditRecord)
        .where(AuditRecord.persoon_id == persoon_id, AuditRecord.actie.in_(BRP_ACTIES))
        .order_by(AuditRecord.id)
    ).all()
    return {
        "raadplegingen": [
            {
                "tijdstip": _waarde(r.tijdstip),
                "actie": r.actie,
                "uitkomst": r.uitkomst,
                **(r.details or {}),
            }
            for r in raadplegingen
        ],
        "controles": _lijst(
            BrpControle,
            BRP_CONTROLE,
            BrpControle.persoon_id == persoon_id,
            order=(BrpControle.gecontroleerd_op, BrpControle.id),
        ),
        "signalen": _lijst(
            BrpWijziging,
            BRP_WIJZIGING,
            BrpWijziging.persoon_id == persoon_id,
            order=(BrpWijziging.gevonden_op, BrpWijziging.id),
        ),
    }


def _casus(c: Casus) -> dict[str, Any]:
    return {
        **_rij(c, CASUS),
        "regisseur": c.regisseur.naam if c.regisseur else None,
        "gebeurtenissen": _lijst(
            Gebeurtenis, GEBEURTENIS, Gebeurtenis.casus_id == c.id, order=(Gebeurtenis.volgnummer,)
        ),
        "notities": _lijst(
            Notitie, NOTITIE, Notitie.casus_id == c.id, order=(Notitie.datum, Notitie.id)
        ),
        "interventies": _lijst(
            Interventie,
            INTERVENTIE,
            Interventie.casus_id == c.id,
            order=(Interventie.datum, Interventie.id),
        ),
        "leefgebieden": _lijst(
            Leefgebiedenscore,
            ("datum", *LEEFGEBIEDEN),
            Leefgebiedenscore.casus_id == c.id,
            order=(Leefgebiedenscore.datum, Leefgebiedenscore.id),
        ),
        "documenten": _documenten(Document.casus_id == c.id),
    }


def _documenten(waar: ColumnElement[bool]) -> list[dict[str, Any]]:
    """The documents (title, kind, date, confidentiality, when added) with how many
    versions each has and the latest version's file name and date; the content itself is
    downloaded from the case or signal page."""
    aantal = (
        select(func.count())
        .where(Documentversie.document_id == Document.id)
        .correlate(Document)
        .scalar_subquery()
    )
    rijen = db.session.execute(
        select(Document, aantal).where(waar).order_by(Document.datum, Document.id)
    ).all()
    uitkomst = []
    for document, versies in rijen:
        laatste = db.session.scalars(
            select(Documentversie)
            .where(Documentversie.document_id == document.id)
            .order_by(Documentversie.versie.desc())
            .limit(1)
        ).first()
        uitkomst.append(
            {
                **_rij(document, DOCUMENT),
                "versies": versies,
                "bestandsnaam": laatste.bestandsnaam if laatste else None,
                "laatste_versie_op": _waarde(laatste.geupload_op) if laatste else None,
            }
        )
    return uitkomst


def _inzagen(persoon_id: int) -> list[dict[str, Any]]:
    """Who opened or changed the file (``audit.queries.over_persoon``: case and person
    pages, triage, reassignments, the inzage), counted per user."""
    rijen = db.session.execute(
        select(AuditRecord.gebruikersnaam, func.count(), func.max(AuditRecord.tijdstip))
        .where(over_persoon(persoon_id), AuditRecord.uitkomst == "ok")
        .group_by(AuditRecord.gebruikersnaam)
        .order_by(AuditRecord.gebruikersnaam)
    ).all()
    return [{"gebruiker": g, "aantal": n, "laatst": _waarde(t)} for g, n, t in rijen]


def zoek_personen(actor: Actor, term: str, limiet: int = 50) -> list[Persoon]:
    """Privacy role: find a person by name or BSN across all aanpakken (casus.toegang
    decides who may: the privacy officer only)."""
    query = gevonden_personen(actor, term)
    return [] if query is None else list(db.session.scalars(query.limit(limiet)))


def gevonden_personen(actor: Actor, term: str) -> Select[tuple[Persoon]] | None:
    """The persons ``zoek_personen`` finds, in its order, as one select (for a paged
    list); None for an empty term."""
    actor = vereis_actor(actor)
    vereis(mag_inzage_geven(actor), "Alleen de privacyfunctionaris kan personen opzoeken.")
    term = term.strip()
    if not term:
        return None
    query = inzage_personen(actor)
    if term.isdigit() and len(term) == 9:
        query = query.where(Persoon.bsn == term)
    else:
        # every word in the name, case- and accent-insensitive (casus.zoeken.zoekvorm)
        for woord in zoekvorm(term).split()[:6]:
            query = query.where(Persoon.zoeknaam.like(bevat_patroon(woord), escape=LIKE_ESCAPE))
    return query.order_by(Persoon.achternaam, Persoon.id)

"""The log viewer for the privacy role: filters, CSV export, per person and per user."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from sqlalchemy import select

from casus import navigatie
from casus.audit import log_actie
from casus.audit.forms import AuditFilterForm
from casus.audit.models import UITKOMSTEN, AuditRecord
from casus.audit.queries import (
    INZIEN_ACTIES,
    ongebruikelijke_toegang,
    records_over_persoon,
    zoek_records,
)
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.extensions import db
from casus.labels import audit_actie
from casus.paginering import Lijstpagina, lijstpagina, paginanummer
from casus.personen.models import Persoon
from casus.templating import datum
from casus.toegang.policy import is_privacy
from casus.toegang.rollen import vereist_rol
from workflows.codes import ROL_PRIVACY

bp = Blueprint("audit", __name__, url_prefix="/privacy")
navigatie.menupunt("audit.overzicht", "Auditlog", is_privacy, 80)
KOLOMMEN = (
    "id",
    "tijdstip",
    "gebruikersnaam",
    "gebruiker_id",
    "actie",
    "object_type",
    "object_id",
    "casus_id",
    "persoon_id",
    "aanpak",
    "uitkomst",
    "client_adres",
)
# the readable columns the export adds for people (the codes stay for machines)
LEESBARE_KOLOMMEN = ("omschrijving", "casusnummer")


def _gefilterd() -> tuple[AuditFilterForm, Any]:
    form = AuditFilterForm(request.args)
    form.validate()
    gebruiker_id = None
    if form.gebruiker.data:
        gebruiker_id = (
            db.session.scalar(
                select(Gebruiker.id).where(Gebruiker.gebruikersnaam == form.gebruiker.data.strip())
            )
            or -1
        )
    return form, zoek_records(**form.filters(gebruiker_id))


def _lijst(query: Any) -> Lijstpagina[AuditRecord]:
    return lijstpagina(
        query, paginanummer(request.args.get("pagina")), current_app.config["PAGINA_GROOTTE"]
    )


def _namen(records: list[AuditRecord]) -> dict[str, Any]:
    """What the table shows instead of internal numbers: the case numbers, the persons'
    and the users' names of these records, and the Dutch name of each action."""
    casus_ids = {r.casus_id for r in records if r.casus_id is not None}
    persoon_ids = {r.persoon_id for r in records if r.persoon_id is not None}
    gebruiker_ids = {r.gebruiker_id for r in records if r.gebruiker_id is not None}
    return {
        "casusnummers": dict(
            db.session.execute(select(Casus.id, Casus.ref).where(Casus.id.in_(casus_ids))).all()
        )
        if casus_ids
        else {},
        "personen": {
            p.id: p.volledige_naam
            for p in db.session.scalars(select(Persoon).where(Persoon.id.in_(persoon_ids)))
        }
        if persoon_ids
        else {},
        "gebruikers": dict(
            db.session.execute(
                select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(gebruiker_ids))
            ).all()
        )
        if gebruiker_ids
        else {},
        "actie_label": audit_actie,
    }


@bp.get("/auditlog")
@vereist_rol(ROL_PRIVACY)
def overzicht() -> str:
    form, query = _gefilterd()
    pagina = _lijst(query)
    log_actie("audit.bekeken", details=_filter_details(form))
    return render_template(
        "audit/overzicht.html",
        form=form,
        pagina=pagina,
        uitkomsten=UITKOMSTEN,
        titel="Auditlog",
        **_namen(pagina.items),
    )


@bp.get("/auditlog.csv")
@vereist_rol(ROL_PRIVACY)
def export_csv() -> Response:
    form, query = _gefilterd()
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow((*KOLOMMEN, *LEESBARE_KOLOMMEN))
    aantal = 0
    for deel in db.session.scalars(query.execution_options(yield_per=1000)).partitions():
        nummers = _namen(list(deel))["casusnummers"]
        for r in deel:
            schrijver.writerow(
                [datum(r.tijdstip) if k == "tijdstip" else getattr(r, k) or "" for k in KOLOMMEN]
                + [audit_actie(r.actie), nummers.get(r.casus_id, "")]
            )
            aantal += 1
    log_actie("audit.geexporteerd", details={**_filter_details(form), "records": aantal})
    return Response(
        uit.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=auditlog.csv"},
    )


def _filter_details(form: AuditFilterForm) -> dict[str, Any]:
    return {k: str(v) for k, v in form.data.items() if v not in (None, "")}


@bp.get("/personen/<int:persoon_id>/bekeken")
@vereist_rol(ROL_PRIVACY)
def persoon_bekeken(persoon_id: int) -> str:
    """Wie heeft dit dossier bekeken: every record on the person, one of their cases or
    signals: the case and person pages, the triage screens, reassignments, the inzage."""
    persoon = db.session.get(Persoon, persoon_id)
    log_actie(
        "audit.persoon_bekeken", object_type="persoon", object_id=persoon_id, persoon=persoon_id
    )
    naam = persoon.volledige_naam if persoon else "een onbekende persoon"
    return _inzien_lijst(
        records_over_persoon(persoon_id),
        f"Wie heeft het dossier van {naam} bekeken of bewerkt",
        None,
    )


@bp.get("/gebruikers/<int:gebruiker_id>/geopend")
@vereist_rol(ROL_PRIVACY)
def gebruiker_geopend(gebruiker_id: int) -> str:
    """Wat heeft deze gebruiker geopend."""
    gebruiker = db.session.get(Gebruiker, gebruiker_id)
    log_actie("audit.gebruiker_bekeken", object_type="gebruiker", object_id=gebruiker_id)
    return _inzien_lijst(
        zoek_records(gebruiker_id=gebruiker_id, acties=INZIEN_ACTIES),
        f"Wat heeft {gebruiker.naam if gebruiker else 'een onbekende gebruiker'} geopend",
        None,
    )


def _inzien_lijst(query: Any, titel: str, onderwerp: str | None) -> str:
    pagina = _lijst(query)
    return render_template(
        "audit/lijst.html",
        pagina=pagina,
        uitkomsten=UITKOMSTEN,
        titel=titel,
        onderwerp=onderwerp,
        **_namen(pagina.items),
    )


@bp.get("/signalering")
@vereist_rol(ROL_PRIVACY)
def signalering() -> str:
    drempel = int(current_app.config.get("AUDIT_DREMPEL_PER_UUR", 20))
    return render_template(
        "audit/signalering.html", drempel=drempel, signaleringen=ongebruikelijke_toegang(drempel)
    )

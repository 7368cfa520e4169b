"""The internal screens of a casusoverleg met partners (``/partneroverleggen``): the
list, planning a meeting, and its agenda page, where regisseurs and triage put cases
on the agenda with the items to share, the chair confirms and sends, items are
withdrawn, and afspraken are made and followed (the partners' reports).

Which meetings and cases a user sees is decided in ``casus.toegang``; every change goes
through ``casus.partners.services``. Partner users never get here (they have no team:
404); their own pages are ``casus.partners.partnerviews``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casus import navigatie
from casus.audit import log_actie
from casus.auth.models import Gebruiker
from casus.casussen.models import Casus
from casus.errors import Ongeldig
from casus.extensions import db
from casus.klok import TIJDZONE, nu, vandaag
from casus.paginering import lijstpagina, paginanummer
from casus.partners import (
    AFSPRAAKSTATUSSEN,
    GRONDSLAGSOORTEN,
    ITEMS,
    OVERLEGSOORTEN,
    services,
)
from casus.partners.forms import (
    AfspraakForm,
    AgendaForm,
    ItemsForm,
    KnopForm,
    OverlegForm,
    UitnodigenForm,
)
from casus.partners.models import (
    Afspraak,
    Deelitem,
    Partneragendapunt,
    Partnerorganisatie,
    Partneroverleg,
    Samenwerkingsverband,
    Terugmelding,
)
from casus.templating import datum
from casus.toegang.laden import partneroverleg_of_404
from casus.toegang.policy import (
    heeft_team,
    mag_afspraak_maken,
    mag_item_intrekken,
    mag_op_partneragenda,
    mag_partneroverleg_maken,
    mag_partneroverleg_voorzitten,
    partneroverleg_soorten,
    triage_aanpakken,
    vereis,
)
from casus.toegang.queries import teamleden, zichtbare_casussen, zichtbare_partneroverleggen
from casus.werkplek.formulier import keuzes, verwerk, verwerk_met_melding

bp = Blueprint("partneroverleggen", __name__, url_prefix="/partneroverleggen")
navigatie.menupunt("partneroverleggen.lijst", "Casusoverleg partners", heeft_team, 32)

ORGANISATIE = "organisatie"
REGISSEUR = "regisseur"


@bp.before_request
@login_required
def _alleen_teams() -> None:
    # team members only: a partner user (no team) or a user without a team gets 404
    if not heeft_team(current_user):
        abort(404)


# -- the list and a new meeting -----------------------------------------------------------


@bp.get("/")
def lijst() -> str:
    pagina = lijstpagina(
        zichtbare_partneroverleggen(current_user).order_by(
            Partneroverleg.datum.desc(), Partneroverleg.id.desc()
        ),
        paginanummer(request.args.get("pagina")),
        current_app.config["PAGINA_GROOTTE"],
    )
    return render_template(
        "partners/overleg_lijst.html",
        pagina=pagina,
        mag_maken=mag_partneroverleg_maken(current_user),
        soorten=OVERLEGSOORTEN,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
def nieuw() -> str | Response:
    """Plan a meeting: first the verband (when there are several), then its form with
    the basis prefilled from the verband's first organisation's agreement and its
    partner users to invite."""
    if not mag_partneroverleg_maken(current_user):
        abort(404)
    verbanden = list(db.session.scalars(services.actieve_verbanden()))
    verband = _gekozen_verband(verbanden)
    soorten = partneroverleg_soorten(triage_aanpakken(current_user))
    if verband is None:
        return render_template(
            "partners/overleg_nieuw.html", form=None, verbanden=verbanden, verband=None
        )
    organisaties = list(db.session.scalars(services.actieve_organisaties(verband)))
    eerste = next(iter(organisaties), None)
    form = OverlegForm(
        data={
            "verband": verband.id,
            "datum": vandaag(),
            "soort": soorten[0] if soorten else None,
            "grondslag_soort": eerste.grondslag_soort if eerste else "convenant",
            "grondslag": eerste.grondslag if eerste else "",
            "artikel": eerste.artikel if eerste else "",
        }
    )
    form.verband.choices = keuzes((v.id, v.naam) for v in verbanden)
    form.soort.choices = keuzes((s, OVERLEGSOORTEN[s]) for s in soorten)
    form.deelnemers.choices = _deelnemerkeuzes(verband)
    nieuw_overleg: list[Partneroverleg] = []

    def doe() -> str:
        gekozen = db.session.get(Samenwerkingsverband, form.verband.data or 0)
        nieuw_overleg.append(
            services.maak_overleg(
                actor=current_user,
                verband=gekozen,
                soort=form.soort.data or "",
                datum=form.datum.data,
                doel=form.doel.data,
                grondslag_soort=form.grondslag_soort.data or "",
                grondslag=form.grondslag.data,
                artikel=form.artikel.data,
                deelnemers=_gebruikers(form.deelnemers.data),
            )
        )
        return f"Het casusoverleg van {datum(nieuw_overleg[0].datum, lang=True)} is aangemaakt."

    def terug() -> str:
        if nieuw_overleg:
            return url_for("partneroverleggen.overleg", partneroverleg_id=nieuw_overleg[0].id)
        return url_for("partneroverleggen.lijst")

    return verwerk(form, doe, terug) or render_template(
        "partners/overleg_nieuw.html",
        form=form,
        verbanden=verbanden,
        verband=verband,
        organisaties=organisaties,
    )


# -- the agenda page ------------------------------------------------------------------------


@dataclass
class Punt:
    """One agenda case as the page shows it to this user."""

    punt: Partneragendapunt
    zichtbaar: bool  # the user may see the case (else: only its aanpak and items)
    actief: list[Deelitem]
    ingetrokken: list[Deelitem]
    mag_wijzigen: bool
    mag_intrekken: bool
    mag_afspraak: bool
    itemsform: ItemsForm
    afspraakform: AfspraakForm | None
    afspraken: list[Afspraak] = field(default_factory=list)


@bp.get("/<int:partneroverleg_id>")
def overleg(partneroverleg_id: int) -> str:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    return _toon(overleg, lees=True)


@bp.post("/<int:partneroverleg_id>/deelnemers")
def uitnodigen(partneroverleg_id: int) -> str | Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    form = UitnodigenForm()
    form.deelnemers.choices = _deelnemerkeuzes(overleg.verband, overleg)

    def doe() -> str:
        nieuw = services.nodig_uit(overleg, _gebruikers(form.deelnemers.data), actor=current_user)
        if not nieuw:
            return "Deze partners waren al uitgenodigd."
        namen = ", ".join(g.naam for g in nieuw)
        return f"Uitgenodigd: {namen}."

    return verwerk(form, doe, _pagina(overleg)) or _toon(overleg, uitnodigform=form)


@bp.post("/<int:partneroverleg_id>/agenda")
def agendapunt_toevoegen(partneroverleg_id: int) -> str | Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    form = AgendaForm()

    def doe() -> str:
        casus = db.session.scalar(
            zichtbare_casussen(current_user).where(Casus.met_nummer((form.ref.data or "").strip()))
        )
        if casus is None:
            raise Ongeldig("Geen casus gevonden met dit casusnummer.", "ref")
        services.zet_op_agenda(overleg, casus, form.items.data or [], actor=current_user)
        return (
            f"{casus.ref} staat op de agenda. De voorzitter bevestigt de gekozen gegevens "
            "voordat partners ze zien."
        )

    return verwerk(form, doe, _pagina(overleg)) or _toon(overleg, agendaform=form)


@bp.post("/<int:partneroverleg_id>/punt/<int:punt_id>/items")
def items_wijzigen(partneroverleg_id: int, punt_id: int) -> str | Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    punt = _punt_of_404(overleg, punt_id)
    form = ItemsForm(prefix=_prefix(punt))

    def doe() -> str:
        erbij, eraf = services.wijzig_items(punt, form.items.data or [], actor=current_user)
        delen = []
        if eraf:
            delen.append(f"Ingetrokken: {_opsomming(eraf)}; partners zien deze gegevens niet meer.")
        if erbij:
            delen.append(
                f"Toegevoegd: {_opsomming(erbij)}; de voorzitter bevestigt de casus opnieuw."
            )
        return " ".join(delen) or "Er is niets gewijzigd."

    return verwerk(form, doe, _pagina(overleg, punt)) or _toon(overleg, itemsforms={punt.id: form})


@bp.post("/<int:partneroverleg_id>/punt/<int:punt_id>/bevestigen")
def bevestigen(partneroverleg_id: int, punt_id: int) -> Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    punt = _punt_of_404(overleg, punt_id)
    form = KnopForm()

    def doe() -> str:
        services.bevestig(punt, actor=current_user)
        if overleg.verzonden_op is not None:
            return "Bevestigd. De uitgenodigde partners zien de gekozen gegevens nu."
        return "Bevestigd. Partners zien de gegevens zodra de agenda is verzonden."

    terug = _pagina(overleg, punt)
    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.post("/<int:partneroverleg_id>/item/<int:deelitem_id>/intrekken")
def intrekken(partneroverleg_id: int, deelitem_id: int) -> Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    deelitem = db.session.scalar(
        select(Deelitem)
        .join(Partneragendapunt, Deelitem.agendapunt_id == Partneragendapunt.id)
        .where(Deelitem.id == deelitem_id, Partneragendapunt.overleg_id == overleg.id)
    )
    if deelitem is None:
        abort(404)
    form = KnopForm()

    def doe() -> str:
        services.trek_in(deelitem, actor=current_user)
        return f"{ITEMS[deelitem.item]} is ingetrokken; partners zien het niet meer."

    terug = _pagina(overleg, deelitem.agendapunt)
    return verwerk_met_melding(form, doe, terug, fout_terug=terug)


@bp.route("/<int:partneroverleg_id>/verzenden", methods=["GET", "POST"])
def verzenden(partneroverleg_id: int) -> str | Response:
    """Sending the agenda, in two steps: what will be shared with whom until when, then
    the chair's confirmation."""
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    vereis(
        mag_partneroverleg_voorzitten(current_user, overleg),
        "Alleen de voorzitter van dit overleg kan de agenda verzenden.",
    )
    form = KnopForm()

    def doe() -> str:
        aantal = services.verstuur_agenda(overleg, actor=current_user)
        return (
            f"De agenda is verzonden; {aantal} {'gegeven is' if aantal == 1 else 'gegevens zijn'} "
            f"gedeeld. De partners zien ze tot en met {_laatste_dag(overleg)}."
        )

    antwoord = verwerk(form, doe, _pagina(overleg))
    if antwoord is not None:
        return antwoord
    punten = _punten(overleg)
    bevestigd = [p for p in punten if p.bevestigd_op is not None and any(_actief(p))]
    return render_template(
        "partners/overleg_verzenden.html",
        overleg=overleg,
        form=form,
        bevestigd=bevestigd,
        onbevestigd=[p for p in punten if p not in bevestigd],
        zichtbaar=_zichtbare_casussen([p.casus_id for p in punten]),
        ontvangers=[d for d in overleg.deelnemers if d.actief],
        organisaties=_organisaties(overleg.deelnemers),
        laatste_dag=_laatste_dag(overleg),
        aantal_items=sum(len(_actief(p)) for p in bevestigd),
        items=ITEMS,
    )


@bp.post("/<int:partneroverleg_id>/punt/<int:punt_id>/afspraak")
def afspraak_maken(partneroverleg_id: int, punt_id: int) -> str | Response:
    overleg = partneroverleg_of_404(current_user, partneroverleg_id)
    punt = _punt_of_404(overleg, punt_id)
    form = AfspraakForm(prefix=_prefix(punt))
    form.voor.choices = _voorkeuzes(overleg, punt.casus)

    def doe() -> str:
        organisatie, regisseur = _voor(form.voor.data)
        afspraak = services.maak_afspraak(
            overleg,
            punt.casus,
            omschrijving=form.omschrijving.data,
            organisatie=organisatie,
            regisseur=regisseur,
            uiterlijk=form.uiterlijk.data,
            actor=current_user,
        )
        naam = organisatie.naam if organisatie is not None else regisseur.naam if regisseur else ""
        return f"Afspraak vastgelegd voor {naam}, uiterlijk {datum(afspraak.uiterlijk)}."

    return verwerk(form, doe, _pagina(overleg, punt, "afspraken")) or _toon(
        overleg, afspraakforms={punt.id: form}
    )


# -- internals ------------------------------------------------------------------------------


def _toon(
    overleg: Partneroverleg,
    *,
    lees: bool = False,
    agendaform: AgendaForm | None = None,
    uitnodigform: UitnodigenForm | None = None,
    itemsforms: dict[int, ItemsForm] | None = None,
    afspraakforms: dict[int, AfspraakForm] | None = None,
) -> str:
    """The agenda page; a refused form is shown again as it was sent."""
    punten = _punten(overleg)
    zichtbaar = _zichtbare_casussen([p.casus_id for p in punten])
    voorzitter = mag_partneroverleg_voorzitten(current_user, overleg)
    afspraken: dict[int, list[Afspraak]] = {}
    for afspraak in db.session.scalars(
        select(Afspraak)
        .where(Afspraak.overleg_id == overleg.id)
        .options(
            joinedload(Afspraak.organisatie),
            joinedload(Afspraak.regisseur),
            selectinload(Afspraak.terugmeldingen).joinedload(Terugmelding.gebruiker),
        )
        .order_by(Afspraak.uiterlijk, Afspraak.id)
    ):
        afspraken.setdefault(afspraak.casus_id, []).append(afspraak)
    rijen = []
    for punt in punten:
        casus = punt.casus
        ziet = casus.id in zichtbaar
        mag_afspraak = mag_afspraak_maken(current_user, overleg, casus)
        itemsform = (itemsforms or {}).get(punt.id) or ItemsForm(
            prefix=_prefix(punt), formdata=None, data={"items": [d.item for d in _actief(punt)]}
        )
        afspraakform = None
        if mag_afspraak:
            afspraakform = (afspraakforms or {}).get(punt.id) or AfspraakForm(
                prefix=_prefix(punt), formdata=None
            )
            afspraakform.voor.choices = _voorkeuzes(overleg, casus)
        rijen.append(
            Punt(
                punt=punt,
                zichtbaar=ziet,
                actief=_actief(punt),
                ingetrokken=[d for d in punt.items if d.ingetrokken_op is not None],
                mag_wijzigen=mag_op_partneragenda(current_user, overleg, casus),
                mag_intrekken=mag_item_intrekken(current_user, overleg, casus),
                mag_afspraak=mag_afspraak,
                itemsform=itemsform,
                afspraakform=afspraakform,
                # an afspraak may name the case's details: shown to who sees the case, and
                # to the chair (who may make one on every agenda case)
                afspraken=afspraken.get(casus.id, []) if ziet or voorzitter else [],
            )
        )
    uitnodigform = uitnodigform or UitnodigenForm(formdata=None)
    uitnodigform.deelnemers.choices = _deelnemerkeuzes(overleg.verband, overleg)
    if lees:
        log_actie(
            "partneroverleg.bekeken",
            gebruiker=current_user,
            object_type="partneroverleg",
            object_id=overleg.id,
            details={"overleg_id": overleg.id, "casus_ids": sorted(zichtbaar)},
        )
    venster_open = overleg.inzage_tot is None or nu() < overleg.inzage_tot
    return render_template(
        "partners/overleg.html",
        overleg=overleg,
        punten=rijen,
        voorzitter=voorzitter,
        venster_open=venster_open,
        organisaties=_organisaties(overleg.deelnemers),
        agendaform=agendaform or AgendaForm(formdata=None),
        uitnodigform=uitnodigform,
        knop=lambda: KnopForm(formdata=None),  # each button its own token
        items=ITEMS,
        soorten=OVERLEGSOORTEN,
        grondslagsoorten=GRONDSLAGSOORTEN,
        afspraakstatussen=AFSPRAAKSTATUSSEN,
        laatste_dag=_laatste_dag(overleg),
    )


def _punten(overleg: Partneroverleg) -> list[Partneragendapunt]:
    return list(
        db.session.scalars(
            select(Partneragendapunt)
            .where(Partneragendapunt.overleg_id == overleg.id)
            .options(
                selectinload(Partneragendapunt.items),
                joinedload(Partneragendapunt.casus).joinedload(Casus.persoon),
            )
            .order_by(Partneragendapunt.volgorde)
        ).unique()
    )


def _actief(punt: Partneragendapunt) -> list[Deelitem]:
    volgorde = list(ITEMS)
    return sorted(
        (d for d in punt.items if d.ingetrokken_op is None), key=lambda d: volgorde.index(d.item)
    )


def _zichtbare_casussen(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        db.session.scalars(
            zichtbare_casussen(current_user).with_only_columns(Casus.id).where(Casus.id.in_(ids))
        )
    )


def _punt_of_404(overleg: Partneroverleg, punt_id: int) -> Partneragendapunt:
    punt = db.session.scalar(
        select(Partneragendapunt).where(
            Partneragendapunt.id == punt_id, Partneragendapunt.overleg_id == overleg.id
        )
    )
    if punt is None:
        abort(404)
    return punt


def _prefix(punt: Partneragendapunt) -> str:
    return f"punt{punt.id}"


def _pagina(overleg: Partneroverleg, punt: Partneragendapunt | None = None, deel: str = "") -> str:
    anker = f"#punt-{punt.id}{'-' + deel if deel else ''}" if punt is not None else ""
    return url_for("partneroverleggen.overleg", partneroverleg_id=overleg.id) + anker


def _gekozen_verband(verbanden: list[Samenwerkingsverband]) -> Samenwerkingsverband | None:
    """The verband of the new meeting: the one asked for (query string or the posted
    form), else the only one there is."""
    gevraagd = request.values.get("verband", type=int)
    if gevraagd is not None:
        return next((v for v in verbanden if v.id == gevraagd), None)
    return verbanden[0] if len(verbanden) == 1 else None


def _deelnemerkeuzes(
    verband: Samenwerkingsverband, overleg: Partneroverleg | None = None
) -> list[SelectChoice]:
    al = {d.id for d in overleg.deelnemers} if overleg is not None else set()
    return keuzes(
        (g.id, f"{g.naam} ({o.naam})")
        for g, o in db.session.execute(services.uitnodigbaar(verband)).tuples()
        if g.id not in al
    )


def _gebruikers(ids: list[int] | None) -> list[Gebruiker]:
    gekozen = sorted({int(i) for i in ids or []})
    if not gekozen:
        return []
    return list(db.session.scalars(select(Gebruiker).where(Gebruiker.id.in_(gekozen))))


def _organisaties(deelnemers: list[Gebruiker]) -> dict[int, Partnerorganisatie]:
    ids = {d.partnerorganisatie_id for d in deelnemers if d.partnerorganisatie_id is not None}
    if not ids:
        return {}
    return {
        o.id: o
        for o in db.session.scalars(
            select(Partnerorganisatie).where(Partnerorganisatie.id.in_(ids))
        )
    }


def _voorkeuzes(overleg: Partneroverleg, casus: Casus) -> list[SelectChoice]:
    """Who an afspraak may be for: an invited organisation, or a member of the case's
    team (who may see it)."""
    paren = [("", "Kies een partnerorganisatie of een regisseur")]
    organisaties = sorted(_organisaties(overleg.deelnemers).values(), key=lambda o: o.naam)
    paren += [(f"{ORGANISATIE}:{o.id}", o.naam) for o in organisaties if o.actief]
    paren += [
        (f"{REGISSEUR}:{g.id}", f"{g.naam} (regisseur)")
        for g in db.session.scalars(teamleden([casus.aanpak]))
    ]
    return keuzes(paren)


def _voor(waarde: Any) -> tuple[Partnerorganisatie | None, Gebruiker | None]:
    soort, _, nummer = str(waarde or "").partition(":")
    if not nummer.isdigit():
        raise Ongeldig("Kies een partnerorganisatie of een regisseur.", "voor")
    if soort == ORGANISATIE:
        organisatie = db.session.get(Partnerorganisatie, int(nummer))
        if organisatie is not None:
            return organisatie, None
    if soort == REGISSEUR:
        gebruiker = db.session.get(Gebruiker, int(nummer))
        if gebruiker is not None:
            return None, gebruiker
    raise Ongeldig("Kies een partnerorganisatie of een regisseur.", "voor")


def _opsomming(codes: list[str]) -> str:
    namen = [ITEMS[c].split(" (")[0].lower() for c in codes]
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _laatste_dag(overleg: Partneroverleg) -> str:
    """The last day partners see the items (``inzage_tot`` is the midnight after it)."""
    tot = overleg.inzage_tot or services.inzage_tot(overleg.datum)
    return datum((tot.astimezone(TIJDZONE) - timedelta(seconds=1)).date(), lang=True)

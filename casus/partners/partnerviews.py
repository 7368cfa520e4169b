"""The partner door (blueprint ``partner``, ``/partner``): what a partner user of a
police, OM, Veilig Thuis, ... organisation sees and does.

- ``/partner``: the meetings it is invited to whose window is open ("Mijn
  casusoverleggen");
- ``/partner/overleg/<id>``: a meeting's purpose, legal basis and date, its agenda cases
  with their shared items (read-only) and the actions of its own organisation, each
  with a form to report back;
- ``/partner/overleg/<id>/casus/<casus_id>``: one agenda case's shared items;
- ``/partner/afspraak/<id>/terugmelding`` (POST): a report on an action, the only thing
  a partner user writes.

Everything is loaded through ``casus.toegang`` (``partner_overleg_of_404``,
``partner_items``, ``partner_casus_of_404``, ``partner_afspraak_of_404``): anything
else, and anything before the agenda is sent or after the window, is a 404. Every page
that shows items of a case logs one ``partner.ingezien`` per case shown.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import BooleanField

from casus import navigatie
from casus.audit import log_actie
from casus.casussen.forms import tekstveld
from casus.casussen.models import Casus
from casus.extensions import db
from casus.partners import AFSPRAAKSTATUSSEN, GRONDSLAGSOORTEN, OVERLEGSOORTEN
from casus.partners.models import MAX_TERUGMELDING, Afspraak, Partneroverleg
from casus.partners.terugmelding import meld_terug
from casus.partners.weergave import GedeeldeCasus, gedeelde_casus, zichtbaar_tot
from casus.toegang.laden import (
    partner_afspraak_of_404,
    partner_casus_of_404,
    partner_items,
    partner_overleg_of_404,
)
from casus.toegang.policy import is_partner
from casus.toegang.queries import partner_afspraken, partner_overleggen
from casus.werkplek.formulier import Formulier, verwerk

bp = Blueprint("partner", __name__, url_prefix="/partner")
navigatie.menupunt("partner.overzicht", "Mijn casusoverleggen", is_partner, 10)

INGEZIEN = "partner.ingezien"


@bp.before_request
@login_required
def _alleen_partners() -> None:
    # the partner door is a partner user's only: anyone else gets 404, as for a page
    # that does not exist (an internal user has the internal pages)
    if not is_partner(current_user):
        abort(404)


@bp.context_processor
def _hulpen() -> dict[str, object]:
    return {"zichtbaar_tot": zichtbaar_tot}


class TerugmeldingForm(Formulier):
    onderwerp = "de terugmelding"
    tekst = tekstveld("Uw terugmelding", verplicht=True, max_lengte=MAX_TERUGMELDING)
    gereed = BooleanField("De afspraak is uitgevoerd (gereed)")


def _prefix(afspraak_id: int) -> str:
    return f"terugmelding{afspraak_id}"


@bp.get("")
@login_required
def overzicht() -> str:
    """Mijn casusoverleggen: the meetings in window, soonest first. Names no case."""
    overleggen = db.session.scalars(
        partner_overleggen(current_user).order_by(Partneroverleg.datum, Partneroverleg.id)
    ).all()
    return render_template("partner/overzicht.html", overleggen=overleggen, soorten=OVERLEGSOORTEN)


def _ingezien(overleg: Partneroverleg, casus: Casus, items: list[str]) -> None:
    log_actie(
        INGEZIEN,
        casus=casus,
        details={"overleg_id": overleg.id, "items": list(items)},
    )


def _casussen(overleg: Partneroverleg) -> list[GedeeldeCasus]:
    """The agenda cases with a visible item, in agenda order, each logged as read."""
    items = partner_items(current_user, overleg.id)
    if not items:
        return []
    volgorde = {p.casus_id: p.volgorde for p in overleg.agenda}
    casussen = db.session.scalars(
        select(Casus)
        .where(Casus.id.in_(sorted(items)))
        .options(selectinload(Casus.persoon), selectinload(Casus.regisseur))
    ).all()
    uit = []
    for casus in sorted(casussen, key=lambda c: (volgorde.get(c.id, 0), c.id)):
        _ingezien(overleg, casus, items[casus.id])
        uit.append(gedeelde_casus(casus, items[casus.id], volgorde.get(casus.id)))
    return uit


def _afspraken(overleg: Partneroverleg) -> list[Afspraak]:
    return list(
        db.session.scalars(
            partner_afspraken(current_user)
            .where(Afspraak.overleg_id == overleg.id)
            .options(selectinload(Afspraak.terugmeldingen))
            .order_by(Afspraak.uiterlijk, Afspraak.id)
        )
    )


def _overlegpagina(
    overleg: Partneroverleg, formulieren: dict[int, TerugmeldingForm] | None = None
) -> str:
    casussen = _casussen(overleg)
    afspraken = _afspraken(overleg)
    forms = {a.id: TerugmeldingForm(prefix=_prefix(a.id), formdata=None) for a in afspraken}
    forms.update(formulieren or {})
    return render_template(
        "partner/overleg.html",
        overleg=overleg,
        casussen=casussen,
        afspraken=afspraken,
        per_casus={c.casus_id: c for c in casussen},
        forms=forms,
        soorten=OVERLEGSOORTEN,
        grondslagsoorten=GRONDSLAGSOORTEN,
        afspraakstatussen=AFSPRAAKSTATUSSEN,
    )


@bp.get("/overleg/<int:partneroverleg_id>")
@login_required
def overleg(partneroverleg_id: int) -> str:
    """A meeting: its purpose and basis, the shared items of its cases, and the actions
    of the partner's own organisation."""
    return _overlegpagina(partner_overleg_of_404(current_user, partneroverleg_id))


@bp.get("/overleg/<int:partneroverleg_id>/casus/<int:casus_id>")
@login_required
def casus(partneroverleg_id: int, casus_id: int) -> str:
    """One agenda case: its shared items only."""
    gevonden = partner_overleg_of_404(current_user, partneroverleg_id)
    c, items = partner_casus_of_404(current_user, gevonden.id, casus_id)
    _ingezien(gevonden, c, items)
    volgorde = {p.casus_id: p.volgorde for p in gevonden.agenda}
    return render_template(
        "partner/casus.html",
        overleg=gevonden,
        gedeeld=gedeelde_casus(c, items, volgorde.get(c.id)),
        soorten=OVERLEGSOORTEN,
        grondslagsoorten=GRONDSLAGSOORTEN,
    )


@bp.post("/afspraak/<int:afspraak_id>/terugmelding")
@login_required
def terugmelden(afspraak_id: int) -> Response | tuple[str, int]:
    """Report back on an action of one's own organisation (within the window)."""
    afspraak = partner_afspraak_of_404(current_user, afspraak_id)
    form = TerugmeldingForm(prefix=_prefix(afspraak.id))
    terug = url_for(
        "partner.overleg",
        partneroverleg_id=afspraak.overleg_id,
        _anchor=f"afspraak-{afspraak.id}",
    )

    def doe() -> str:
        meld_terug(afspraak, form.tekst.data or "", bool(form.gereed.data), actor=current_user)
        return "Uw terugmelding is opgeslagen. De regisseur ziet haar in de casus."

    antwoord = verwerk(form, doe, terug)
    if antwoord is not None:
        return antwoord
    # shown again with the messages (reloaded: a refusal rolled the transaction back)
    overleg_ = partner_overleg_of_404(current_user, afspraak.overleg_id)
    return _overlegpagina(overleg_, {afspraak.id: form}), 422

"""Everything the case page shows: header figures, timeline, and its forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casus.auth.models import Gebruiker
from casus.casussen import queries
from casus.casussen.forms import (
    InterventieForm,
    LeefgebiedenForm,
    NotitieForm,
    PolitieContactForm,
    TransitieForm,
    kenmerken_form,
)
from casus.casussen.services import beschikbare_transities, guard_bezwaren
from casus.casussen.validatie import wijken
from casus.extensions import db
from casus.klok import vandaag
from casus.toegang.policy import mag_casus_bewerken
from casus.toegang.queries import team_regisseurs
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS
from workflows.base import VEREIST_DOEL_AANPAK

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.werkplek.formulier import Formulier


@dataclass(frozen=True)
class TransitieKeuze:
    trigger: str
    label: str
    vereist: tuple[str, ...]
    form: TransitieForm
    bezwaren: list[tuple[str, list[str]]]  # (reason label, what is missing)


def dagen_in_aanpak(casus: Casus) -> int | None:
    if casus.opname_op is None:
        return None
    tot = casus.afgesloten_op or vandaag()
    return (tot - casus.opname_op).days


def regisseurs(aanpak: str) -> list[Gebruiker]:
    return list(db.session.scalars(team_regisseurs([aanpak])))


def transitie_form(casus: Casus, trigger: str, formdata: Any = None) -> TransitieForm:
    """The form for one status change, with its reasons and choices filled in."""
    definitie = casus.definitie
    form = TransitieForm(formdata=formdata, prefix=trigger, versie=str(casus.versie))
    form.reden.choices = keuzes(
        [("", "Kies een reden")] + [(r.code, r.label) for r in definitie.redenen_voor(trigger)]
    )
    if trigger == "triageren":
        form.regisseur.choices = keuzes(
            [("", "Kies een regisseur")] + [(str(g.id), g.naam) for g in regisseurs(casus.aanpak)]
        )
    transitie = definitie.transitie(trigger)
    if transitie is not None and VEREIST_DOEL_AANPAK in transitie.vereist:
        form.doel_aanpak.choices = keuzes(
            [("", "Kies een aanpak")]
            + [(a.code, a.kort) for a in CATALOGUS if a.code != casus.aanpak]
        )
    return form


def transitie_keuzes(
    casus: Casus, gebruiker: Gebruiker, ingediend: TransitieForm | None = None
) -> list[TransitieKeuze]:
    definitie = casus.definitie
    keuzes = []
    for trigger in beschikbare_transities(casus, actor=gebruiker):
        transitie = definitie.transitie(trigger)
        assert transitie is not None
        form = (
            ingediend
            if ingediend is not None and ingediend._prefix == f"{trigger}-"
            else transitie_form(casus, trigger, formdata=None)
        )
        bezwaren = [
            (r.label, b)
            for r in definitie.redenen_voor(trigger)
            if (b := guard_bezwaren(casus, trigger, r.code, vandaag()))
        ]
        keuzes.append(TransitieKeuze(trigger, transitie.label, transitie.vereist, form, bezwaren))
    return keuzes


def context(casus: Casus, gebruiker: Gebruiker, **ingediend: Formulier) -> dict[str, Any]:
    """Template context; ``ingediend`` holds a refused form to show again, filled in."""
    bewerkbaar = mag_casus_bewerken(gebruiker, casus)
    forms: dict[str, Any] = {}
    if bewerkbaar:
        kform = kenmerken_form(casus.definitie, wijken())
        forms = {
            "notitie": NotitieForm(formdata=None, prefix="notitie"),
            "interventie": InterventieForm(formdata=None, prefix="interventie"),
            "politiecontact": PolitieContactForm(formdata=None, prefix="politiecontact"),
            "leefgebieden": LeefgebiedenForm(formdata=None, prefix="leefgebieden"),
            "kenmerken": kform(
                formdata=None,
                prefix="kenmerken",
                versie=str(casus.versie),
                **(casus.kenmerken or {}),
            ),
        }
        forms.update({k: v for k, v in ingediend.items() if k != "transitie"})
    transitie = ingediend.get("transitie")
    keuzes = transitie_keuzes(casus, gebruiker, transitie)  # type: ignore[arg-type]
    fouten_boven: list[str] = []
    if transitie is not None and not any(k.form is transitie for k in keuzes):
        # a move that is not (or no longer) available: say why above the page
        fouten_boven = list(transitie.form_errors) + [e for veld in transitie for e in veld.errors]
    return {
        "casus": casus,
        "bewerkbaar": bewerkbaar,
        "dagen_in_aanpak": dagen_in_aanpak(casus),
        "tijdlijn": queries.tijdlijn(casus),
        "leefgebieden": queries.leefgebieden_tabel(casus),
        "transities": keuzes,
        "fouten_boven": fouten_boven,
        "forms": forms,
    }

"""Everything the case page and its status step show: header figures, the timeline (one
page of it), the quick-entry forms, and the moves of the status step with what each
will do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casus.auth.models import Gebruiker
from casus.brp.forms import BrpAfhandelForm
from casus.brp.services import wijzigingen_van
from casus.casussen import queries, stapregels
from casus.casussen.forms import (
    InterventieForm,
    LeefgebiedenForm,
    NotitieForm,
    PolitieContactForm,
    TransitieForm,
    kenmerken_form,
)
from casus.casussen.projectie import statusgebeurtenissen
from casus.casussen.services import beschikbare_transities, conflict_bericht, guard_bezwaren
from casus.casussen.validatie import wijken
from casus.extensions import db
from casus.klok import vandaag
from casus.partners import register as partnerregister
from casus.toegang.policy import kan_regisseur_zijn, mag_casus_bewerken
from casus.toegang.queries import team_regisseurs
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS
from workflows.base import EINDSTATUSSEN, STATUS_LABELS, VEREIST_DOEL_AANPAK

if TYPE_CHECKING:
    from casus.casussen.models import Casus
    from casus.documenten.forms import DocumentForm, VersieForm
    from casus.werkplek.formulier import Formulier

# the quick-entry forms of the case page, in the order shown: (name, its heading);
# the name is the form's prefix, its section's anchor and its POST route
VASTLEGGEN: tuple[tuple[str, str], ...] = (
    ("notitie", "Notitie of contactmoment"),
    ("interventie", "Interventie"),
    ("politiecontact", "Politie- of justitiecontact"),
    ("leefgebieden", "Leefgebieden scoren"),
    ("kenmerken", "Kenmerken"),
)
# the sections a saved form returns to (the status step returns to the summary, a
# document's forms to the documents section: casus.documenten.views)
SECTIES = frozenset({naam for naam, _ in VASTLEGGEN} | {"status", "documenten"})


@dataclass(frozen=True)
class Statusstap:
    """One move of the status step, with what it will do."""

    trigger: str
    label: str
    naar_status: str  # the new status's Dutch label
    vereist: tuple[str, ...]
    sluit_af: bool  # ends the case (afsluiten, niet opnemen, overdragen): toelichting
    omzetten: bool  # moves the case to another aanpak

    @property
    def knop(self) -> str:
        """What the confirmation button says it does."""
        return f"Casus {self.label[0].lower()}{self.label[1:]}"


@dataclass(frozen=True)
class Oordeel:
    """The guards' verdict on a move: for each reason (or for the move itself, reason
    None), what is missing; empty: allowed."""

    reden: str | None  # the reason's label
    bezwaren: list[str]


def dagen_in_aanpak(casus: Casus) -> int | None:
    if casus.opname_op is None:
        return None
    tot = casus.afgesloten_op or vandaag()
    return (tot - casus.opname_op).days


def regisseurs(aanpak: str) -> list[Gebruiker]:
    return list(db.session.scalars(team_regisseurs([aanpak])))


def statusstap(casus: Casus, trigger: str) -> Statusstap | None:
    transitie = casus.definitie.transitie(trigger)
    if transitie is None:
        return None
    return Statusstap(
        trigger,
        transitie.label,
        STATUS_LABELS[transitie.doel],
        transitie.vereist,
        transitie.doel in EINDSTATUSSEN,
        VEREIST_DOEL_AANPAK in transitie.vereist,
    )


def statusstappen(casus: Casus, gebruiker: Gebruiker) -> list[Statusstap]:
    """The moves this user may make on this case now."""
    stappen = (statusstap(casus, t) for t in beschikbare_transities(casus, actor=gebruiker))
    return [s for s in stappen if s is not None]


def oordelen(casus: Casus, trigger: str) -> list[Oordeel]:
    """The guards' verdict on ``trigger`` today, per reason (the move's own when it
    has no reasons)."""
    redenen = casus.definitie.redenen_voor(trigger)
    if not redenen:
        return [Oordeel(None, guard_bezwaren(casus, trigger, None, vandaag()))]
    return [Oordeel(r.label, guard_bezwaren(casus, trigger, r.code, vandaag())) for r in redenen]


def _stapfouten(casus: Casus, trigger: str, form: TransitieForm) -> list[tuple[str, str]]:
    """The step's errors that need the case (the rules of ``stapregels``, the guards),
    as the service would find them, for every field at once."""
    datum = form.datum.data or vandaag()
    regisseur = (
        db.session.get(Gebruiker, int(form.regisseur.data))
        if (form.regisseur.data or "").isdigit()
        else None
    )
    reden = (form.reden.data or "").strip() or None
    events = statusgebeurtenissen(casus.gebeurtenissen)
    fouten = stapregels.controleer_stap(
        aanpak=casus.aanpak,
        status=casus.status,
        trigger=trigger,
        datum=datum,
        vorige_datum=events[-1].datum if events else None,
        vandaag=vandaag(),
        reden=reden,
        partij=(form.partij.data or "").strip() or None,
        doel_aanpak=form.doel_aanpak.data or None,
        heeft_persoon=casus.persoon_id is not None,
        regisseur=None if regisseur is None else regisseur.naam,
        regisseur_in_team=regisseur is not None and kan_regisseur_zijn(regisseur, casus.aanpak),
    )
    paren = [(f.veld, f.bericht) for f in fouten]
    if form.versie.data and form.versie_int() != casus.versie:
        paren.append(("", conflict_bericht()))  # someone else changed the case meanwhile
    if not fouten and stapregels.transitie_voor(casus.aanpak, casus.status, trigger):
        bezwaren = guard_bezwaren(casus, trigger, reden, datum)
        if bezwaren:
            paren.append((stapregels.VELD_REDEN, " ".join(bezwaren)))
    return paren


def transitie_form(casus: Casus, trigger: str, formdata: Any = None) -> TransitieForm:
    """The form for one status change, with its reasons and choices filled in; a move
    that ends the case requires a toelichting; submitted, it names every error of the
    step at once."""
    definitie = casus.definitie
    form = TransitieForm(formdata=formdata, prefix=trigger, versie=str(casus.versie))
    form.reden.choices = keuzes(
        [("", "Kies een reden")] + [(r.code, r.label) for r in definitie.redenen_voor(trigger)]
    )
    if trigger == stapregels.TRIAGEREN:
        form.regisseur.choices = keuzes(
            [("", "Kies een regisseur")] + [(str(g.id), g.naam) for g in regisseurs(casus.aanpak)]
        )
    transitie = definitie.transitie(trigger)
    if transitie is not None and VEREIST_DOEL_AANPAK in transitie.vereist:
        form.doel_aanpak.choices = keuzes(
            [("", "Kies een aanpak")]
            + [(a.code, a.kort) for a in CATALOGUS if a.code != casus.aanpak]
        )
    if transitie is not None and transitie.doel in EINDSTATUSSEN:
        form.vereis_toelichting()
    form.stapcontrole = lambda f: _stapfouten(casus, trigger, f)
    return form


def status_context(
    casus: Casus,
    gebruiker: Gebruiker,
    trigger: str | None = None,
    ingediend: TransitieForm | None = None,
) -> dict[str, Any]:
    """The status step: the moves, and for the chosen one (``trigger``) what it will do
    and its form (``ingediend``: refused, shown again filled in)."""
    stappen = statusstappen(casus, gebruiker)
    gekozen = next((s for s in stappen if s.trigger == trigger), None)
    fouten_boven: list[str] = []
    if ingediend is not None and gekozen is None:
        # a move that is not (or no longer) available: say why above the page
        fouten_boven = list(ingediend.form_errors) + [e for veld in ingediend for e in veld.errors]
    form = None
    if gekozen is not None:
        form = ingediend if ingediend is not None else transitie_form(casus, gekozen.trigger)
    return {
        "casus": casus,
        "stappen": stappen,
        "gekozen": gekozen,
        "oordelen": oordelen(casus, gekozen.trigger) if gekozen is not None else [],
        "form": form,
        "fouten_boven": fouten_boven,
        "onbekende_stap": trigger is not None and gekozen is None and ingediend is None,
    }


def context(
    casus: Casus,
    gebruiker: Gebruiker,
    *,
    soortfilter: str = "",
    pagina: int = 1,
    sectie: str | None = None,
    meldingen: list[tuple[str, str]] | None = None,
    documentform: DocumentForm | None = None,
    versieform: tuple[int, VersieForm] | None = None,
    **ingediend: Formulier,
) -> dict[str, Any]:
    """Template context of the case page; ``ingediend`` holds a refused form to show
    again, filled in (its section open); ``sectie`` is the section a saved form returns
    to, with ``meldingen`` (the flashed messages) shown there. ``documentform`` and
    ``versieform`` (document id, form): a refused form of the documents section."""
    from casus.documenten.views import sectie as documentsectie

    bewerkbaar = mag_casus_bewerken(gebruiker, casus)
    # one read of the case's signals from the BRP: the timeline and the open ones' banner
    brp_wijzigingen = wijzigingen_van(gebruiker, casus)
    # one read of what was shared with partners, per meeting, with the afspraken and the
    # partners' reports (also lines of the timeline)
    gedeeld = partnerregister.casus_deling(gebruiker, casus)
    documenten = documentsectie(
        gebruiker,
        casus=casus,
        documentform=documentform,
        versieform=versieform,
        meldingen=meldingen if sectie == "documenten" else None,
    )
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
        forms.update(ingediend)
    geweigerd = next(iter(ingediend), None)
    return {
        "casus": casus,
        "bewerkbaar": bewerkbaar,
        "dagen_in_aanpak": dagen_in_aanpak(casus),
        "tijdlijn": queries.tijdlijnpagina(
            # the documents' latest versions from the section's list (loaded already)
            queries.tijdlijn(
                casus,
                brp_wijzigingen,
                documenten=[
                    (d, d.laatste_versie)
                    for d in documenten.documenten
                    if d.laatste_versie is not None
                ],
                terugmeldingen=partnerregister.terugmeldingen(gedeeld),
            ),
            soortfilter,
            pagina,
        ),
        # the signals from the BRP not handled yet: a banner near the top, each with its
        # button (only for who may work on the case)
        "brp_signalen": [w for w in brp_wijzigingen if w.afgehandeld_op is None],
        "brp_afhandelen": BrpAfhandelForm(formdata=None) if bewerkbaar else None,
        "tijdlijn_filters": queries.TIJDLIJN_FILTERS,
        "gedeeld": gedeeld,
        "itemlabel": partnerregister.itemlabel,
        "leefgebieden": queries.leefgebieden_tabel(casus),
        "statusstappen": statusstappen(casus, gebruiker),
        "vastleggen": [
            (naam, kop)
            for naam, kop in VASTLEGGEN
            if naam != "politiecontact" or casus.persoon_id is not None
        ],
        # the open section: the refused form's, else the one saved, else the note's
        "open_sectie": geweigerd
        or (sectie if sectie in {naam for naam, _ in VASTLEGGEN} else None)
        or "notitie",
        "sectie": sectie,
        "meldingen": meldingen or [],
        "forms": forms,
        "documenten": documenten,
    }

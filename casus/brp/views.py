"""The BRP on the screens: the lookup at the aanmelding (what the BRP says next to what
was typed), the refresh and the take-over on the person page, and the handling of a
signal on the case page.

The lookup at the aanmelding re-renders the aanmelding page with the form as typed: it
is no change of the aanmelding, so it claims no form token (registering still uses it);
it commits once, the query's audit record and the stored check. The other routes go
through ``casus.werkplek.formulier.verwerk``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from casus.brp import BRP_FOUTEN, HANDMATIG, BrpPersoon, Raadpleging
from casus.brp import services as brp
from casus.brp.forms import BrpAfhandelForm, BrpOvernemenForm, BrpVerversForm
from casus.brp.models import OVERLEDEN, BrpControle, BrpWijziging
from casus.casussen import aanmelding
from casus.casussen.forms import AanmeldingForm
from casus.extensions import db
from casus.klok import TIJDZONE
from casus.personen.models import Persoon, bsn_geldig
from casus.templating import MAANDEN, datum
from casus.toegang import casus_of_404, persoon_of_404
from casus.werkplek.formulier import eerste_fout, keuzes, verwerk, verwerk_met_melding
from workflows import CATALOGUS

bp = Blueprint("brp", __name__)

BSN_NODIG = "Vul het BSN in om de persoon in de BRP op te zoeken."


def tijdstip_lang(moment: datetime) -> str:
    """A moment as a Dutch reader writes it: 3 december 2026 om 14:05."""
    lokaal = moment.astimezone(TIJDZONE)
    return f"{lokaal.day} {MAANDEN[lokaal.month - 1]} {lokaal.year} om {lokaal:%H:%M}"


@bp.app_template_filter("brp_signaal")
def signaaltekst(wijziging: BrpWijziging) -> str:
    """What a signal from the BRP says, after "Uit de BRP: ": "verhuisd naar een andere
    gemeente (ingeschreven in 's-Gravenhage)", "overleden op 3 december 2026"."""
    omschrijving = wijziging.omschrijving[:1].lower() + wijziging.omschrijving[1:]
    if wijziging.soort == OVERLEDEN:
        return omschrijving
    return f"verhuisd naar een andere gemeente ({omschrijving})"


@bp.app_template_filter("brp_dag")
def dag_lang(moment: datetime) -> str:
    """The day of a moment, in words: 3 december 2026."""
    return datum(moment.astimezone(TIJDZONE).date(), lang=True)


# -- comparing what was typed or stored with what the BRP says ---------------------------


def _vergelijkvorm(waarde: str | None) -> str:
    """A value as compared: case, commas and runs of spaces do not count."""
    return " ".join((waarde or "").replace(",", " ").split()).casefold()


def _tekst(waarde: object) -> str:
    if waarde is None or waarde == "":
        return ""
    if isinstance(waarde, date):
        return datum(waarde, lang=True)
    return str(waarde)


@dataclass
class Vergelijkingsregel:
    """One row of a comparison: a data item, its value here (typed, or in the case
    system) and in the BRP. ``veld``: the form field a BRP value can be copied into."""

    gegeven: str
    hier: str
    brp: str
    wijkt_af: bool = False
    uit_brp: bool = False  # filled in from the BRP (an empty typed field)
    veld: str | None = None
    brp_waarde: str = ""  # the value as the form field takes it


def _regel(
    gegeven: str,
    hier: object,
    volgens_brp: object,
    veld: str | None = None,
    brp_waarde: str = "",
) -> Vergelijkingsregel:
    hier_tekst, brp_tekst = _tekst(hier), _tekst(volgens_brp)
    if isinstance(hier, date) or isinstance(volgens_brp, date):
        verschilt = hier != volgens_brp
    else:
        verschilt = _vergelijkvorm(hier_tekst) != _vergelijkvorm(brp_tekst)
    return Vergelijkingsregel(
        gegeven,
        hier_tekst,
        brp_tekst,
        wijkt_af=bool(hier_tekst and brp_tekst and verschilt),
        veld=veld,
        brp_waarde=brp_waarde or brp_tekst,
    )


def gezag_tekst(persoon: BrpPersoon) -> str:
    return "; ".join(
        f"{g.soort}: {' en '.join(g.gezaghouders)}" if g.gezaghouders else g.soort
        for g in persoon.gezag
    )


def _brp_regels(persoon: BrpPersoon) -> list[Vergelijkingsregel]:
    """What only the BRP says (nothing to compare with): custody, death, municipality."""
    regels = []
    if persoon.gemeente_naam:
        regels.append(Vergelijkingsregel("Gemeente van inschrijving", "", persoon.gemeente_naam))
    if persoon.gezag:
        regels.append(Vergelijkingsregel("Gezag", "", gezag_tekst(persoon)))
    if persoon.overleden_op:
        regels.append(
            Vergelijkingsregel(
                "Overlijden", "", f"Overleden op {datum(persoon.overleden_op, True)}"
            )
        )
    return regels


@dataclass
class Aanmeldpaneel:
    """What the aanmelding shows after a lookup: what the BRP said next to what was
    typed, or why it said nothing."""

    raadpleging: Raadpleging
    regels: list[Vergelijkingsregel] = field(default_factory=list)

    @property
    def melding(self) -> str | None:
        return self.raadpleging.melding

    @property
    def handmatig(self) -> str:
        return HANDMATIG

    @property
    def afwijkingen(self) -> int:
        return sum(r.wijkt_af for r in self.regels)

    @property
    def ingevuld(self) -> int:
        return sum(r.uit_brp for r in self.regels)


def _vul_in(veld: object, waarde: str | date | None) -> bool:
    """Fill an empty text or date field of the form with the BRP's value."""
    getypt = " ".join(getattr(veld, "raw_data", None) or []).strip()
    if waarde is None or waarde == "" or getypt or getattr(veld, "data", None) not in (None, ""):
        return False
    veld.data = waarde  # type: ignore[attr-defined]
    # a date field shows what was typed (raw_data) before its value
    veld.raw_data = [waarde.isoformat() if isinstance(waarde, date) else waarde]  # type: ignore[attr-defined]
    return True


def aanmeldpaneel(form: AanmeldingForm, raadpleging: Raadpleging) -> Aanmeldpaneel:
    """The comparison of the typed person with the BRP's; empty fields are filled in from
    the BRP, a typed value that differs stays as typed."""
    persoon = raadpleging.persoon
    if persoon is None:
        return Aanmeldpaneel(raadpleging)
    paren: list[tuple[str, str, str | date | None]] = [
        ("Voornamen", "voornaam", persoon.voornamen),
        ("Voorvoegsel", "tussenvoegsel", persoon.voorvoegsel),
        ("Geslachtsnaam", "achternaam", persoon.geslachtsnaam),
        ("Geboortedatum", "geboortedatum", persoon.geboortedatum),
        ("Adres", "adres", persoon.adres),
    ]
    regels = []
    for gegeven, naam, volgens_brp in paren:
        veld = form[naam]
        getypt = veld.data
        if isinstance(getypt, str):
            getypt = getypt.strip()
        uit_brp = _vul_in(veld, volgens_brp)
        regel = _regel(
            gegeven,
            getypt,
            volgens_brp,
            veld=veld.id,
            brp_waarde=volgens_brp.isoformat() if isinstance(volgens_brp, date) else "",
        )
        regel.uit_brp = uit_brp
        if getypt or volgens_brp:
            regels.append(regel)
    return Aanmeldpaneel(raadpleging, regels + _brp_regels(persoon))


@bp.post("/aanmelding/<aanpak>/brp")
@login_required
def opzoeken(aanpak: str) -> tuple[str, int]:
    """'Opzoeken in de BRP' on the aanmelding: the whole form comes along, so nothing
    typed is lost; the page comes back with what the BRP says next to it."""
    definitie = aanmelding.aanpak_of_404(aanpak)
    form = aanmelding.formulier(definitie, ingediend=True)
    bsn = (form.bsn.data or "").strip()
    if not bsn or not bsn_geldig(bsn):
        form.bsn.errors = [BRP_FOUTEN["ongeldig_bsn"] if bsn else BSN_NODIG]
        return aanmelding.toon(definitie, form, 422)
    form.bsn.data = bsn
    controle = brp.raadpleeg_bij_aanmelding(current_user, aanpak, bsn)
    form.brp_sleutel.data = controle.sleutel or ""
    paneel = aanmeldpaneel(form, controle.raadpleging)
    antwoord = aanmelding.toon(definitie, form, brp_paneel=paneel)
    db.session.commit()  # the request's one commit: the query's audit record and the check
    return antwoord


# -- the person page ------------------------------------------------------------------


@dataclass
class Brpoverzicht:
    """The latest check of a person for one aanpak, compared with the person's record."""

    aanpak: str
    controle: BrpControle | None
    regels: list[Vergelijkingsregel]
    overnemen: BrpOvernemenForm | None

    @property
    def doel(self) -> str:
        return CATALOGUS.get(self.aanpak).kort if self.aanpak in CATALOGUS else self.aanpak

    @property
    def geboortedatum_wijkt_af(self) -> bool:
        return any(r.gegeven == "Geboortedatum" and r.wijkt_af for r in self.regels)

    @property
    def afwijkingen(self) -> int:
        return sum(r.wijkt_af for r in self.regels)


def persoonsvergelijking(persoon: Persoon, volgens_brp: BrpPersoon) -> list[Vergelijkingsregel]:
    paren: list[tuple[str, object, object]] = [
        ("Voornamen", persoon.voornaam, volgens_brp.voornamen),
        ("Voorvoegsel", persoon.tussenvoegsel, volgens_brp.voorvoegsel),
        ("Geslachtsnaam", persoon.achternaam, volgens_brp.geslachtsnaam),
        ("Geboortedatum", persoon.geboortedatum, volgens_brp.geboortedatum),
        ("Adres", persoon.adres, volgens_brp.adres),
    ]
    regels = [_regel(gegeven, hier, daar) for gegeven, hier, daar in paren if hier or daar]
    return regels + _brp_regels(volgens_brp)


def brp_sectie(persoon: Persoon) -> dict[str, object] | None:
    """The BRP section of the person page: per aanpak where this user may refresh the
    person, the latest check compared with the record, and the refresh form; None when
    there is no such aanpak (no section at all)."""
    aanpakken = brp.brp_aanpakken(current_user, persoon)
    if not aanpakken:
        return None
    controles = {c.aanpak: c for c in brp.laatste_controles(current_user, persoon)}
    overzichten = []
    for aanpak in aanpakken:
        controle = controles.get(aanpak)
        regels: list[Vergelijkingsregel] = []
        overnemen = None
        if controle is not None:
            regels = persoonsvergelijking(persoon, BrpPersoon.uit_dict(controle.gegevens))
            overnemen = BrpOvernemenForm(formdata=None, controle_id=str(controle.id))
        overzichten.append(Brpoverzicht(aanpak, controle, regels, overnemen))
    verversen = BrpVerversForm(formdata=None, prefix="brp")
    verversen.aanpak.choices = keuzes([(a, CATALOGUS.get(a).kort) for a in aanpakken])
    return {"overzichten": overzichten, "verversen": verversen, "aanpakken": aanpakken}


def _naar_sectie(persoon_id: int) -> str:
    return url_for("personen.persoon", persoon_id=persoon_id, sectie="brp", _anchor="brp")


def verversmelding(verversing: brp.Verversing) -> str:
    """What the refresh says: found (and what changed), or why not."""
    r = verversing.raadpleging
    if r.fout is not None:
        return r.melding or ""
    delen = ["De gegevens zijn opgevraagd bij de BRP."]
    for w in verversing.wijzigingen:
        soort = "overlijden" if w.soort == OVERLEDEN else "verhuizing"
        delen.append(f"Signaal ({soort}): {w.omschrijving}. Het staat bij de casus.")
    return " ".join(delen)


@bp.post("/persoon/<int:persoon_id>/brp")
@login_required
def ververs(persoon_id: int) -> Response:
    """'Gegevens opnieuw opvragen bij de BRP' on the person page."""
    persoon = persoon_of_404(persoon_id, gebruiker=current_user)
    # no aanpak to query for: the form finds no choice and says so
    aanpakken = brp.brp_aanpakken(current_user, persoon)
    form = BrpVerversForm(prefix="brp")
    form.aanpak.choices = keuzes([(a, CATALOGUS.get(a).kort) for a in aanpakken])
    terug = _naar_sectie(persoon.id)

    def doe() -> None:
        verversing = brp.ververs_persoon(current_user, persoon, form.aanpak.data)
        # a failure of the BRP is no success: shown as an error (the query is logged)
        fout = verversing.raadpleging.fout is not None
        flash(verversmelding(verversing), "fout" if fout else "succes")

    antwoord = verwerk(form, doe, terug)
    if antwoord is None:
        flash(eerste_fout(form), "fout")
        return redirect(terug)
    return antwoord


NAAMVELDEN = frozenset({"Voornaam", "Tussenvoegsel", "Achternaam"})


def overnamemelding(velden: list[str]) -> str:
    """'Naam en adres bijgewerkt uit de BRP.' (the name's parts together as "naam");
    nothing changed: it says so."""
    if not velden:
        return "De gegevens waren al gelijk aan de BRP."
    namen: list[str] = []
    for veld in velden:
        naam = "naam" if veld in NAAMVELDEN else veld.lower()
        if naam not in namen:
            namen.append(naam)
    zin = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
    return f"{zin[:1].upper()}{zin[1:]} bijgewerkt uit de BRP."


@bp.post("/persoon/<int:persoon_id>/brp/overnemen")
@login_required
def neem_over(persoon_id: int) -> Response:
    """'Gegevens uit de BRP overnemen': the person's record takes the stored check's
    name and address (never the birth date)."""
    persoon = persoon_of_404(persoon_id, gebruiker=current_user)
    form = BrpOvernemenForm()
    terug = _naar_sectie(persoon.id)

    def doe() -> str:
        velden = brp.neem_gegevens_over(current_user, persoon, int(form.controle_id.data))
        return overnamemelding(velden)

    return verwerk_met_melding(form, doe, terug, terug)


# -- the case page ----------------------------------------------------------------------


@bp.post("/casus/<int:casus_id>/brp-signalen/<int:wijziging_id>/afgehandeld")
@login_required
def handel_af(casus_id: int, wijziging_id: int) -> Response:
    """'Afgehandeld' on a signal from the BRP on the case page."""
    casus = casus_of_404(casus_id, gebruiker=current_user)
    if all(w.id != wijziging_id for w in brp.wijzigingen_van(current_user, casus)):
        abort(404)  # a signal of another case, or none: the URL names no such object
    form = BrpAfhandelForm()
    terug = url_for("casussen.casus", casus_id=casus.id, sectie="status", _anchor="status")

    def doe() -> str:
        brp.handel_wijziging_af(current_user, casus, wijziging_id)
        return "Het signaal uit de BRP is afgehandeld."

    return verwerk_met_melding(form, doe, terug, terug)

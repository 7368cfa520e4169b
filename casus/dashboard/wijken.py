"""The dashboard per wijk (issue 24): cases and signals per wijk, absolute and per 1,000
inhabitants, against the previous period; on a map where a GeoJSON file is configured,
always as a ranked chart and as a table with every number.

What is counted (docs/wijken.md):

- **Instroom**: cases taken into the aanpak (``triageren``) in the period, the report's
  ``nieuw``; **lopend**: cases in the aanpak on the period's last day, the report's
  ``lopend_einde``. Both from ``casusstand`` exactly as the report counts them
  (``uit_casusstand.groepen_per_periode``: the period and the previous one in one
  statement), by the case's aanpak on the period's end and its current wijk.
- **Signalen**: signals received (``ontvangen_op``) in the period, by their wijk; the
  period and the previous one in one GROUP BY.
- **Per 1,000 inhabitants**: the count times 1,000 divided by the wijk's inhabitants
  (``WIJK_INWONERS``), rounded to one decimal (a half up); "onbekend" without a number.
- **The previous period**: the half-year, quarter or year before a chosen one; before a
  free range the same number of days directly before it. The change is the absolute
  difference of the counts.

Managers only (the blueprint answers 404 to everyone else); counts only, never a case,
a person or a name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app, render_template, request
from flask.blueprints import BlueprintSetupState
from sqlalchemy import case, func, select
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from casus import labels
from casus.casussen.validatie import wijken as gemeentewijken
from casus.dashboard import bp
from casus.dashboard.kaart import (
    Kaartwijk,
    Staaf,
    Wijkvorm,
    kaart_svg,
    komma,
    lees_geojson,
    per_duizend,
    staven_svg,
)
from casus.extensions import db
from casus.formulieren import Basisformulier
from casus.klok import vandaag
from casus.rapportage import uit_casusstand
from casus.rapportage.export import periode_naam
from casus.rapportage.forms import periode_keuzes
from casus.rapportage.periode import (
    HALFJAAR,
    JAAR,
    KWARTAAL,
    Periode,
    aangepast,
    halfjaar,
    kwartaal,
    laatste_halfjaar,
    uit_label,
)
from casus.signalen.models import Signaal
from casus.templating import datum, getal
from casus.werkplek.formulier import keuzes
from workflows import CATALOGUS
from workflows.base import AFSLUITSTATUSSEN, ZOETERMEER_WIJKEN

# Zoetermeer's inhabitants per wijk, rounded (the default with the default WIJKEN: the
# demo's); a municipality sets its own in WIJK_INWONERS
ZOETERMEER_INWONERS = {
    "Bedrijventerreinen": 350,
    "Buytenwegh": 11_400,
    "De Leyens": 10_100,
    "Dorp": 6_900,
    "Driemanspolder": 5_600,
    "Meerzicht": 15_900,
    "Noordhove": 8_300,
    "Oosterheem": 20_800,
    "Palenstein": 10_700,
    "Rokkeveen": 14_500,
    "Seghwaert": 12_600,
    "Stadshart": 6_800,
}
# the demo's schematic map of Zoetermeer (the default with the default WIJKEN)
ZOETERMEER_GEOJSON = Path(__file__).resolve().parent.parent / "static/geo/zoetermeer-wijken.geojson"
KAART = "wijkkaart"  # app.extensions: the shapes by wijk, or None (no map)

MATEN = {
    "lopend": "Lopende casussen aan het eind",
    "nieuw": "Instroom (nieuw opgenomen)",
    "signalen": "Signalen ontvangen",
}
ZONDER_WIJK = "Wijk onbekend"


# -- settings, checked when the application starts -----------------------------------------


def lees_inwoners(waarde: object, wijken: tuple[str, ...]) -> dict[str, int]:
    """``WIJK_INWONERS`` ("Wijk=aantal,Wijk=aantal" or a dict) as a dict, or a ValueError
    with a Dutch message: every name a wijk of ``wijken``, once, every number a whole
    number above 0. Wijken left out have no number (their rate is "onbekend")."""
    if isinstance(waarde, dict):
        paren = [(str(k), v) for k, v in waarde.items()]
    elif isinstance(waarde, str):
        paren = []
        for deel in (d.strip() for d in waarde.split(",")):
            if not deel:
                continue
            naam, is_, aantal = deel.partition("=")
            if not is_:
                raise ValueError(
                    f"WIJK_INWONERS: '{deel}' heeft niet de vorm Wijk=aantal "
                    "(bijvoorbeeld Meerzicht=15900)."
                )
            paren.append((naam, aantal))
    else:
        raise ValueError("WIJK_INWONERS moet de vorm 'Wijk=aantal,Wijk=aantal' hebben.")
    uit: dict[str, int] = {}
    for naam, aantal in paren:
        naam = naam.strip()
        if naam not in wijken:
            raise ValueError(
                f"WIJK_INWONERS: '{naam}' is geen wijk van de gemeente (de instelling WIJKEN)."
            )
        if naam in uit:
            raise ValueError(f"WIJK_INWONERS: de wijk '{naam}' staat er twee keer in.")
        tekst = str(aantal).strip().replace(".", "").replace("_", "")
        if isinstance(aantal, bool) or not tekst.isdigit() or int(tekst) <= 0:
            raise ValueError(
                f"WIJK_INWONERS: het aantal inwoners van {naam} moet een heel getal boven "
                f"0 zijn, niet '{aantal}'."
            )
        uit[naam] = int(tekst)
    return uit


@bp.record_once
def _controleer_wijkinstellingen(state: BlueprintSetupState) -> None:
    """Refuse to start with inhabitants or a map that do not fit the wijken. Without
    WIJKEN (Zoetermeer's) the unset settings take Zoetermeer's numbers and the demo's
    schematic map."""
    config = state.app.config
    eigen_wijken = bool(config.get("WIJKEN"))
    wijken = tuple(config.get("WIJKEN") or ZOETERMEER_WIJKEN)
    inwoners = config.get("WIJK_INWONERS")
    pad = config.get("WIJKEN_GEOJSON")
    if pad is None and not eigen_wijken:
        pad = str(ZOETERMEER_GEOJSON)
    try:
        config["WIJK_INWONERS"] = (
            lees_inwoners(inwoners, wijken)
            if inwoners is not None
            else ({} if eigen_wijken else dict(ZOETERMEER_INWONERS))
        )
        naam = str(config.get("WIJKEN_GEOJSON_NAAM") or "naam")
        state.app.extensions[KAART] = lees_geojson(pad, naam, wijken) if pad else None
    except ValueError as fout:
        raise RuntimeError(str(fout)) from None
    config["WIJKEN_GEOJSON"] = pad or ""


# -- the period ---------------------------------------------------------------------------


def vorige_periode(p: Periode) -> Periode:
    """The period directly before ``p``: the previous half-year, quarter or year for a
    labelled one, else the same number of days before ``p.van``."""
    if m := HALFJAAR.fullmatch(p.label):
        jaar, helft = int(m[1]), int(m[2])
        return halfjaar(jaar, 1) if helft == 2 else halfjaar(jaar - 1, 2)
    if m := KWARTAAL.fullmatch(p.label):
        jaar, k = int(m[1]), int(m[2])
        return kwartaal(jaar, k - 1) if k > 1 else kwartaal(jaar - 1, 4)
    if JAAR.fullmatch(p.label):
        return uit_label(str(int(p.label) - 1))
    dagen = (p.tot_en_met - p.van).days + 1
    tem = p.van - timedelta(days=1)
    return aangepast(tem - timedelta(days=dagen - 1), tem)


class WijkenForm(Basisformulier):
    """The page's choices: a GET form (it changes nothing, so it is made without CSRF)."""

    class Meta:
        csrf = False

    periode = SelectField("Periode", validators=[Optional()])
    van = DateField("Of vanaf", validators=[Optional()])
    tot_en_met = DateField("tot en met", validators=[Optional()])
    aanpak = SelectField("Aanpak", validators=[Optional()])
    maat = SelectField("Op de kaart en in de grafiek", choices=keuzes(MATEN), default="lopend")

    def __init__(self, *args: Any, vandaag: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        self.periode.choices = keuzes(
            [("", "Het laatste afgeronde halfjaar"), *periode_keuzes(vandaag)]
        )
        self.aanpak.choices = keuzes(
            [("", "Alle aanpakken"), *((c, labels.aanpak(c)) for c in CATALOGUS.codes())]
        )

    def validate(self, extra_validators: Any = None) -> bool:
        goed = bool(super().validate(extra_validators))
        van, tem = self.van.data, self.tot_en_met.data
        if self.van.errors or self.tot_en_met.errors:
            return False
        if (van is None) != (tem is None):
            leeg = self.van if van is None else self.tot_en_met
            leeg.errors = [*leeg.errors, "Vul ook deze datum in, of laat beide datums leeg."]
            return False
        if van is not None and tem is not None and tem < van:
            self.tot_en_met.errors = [
                *self.tot_en_met.errors,
                "De einddatum ligt vóór de begindatum.",
            ]
            return False
        return goed

    def gekozen(self) -> Periode:
        """The chosen period (after ``validate``): a free range, a label, or the last
        completed half-year."""
        if self.van.data is not None and self.tot_en_met.data is not None:
            return aangepast(self.van.data, self.tot_en_met.data)
        if self.periode.data:
            return uit_label(self.periode.data)
        return laatste_halfjaar(self.vandaag)


# -- the counts -------------------------------------------------------------------------------


def casussen_per_wijk(
    perioden: list[Periode], aanpak: str | None
) -> list[dict[str | None, Counter[str]]]:
    """Per period, per wijk (None: none known): ``nieuw`` and ``lopend`` of ``aanpak``
    (None: all), counted as the report counts them (UitAfgeleid._tel_groepen), all
    periods in one statement."""
    uit: list[dict[str | None, Counter[str]]] = []
    for groepen in uit_casusstand.groepen_per_periode(
        [(p.van, p.tot_en_met) for p in perioden], met_kenmerken=True
    ):
        per_wijk: dict[str | None, Counter[str]] = {}
        for g in groepen:
            if g.aanpak not in CATALOGUS or (aanpak is not None and g.aanpak != aanpak):
                continue
            tellers = per_wijk.setdefault(g.kenmerken.get("wijk"), Counter())
            tellers["nieuw"] += g.opgenomen - g.opgenomen_voor
            if g.status not in AFSLUITSTATUSSEN:
                tellers["lopend"] += g.opgenomen
        uit.append(per_wijk)
    return uit


def signaal_aanpakken() -> list[str]:
    return [a.code for a in CATALOGUS if a.signaal_themas]


def signalen_per_wijk(
    nu: Periode, vorig: Periode, aanpak: str | None
) -> tuple[Counter[str | None], Counter[str | None]]:
    """Signals received per wijk in ``nu`` and in ``vorig`` (directly before it), of
    ``aanpak`` (None: every aanpak that takes signals, as the report counts them), in
    one GROUP BY."""
    s = Signaal
    deel = select(case((s.ontvangen_op >= nu.van, 1), else_=0).label("nu"), s.aanpak, s.wijk)
    deel = deel.where(s.ontvangen_op.between(vorig.van, nu.tot_en_met))
    if aanpak is not None:
        deel = deel.where(s.aanpak == aanpak)
    d = deel.subquery()
    stmt = select(d.c.nu, d.c.aanpak, d.c.wijk, func.count()).group_by(d.c.nu, d.c.aanpak, d.c.wijk)
    aanpakken = set(signaal_aanpakken())
    deze: Counter[str | None] = Counter()
    vorige: Counter[str | None] = Counter()
    for is_nu, code, wijk, n in db.session.execute(stmt).tuples():
        if code in aanpakken:
            (deze if is_nu else vorige)[wijk] += int(n)
    return deze, vorige


# -- the page's figures ---------------------------------------------------------------------


def verschil_tekst(nu: int, vorig: int) -> str:
    """The change against the previous period in words: "3 meer", "2 minder", "gelijk"."""
    if nu > vorig:
        return f"{getal(nu - vorig)} meer"
    if nu < vorig:
        return f"{getal(vorig - nu)} minder"
    return "gelijk"


@dataclass
class Wijkrij:
    """One wijk's figures (``naam`` None: the cases and signals without a known wijk)."""

    naam: str | None
    inwoners: int | None
    nu: Counter[str] = field(default_factory=Counter)
    vorig: Counter[str] = field(default_factory=Counter)

    @property
    def kop(self) -> str:
        return self.naam or ZONDER_WIJK

    def per_duizend(self, maat: str) -> Decimal | None:
        return per_duizend(self.nu[maat], self.inwoners)

    def cel(self, maat: str) -> dict[str, str]:
        return {
            "aantal": getal(self.nu[maat]),
            "per_duizend": komma(self.per_duizend(maat)) if self.naam else "—",
            "vorig": getal(self.vorig[maat]),
            "verschil": verschil_tekst(self.nu[maat], self.vorig[maat]),
        }


@dataclass
class Wijkcijfers:
    periode: Periode
    vorige: Periode
    aanpak: str | None
    rijen: list[Wijkrij]  # every wijk of the municipality, in its order
    zonder_wijk: Wijkrij
    totaal: Wijkrij
    met_signalen: bool


def wijkcijfers(p: Periode, aanpak: str | None) -> Wijkcijfers:
    """Every figure of the page: two statements for the cases and the signals."""
    vorige = vorige_periode(p)
    inwoners: dict[str, int] = current_app.config.get("WIJK_INWONERS") or {}
    wijken = gemeentewijken()
    rijen = {w: Wijkrij(w, inwoners.get(w)) for w in wijken}
    zonder = Wijkrij(None, None)
    # the municipality's rate only when every wijk has its number of inhabitants
    alle = all(w in inwoners for w in wijken)
    totaal = Wijkrij("Totaal", sum(inwoners[w] for w in wijken) if alle else None)
    met_signalen = aanpak is None or aanpak in signaal_aanpakken()
    nu_c, vorig_c = casussen_per_wijk([p, vorige], aanpak)
    nu_s, vorig_s = signalen_per_wijk(p, vorige, aanpak) if met_signalen else (Counter(), Counter())
    for bron, attribuut in ((nu_c, "nu"), (vorig_c, "vorig")):
        for wijk, tellers in bron.items():
            rij = rijen.get(wijk or "", zonder)
            getattr(rij, attribuut).update(tellers)
    for signalen, attribuut in ((nu_s, "nu"), (vorig_s, "vorig")):
        for wijk, n in signalen.items():
            rij = rijen.get(wijk or "", zonder)
            getattr(rij, attribuut)["signalen"] += n
    for rij in [*rijen.values(), zonder]:
        totaal.nu.update(rij.nu)
        totaal.vorig.update(rij.vorig)
    return Wijkcijfers(p, vorige, aanpak, list(rijen.values()), zonder, totaal, met_signalen)


def _waarde(rij: Wijkrij, maat: str, per_1000: bool) -> Decimal | None:
    return rij.per_duizend(maat) if per_1000 else Decimal(rij.nu[maat])


def _waardetekst(rij: Wijkrij, maat: str, per_1000: bool) -> str:
    if not per_1000:
        return getal(rij.nu[maat])
    return komma(rij.per_duizend(maat))


def _per_duizend_erbij(rij: Wijkrij, maat: str, per_1000: bool) -> str:
    if not per_1000:
        return ""
    waarde = rij.per_duizend(maat)
    return " (per 1.000 onbekend)" if waarde is None else f" ({komma(waarde)} per 1.000)"


def grafieken(c: Wijkcijfers, maat: str) -> dict[str, Any]:
    """The map (when configured) and the ranked chart of ``maat``: per 1,000 inhabitants
    when any wijk has a number of inhabitants, else the counts."""
    per_1000 = any(r.inwoners for r in c.rijen)
    eenheid = "per 1.000 inwoners" if per_1000 else "aantal"
    maatnaam = MATEN[maat].lower() if maat != "lopend" else "lopende casussen aan het eind"
    titel = f"{MATEN[maat]} per wijk, {eenheid}"
    staven = [
        Staaf(
            r.kop,
            _waarde(r, maat, per_1000),
            f"{getal(r.nu[maat])}{_per_duizend_erbij(r, maat, per_1000)}, "
            f"{verschil_tekst(r.nu[maat], r.vorig[maat])}",
        )
        for r in c.rijen
    ]
    uit: dict[str, Any] = {
        "titel": titel,
        "eenheid": eenheid,
        "staven": staven_svg(
            staven,
            titel=titel,
            beschrijving=f"De wijken gerangschikt naar {maatnaam} {eenheid}, de hoogste "
            "bovenaan; achter elke wijk het aantal en het verschil met de vorige periode. "
            "Alle getallen staan ook in de tabel.",
        ),
        "kaart": None,
        "niet_op_kaart": [],
    }
    vormen: dict[str, Wijkvorm] | None = current_app.extensions.get(KAART)
    if vormen:
        uit["kaart"] = kaart_svg(
            vormen,
            [
                Kaartwijk(r.kop, _waarde(r, maat, per_1000), _waardetekst(r, maat, per_1000))
                for r in c.rijen
            ],
            titel=f"Kaart: {titel}",
            beschrijving=f"Elke wijk is gevuld met de arcering van haar klasse ({eenheid}); "
            "onder de naam staat het getal. Alle getallen staan ook in de tabel.",
            eenheid=eenheid,
        )
        uit["niet_op_kaart"] = [r.kop for r in c.rijen if r.kop not in vormen]
    return uit


# -- the page ----------------------------------------------------------------------------------


def _benoemd(p: Periode) -> bool:
    """Whether the period has a name (a half-year, quarter or year), not just dates."""
    return any(patroon.fullmatch(p.label) for patroon in (HALFJAAR, KWARTAAL, JAAR))


def _naam(p: Periode) -> str:
    """ "eerste halfjaar 2025" for a named period; a free range by its dates in words."""
    if _benoemd(p):
        return periode_naam(p.naar_json())
    return f"{datum(p.van, True)} tot en met {datum(p.tot_en_met, True)}"


@bp.get("/wijken")
def wijken() -> str:
    form = WijkenForm(request.args, vandaag=vandaag())
    if not form.validate():
        return render_template("dashboard/wijken.html", form=form, c=None)
    p = form.gekozen()
    aanpak = form.aanpak.data or None
    maat = form.maat.data or "lopend"
    c = wijkcijfers(p, aanpak)
    if maat == "signalen" and not c.met_signalen:
        maat = form.maat.data = "lopend"
    return render_template(
        "dashboard/wijken.html",
        form=form,
        c=c,
        maat=maat,
        maten=MATEN,
        g=grafieken(c, maat),
        aanpak_naam=labels.aanpak(aanpak) if aanpak else "Alle aanpakken",
        periode_naam=_naam(p),
        vorige_naam=_naam(c.vorige),
        periode_benoemd=_benoemd(p),
        vorige_benoemd=_benoemd(c.vorige),
        geen_inwoners=[r.kop for r in c.rijen if r.inwoners is None],
    )

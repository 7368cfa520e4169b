"""The dashboard page: the report's figures over time, per aanpak or for all together.

Managers only (the blueprint answers 404 to everyone else). The figures come from
``casus.dashboard.reeks`` (the report's counting, every bucket at once); this module
only turns them into charts and tables. Counts only: nothing here reads a person, a
case or a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import render_template, request
from markupsafe import Markup

from casus import labels
from casus.dashboard import bp
from casus.dashboard.forms import DashboardForm
from casus.dashboard.grafieken import Asvak, Serie, legenda_teken, lijnen, staven
from casus.dashboard.reeks import (
    INDELINGEN,
    INDICATOR_AANPAK,
    KENGETALLEN,
    Reeks,
    indicatoren_van,
    kengetallen,
    reeks,
    signalen_van,
)
from casus.klok import vandaag
from workflows.codes import SIGNAAL_BRONNEN

# the effect indicators by the names the report gives them (casus.rapportage.export)
INDICATOR_NAMEN = {
    "ipta_succesvol_afgesloten": "IPTA succesvol afgesloten",
    "pga_jeugd_politiecontacten": "Politiecontacten PGA Jeugd",
    "ondermijning_signalen": "Signalen ondermijning",
    "emo_signalen": "Signalen extremisme (PGA-R)",
    "ondermijning_oplossingspercentage": "Oplossingspercentage ondermijning",
    "pga_r_afgeschaald": "PGA-R afgeschaald",
}
EEN_JAAR_EERDER = "Een jaar eerder"
_ENKELVOUD = {"maand": "maand", "kwartaal": "kwartaal", "halfjaar": "halfjaar", "jaar": "jaar"}


def getal(w: Any) -> str:
    """A figure as shown: a dash for none, a decimal comma."""
    if w is None:
        return "—"
    if isinstance(w, bool):
        return "Ja" if w else "Nee"
    if isinstance(w, float):
        return f"{w:.1f}".replace(".", ",")
    return str(w)


@dataclass
class Blok:
    """One chart with its legend and its numbers as a table (rows: the buckets, or
    ``rijkoppen`` when given)."""

    kenmerk: str
    titel: str
    svg: Markup
    legenda: list[tuple[Markup, str]]
    kolommen: list[str]
    rijen: list[tuple[str, list[str]]]
    toelichting: str = ""
    extra: list[str] = field(default_factory=list)


def _asvakken(r: Reeks) -> list[Asvak]:
    return [Asvak(v.as_boven + ("*" if v.ingekort else ""), v.as_onder, v.naam) for v in r.vakken]


def _lijnblok(
    r: Reeks,
    kenmerk: str,
    titel: str,
    series: Sequence[Serie],
    *,
    extra_kolommen: Sequence[tuple[str, Sequence[Any]]] = (),
    toelichting: str = "",
    **opties: Any,
) -> Blok:
    return Blok(
        kenmerk=kenmerk,
        titel=titel,
        svg=lijnen(kenmerk, titel, _asvakken(r), series, **opties),
        legenda=[(legenda_teken(i), s.label) for i, s in enumerate(series)]
        if len(series) > 1 or opties.get("norm") is not None
        else [],
        kolommen=[s.label for s in series] + [k for k, _ in extra_kolommen],
        rijen=[
            (
                v.naam,
                [getal(s.waarden[i]) for s in series] + [getal(k[i]) for _, k in extra_kolommen],
            )
            for i, v in enumerate(r.vakken)
        ],
        toelichting=toelichting,
    )


def _kengetalblokken(r: Reeks, aanpak: str | None) -> list[Blok]:
    rijen = kengetallen(r, aanpak)

    def serie(sleutel: str) -> Serie:
        return Serie(KENGETALLEN[sleutel], [rij[sleutel] for rij in rijen])

    return [
        _lijnblok(
            r,
            "stroom",
            "Instroom en uitstroom",
            [serie("nieuw"), serie("afgesloten"), serie("positief")],
            extra_kolommen=[(KENGETALLEN["aanmeldingen"], [rij["aanmeldingen"] for rij in rijen])],
            toelichting="Instroom: casussen opgenomen in de aanpak in de periode. Uitstroom: "
            "casussen afgesloten in de periode (succesvol, niet succesvol of overgedragen); "
            "positief: afgesloten met een reden die als positief geldt.",
        ),
        _lijnblok(
            r,
            "lopend",
            "Lopend en in de wacht",
            [serie("lopend_einde"), serie("in_de_wacht_einde")],
            toelichting="Casussen in de aanpak op de laatste dag van de periode, en "
            "daarvan de casussen die dan in de wacht staan.",
        ),
        _lijnblok(
            r,
            "doorlooptijd",
            "Doorlooptijd (mediaan in dagen)",
            [Serie("Mediaan in dagen", [rij["doorlooptijd"] for rij in rijen])],
            extra_kolommen=[("Aantal afgesloten", [rij["doorlooptijd_n"] for rij in rijen])],
            toelichting="Het middelste aantal dagen van opname tot afsluiting van de casussen "
            "die in de periode zijn afgesloten"
            + (
                ", van alle aanpakken samen (een mediaan is niet op te tellen: hij is berekend "
                "over alle afgesloten casussen samen)."
                if aanpak is None
                else "."
            )
            + " Geen waarde: in die periode is niets afgesloten.",
        ),
    ]


def _indicatorblokken(r: Reeks, aanpak: str | None) -> list[Blok]:
    blokken = []
    for sleutel in indicatoren_van(aanpak):
        naam = INDICATOR_NAMEN[sleutel]
        waarden = [ind[sleutel] for ind in r.indicatoren]
        kenmerk = f"ind-{sleutel}"
        if sleutel in ("ipta_succesvol_afgesloten", "pga_r_afgeschaald"):
            blokken.append(_lijnblok(r, kenmerk, naam, [Serie("Aantal", waarden)]))
        elif sleutel == "pga_jeugd_politiecontacten":
            blokken.append(
                _lijnblok(
                    r,
                    kenmerk,
                    naam,
                    [
                        Serie("Deze periode", [w["periode"] for w in waarden]),
                        Serie(EEN_JAAR_EERDER, [w["vergelijking"] for w in waarden]),
                    ],
                    extra_kolommen=[("Verschil %", [w["verschil_procent"] for w in waarden])],
                    toelichting="Negatieve politiecontacten van de jongeren in de aanpak, in de "
                    "periode en in dezelfde periode een jaar eerder; het doel is minder.",
                )
            )
        elif sleutel in ("ondermijning_signalen", "emo_signalen"):
            blokken.append(
                _lijnblok(
                    r,
                    kenmerk,
                    naam,
                    [
                        Serie("Deze periode", [w["periode"] for w in waarden]),
                        Serie(EEN_JAAR_EERDER + " (norm)", [w["vergelijking"] for w in waarden]),
                    ],
                    extra_kolommen=[("Norm gehaald", [w["gehaald"] for w in waarden])],
                    toelichting="Norm: minstens zoveel signalen als in dezelfde periode een "
                    "jaar eerder.",
                )
            )
        else:  # the solution percentage against its fixed norm
            norm = waarden[0]["norm"] if waarden else 0
            blokken.append(
                _lijnblok(
                    r,
                    kenmerk,
                    naam,
                    [Serie("Oplossingspercentage", [float(w["waarde"]) for w in waarden])],
                    extra_kolommen=[
                        ("Norm", [f"{w['norm']}%" for w in waarden]),
                        ("Norm gehaald", [w["gehaald"] for w in waarden]),
                    ],
                    norm=norm,
                    norm_label=f"norm {norm}%",
                    eenheid="%",
                    toelichting=f"Succesvol afgesloten als deel van alle casussen in de aanpak; "
                    f"de norm is {norm}%.",
                )
            )
    return blokken


def _signaalblokken(r: Reeks, aanpak: str | None) -> list[Blok]:
    per_vak = signalen_van(r, aanpak)
    if per_vak is None:
        return []
    bronnen = list(SIGNAAL_BRONNEN)
    blokken = [
        _lijnblok(
            r,
            "sig-bron",
            "Signalen per bron",
            [Serie(labels.bron(b), [s["per_bron"][b] for s in per_vak]) for b in bronnen],
            extra_kolommen=[("Totaal", [s["totaal"] for s in per_vak])],
        )
    ]
    themas = list(per_vak[0]["per_thema"]) if per_vak else []

    def themanaam(sleutel: tuple[str, str]) -> str:
        code, thema = sleutel
        naam = labels.thema(thema, code)
        return naam if aanpak else f"{labels.aanpak(code)}: {naam}"

    totalen = sorted(
        ((themanaam(t), sum(s["per_thema"][t] for s in per_vak)) for t in themas),
        key=lambda kv: (-kv[1], kv[0]),
    )
    titel = "Signalen per thema, de hele periode"
    blokken.append(
        Blok(
            kenmerk="sig-thema",
            titel=titel,
            svg=staven("sig-thema", titel, totalen),
            legenda=[],
            kolommen=[v.naam for v in r.vakken] + ["Totaal"],
            rijen=[
                (
                    themanaam(t),
                    [getal(s["per_thema"][t]) for s in per_vak]
                    + [getal(sum(s["per_thema"][t] for s in per_vak))],
                )
                for t in themas
            ],
            toelichting="Het aantal ontvangen signalen per thema over de hele gekozen "
            "periode, het grootste eerst; de tabel geeft ze per periode.",
        )
    )
    return blokken


@bp.get("/")
def index() -> str:
    form = DashboardForm(request.args, vandaag=vandaag())
    if not form.validate():
        return render_template("dashboard/index.html", form=form, r=None)
    van, tem = form.periode()
    form.van.data, form.tot_en_met.data = van, tem  # the form shows the period shown
    aanpak = form.aanpak.data or None
    r = reeks(van, tem, form.indeling.data)
    ingekort = [v for v in r.vakken if v.ingekort]
    return render_template(
        "dashboard/index.html",
        form=form,
        r=r,
        van=van,
        tem=tem,
        aanpak_naam=labels.aanpak(aanpak) if aanpak else "Alle aanpakken",
        indeling=INDELINGEN[form.indeling.data].lower(),
        ingekort=ingekort,
        eenheid=_ENKELVOUD[form.indeling.data],
        kengetalblokken=_kengetalblokken(r, aanpak),
        indicatorblokken=_indicatorblokken(r, aanpak),
        signaalblokken=_signaalblokken(r, aanpak),
        heeft_indicatoren=any(a == aanpak for a in INDICATOR_AANPAK.values()) or aanpak is None,
    )

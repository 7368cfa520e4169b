"""The report as tables (sections), and those tables as CSV, XLSX and Markdown."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from casus.rapportage.services import procent
from workflows import CATALOGUS
from workflows.base import STATUS_LABELS
from workflows.codes import INTERVENTIE_TYPES

KENGETALLEN = {
    "aanmeldingen": "Aanmeldingen",
    "niet_opgenomen": "Niet opgenomen",
    "lopend_begin": "Lopend bij begin",
    "nieuw": "Nieuw opgenomen",
    "totaal": "In de aanpak (totaal)",
    "afgesloten": "Afgesloten",
    "positief": "Positief afgesloten",
    "lopend_einde": "Lopend bij einde",
    "in_de_wacht_einde": "In de wacht bij einde",
}


@dataclass(frozen=True)
class Sectie:
    titel: str
    kop: tuple[str, ...]
    rijen: list[tuple[Any, ...]]


def verschil(nu: int, toen: int) -> tuple[int, float | None]:
    """Absolute change and change in % (None when the comparison is 0)."""
    return nu - toen, (procent(nu - toen, toen) if toen else None)


def _kort(code: str) -> str:
    return CATALOGUS.get(code).kort if code in CATALOGUS else code


def secties(r: dict[str, Any]) -> list[Sectie]:
    aanpak_rijen, reden_rijen = [], []
    for code, c in r["aanpakken"].items():
        v = c["vergelijking"]
        for sleutel, label in KENGETALLEN.items():
            aanpak_rijen.append(
                (_kort(code), label, c[sleutel], v[sleutel], *verschil(c[sleutel], v[sleutel]))
            )
        for status, redenen in c["afgesloten_per_reden"].items():
            for reden, n in redenen.items():
                toen = v["afgesloten_per_reden"].get(status, {}).get(reden, 0)
                reden_rijen.append((_kort(code), STATUS_LABELS[status], reden, n, toen))
    signaal_rijen = [
        (_kort(code), indeling, waarde, n, s["vergelijking"][f"per_{indeling}"].get(waarde, 0))
        for code, s in r["signalen"].items()
        for indeling in ("bron", "thema")
        for waarde, n in s[f"per_{indeling}"].items()
    ] + [
        (_kort(code), "totaal", "", s["totaal"], s["vergelijking"]["totaal"])
        for code, s in r["signalen"].items()
    ]
    w = r["woonoverlast"]
    woon_rijen = (
        [("Woningtype", k, n) for k, n in w["lopend_einde_per_woningtype"].items()]
        + [("Wijk", k, n) for k, n in w["lopend_einde_per_wijk"].items()]
        + [
            ("Corporatie per soort", k, n)
            for k, n in w["lopend_einde_corporatie_per_soort"].items()
        ]
        + [
            ("Totaal", "zorgwoonoverlast", w["zorgwoonoverlast"]),
            ("Totaal", "leefbaarheidswoonoverlast", w["leefbaarheidswoonoverlast"]),
        ]
    )
    o = r["ondermijning"]
    ond_rijen = [("Herkomst", k, n) for k, n in o["per_herkomst"].items()] + [
        ("Oplossingspercentage", "%", o["oplossingspercentage"])
    ]
    interventie_rijen = [
        (INTERVENTIE_TYPES.get(t, t), i["totaal"], i["personen"], i["minderjarig"])
        for t, i in r["interventies"].items()
    ]
    return [
        Sectie(
            "Aanpakken",
            ("Aanpak", "Kengetal", "Periode", "Vergelijking", "Verschil", "Verschil %"),
            aanpak_rijen,
        ),
        Sectie(
            "Afsluitredenen", ("Aanpak", "Status", "Reden", "Periode", "Vergelijking"), reden_rijen
        ),
        Sectie(
            "Signalen", ("Aanpak", "Indeling", "Waarde", "Periode", "Vergelijking"), signaal_rijen
        ),
        Sectie("Ondermijning", ("Onderdeel", "Waarde", "Aantal"), ond_rijen),
        Sectie("Woonoverlast", ("Onderdeel", "Waarde", "Lopend bij einde"), woon_rijen),
        Sectie("Interventies", ("Type", "Totaal", "Personen", "Minderjarig"), interventie_rijen),
        Sectie(
            "Indicatoren",
            ("Indicator", "Waarde", "Vergelijking of norm", "Gehaald"),
            indicator_rijen(r["indicatoren"]),
        ),
    ]


def indicator_rijen(ind: dict[str, Any]) -> list[tuple[Any, ...]]:
    def ja_nee(w: bool | None) -> str:
        return "" if w is None else ("ja" if w else "nee")

    pc = ind["pga_jeugd_politiecontacten"]
    opl = ind["ondermijning_oplossingspercentage"]
    return [
        ("IPTA succesvol afgesloten", ind["ipta_succesvol_afgesloten"], "", ""),
        ("Politiecontacten PGA Jeugd", pc["periode"], pc["vergelijking"], ""),
        (
            "Signalen ondermijning",
            ind["ondermijning_signalen"]["periode"],
            ind["ondermijning_signalen"]["vergelijking"],
            ja_nee(ind["ondermijning_signalen"]["gehaald"]),
        ),
        (
            "Signalen extremisme (PGA-R)",
            ind["emo_signalen"]["periode"],
            ind["emo_signalen"]["vergelijking"],
            ja_nee(ind["emo_signalen"]["gehaald"]),
        ),
        ("Oplossingspercentage ondermijning", opl["waarde"], opl["norm"], ja_nee(opl["gehaald"])),
        ("PGA-R afgeschaald", ind["pga_r_afgeschaald"], "", ""),
    ]


def _kop(r: dict[str, Any]) -> str:
    p, v = r["periode"], r["vergelijkingsperiode"]
    return (
        f"Rapportage {p['label']} ({p['van']} t/m {p['tot_en_met']}), "
        f"vergeleken met {v['label']} ({v['van']} t/m {v['tot_en_met']})"
    )


def csv_tekst(r: dict[str, Any]) -> str:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    for sectie in secties(r):
        schrijver.writerow(("Sectie", *sectie.kop))
        for rij in sectie.rijen:
            schrijver.writerow((sectie.titel, *("" if x is None else x for x in rij)))
        schrijver.writerow(())
    return uit.getvalue()


def markdown(r: dict[str, Any]) -> str:
    regels = [f"# {_kop(r)}", ""]
    for sectie in secties(r):
        regels += [
            f"## {sectie.titel}",
            "",
            "| " + " | ".join(sectie.kop) + " |",
            "|" + "---|" * len(sectie.kop),
        ]
        regels += [
            "| " + " | ".join("" if x is None else str(x) for x in rij) + " |"
            for rij in sectie.rijen
        ]
        regels.append("")
    return "\n".join(regels)


def xlsx(r: dict[str, Any]) -> bytes:
    boek = Workbook()
    boek.remove(boek.active)  # type: ignore[arg-type]
    for sectie in secties(r):
        blad = boek.create_sheet(sectie.titel[:31])
        blad.append([_kop(r)])
        blad.append(list(sectie.kop))
        for cel in blad[2]:
            cel.font = Font(bold=True)
        for rij in sectie.rijen:
            blad.append(list(rij))
        for kolom in blad.iter_cols(min_row=3):
            for cel in kolom:
                if isinstance(cel.value, float):
                    cel.number_format = "0.0"
                elif isinstance(cel.value, int):
                    cel.number_format = "0"
        blad.freeze_panes = "A3"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()

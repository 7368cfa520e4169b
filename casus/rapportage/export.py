"""The report as tables (sections), and those tables as CSV, XLSX and Markdown.

Every section names its columns from one list (``KOLOMMEN``), so the CSV is one table
with one header that Dutch Excel opens as it is: ``;`` between fields, a decimal comma,
a UTF-8 byte-order mark, dates as dd-mm-jjjj. The CSV, meant also for machines, carries
each row's codes in a last column; the people's formats (XLSX, Markdown) show labels only.
The XLSX has one sheet per section with typed cells: numbers, percentages as percentage
cells, dates as date cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from casus import labels
from casus.rapportage.periode import HALFJAAR, JAAR, KWARTAAL
from casus.rapportage.services import procent
from casus.templating import datum
from workflows.base import AFSLUITSTATUSSEN
from workflows.codes import INTERVENTIE_DOMEINEN

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

# the columns of every section, in this order (the CSV's header); a breakdown's value
# follows its kengetal after a colon ("Lopend bij einde per woningtype: Koopwoning")
AANPAK, KENGETAL = "Aanpak", "Kengetal"
PERIODE, VERGELIJKING, VERSCHIL, VERSCHIL_PROCENT = (
    "Periode",
    "Vergelijking",
    "Verschil",
    "Verschil %",
)
PERSONEN, MINDERJARIGEN, NORM, GEHAALD = "Personen", "Minderjarigen", "Norm", "Gehaald"
VAN, TOT_EN_MET = "Van", "Tot en met"
KOLOMMEN = (
    AANPAK,
    KENGETAL,
    PERIODE,
    VERGELIJKING,
    VERSCHIL,
    VERSCHIL_PROCENT,
    PERSONEN,
    MINDERJARIGEN,
    NORM,
    GEHAALD,
    VAN,
    TOT_EN_MET,
)
CSV_KOP = ("Sectie", *KOLOMMEN, "Code")


class Procent(float):
    """A percentage (50.0 means 50 %): a percentage cell in the XLSX, "50,0%" elsewhere."""


@dataclass(frozen=True)
class Sectie:
    titel: str
    kop: tuple[str, ...]
    rijen: list[tuple[Any, ...]]
    # per row the codes it counts (the CSV's last column), e.g. "ipta.afgesloten"
    codes: list[str] = field(default_factory=list)


def verschil(nu: int, toen: int) -> tuple[int, float | None]:
    """Absolute change and change in % (None when the comparison is 0)."""
    return nu - toen, (procent(nu - toen, toen) if toen else None)


def _procent(waarde: float | None) -> Procent | None:
    return None if waarde is None else Procent(waarde)


def _vergeleken(nu: int, toen: int) -> tuple[int, int, int, Procent | None]:
    d, p = verschil(nu, toen)
    return nu, toen, d, _procent(p)


def _domein(type_: str) -> str:
    return next((d for d, lijst in INTERVENTIE_DOMEINEN.items() if type_ in dict(lijst)), "")


def _ja_nee(w: bool | None) -> str:
    return "" if w is None else ("Ja" if w else "Nee")


def _uitgesplitst(kengetal: str, waarde: str) -> str:
    return f"{kengetal}: {waarde}"


def periodes(r: dict[str, Any]) -> Sectie:
    """The period and its comparison period with their dates (the CSV's first rows; the
    XLSX has them above every sheet)."""
    p, v = r["periode"], r["vergelijkingsperiode"]
    return Sectie(
        "Periode",
        (KENGETAL, VAN, TOT_EN_MET),
        [
            (f"Rapportageperiode {periode_naam(p)}", _dag(p["van"]), _dag(p["tot_en_met"])),
            (f"Vergelijkingsperiode {periode_naam(v)}", _dag(v["van"]), _dag(v["tot_en_met"])),
        ],
        ["periode", "vergelijkingsperiode"],
    )


def secties(r: dict[str, Any]) -> list[Sectie]:
    """The report as tables, in the order of the page; labels only, codes aside."""
    indicatoren = _indicatoren(r["indicatoren"])
    return [
        *_aanpakken(r),
        _signalen(r),
        _ondermijning(r),
        _woonoverlast(r),
        _interventies(r),
        Sectie(
            "Indicatoren",
            (KENGETAL, PERIODE, VERGELIJKING, NORM, GEHAALD),
            [rij for rij, _ in indicatoren],
            [code for _, code in indicatoren],
        ),
    ]


def _aanpakken(r: dict[str, Any]) -> tuple[Sectie, Sectie]:
    """The kengetallen per aanpak (with the closed cases per status), and the reasons."""
    aanpakken = Sectie(
        "Aanpakken",
        (AANPAK, KENGETAL, PERIODE, VERGELIJKING, VERSCHIL, VERSCHIL_PROCENT),
        [],
    )
    redenen = Sectie(
        "Afsluitredenen",
        (AANPAK, KENGETAL, PERIODE, VERGELIJKING, VERSCHIL, VERSCHIL_PROCENT),
        [],
    )
    for code, c in r["aanpakken"].items():
        naam, vc = labels.aanpak(code), c["vergelijking"]
        for sleutel, label in KENGETALLEN.items():
            aanpakken.rijen.append((naam, label, *_vergeleken(c[sleutel], vc[sleutel])))
            aanpakken.codes.append(f"{code}.{sleutel}")
            if sleutel != "afgesloten":
                continue
            for status in AFSLUITSTATUSSEN:
                n = c["afgesloten_per_status"].get(status, 0)
                toen = vc["afgesloten_per_status"].get(status, 0)
                aanpakken.rijen.append(
                    (naam, f"waarvan {labels.status(status).lower()}", *_vergeleken(n, toen))
                )
                aanpakken.codes.append(f"{code}.afgesloten.{status}")
        for status, per_reden in c["afgesloten_per_reden"].items():
            for reden, n in per_reden.items():
                toen = vc["afgesloten_per_reden"].get(status, {}).get(reden, 0)
                redenen.rijen.append(
                    (
                        naam,
                        _uitgesplitst(
                            labels.status(status),
                            labels.reden(reden, code, status) if reden else "geen reden",
                        ),
                        *_vergeleken(n, toen),
                    )
                )
                redenen.codes.append(f"{code}.{status}.{reden or ''}")
    return aanpakken, redenen


def _signalen(r: dict[str, Any]) -> Sectie:
    sectie = Sectie(
        "Signalen",
        (AANPAK, KENGETAL, PERIODE, VERGELIJKING, VERSCHIL, VERSCHIL_PROCENT),
        [],
    )
    for code, s in r["signalen"].items():
        naam, vs = labels.aanpak(code), s["vergelijking"]
        sectie.rijen.append((naam, "Signalen", *_vergeleken(s["totaal"], vs["totaal"])))
        sectie.codes.append(f"{code}.totaal")
        for waarde, n in s["per_bron"].items():
            toen = vs["per_bron"].get(waarde, 0)
            sectie.rijen.append(
                (
                    naam,
                    _uitgesplitst("Signalen per bron", labels.bron(waarde)),
                    *_vergeleken(n, toen),
                )
            )
            sectie.codes.append(f"{code}.bron.{waarde}")
        for waarde, n in s["per_thema"].items():
            toen = vs["per_thema"].get(waarde, 0)
            sectie.rijen.append(
                (
                    naam,
                    _uitgesplitst("Signalen per thema", labels.thema(waarde, code)),
                    *_vergeleken(n, toen),
                )
            )
            sectie.codes.append(f"{code}.thema.{waarde}")
    return sectie


def _ondermijning(r: dict[str, Any]) -> Sectie:
    o, naam = r["ondermijning"], labels.aanpak("ondermijning")
    sectie = Sectie("Ondermijning", (AANPAK, KENGETAL, PERIODE), [])
    for herkomst, n in o["per_herkomst"].items():
        sectie.rijen.append(
            (
                naam,
                _uitgesplitst(
                    "In de aanpak (totaal) naar herkomst",
                    labels.kenmerkwaarde("herkomst", herkomst, "ondermijning"),
                ),
                n,
            )
        )
        sectie.codes.append(f"ondermijning.herkomst.{herkomst}")
    sectie.rijen.append(
        (
            naam,
            "Oplossingspercentage (succesvol afgesloten van in de aanpak)",
            Procent(o["oplossingspercentage"]),
        )
    )
    sectie.codes.append("ondermijning.oplossingspercentage")
    return sectie


def _woonoverlast(r: dict[str, Any]) -> Sectie:
    """The woonoverlast cases lopend at the period's end: every row says what it counts
    (the corporatie rows count the corporatiewoningen only)."""
    w = r["woonoverlast"]
    naam = labels.aanpak("woonoverlast")
    sectie = Sectie("Woonoverlast", (AANPAK, KENGETAL, PERIODE), [])

    def rij(kengetal: str, uitsplitsing: str, n: int, code: str) -> None:
        sectie.rijen.append(
            (naam, _uitgesplitst(kengetal, uitsplitsing) if uitsplitsing else kengetal, n)
        )
        sectie.codes.append(f"woonoverlast.{code}")

    lopend = r["aanpakken"].get("woonoverlast", {}).get("lopend_einde")
    if lopend is not None:
        rij("Lopend bij einde (totaal)", "", lopend, "lopend_einde")
    for k, n in w["lopend_einde_per_woningtype"].items():
        rij(
            "Lopend bij einde per woningtype",
            labels.kenmerkwaarde("woningtype", k, "woonoverlast"),
            n,
            f"woningtype.{k}",
        )
    for k, n in w["lopend_einde_per_wijk"].items():
        rij("Lopend bij einde per wijk", labels.kenmerkwaarde("wijk", k), n, f"wijk.{k}")
    for k, n in w["lopend_einde_corporatie_per_soort"].items():
        rij(
            "Corporatiewoningen lopend bij einde per soort",
            labels.kenmerkwaarde("soort", k, "woonoverlast"),
            n,
            f"corporatie.soort.{k}",
        )
    for sleutel, label in (
        ("zorgwoonoverlast", "Zorgwoonoverlast"),
        ("leefbaarheidswoonoverlast", "Leefbaarheidswoonoverlast"),
    ):
        rij(TOTAAL_CORPORATIEWONINGEN, label, w[sleutel], sleutel)
    return sectie


TOTAAL_CORPORATIEWONINGEN = "Totaal corporatiewoningen lopend bij einde"


def _interventies(r: dict[str, Any]) -> Sectie:
    sectie = Sectie("Interventies", (KENGETAL, PERIODE, PERSONEN, MINDERJARIGEN), [])
    for t, i in r["interventies"].items():
        sectie.rijen.append(
            (
                _uitgesplitst(_domein(t) or "Interventies", labels.interventie(t)),
                i["totaal"],
                i["personen"],
                i["minderjarig"],
            )
        )
        sectie.codes.append(f"interventie.{t}")
    return sectie


def _indicatoren(ind: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    pc = ind["pga_jeugd_politiecontacten"]
    opl = ind["ondermijning_oplossingspercentage"]
    ond, emo = ind["ondermijning_signalen"], ind["emo_signalen"]
    return [
        (
            ("IPTA succesvol afgesloten", ind["ipta_succesvol_afgesloten"], None, None, ""),
            "ipta_succesvol_afgesloten",
        ),
        (
            ("Politiecontacten PGA Jeugd", pc["periode"], pc["vergelijking"], None, ""),
            "pga_jeugd_politiecontacten",
        ),
        (
            (
                "Signalen ondermijning",
                ond["periode"],
                ond["vergelijking"],
                None,
                _ja_nee(ond["gehaald"]),
            ),
            "ondermijning_signalen",
        ),
        (
            (
                "Signalen extremisme (PGA-R)",
                emo["periode"],
                emo["vergelijking"],
                None,
                _ja_nee(emo["gehaald"]),
            ),
            "emo_signalen",
        ),
        (
            (
                "Oplossingspercentage ondermijning",
                Procent(opl["waarde"]),
                None,
                Procent(opl["norm"]),
                _ja_nee(opl["gehaald"]),
            ),
            "ondermijning_oplossingspercentage",
        ),
        (("PGA-R afgeschaald", ind["pga_r_afgeschaald"], None, None, ""), "pga_r_afgeschaald"),
    ]


def indicator_rijen(ind: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The indicators as on the page: name, value, comparison or norm, "ja"/"nee"/""."""
    uit = []
    for (naam, waarde, vergelijking, norm, gehaald), _ in _indicatoren(ind):
        tweede = vergelijking if vergelijking is not None else norm
        uit.append(
            (
                naam,
                float(waarde) if isinstance(waarde, Procent) else waarde,
                ""
                if tweede is None
                else (float(tweede) if isinstance(tweede, Procent) else tweede),
                gehaald.lower(),
            )
        )
    return uit


# the names of the report's keys in a figure's path (services.verschillen), where the
# part is no code with a label of its own; None: the part is left out
_DELEN: dict[str, str | None] = {
    **KENGETALLEN,
    "aanpakken": None,
    "afgesloten_per_status": None,
    "afgesloten_per_reden": None,
    "vergelijking": "vergelijkingsperiode",
    "signalen": "Signalen",
    "per_bron": "per bron",
    "per_thema": "per thema",
    "ondermijning": "Ondermijning",
    "per_herkomst": "in de aanpak naar herkomst",
    "oplossingspercentage": "oplossingspercentage",
    "woonoverlast": "Woonoverlast",
    "lopend_einde_per_woningtype": "lopend bij einde per woningtype",
    "lopend_einde_per_wijk": "lopend bij einde per wijk",
    "lopend_einde_corporatie_per_soort": "corporatiewoningen lopend bij einde per soort",
    "zorgwoonoverlast": "corporatiewoningen zorgwoonoverlast",
    "leefbaarheidswoonoverlast": "corporatiewoningen leefbaarheidswoonoverlast",
    "interventies": "Interventies",
    "personen": "personen",
    "minderjarig": "minderjarigen",
    "indicatoren": "Indicator",
    "ipta_succesvol_afgesloten": "IPTA succesvol afgesloten",
    "pga_jeugd_politiecontacten": "politiecontacten PGA Jeugd",
    "ondermijning_signalen": "signalen ondermijning",
    "emo_signalen": "signalen extremisme (PGA-R)",
    "ondermijning_oplossingspercentage": "oplossingspercentage ondermijning",
    "pga_r_afgeschaald": "PGA-R afgeschaald",
    "periode": "periode",
    "verschil_procent": "verschil in %",
    "waarde": "waarde",
    "norm": "norm",
    "gehaald": "gehaald",
}


def cijfer_naam(pad: str) -> str:
    """A figure's path in the report ("aanpakken.ipta.afgesloten") as people read it
    ("IPTA · Afgesloten")."""
    delen = []
    for deel in pad.split("."):
        naam = _DELEN[deel] if deel in _DELEN else labels.label(deel)
        if naam:
            delen.append(naam)
    return " · ".join(delen)


def _dag(iso: str) -> date:
    return date.fromisoformat(iso)


RANGTELWOORDEN = ("eerste", "tweede", "derde", "vierde")


def periode_naam(p: dict[str, str]) -> str:
    """A period as people read it: "eerste halfjaar 2025", "derde kwartaal 2025", "2025",
    or for a custom range its dates (the label, "2025-H1", is for machines and URLs)."""
    label = p["label"]
    if m := HALFJAAR.fullmatch(label):
        return f"{RANGTELWOORDEN[int(m[2]) - 1]} halfjaar {m[1]}"
    if m := KWARTAAL.fullmatch(label):
        return f"{RANGTELWOORDEN[int(m[2]) - 1]} kwartaal {m[1]}"
    if JAAR.fullmatch(label):
        return label
    return f"{datum(_dag(p['van']))} t/m {datum(_dag(p['tot_en_met']))}"


def _kop(r: dict[str, Any]) -> str:
    p, v = r["periode"], r["vergelijkingsperiode"]
    return (
        f"Rapportage {periode_naam(p)} ({datum(_dag(p['van']))} t/m "
        f"{datum(_dag(p['tot_en_met']))}), vergeleken met {periode_naam(v)} "
        f"({datum(_dag(v['van']))} t/m {datum(_dag(v['tot_en_met']))})"
    )


def als_tekst(waarde: Any) -> str:
    """A value as Dutch readers write it: decimal comma, 50,0%, dd-mm-jjjj, nothing for
    no value."""
    if waarde is None:
        return ""
    if isinstance(waarde, Procent):
        return f"{float(waarde):.1f}".replace(".", ",") + "%"
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    if isinstance(waarde, date):
        return datum(waarde)
    return str(waarde)


def csv_tekst(r: dict[str, Any]) -> str:
    """One table, one header, ``;`` between fields, a decimal comma; starts with the
    UTF-8 byte-order mark so Excel reads it as UTF-8."""
    uit = io.StringIO()
    uit.write("\ufeff")
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(CSV_KOP)
    for sectie in (periodes(r), *secties(r)):
        for rij, code in zip(sectie.rijen, sectie.codes, strict=True):
            waarden = dict(zip(sectie.kop, rij, strict=True))
            schrijver.writerow((sectie.titel, *(als_tekst(waarden.get(k)) for k in KOLOMMEN), code))
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
        regels += ["| " + " | ".join(als_tekst(x) for x in rij) + " |" for rij in sectie.rijen]
        regels.append("")
    return "\n".join(regels)


PROCENTNOTATIE = "0.0%"
DATUMNOTATIE = "dd-mm-yyyy"
KOPRIJ = 3  # the period and the comparison period above it, with their dates


def _notatie(waarde: Any) -> str | None:
    """The cell's number format for a value (None: the default)."""
    if isinstance(waarde, Procent):
        return PROCENTNOTATIE
    if isinstance(waarde, date):
        return DATUMNOTATIE
    if isinstance(waarde, float):
        return "0.0"
    if isinstance(waarde, int):
        return "0"
    return None


def _cel(waarde: Any) -> Any:
    """A percentage is stored as its fraction (50 % is 0.5), as Excel does."""
    return float(waarde) / 100 if isinstance(waarde, Procent) else waarde


def xlsx(r: dict[str, Any]) -> bytes:
    """One sheet per section; numbers as numbers, percentages as percentage cells (the
    fraction, shown as 50,0% in a Dutch Excel), dates as date cells."""
    boek = Workbook()
    boek.remove(boek.active)  # type: ignore[arg-type]
    boven = periodes(r).rijen
    for sectie in secties(r):
        blad = boek.create_sheet(sectie.titel[:31])
        for rij in (*boven, sectie.kop, *sectie.rijen):
            blad.append([_cel(x) for x in rij])
            for cel, waarde in zip(blad[blad.max_row], rij, strict=False):
                if notatie := _notatie(waarde):
                    cel.number_format = notatie
        for cel in blad[KOPRIJ]:
            cel.font = Font(bold=True)
        for i, kop in enumerate(sectie.kop, start=1):
            breedte = max([len(kop), *(len(als_tekst(rij[i - 1])) for rij in sectie.rijen)])
            blad.column_dimensions[blad.cell(row=KOPRIJ, column=i).column_letter].width = min(
                breedte + 2, 60
            )
        blad.freeze_panes = f"A{KOPRIJ + 1}"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()

"""A concept text for the council memo, in the style of seed 004 section 1.

Numbers under twenty are written as words, as the memo does ("tien trajecten
afgesloten, waarvan acht positief"); a sentence never starts with a digit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casus.rapportage.periode import HALFJAAR, KWARTAAL
from casus.templating import datum

WOORDEN = (
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
)
RANGTELWOORDEN = ("eerste", "tweede", "derde", "vierde")

# aanpak -> (enkelvoud, meervoud, voltooid deelwoord) of who is counted in "totaal"
ONDERWERP: dict[str, tuple[str, str, str]] = {
    "pga_jeugd": ("jongere", "jongeren", "in de aanpak gezeten"),
    "ipta": ("jongere", "jongeren", "begeleid"),
    "rio": ("(ex-)detentiejongere", "(ex-)detentiejongeren", "begeleid"),
    "pga_r": ("persoon", "personen", "in de aanpak gezeten"),
    "ondermijning": ("casus", "casussen", "behandeld"),
    "woonoverlast": ("casus", "casussen", "behandeld"),
}


# what is started and closed: a guidance track for persons, a case otherwise
TRAJECT: dict[str, tuple[str, str]] = {
    "pga_jeugd": ("begeleidingstraject", "begeleidingstrajecten"),
    "ipta": ("begeleidingstraject", "begeleidingstrajecten"),
    "rio": ("begeleidingstraject", "begeleidingstrajecten"),
    "pga_r": ("traject", "trajecten"),
}


def getal(n: int) -> str:
    return WOORDEN[n] if 0 <= n < len(WOORDEN) else f"{n:,}".replace(",", ".")


def _hoofdletter(zin: str) -> str:
    if zin.startswith("één"):
        return "Eén" + zin[3:]  # Dutch spelling: the capital drops its accent
    return zin[:1].upper() + zin[1:]


def periode_tekst(label: str, van: date, tot_en_met: date) -> str:
    if m := HALFJAAR.fullmatch(label):
        return f"de {RANGTELWOORDEN[int(m.group(2)) - 1]} helft van {m.group(1)}"
    if m := KWARTAAL.fullmatch(label):
        return f"het {RANGTELWOORDEN[int(m.group(2)) - 1]} kwartaal van {m.group(1)}"
    if label.isdigit():
        return label
    return f"de periode van {datum(van, lang=True)} tot en met {datum(tot_en_met, lang=True)}"


# -- counting: the one helper for every count in the memo -------------------------------


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """A count with its noun in the right form: "geen casus", "één casus", "twee
    casussen", "45 casussen"."""
    if n == 0:
        return f"geen {enkelvoud}"
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def vorm(n: int, enkelvoud: str, meervoud: str) -> str:
    """The verb (or noun) that goes with ``n``: singular for 0 and 1 ("er stond geen
    casus", "er stond één casus"), plural for more ("er stonden twee casussen")."""
    return enkelvoud if n <= 1 else meervoud


def hoeveel(n: int) -> str:
    """A number standing alone ("waarvan acht positief"): "geen" for 0."""
    return "geen" if n == 0 else getal(n)


def alinea(code: str, kort: str, c: dict[str, Any], periode: str, vorige: str) -> str:
    enkel, meer, gedaan = ONDERWERP.get(code, ("casus", "casussen", "behandeld"))
    traject = TRAJECT.get(code, ("casus", "casussen"))
    afgerond = ("traject", "trajecten") if code in TRAJECT else traject
    totaal = c["totaal"]
    zinnen = [
        f"Met de aanpak {kort} {vorm(totaal, 'is', 'zijn')} in {periode} "
        f"{'in totaal ' if totaal else ''}{aantal(totaal, enkel, meer)} {gedaan}."
    ]
    if totaal:
        zinnen.append(
            f"Hiervan {vorm(c['nieuw'], 'is', 'zijn')} {aantal(c['nieuw'], *traject)} "
            "binnen deze periode gestart."
        )
    afgesloten, status = c["afgesloten"], c["afgesloten_per_status"]
    if afgesloten:
        zinnen.append(
            f"In totaal {vorm(afgesloten, 'is', 'zijn')} "
            f"{aantal(afgesloten, *afgerond)} afgesloten, waarvan "
            f"{hoeveel(c['positief'])} positief."
        )
        delen = []
        for sleutel, gedaan_ in (
            ("niet_succesvol_afgesloten", "niet succesvol afgerond"),
            ("overgedragen", "overgedragen"),
        ):
            if n := status[sleutel]:
                delen.append(f"{aantal(n, 'casus', 'casussen')} {vorm(n, 'is', 'zijn')} {gedaan_}")
        if delen:
            zinnen.append(_hoofdletter(" en ".join(delen)) + ".")
    else:
        zinnen.append(f"In deze periode zijn geen {afgerond[1]} afgesloten.")
    v = c["vergelijking"]
    zinnen.append(
        f"In {vorige} {vorm(v['totaal'], 'was', 'waren')} dat er {hoeveel(v['totaal'])}, "
        f"waarvan {hoeveel(v['afgesloten'])} afgesloten."
    )
    if totaal:
        wacht = c["in_de_wacht_einde"]
        zinnen.append(
            f"Aan het einde van de periode {vorm(wacht, 'stond', 'stonden')} "
            f"{aantal(wacht, 'casus', 'casussen')} in de wacht."
        )
    return " ".join(zinnen)


def concept(r: dict[str, Any], korte_namen: dict[str, str]) -> list[str]:
    """The memo's paragraphs: one per aanpak, then signals and indicators."""
    p, v = r["periode"], r["vergelijkingsperiode"]
    periode = periode_tekst(
        p["label"], date.fromisoformat(p["van"]), date.fromisoformat(p["tot_en_met"])
    )
    vorige = periode_tekst(
        v["label"], date.fromisoformat(v["van"]), date.fromisoformat(v["tot_en_met"])
    )
    alineas = [
        alinea(code, korte_namen.get(code, code), c, periode, vorige)
        for code, c in r["aanpakken"].items()
    ]
    ond = r["ondermijning"]
    signalen = r["signalen"].get("ondermijning")
    if signalen is not None:
        binnen = signalen["totaal"]
        alineas.append(
            f"Bij het cluster ondermijning {vorm(binnen, 'is', 'zijn')} in {periode} "
            f"{aantal(binnen, 'signaal', 'signalen')} binnengekomen "
            f"({getal(signalen['vergelijking']['totaal'])} in {vorige}). Het "
            f"oplossingspercentage is {str(ond['oplossingspercentage']).replace('.', ',')}% "
            f"(norm: {r['indicatoren']['ondermijning_oplossingspercentage']['norm']}%)."
        )
    if "woonoverlast" in r["aanpakken"]:
        alineas.append(woonoverlast(r["aanpakken"]["woonoverlast"], r["woonoverlast"]))
    return alineas


def woonoverlast(c: dict[str, Any], w: dict[str, Any]) -> str:
    """The cases lopend at the end, and of those the ones in corporatiewoningen by soort
    (the memo's 94, of which 67 in corporatiewoningen: 32 zorg, 35 leefbaarheid)."""
    lopend = c["lopend_einde"]
    zin = (
        f"Aan het einde van de periode {vorm(lopend, 'liep', 'liepen')} er bij woonoverlast "
        f"{aantal(lopend, 'casus', 'casussen')}"
    )
    if not lopend:
        return zin + "."
    corporatie = w["lopend_einde_per_woningtype"].get("corporatie", 0)
    zorg, leefbaarheid = w["zorgwoonoverlast"], w["leefbaarheidswoonoverlast"]
    return f"{zin}, waarvan {hoeveel(corporatie)} in corporatiewoningen" + (
        f": {aantal(zorg, 'casus', 'casussen')} zorgwoonoverlast en "
        f"{aantal(leefbaarheid, 'casus', 'casussen')} leefbaarheidswoonoverlast."
        if corporatie
        else "."
    )

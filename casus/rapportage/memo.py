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


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def alinea(code: str, kort: str, c: dict[str, Any], periode: str, vorige: str) -> str:
    enkel, meer, gedaan = ONDERWERP.get(code, ("casus", "casussen", "behandeld"))
    traject = TRAJECT.get(code, ("casus", "casussen"))
    afgerond = ("traject", "trajecten") if code in TRAJECT else traject
    zijn = "is" if c["totaal"] == 1 else "zijn"
    zinnen = [
        f"Met de aanpak {kort} {zijn} in {periode} in totaal "
        f"{_aantal(c['totaal'], enkel, meer)} {gedaan}."
    ]
    if c["totaal"]:
        gestart = "is" if c["nieuw"] == 1 else "zijn"
        zinnen.append(
            f"Hiervan {gestart} {_aantal(c['nieuw'], *traject)} binnen deze periode gestart."
        )
    afgesloten, status = c["afgesloten"], c["afgesloten_per_status"]
    if afgesloten:
        zinnen.append(
            f"In totaal {'is' if afgesloten == 1 else 'zijn'} "
            f"{_aantal(afgesloten, *afgerond)} afgesloten, waarvan "
            f"{getal(c['positief'])} positief."
        )
        delen = []
        for sleutel, gedaan_ in (
            ("niet_succesvol_afgesloten", "niet succesvol afgerond"),
            ("overgedragen", "overgedragen"),
        ):
            if n := status[sleutel]:
                delen.append(
                    f"{_aantal(n, 'casus', 'casussen')} {'is' if n == 1 else 'zijn'} {gedaan_}"
                )
        if delen:
            zinnen.append(_hoofdletter(" en ".join(delen)) + ".")
    else:
        zinnen.append(f"In deze periode zijn geen {afgerond[1]} afgesloten.")
    v = c["vergelijking"]
    zinnen.append(
        f"In {vorige} waren dat er {getal(v['totaal'])}, waarvan "
        f"{getal(v['afgesloten'])} afgesloten."
    )
    if c["in_de_wacht_einde"]:
        zinnen.append(
            f"Aan het einde van de periode stonden "
            f"{_aantal(c['in_de_wacht_einde'], 'casus', 'casussen')} in de wacht."
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
        alineas.append(
            f"Bij het cluster ondermijning zijn in {periode} "
            f"{_aantal(signalen['totaal'], 'signaal', 'signalen')} binnengekomen "
            f"({getal(signalen['vergelijking']['totaal'])} in {vorige}). Het "
            f"oplossingspercentage is {str(ond['oplossingspercentage']).replace('.', ',')}% "
            f"(norm: {r['indicatoren']['ondermijning_oplossingspercentage']['norm']}%)."
        )
    w = r["woonoverlast"]
    alineas.append(
        f"Aan het einde van de periode liepen er bij woonoverlast "
        f"{getal(w['zorgwoonoverlast'])} casussen zorgwoonoverlast en "
        f"{getal(w['leefbaarheidswoonoverlast'])} casussen leefbaarheidswoonoverlast in "
        "corporatiewoningen."
    )
    return alineas

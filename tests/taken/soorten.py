"""Job kinds of the tests: one that counts its runs, one that fails as told."""

from __future__ import annotations

from collections import Counter

from casus.taken.services import taaksoort

GETELD: Counter[str] = Counter()
# how many more runs of "test_wankel" fail
WANKEL = {"fouten": 0}


@taaksoort("test_tel", label="Testtaak die telt")
def tel(naam: str) -> str:
    GETELD[naam] += 1
    return f"{naam} geteld"


@taaksoort("test_faalt", label="Testtaak zonder mailserver")
def faalt() -> None:
    raise ConnectionError("de mailserver weigert de verbinding")


@taaksoort("test_onverwacht", label="Testtaak met een onverwachte fout")
def onverwacht() -> None:
    raise RuntimeError("gegevens van Jansen, 999996009")


@taaksoort("test_wankel", label="Testtaak die eerst faalt")
def wankel() -> str:
    if WANKEL["fouten"] > 0:
        WANKEL["fouten"] -= 1
        raise ConnectionError("nog even niet")
    return "eindelijk gelukt"

"""The BRP in the tests: the built-in stub (casus.brp.stub) over HTTP on loopback, and
the settings that point the application at it.

``brp_aan(app, stub)`` turns the BRP on for a block (restoring the config after);
``brp_config(stub)`` gives the same settings for ``serverapp(database, **config)``.
The fixtures ``brp_stub`` and ``brp`` live in tests/brp/conftest.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from flask import Flask

from casus.brp.stub import Stubserver
from tests.hulp.instellingen import ingesteld

TESTPROFIELEN: dict[str, dict[str, Any]] = {
    "pga_jeugd": {
        "doelbinding": "PGA-JEUGD",
        "verwerking": "Persoonsgerichte aanpak jeugd",
        "gegevens": ["naam", "geboortedatum", "adres", "overlijden", "gezag"],
    },
    "woonoverlast": {
        "doelbinding": "WOONOVERLAST",
        "verwerking": "Aanpak woonoverlast",
        "gegevens": ["naam", "geboortedatum", "adres", "overlijden"],
    },
    # no gegevens: the minimum (naam, geboortedatum)
    "ipta": {"doelbinding": "IPTA", "verwerking": "Toeleiding naar arbeid"},
}
OIN = "00000001234567890000"

# the stub's test persons (casus/brp/data/testpersonen.json; docs/brp.md)
BSN_VOLWASSEN = "999996009"  # Jeroen Bakker, Burg v Leeuwenpark 12a-2, Zoetermeer
BSN_OUDER_1 = "999996010"  # Sanne Kramer, mother of Lotte
BSN_OUDER_2 = "999996022"  # Mehmet Yilmaz, father of Lotte
BSN_MINDERJARIG = "999996034"  # Lotte Elif Yilmaz, 2012-11-05, gezag of both parents
BSN_VOOGDIJ = "999996046"  # Daan Verbeek, 2013-02-14, voogdij of Johanna Maria Verbeek
BSN_VOOGD = "999996058"  # Johanna Maria Verbeek
BSN_OVERLEDEN = "999996071"  # Hendrik van der Berg, died 2025-03-08
BSN_VERHUISD = "999996083"  # Priya Ramdin, registered in 's-Gravenhage (0518)
BSN_GEWEIGERD = "999996095"  # Kees Jansen: the stub answers 403
BSN_STORING = "999996101"  # Fatima el Amrani: the stub answers 500
BSN_TRAAG = "999996113"  # Bram de Groot: the stub answers after stub.vertraging seconds
BSN_EENHOOFDIG = "999996125"  # Noah Peters, 2015-08-08, gezag of his mother Linda
BSN_GEZAMENLIJK = "999996149"  # Mila de Vries, 2016-01-19, gezag of a parent and a third
BSN_BUITENLAND = "999996150"  # Tom Visser, living in Belgium
BSN_LOCATIE = "999996162"  # Willem Smit, a houseboat (a Locatie, no address)
BSN_ONVOLLEDIG = "999996174"  # Yusuf Hassan, born "1988" only, address unknown
BSN_ONBEKEND = "999996186"  # valid elfproef, not known to the stub


def brp_config(stub: Stubserver) -> dict[str, Any]:
    """The settings that point the application at ``stub``."""
    return {
        "BRP_URL": stub.url,
        "BRP_STUB": False,
        "BRP_PROFIELEN": json.dumps(TESTPROFIELEN),
        "BRP_PROFIELEN_BESTAND": "",
        "BRP_TIMEOUT_SECONDEN": 2,
        "BRP_OIN": OIN,
        "BRP_GEMEENTECODE": "0637",
    }


@contextmanager
def brp_aan(app: Flask, stub: Stubserver, **extra_config: Any) -> Iterator[Stubserver]:
    """The BRP on (``stub``, the test profiles, ``extra_config`` on top) while the block
    runs; the application's config as it was afterwards."""
    with ingesteld(app, **{**brp_config(stub), **extra_config}):
        yield stub


def verhuis(
    stub: Stubserver,
    bsn: str,
    gemeente_code: str = "0518",
    gemeente: str = "'s-Gravenhage",
) -> None:
    """``bsn`` moves to another municipality (an address there) in the stub's BRP."""
    persoon = stub.personen[bsn]
    persoon["gemeenteVanInschrijving"] = {"code": gemeente_code, "omschrijving": gemeente}
    persoon["verblijfplaats"] = {
        "type": "Adres",
        "verblijfadres": {
            "officieleStraatnaam": "Stationsweg",
            "korteStraatnaam": "Stationsweg",
            "huisnummer": 1,
            "postcode": "2515BJ",
            "woonplaats": gemeente,
        },
    }


MAANDEN = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)


def overlijd(stub: Stubserver, bsn: str, datum: date) -> None:
    """``bsn`` died on ``datum`` in the stub's BRP."""
    stub.personen[bsn]["overlijden"] = {
        "datum": {
            "type": "Datum",
            "datum": datum.isoformat(),
            "langFormaat": f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}",
        }
    }

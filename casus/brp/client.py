"""One query to the BRP (Haal Centraal "BRP bevragen" v2): ``raadpleeg(aanpak, bsn,
gebruiker) -> Raadpleging``.

The aanpak's profile (``casus.brp.instellingen``) decides the purpose headers and the
data groups; the request asks for those groups' fields only, and the answer is read for
those groups only, so anything else a BRP returns is dropped here. A failure of the BRP
never raises: it comes back as ``Raadpleging.fout`` (``BRP_FOUTEN``). Nothing personal
goes to the application log (only the aanpak, the failure code and the HTTP status).
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import requests

from casus.brp import BrpPersoon, Gezagsrelatie, Raadpleging
from casus.brp.instellingen import Brpinstellingen, Brpprofiel, brp_instellingen
from casus.klok import vandaag
from casus.personen.models import bsn_geldig, leeftijd_op

log = logging.getLogger(__name__)

ZOEKTYPE = "RaadpleegMetBurgerservicenummer"
# the fields (paths in the BRP's person) each data group asks for
VELDEN: dict[str, tuple[str, ...]] = {
    "naam": ("naam.voornamen", "naam.voorvoegsel", "naam.geslachtsnaam"),
    "geboortedatum": ("geboorte.datum",),
    "adres": ("verblijfplaats", "gemeenteVanInschrijving"),
    "overlijden": ("overlijden.datum",),
    "gezag": ("gezag",),
}
MEERDERJARIG = 18
# header values are cut to this length: the verwerkingenlogging API's columns hold 242
# characters, and the BRP's gateways log the headers there (as ZAC does)
MAX_KOPWAARDE = 242

GEZAGSOORTEN: dict[str, str] = {
    "TweehoofdigOuderlijkGezag": "Gezamenlijk ouderlijk gezag",
    # the name of the same relation in later versions of the API
    "GezamenlijkOuderlijkGezag": "Gezamenlijk ouderlijk gezag",
    "EenhoofdigOuderlijkGezag": "Eenhoofdig ouderlijk gezag",
    "GezamenlijkGezag": "Gezamenlijk gezag",  # one parent and a third person
    "Voogdij": "Voogdij",
    "TijdelijkGeenGezag": "Tijdelijk geen gezag",
    "GezagNietTeBepalen": "Gezag niet te bepalen",
}
ONBEKENDE_GEZAGSOORT = "Soort gezag onbekend"
ONBEKENDE_GEZAGHOUDER = "Onbekend"


def velden(gegevens: tuple[str, ...]) -> list[str]:
    """The ``fields`` of the request for these groups: ``burgerservicenummer`` first."""
    return ["burgerservicenummer", *(v for g in gegevens for v in VELDEN[g])]


def raadpleeg(aanpak: str, bsn: str, gebruiker: str) -> Raadpleging:
    """Ask the BRP about ``bsn`` for ``aanpak``; ``gebruiker`` (the user's name) goes in
    the user header. Never raises for a failure of the BRP."""
    instellingen = brp_instellingen()
    profiel = instellingen.profiel(aanpak)
    if not instellingen.aan or profiel is None:
        return Raadpleging(aanpak, bsn, (), fout="niet_ingesteld")
    gegevens = profiel.gegevens
    if not bsn_geldig(bsn):
        return Raadpleging(aanpak, bsn, gegevens, fout="ongeldig_bsn")
    try:
        antwoord = _verstuur(instellingen, profiel, bsn, gebruiker)
    except requests.Timeout:
        return _mislukt(aanpak, bsn, gegevens, "time_out", {})
    except OSError as fout:
        # every other failure of requests (a RequestException is an OSError), a client
        # certificate that cannot be read, or a stub that could not be started
        return _mislukt(aanpak, bsn, gegevens, "storing", {"oorzaak": type(fout).__name__})
    return _uit_antwoord(aanpak, bsn, gegevens, antwoord)


def _uit_antwoord(
    aanpak: str, bsn: str, gegevens: tuple[str, ...], antwoord: requests.Response
) -> Raadpleging:
    status = antwoord.status_code
    if status == 403:
        return _mislukt(aanpak, bsn, gegevens, "niet_geautoriseerd", {"status": status})
    if status != 200:
        return _mislukt(aanpak, bsn, gegevens, "storing", {"status": status})
    try:
        inhoud = antwoord.json()
    except ValueError:
        inhoud = None
    personen = inhoud.get("personen") if isinstance(inhoud, dict) else None
    if not isinstance(personen, list):
        return _mislukt(aanpak, bsn, gegevens, "storing", {"status": status, "oorzaak": "json"})
    gevonden = [p for p in personen if isinstance(p, dict) and p.get("burgerservicenummer") == bsn]
    if not gevonden:
        return Raadpleging(aanpak, bsn, gegevens, fout="niet_gevonden", details={"status": 200})
    try:
        persoon = lees_persoon(gevonden[0], bsn, gegevens)
    except (TypeError, ValueError, AttributeError, KeyError):
        # an answer not in the API's shape: a fault of the BRP, not of the person
        return _mislukt(aanpak, bsn, gegevens, "storing", {"status": status, "oorzaak": "vorm"})
    return Raadpleging(aanpak, bsn, gegevens, persoon=persoon, details={"status": 200})


def _mislukt(
    aanpak: str, bsn: str, gegevens: tuple[str, ...], fout: str, details: dict[str, object]
) -> Raadpleging:
    log.warning("BRP-bevraging voor aanpak %s mislukt: %s %s", aanpak, fout, details)
    return Raadpleging(aanpak, bsn, gegevens, fout=fout, details=details)


def _kopwaarde(waarde: str) -> str:
    """A header value: printable characters only (a user name could hold anything)."""
    schoon = re.sub(r"[^\x20-\x7e\xa0-\xff]", "?", waarde.strip())
    return schoon[:MAX_KOPWAARDE]


def koppen(instellingen: Brpinstellingen, profiel: Brpprofiel, gebruiker: str) -> dict[str, str]:
    """The request's headers: JSON, the profile's purpose, the user, the OIN and the API
    key; a header whose configured name is empty is left out, as is an empty value."""
    uit = {"Content-Type": "application/json", "Accept": "application/json"}
    for naam, waarde in (
        (instellingen.kop_doelbinding, profiel.doelbinding),
        (instellingen.kop_verwerking, profiel.verwerking),
        (instellingen.kop_gebruiker, gebruiker),
        (instellingen.kop_oin, instellingen.oin),
        (instellingen.kop_api_key, instellingen.api_key),
    ):
        if naam and (waarde := _kopwaarde(waarde)):
            uit[naam] = waarde
    return uit


def _verstuur(
    instellingen: Brpinstellingen, profiel: Brpprofiel, bsn: str, gebruiker: str
) -> requests.Response:
    if instellingen.url:
        basis = instellingen.url
    else:
        from casus.brp.stub import gedeelde_stub

        basis = gedeelde_stub().url
    with requests.Session() as sessie:
        # never a proxy from the environment: the BRP's traffic goes direct, or through
        # the one BRP_PROXY names
        sessie.trust_env = False
        if instellingen.proxy:
            sessie.proxies = {"http": instellingen.proxy, "https": instellingen.proxy}
        return sessie.post(
            f"{basis.rstrip('/')}/personen",
            json={
                "type": ZOEKTYPE,
                "burgerservicenummer": [bsn],
                "fields": velden(profiel.gegevens),
            },
            headers=koppen(instellingen, profiel, gebruiker),
            timeout=instellingen.timeout,
            cert=(
                (instellingen.certificaat, instellingen.sleutel)
                if instellingen.certificaat
                else None
            ),
            verify=instellingen.ca_bundel or True,
            allow_redirects=False,
        )


# -- reading the answer -------------------------------------------------------------------


def lees_persoon(
    gegevens_brp: dict[str, Any], bsn: str, gegevens: tuple[str, ...], op: date | None = None
) -> BrpPersoon:
    """The BRP's person read for the groups ``gegevens`` only; ``op`` is the day that
    decides whether the person is a minor (default today)."""
    velden_: dict[str, Any] = {"bsn": bsn}
    if "naam" in gegevens:
        naam = gegevens_brp.get("naam") or {}
        velden_["voornamen"] = _str(naam.get("voornamen"))
        velden_["voorvoegsel"] = _str(naam.get("voorvoegsel"))
        velden_["geslachtsnaam"] = _str(naam.get("geslachtsnaam"))
    geboren = (gegevens_brp.get("geboorte") or {}).get("datum")
    if "geboortedatum" in gegevens:
        velden_["geboortedatum"] = volledige_datum(geboren)
    if "adres" in gegevens:
        velden_["adres"] = adresregel(gegevens_brp.get("verblijfplaats"))
        gemeente = gegevens_brp.get("gemeenteVanInschrijving") or {}
        velden_["gemeente_code"] = _str(gemeente.get("code"))
        velden_["gemeente_naam"] = _str(gemeente.get("omschrijving"))
    if "overlijden" in gegevens:
        velden_["overleden_op"] = overlijdensdatum(
            (gegevens_brp.get("overlijden") or {}).get("datum"), op or vandaag()
        )
    if (
        "gezag" in gegevens
        and "geboortedatum" in gegevens
        and not zeker_meerderjarig(geboren, op or vandaag())
    ):
        velden_["gezag"] = tuple(
            relatie
            for r in gegevens_brp.get("gezag") or ()
            if (relatie := gezagsrelatie(r, bsn)) is not None
        )
    return BrpPersoon(**velden_)


def _str(waarde: Any) -> str | None:
    if waarde is None:
        return None
    tekst = str(waarde).strip()
    return tekst or None


def volledige_datum(datum: Any) -> date | None:
    """A full date (``{"type": "Datum", "datum": "YYYY-MM-DD"}``); a partial or unknown
    date (JaarDatum, JaarMaandDatum, DatumOnbekend) is None."""
    if isinstance(datum, dict) and datum.get("type") == "Datum":
        return date.fromisoformat(str(datum["datum"]))
    return None


def _vroegste_en_laatste(datum: Any) -> tuple[date, date] | None:
    """The first and last day a (partial) date may be; None when nothing is known."""
    if not isinstance(datum, dict):
        return None
    soort = datum.get("type")
    if soort == "Datum":
        dag = date.fromisoformat(str(datum["datum"]))
        return dag, dag
    if soort == "JaarMaandDatum":
        jaar, maand = int(datum["jaar"]), int(datum["maand"])
        volgende = date(jaar + 1, 1, 1) if maand == 12 else date(jaar, maand + 1, 1)
        return date(jaar, maand, 1), date.fromordinal(volgende.toordinal() - 1)
    if soort == "JaarDatum":
        jaar = int(datum["jaar"])
        return date(jaar, 1, 1), date(jaar, 12, 31)
    return None


def overlijdensdatum(datum: Any, op: date) -> date | None:
    """The date of death. A partial date still means the person died: it counts from
    the first day of the period that is known (the year, or the month). A death whose
    date the BRP does not know at all (DatumOnbekend) counts from ``op``, the day of the
    query: the person died on that day at the latest, and that is all that is known."""
    if not isinstance(datum, dict) or not datum.get("type"):
        return None
    periode = _vroegste_en_laatste(datum)
    return periode[0] if periode else op


def zeker_meerderjarig(geboren: Any, op: date) -> bool:
    """18 or older on ``op`` even if born on the last possible day of a partial birth
    date; an unknown birth date is not known to be an adult (the BRP itself returns
    gezag only where it applies)."""
    periode = _vroegste_en_laatste(geboren)
    return periode is not None and leeftijd_op(periode[1], op) >= MEERDERJARIG


def _postcode(postcode: Any) -> str | None:
    tekst = _str(postcode)
    if tekst and re.fullmatch(r"\d{4}[A-Za-z]{2}", tekst):
        return f"{tekst[:4]} {tekst[4:].upper()}"
    return tekst


def adresregel(verblijfplaats: Any) -> str | None:
    """The address on one Dutch line: ``"Korte straatnaam 12a-2, 2711 AB Zoetermeer"``;
    a location its description, abroad the country, unknown None."""
    if not isinstance(verblijfplaats, dict):
        return None
    soort = verblijfplaats.get("type")
    adres = verblijfplaats.get("verblijfadres") or {}
    if soort == "Adres":
        straat = _str(adres.get("korteStraatnaam")) or _str(adres.get("officieleStraatnaam"))
        nummer = "".join(
            str(adres[s]).strip() for s in ("huisnummer", "huisletter") if adres.get(s)
        )
        if toevoeging := _str(adres.get("huisnummertoevoeging")):
            nummer = f"{nummer}-{toevoeging}"
        plaats = " ".join(
            d for d in (_postcode(adres.get("postcode")), _str(adres.get("woonplaats"))) if d
        )
        regel = ", ".join(d for d in (" ".join(d for d in (straat, nummer) if d), plaats) if d)
        return regel or None
    if soort == "Locatie":
        return _str(adres.get("locatiebeschrijving"))
    if soort == "VerblijfplaatsBuitenland":
        return _str((adres.get("land") or {}).get("omschrijving"))
    return None  # VerblijfplaatsOnbekend, or a type this version does not know


def _naam(gezaghouder: Any) -> str:
    if not isinstance(gezaghouder, dict):
        return ONBEKENDE_GEZAGHOUDER
    naam = gezaghouder.get("naam") or {}
    volledig = _str(naam.get("volledigeNaam")) or " ".join(
        d
        for d in (
            _str(naam.get("voornamen")),
            _str(naam.get("voorvoegsel")),
            _str(naam.get("geslachtsnaam")),
        )
        if d
    )
    return volledig or ONBEKENDE_GEZAGHOUDER


def gezagsrelatie(relatie: Any, bsn: str) -> Gezagsrelatie | None:
    """One gezag relation in Dutch, with the custodians' names; None for a relation in
    which this person is not the minor (a parent's own children)."""
    if not isinstance(relatie, dict):
        return None
    minderjarige = (relatie.get("minderjarige") or {}).get("burgerservicenummer")
    if minderjarige is not None and minderjarige != bsn:
        return None
    soort = relatie.get("type")
    houders: list[Any] = []
    if soort in ("TweehoofdigOuderlijkGezag", "GezamenlijkOuderlijkGezag"):
        houders = list(relatie.get("ouders") or ())
    elif soort == "EenhoofdigOuderlijkGezag":
        houders = [relatie.get("ouder")]
    elif soort == "GezamenlijkGezag":
        houders = [relatie.get("ouder"), relatie.get("derde")]
    elif soort == "Voogdij":
        houders = list(relatie.get("derden") or ())
    return Gezagsrelatie(
        soort=GEZAGSOORTEN.get(str(soort), ONBEKENDE_GEZAGSOORT),
        gezaghouders=tuple(_naam(h) for h in houders if h is not None),
    )

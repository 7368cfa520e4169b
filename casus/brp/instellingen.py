"""The BRP settings (``BRP_*`` in config.py, docs/brp.md "Instellingen") read into one
``Brpinstellingen``, with a ``Brpprofiel`` per aanpak.

``brp_instellingen()`` reads the current application's config at every call (the tests
change it per test); the parsing is cached on the raw values. ``init_app`` reads them
once at start-up, so a wrong setting stops the application with a clear message instead
of failing at the first query.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import Flask, current_app

from casus.brp import GEGEVENSGROEPEN, MINIMALE_GEGEVENS

log = logging.getLogger(__name__)

# a header name: an HTTP token (RFC 9110), or empty (the header is left out)
_KOPNAAM = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]*$")
# a header value we send: printable, no line breaks (the BRP's gateway logs them)
_KOPWAARDE = re.compile(r"^[\x20-\x7e]+$")
_BEIDE = "BRP_PROFIELEN en BRP_PROFIELEN_BESTAND zijn allebei gezet; kies er één."
_PROFIELSLEUTELS = frozenset({"doelbinding", "verwerking", "gegevens"})


@dataclass(frozen=True)
class Brpprofiel:
    """What one aanpak may ask the BRP: the purpose headers' values and the groups."""

    aanpak: str
    doelbinding: str  # sent in BRP_KOP_DOELBINDING
    verwerking: str  # sent in BRP_KOP_VERWERKING
    gegevens: tuple[str, ...]  # GEGEVENSGROEPEN keys, in that order


@dataclass(frozen=True)
class Brpinstellingen:
    url: str  # the external BRP's base URL; empty: none
    stub: bool  # BRP_STUB: with no URL, the built-in stub
    profielen: Mapping[str, Brpprofiel] = field(default_factory=dict)
    kop_doelbinding: str = "X-DOELBINDING"
    kop_verwerking: str = "X-VERWERKING"
    kop_gebruiker: str = "X-GEBRUIKER"
    kop_oin: str = "X-ORIGIN-OIN"
    oin: str = ""
    kop_api_key: str = "X-API-KEY"
    api_key: str = ""
    certificaat: str = ""
    sleutel: str = ""
    ca_bundel: str = ""
    timeout: float = 5.0
    proxy: str = ""
    gemeentecode: str = "0637"

    @property
    def aan(self) -> bool:
        """A BRP to ask: an external one, or the built-in stub."""
        return bool(self.url) or self.stub

    def profiel(self, aanpak: str) -> Brpprofiel | None:
        return self.profielen.get(aanpak)


def _tekst(waarde: Any) -> str:
    return "" if waarde is None else str(waarde).strip()


def _waar(waarde: Any) -> bool:
    if isinstance(waarde, str):
        return waarde.strip().lower() in {"1", "true", "ja", "yes", "on"}
    return bool(waarde)


def _ruw(config: Mapping[str, Any]) -> tuple[Any, ...]:
    """The raw values the settings are made of (the cache key). A profile file counts
    with its modification time and size, so an edited file is read again."""
    bestand = _tekst(config.get("BRP_PROFIELEN_BESTAND"))
    stempel: tuple[int, int] | None = None
    if bestand and _tekst(config.get("BRP_PROFIELEN")):
        raise RuntimeError(_BEIDE)
    if bestand:
        try:
            status = os.stat(bestand)
        except OSError as fout:
            raise RuntimeError(
                f"BRP_PROFIELEN_BESTAND: het bestand {bestand!r} is niet te lezen "
                f"({fout.strerror})."
            ) from None
        stempel = (status.st_mtime_ns, status.st_size)
    return (
        _tekst(config.get("BRP_URL")),
        _waar(config.get("BRP_STUB")),
        _tekst(config.get("BRP_PROFIELEN")),
        bestand,
        stempel,
        *(
            _tekst(config.get(naam, standaard))
            for naam, standaard in (
                ("BRP_KOP_DOELBINDING", "X-DOELBINDING"),
                ("BRP_KOP_VERWERKING", "X-VERWERKING"),
                ("BRP_KOP_GEBRUIKER", "X-GEBRUIKER"),
                ("BRP_KOP_OIN", "X-ORIGIN-OIN"),
                ("BRP_OIN", ""),
                ("BRP_KOP_API_KEY", "X-API-KEY"),
                ("BRP_API_KEY", ""),
                ("BRP_CERTIFICAAT", ""),
                ("BRP_SLEUTEL", ""),
                ("BRP_CA_BUNDEL", ""),
                ("BRP_TIMEOUT_SECONDEN", "5"),
                ("BRP_PROXY", ""),
                ("BRP_GEMEENTECODE", "0637"),
            )
        ),
    )


def brp_instellingen(app: Flask | None = None) -> Brpinstellingen:
    """The settings of ``app`` (default: the current application), as they are now.
    Raises RuntimeError for a wrong setting (``init_app`` does so at start-up)."""
    return _lees(_ruw((app or current_app).config))


@lru_cache(maxsize=32)
def _lees(ruw: tuple[Any, ...]) -> Brpinstellingen:
    (url, stub, profielen_tekst, bestand, _stempel, *rest) = ruw
    (
        kop_doelbinding,
        kop_verwerking,
        kop_gebruiker,
        kop_oin,
        oin,
        kop_api_key,
        api_key,
        certificaat,
        sleutel,
        ca_bundel,
        timeout_tekst,
        proxy,
        gemeentecode,
    ) = rest
    _controleer_verbinding(url, proxy, certificaat, sleutel)
    _controleer_koppen(
        {
            "BRP_KOP_DOELBINDING": kop_doelbinding,
            "BRP_KOP_VERWERKING": kop_verwerking,
            "BRP_KOP_GEBRUIKER": kop_gebruiker,
            "BRP_KOP_OIN": kop_oin,
            "BRP_KOP_API_KEY": kop_api_key,
        },
        {"BRP_OIN": oin, "BRP_API_KEY": api_key},
    )
    try:
        timeout = float(timeout_tekst)
    except ValueError:
        timeout = 0.0
    if not timeout > 0:
        raise RuntimeError(
            f"BRP_TIMEOUT_SECONDEN: {timeout_tekst!r} is geen positief aantal seconden."
        )
    if gemeentecode and not re.fullmatch(r"\d{4}", gemeentecode):
        raise RuntimeError(
            f"BRP_GEMEENTECODE: {gemeentecode!r} is geen gemeentecode van vier cijfers."
        )
    return Brpinstellingen(
        url=url,
        stub=stub,
        profielen=MappingProxyType(lees_profielen(profielen_tekst, bestand)),
        kop_doelbinding=kop_doelbinding,
        kop_verwerking=kop_verwerking,
        kop_gebruiker=kop_gebruiker,
        kop_oin=kop_oin,
        oin=oin,
        kop_api_key=kop_api_key,
        api_key=api_key,
        certificaat=certificaat,
        sleutel=sleutel,
        ca_bundel=ca_bundel,
        timeout=timeout,
        proxy=proxy,
        gemeentecode=gemeentecode,
    )


def _controleer_verbinding(url: str, proxy: str, certificaat: str, sleutel: str) -> None:
    if url and not url.startswith(("http://", "https://")):
        raise RuntimeError(f"BRP_URL: {url!r} is geen http(s)-adres.")
    if proxy and not re.match(r"^(https?|socks5h?)://", proxy):
        raise RuntimeError(f"BRP_PROXY: {proxy!r} is geen proxy-adres (http://host:poort).")
    if bool(certificaat) != bool(sleutel):
        raise RuntimeError(
            "BRP_CERTIFICAAT en BRP_SLEUTEL horen samen: voor mutual TLS zijn het "
            "certificaat en zijn private sleutel (PEM-bestanden) allebei nodig."
        )


def _controleer_koppen(namen: dict[str, str], waarden: dict[str, str]) -> None:
    for naam, kop in namen.items():
        if not _KOPNAAM.match(kop):
            raise RuntimeError(f"{naam}: {kop!r} is geen geldige naam voor een HTTP-header.")
    for naam, waarde in waarden.items():
        if waarde and not _KOPWAARDE.match(waarde):
            raise RuntimeError(f"{naam}: alleen leesbare ASCII-tekens, geen regeleinden.")


def lees_profielen(tekst: str, bestand: str = "") -> dict[str, Brpprofiel]:
    """``BRP_PROFIELEN`` (JSON text) or ``BRP_PROFIELEN_BESTAND`` (a JSON file), at most
    one of them: ``{aanpak: {"doelbinding": ..., "verwerking": ..., "gegevens": [...]}}``.
    A profile without ``gegevens`` gets the minimum (MINIMALE_GEGEVENS)."""
    if tekst and bestand:
        raise RuntimeError(_BEIDE)
    naam = "BRP_PROFIELEN"
    if bestand:
        naam = "BRP_PROFIELEN_BESTAND"
        try:
            tekst = Path(bestand).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as fout:
            raise RuntimeError(
                f"BRP_PROFIELEN_BESTAND: het bestand {bestand!r} is niet te lezen ({fout})."
            ) from None
    if not tekst.strip():
        return {}
    try:
        gegevens = json.loads(tekst)
    except ValueError as fout:
        raise RuntimeError(f"{naam}: geen geldige JSON ({fout}).") from None
    if not isinstance(gegevens, dict):
        raise RuntimeError(f'{naam}: verwacht een JSON-object {{"aanpak": {{...}}, ...}}.')
    from workflows import CATALOGUS

    codes = CATALOGUS.codes()
    profielen: dict[str, Brpprofiel] = {}
    for aanpak, profiel in gegevens.items():
        if aanpak not in codes:
            raise RuntimeError(f"{naam}: onbekende aanpak {aanpak!r}; kies uit {', '.join(codes)}.")
        profielen[aanpak] = _profiel(naam, aanpak, profiel)
    return profielen


def _profiel(naam: str, aanpak: str, profiel: Any) -> Brpprofiel:
    plek = f"{naam}, aanpak {aanpak}"
    if not isinstance(profiel, dict):
        raise RuntimeError(
            f'{plek}: verwacht {{"doelbinding": ..., "verwerking": ..., "gegevens": [...]}}.'
        )
    onbekend = sorted(set(profiel) - _PROFIELSLEUTELS)
    if onbekend:
        raise RuntimeError(
            f"{plek}: onbekende sleutel {', '.join(map(repr, onbekend))}; een profiel kent "
            "doelbinding, verwerking en gegevens."
        )
    waarden: dict[str, str] = {}
    for sleutel in ("doelbinding", "verwerking"):
        waarde = profiel.get(sleutel)
        if not isinstance(waarde, str) or not waarde.strip():
            raise RuntimeError(
                f"{plek}: {sleutel} ontbreekt of is leeg. Neem de waarde over uit het "
                "autorisatiebesluit van de gemeente (docs/brp.md)."
            )
        if not _KOPWAARDE.match(waarde.strip()):
            raise RuntimeError(
                f"{plek}: {sleutel} mag alleen leesbare ASCII-tekens bevatten (het gaat als "
                "HTTP-header mee)."
            )
        waarden[sleutel] = waarde.strip()
    groepen = profiel.get("gegevens", list(MINIMALE_GEGEVENS))
    if not isinstance(groepen, list) or not groepen or not all(isinstance(g, str) for g in groepen):
        raise RuntimeError(
            f"{plek}: gegevens is een niet-lege lijst uit {', '.join(GEGEVENSGROEPEN)} "
            "(of laat gegevens weg voor het minimum: naam en geboortedatum)."
        )
    for groep in groepen:
        if groep not in GEGEVENSGROEPEN:
            raise RuntimeError(
                f"{plek}: onbekend gegeven {groep!r}; kies uit {', '.join(GEGEVENSGROEPEN)}."
            )
    if "gezag" in groepen and "geboortedatum" not in groepen:
        raise RuntimeError(
            f"{plek}: gezag kan alleen samen met geboortedatum (gezag wordt alleen bij "
            "minderjarigen bewaard, en de geboortedatum zegt wie dat is)."
        )
    return Brpprofiel(
        aanpak=aanpak,
        doelbinding=waarden["doelbinding"],
        verwerking=waarden["verwerking"],
        gegevens=tuple(g for g in GEGEVENSGROEPEN if g in groepen),
    )


def init_app(app: Flask) -> None:
    """Check the settings at start-up: a wrong one raises RuntimeError with what to fix."""
    instellingen = brp_instellingen(app)
    for naam, pad in (
        ("BRP_CERTIFICAAT", instellingen.certificaat),
        ("BRP_SLEUTEL", instellingen.sleutel),
        ("BRP_CA_BUNDEL", instellingen.ca_bundel),
    ):
        if pad and not os.access(pad, os.R_OK):
            raise RuntimeError(f"{naam}: het bestand {pad!r} is niet te lezen.")
    if instellingen.stub and not instellingen.url and app.config.get("OMGEVING") == "production":
        log.warning(
            "BRP_STUB staat aan zonder BRP_URL: de BRP-gegevens komen uit de ingebouwde "
            "stub met verzonnen testpersonen, niet uit de echte BRP."
        )

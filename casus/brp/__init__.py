"""BRP: persons checked against the Basisregistratie Personen (Haal Centraal "BRP
bevragen" version 2), with purpose binding per aanpak.

Layers (docs/brp.md):

- ``casus.brp.instellingen``: the settings (``BRP_*`` in config.py) read into one
  ``Brpinstellingen``; a ``Brpprofiel`` per aanpak holds the purpose headers' values and
  the data groups (``GEGEVENSGROEPEN``) that aanpak may ask for. An aanpak without a
  profile cannot query the BRP at all.
- ``casus.brp.client``: one query, ``raadpleeg(...) -> Raadpleging``; it never raises
  for a failure of the BRP, it returns the failure as ``Raadpleging.fout``.
- ``casus.brp.stub``: a built-in stub of the same API with our own test persons,
  served over HTTP on loopback (the demo and the tests); started by configuration.
- ``casus.brp.models`` / ``services``: what is stored (only the groups the aanpak may
  ask for), the rights (``casus.toegang``), the audit record per query, and the
  signals of a move out of the municipality or a death (``BrpWijziging``).
- ``casus.brp.views``: the check at the aanmelding, the refresh on the person page, the
  signals on the case page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

# The data groups an aanpak may ask for (its profile's ``gegevens``). The minimum, and
# the default of a profile that names none, is naam + geboortedatum.
GEGEVENSGROEPEN: dict[str, str] = {
    "naam": "Naam",
    "geboortedatum": "Geboortedatum",
    "adres": "Adres en gemeente van inschrijving",
    "overlijden": "Overlijden",
    "gezag": "Gezag (bij minderjarigen)",
}
MINIMALE_GEGEVENS: tuple[str, ...] = ("naam", "geboortedatum")

# Raadpleging.fout: why a query gave no person, each with its Dutch message (BRP_FOUTEN)
BRP_FOUTEN: dict[str, str] = {
    "niet_ingesteld": "De BRP is voor deze aanpak niet ingesteld.",
    "ongeldig_bsn": "Dit is geen geldig BSN (de elfproef klopt niet).",
    "niet_gevonden": "De BRP kent geen persoon met dit BSN.",
    "niet_geautoriseerd": (
        "De gemeente is niet geautoriseerd om deze persoon voor deze aanpak in de BRP te "
        "raadplegen."
    ),
    "time_out": "De BRP antwoordde niet op tijd. Probeer het later opnieuw.",
    "storing": "De BRP is nu niet bereikbaar. Probeer het later opnieuw.",
}
# shown with every failure at the aanmelding: the BRP never blocks registering by hand
HANDMATIG = "U kunt de aanmelding gewoon registreren met de gegevens die u zelf invult."


@dataclass(frozen=True)
class Gezagsrelatie:
    """Who has custody of a minor, as the BRP says (HC ``gezag``), in Dutch."""

    soort: str  # Dutch description, e.g. "Gezamenlijk ouderlijk gezag"
    gezaghouders: tuple[str, ...]  # names (volledige naam) of the custodians


@dataclass(frozen=True)
class BrpPersoon:
    """What the BRP said about one person, limited to the groups that were asked for:
    a group not asked for is None (or empty)."""

    bsn: str
    voornamen: str | None = None
    voorvoegsel: str | None = None
    geslachtsnaam: str | None = None
    geboortedatum: date | None = None
    adres: str | None = None  # "Straat 12a, 2711 AB Zoetermeer"
    gemeente_code: str | None = None  # gemeenteVanInschrijving.code, e.g. "0637"
    gemeente_naam: str | None = None
    overleden_op: date | None = None
    gezag: tuple[Gezagsrelatie, ...] = ()

    def als_dict(self) -> dict[str, object]:
        """JSON-safe (dates as ISO strings, gezag as lists): what is stored."""
        return {
            "bsn": self.bsn,
            "voornamen": self.voornamen,
            "voorvoegsel": self.voorvoegsel,
            "geslachtsnaam": self.geslachtsnaam,
            "geboortedatum": _iso(self.geboortedatum),
            "adres": self.adres,
            "gemeente_code": self.gemeente_code,
            "gemeente_naam": self.gemeente_naam,
            "overleden_op": _iso(self.overleden_op),
            "gezag": [{"soort": g.soort, "gezaghouders": list(g.gezaghouders)} for g in self.gezag],
        }

    @classmethod
    def uit_dict(cls, gegevens: dict[str, object]) -> BrpPersoon:
        """The reverse of ``als_dict``; a key that is missing is None (or no gezag)."""

        def tekst(sleutel: str) -> str | None:
            waarde = gegevens.get(sleutel)
            return None if waarde is None else str(waarde)

        def datum(sleutel: str) -> date | None:
            waarde = gegevens.get(sleutel)
            return None if waarde is None else date.fromisoformat(str(waarde))

        gezag = gegevens.get("gezag") or []
        if not isinstance(gezag, list):
            raise ValueError("gezag is geen lijst")
        return cls(
            bsn=str(gegevens["bsn"]),
            voornamen=tekst("voornamen"),
            voorvoegsel=tekst("voorvoegsel"),
            geslachtsnaam=tekst("geslachtsnaam"),
            geboortedatum=datum("geboortedatum"),
            adres=tekst("adres"),
            gemeente_code=tekst("gemeente_code"),
            gemeente_naam=tekst("gemeente_naam"),
            overleden_op=datum("overleden_op"),
            gezag=tuple(
                Gezagsrelatie(
                    soort=str(g["soort"]), gezaghouders=tuple(str(h) for h in g["gezaghouders"])
                )
                for g in cast(list[dict[str, Any]], gezag)
            ),
        )


def _iso(dag: date | None) -> str | None:
    return None if dag is None else dag.isoformat()


@dataclass(frozen=True)
class Raadpleging:
    """The outcome of one query: a person, or a failure code (BRP_FOUTEN)."""

    aanpak: str
    bsn: str
    gegevens: tuple[str, ...]  # the groups asked for (the profile's)
    persoon: BrpPersoon | None = None
    fout: str | None = None
    details: dict[str, object] = field(default_factory=dict)  # e.g. the HTTP status

    @property
    def gelukt(self) -> bool:
        return self.persoon is not None

    @property
    def melding(self) -> str | None:
        return None if self.fout is None else BRP_FOUTEN[self.fout]

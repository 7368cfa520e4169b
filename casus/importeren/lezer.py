"""Reading and checking the lines of an import file (domain.md section 6).

Pure Python: the reader (``Lezer``) parses every line into a record of what was read
(``GelezenCasus`` with its ``GelezenPersoon`` and ``GelezenStap``s, or
``GelezenSignaal``) and checks it against the catalogue; a case's events are replayed
from ``aangemeld`` and every step is judged by the status service's own rules
(``casus.casussen.stapregels``, with ``historisch``). Errors are collected, never
raised, so the command can report every error of the file at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casus.casussen import stapregels
from casus.casussen.stapregels import Stapfout
from casus.personen.models import bsn_geldig
from workflows import CATALOGUS
from workflows.base import AANGEMELD, VEREIST_DOEL_AANPAK, Transitie
from workflows.codes import INTERVENTIE_TYPES, POLITIECONTACT_SOORTEN, SIGNAAL_BRONNEN

DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
# longest accepted strings: codes, refs, names and parties fit their columns; free text
# (a signal's or intervention's text) is bounded too, so one line cannot fill the database
KORTE_TEKST, REF, VOORNAAM, ACHTERNAAM, VRIJE_TEKST = 200, 60, 100, 150, 20_000
STUURTEKENS = re.compile(r"[\x00-\x1f\x7f]")
STUURTEKENS_IN_TEKST = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# the key of an event in the file, per field the step rules name
IMPORTVELD = {stapregels.VELD_DOEL_AANPAK: "aanpak"}


@dataclass(frozen=True)
class Fout:
    regel: int
    veld: str
    bericht: str

    def __str__(self) -> str:
        veld = f", veld '{self.veld}'" if self.veld else ""
        return f"Regel {self.regel}{veld}: {self.bericht}"


@dataclass
class GelezenPersoon:
    ref: str | None
    voornaam: str
    achternaam: str
    geboortedatum: date | None
    bsn: str | None
    wijk: str | None
    politiecontacten: list[tuple[date, str]] = field(default_factory=list)

    def gegevens(self) -> tuple[object, ...]:
        return (self.voornaam, self.achternaam, self.geboortedatum, self.bsn, self.wijk)


@dataclass(frozen=True)
class GelezenStap:
    transitie: str
    datum: date
    reden: str | None = None
    partij: str | None = None
    regisseur: str | None = None
    doel_aanpak: str | None = None


@dataclass
class GelezenCasus:
    regel: int
    ref: str
    aanpak: str
    aangemeld_op: date
    persoon: GelezenPersoon | None
    kenmerken: dict[str, str]
    gebeurtenissen: list[GelezenStap]
    interventies: list[tuple[str, date, date | None, str | None]]


@dataclass
class GelezenSignaal:
    regel: int
    ref: str
    aanpak: str
    ontvangen_op: date
    bron: str
    thema: str
    casus_ref: str | None
    tekst: str | None
    wijk: str | None = None


def persoon_sleutel(p: GelezenPersoon) -> object:
    """Same person within a file: same ref, else same BSN, else only this line."""
    return p.ref or (f"bsn:{p.bsn}" if p.bsn else id(p))


class Lezer:
    """Parses lines; ``fouten`` holds every problem found."""

    def __init__(
        self, *, vandaag: date, wijken: tuple[str, ...], regisseurs: dict[str, frozenset[str]]
    ) -> None:
        self.vandaag = vandaag
        self.wijken = wijken
        # username -> aanpakken in which the user is an active regisseur
        self.regisseurs = regisseurs
        self.fouten: list[Fout] = []
        # what the reader notes without refusing (an age limit that only warns)
        self.waarschuwingen: list[Fout] = []
        self.casussen: list[GelezenCasus] = []
        self.signalen: list[GelezenSignaal] = []
        self._refs: dict[str, int] = {}
        self._personen: dict[str, tuple[GelezenPersoon, int]] = {}
        self._bsns: dict[str, tuple[str | None, int]] = {}
        self._regel = 0

    # -- helpers ----------------------------------------------------------------------

    def fout(self, veld: str, bericht: str) -> None:
        self.fouten.append(Fout(self._regel, veld, bericht))

    def leeftijd(self, veld: str, bezwaren: list[Stapfout]) -> None:
        """The age limits a person crosses (``stapregels.controleer_leeftijd``): a
        refusal is an error of the line, a warning only noted."""
        for b in bezwaren:
            doel = self.waarschuwingen if b.waarschuwing else self.fouten
            doel.append(Fout(self._regel, veld, b.regelbericht))

    def tekst(
        self,
        obj: dict[str, Any],
        sleutel: str,
        veld: str,
        *,
        verplicht: bool = True,
        max_lengte: int = KORTE_TEKST,
    ) -> str | None:
        """A string field: stripped, at most ``max_lengte`` characters, no control
        characters (free text, with a larger ``max_lengte``, may hold line breaks)."""
        waarde = obj.get(sleutel)
        if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
            if verplicht:
                self.fout(veld, "ontbreekt.")
            return None
        if not isinstance(waarde, str):
            self.fout(veld, "moet tekst zijn.")
            return None
        waarde = waarde.strip()
        if len(waarde) > max_lengte:
            self.fout(veld, f"is {len(waarde)} tekens lang; het maximum is {max_lengte}.")
            return None
        verboden = STUURTEKENS if max_lengte <= KORTE_TEKST else STUURTEKENS_IN_TEKST
        if verboden.search(waarde):
            self.fout(veld, "bevat ongeldige tekens (stuurtekens).")
            return None
        return waarde

    def datum(
        self, obj: dict[str, Any], sleutel: str, veld: str, *, verplicht: bool = True
    ) -> date | None:
        tekst = self.tekst(obj, sleutel, veld, verplicht=verplicht)
        if tekst is None:
            return None
        try:
            if not DATUM.fullmatch(tekst):
                raise ValueError
            waarde = date.fromisoformat(tekst)
        except ValueError:
            self.fout(veld, f"'{tekst}' is geen geldige datum (JJJJ-MM-DD).")
            return None
        if waarde > self.vandaag:
            self.fout(veld, f"de datum {waarde:%d-%m-%Y} ligt in de toekomst.")
            return None
        return waarde

    def lijst(self, obj: dict[str, Any], sleutel: str, veld: str) -> list[dict[str, Any]]:
        waarde = obj.get(sleutel) or []
        if not isinstance(waarde, list) or not all(isinstance(x, dict) for x in waarde):
            self.fout(veld, "moet een lijst van objecten zijn.")
            return []
        return waarde

    # -- lines ------------------------------------------------------------------------

    def lees(self, nummer: int, tekst: str) -> None:
        self._regel = nummer
        if not tekst.strip():
            return
        try:
            obj = json.loads(tekst)
        except json.JSONDecodeError as e:
            self.fout("", f"geen geldige JSON ({e.msg}, positie {e.pos + 1}).")
            return
        if not isinstance(obj, dict):
            self.fout("", "een regel moet een JSON-object zijn.")
            return
        soort = obj.get("soort")
        if soort not in ("casus", "signaal"):
            self.fout("soort", f"moet 'casus' of 'signaal' zijn, niet {soort!r}.")
            return
        ref = self.tekst(obj, "ref", "ref", max_lengte=REF)
        if ref is not None:
            if ref in self._refs:
                self.fout("ref", f"'{ref}' komt al voor op regel {self._refs[ref]}.")
            self._refs.setdefault(ref, nummer)
        aanpak = self.tekst(obj, "aanpak", "aanpak")
        if aanpak is not None and aanpak not in CATALOGUS:
            self.fout("aanpak", f"onbekende aanpak '{aanpak}'.")
            aanpak = None
        if soort == "casus":
            self._casus(obj, ref, aanpak)
        else:
            self._signaal(obj, ref, aanpak)

    def _signaal(self, obj: dict[str, Any], ref: str | None, aanpak: str | None) -> None:
        ontvangen_op = self.datum(obj, "ontvangen_op", "ontvangen_op")
        bron = self.tekst(obj, "bron", "bron")
        if bron is not None and bron not in SIGNAAL_BRONNEN:
            self.fout("bron", f"onbekende bron '{bron}'.")
        thema = self.tekst(obj, "thema", "thema")
        if aanpak is not None:
            themas = {w.code for w in CATALOGUS.get(aanpak).signaal_themas}
            if not themas:
                self.fout("aanpak", f"{CATALOGUS.get(aanpak).kort} kent geen signalen.")
            elif thema is not None and thema not in themas:
                self.fout("thema", f"'{thema}' is geen thema van {CATALOGUS.get(aanpak).kort}.")
        casus_ref = self.tekst(obj, "casus_ref", "casus_ref", verplicht=False, max_lengte=REF)
        tekst = self.tekst(obj, "tekst", "tekst", verplicht=False, max_lengte=VRIJE_TEKST)
        wijk = self.tekst(obj, "wijk", "wijk", verplicht=False)
        if wijk is not None and wijk not in self.wijken:
            self.fout("wijk", f"'{wijk}' is geen wijk van de gemeente.")
        if None in (ref, aanpak, ontvangen_op, bron, thema):
            return
        self.signalen.append(
            GelezenSignaal(
                self._regel,
                ref,
                aanpak,
                ontvangen_op,
                bron,
                thema,  # type: ignore[arg-type]
                casus_ref,
                tekst,
                wijk,
            )
        )

    def _casus(self, obj: dict[str, Any], ref: str | None, aanpak: str | None) -> None:
        aangemeld_op = self.datum(obj, "aangemeld_op", "aangemeld_op")
        persoon = self._persoon(obj, aanpak)
        geboren = persoon.geboortedatum if persoon is not None else None
        if aanpak is not None and aangemeld_op is not None:
            self.leeftijd(
                "persoon.geboortedatum",
                stapregels.controleer_leeftijd(aanpak, geboren, aangemeld_op),
            )
        kenmerken = self._kenmerken(obj, aanpak)
        stappen = self._gebeurtenissen(obj, aanpak, aangemeld_op, persoon, geboren)
        interventies = self._interventies(obj)
        if ref is None or aanpak is None or aangemeld_op is None or stappen is None:
            return
        self.casussen.append(
            GelezenCasus(
                self._regel, ref, aanpak, aangemeld_op, persoon, kenmerken, stappen, interventies
            )
        )

    def _persoon(self, obj: dict[str, Any], aanpak: str | None) -> GelezenPersoon | None:
        p = obj.get("persoon")
        if p is None:
            if aanpak is not None and CATALOGUS.get(aanpak).persoon_verplicht:
                self.fout(
                    "persoon",
                    f"een casus van {CATALOGUS.get(aanpak).kort} betreft altijd een persoon.",
                )
            return None
        if not isinstance(p, dict):
            self.fout("persoon", "moet een object zijn.")
            return None
        ref = self.tekst(p, "ref", "persoon.ref", verplicht=False, max_lengte=REF)
        voornaam = self.tekst(p, "voornaam", "persoon.voornaam", max_lengte=VOORNAAM)
        achternaam = self.tekst(p, "achternaam", "persoon.achternaam", max_lengte=ACHTERNAAM)
        geboortedatum = self.datum(p, "geboortedatum", "persoon.geboortedatum", verplicht=False)
        bsn = self.tekst(p, "bsn", "persoon.bsn", verplicht=False)
        if bsn is not None and not bsn_geldig(bsn):
            self.fout("persoon.bsn", f"'{bsn}' is geen geldig BSN (elfproef).")
            bsn = None
        wijk = self.tekst(p, "wijk", "persoon.wijk", verplicht=False)
        if wijk is not None and wijk not in self.wijken:
            self.fout("persoon.wijk", f"'{wijk}' is geen wijk van de gemeente.")
        contacten = []
        for i, pc in enumerate(self.lijst(p, "politiecontacten", "persoon.politiecontacten")):
            veld = f"persoon.politiecontacten[{i}]"
            d = self.datum(pc, "datum", f"{veld}.datum")
            soort = self.tekst(pc, "soort", f"{veld}.soort")
            if soort is not None and soort not in POLITIECONTACT_SOORTEN:
                self.fout(f"{veld}.soort", f"onbekende soort '{soort}' (politie of justitie).")
            elif d is not None and soort is not None:
                contacten.append((d, soort))
        if voornaam is None or achternaam is None:
            return None
        persoon = GelezenPersoon(ref, voornaam, achternaam, geboortedatum, bsn, wijk, contacten)
        return self._zelfde_persoon(persoon)

    def _zelfde_persoon(self, persoon: GelezenPersoon) -> GelezenPersoon:
        """One record per person ref; a ref on two lines must carry the same data."""
        if persoon.bsn is not None:
            ref, regel = self._bsns.setdefault(persoon.bsn, (persoon.ref, self._regel))
            if ref != persoon.ref:
                self.fout(
                    "persoon.bsn", f"hetzelfde BSN staat op regel {regel} bij een andere persoon."
                )
        if persoon.ref is None:
            return persoon
        bekend = self._personen.get(persoon.ref)
        if bekend is None:
            self._personen[persoon.ref] = (persoon, self._regel)
            return persoon
        eerder, regel = bekend
        if eerder.gegevens() != persoon.gegevens():
            self.fout(
                "persoon", f"persoon '{persoon.ref}' staat op regel {regel} met andere gegevens."
            )
        for contact in persoon.politiecontacten:
            if contact not in eerder.politiecontacten:
                eerder.politiecontacten.append(contact)
        return eerder

    def _kenmerken(self, obj: dict[str, Any], aanpak: str | None) -> dict[str, str]:
        waarden = obj.get("kenmerken") or {}
        if not isinstance(waarden, dict):
            self.fout("kenmerken", "moet een object zijn.")
            return {}
        if aanpak is None:
            return {}
        definitie = CATALOGUS.get(aanpak)
        schoon: dict[str, str] = {}
        for code in waarden:
            veld = f"kenmerken.{code}"
            kenmerk = definitie.kenmerk(code)
            if kenmerk is None:
                self.fout(veld, f"'{code}' is geen kenmerk van {definitie.kort}.")
                continue
            tekst = self.tekst(waarden, code, veld, verplicht=False)
            if tekst is None:
                continue
            bericht = kenmerk.fout(tekst, self.wijken)
            if bericht:
                self.fout(veld, bericht)
            else:
                schoon[code] = tekst
        return schoon

    def _gebeurtenissen(
        self,
        obj: dict[str, Any],
        aanpak: str | None,
        aangemeld_op: date | None,
        persoon: GelezenPersoon | None,
        geboren: date | None,
    ) -> list[GelezenStap] | None:
        """Replay the events from aangemeld, each judged by the step rules; None when any
        is wrong (the events after a wrong one are not judged)."""
        status, vorige, goed = AANGEMELD, aangemeld_op, True
        stappen: list[GelezenStap] = []
        for i, ev in enumerate(self.lijst(obj, "gebeurtenissen", "gebeurtenissen")):
            veld = f"gebeurtenissen[{i}]"
            d = self.datum(ev, "datum", f"{veld}.datum")
            trigger = self.tekst(ev, "transitie", f"{veld}.transitie")
            if d is None or trigger is None or aanpak is None or not goed:
                goed = False
                continue
            transitie = stapregels.transitie_voor(aanpak, status, trigger)
            stap = self._stap(
                ev, veld, aanpak, status, trigger, transitie, d, vorige, persoon, geboren
            )
            if stap is None or transitie is None:
                goed = False
                continue
            stappen.append(stap)
            status, vorige = transitie.doel, d
            aanpak = stap.doel_aanpak or aanpak
        return stappen if goed else None

    def _stap(
        self,
        ev: dict[str, Any],
        veld: str,
        aanpak: str,
        status: str,
        trigger: str,
        transitie: Transitie | None,
        d: date,
        vorige: date | None,
        persoon: GelezenPersoon | None,
        geboren: date | None,
    ) -> GelezenStap | None:
        """One event, read and judged; None (with its errors recorded) when wrong."""
        fouten = len(self.fouten)
        reden = partij = regisseur = doel = None
        if transitie is not None:  # an impossible move: its other fields are not read
            reden = self.tekst(ev, "reden", f"{veld}.reden", verplicht=False)
            partij = self.tekst(ev, "partij", f"{veld}.partij", verplicht=False)
            regisseur = self.tekst(ev, "regisseur", f"{veld}.regisseur", verplicht=False)
            if VEREIST_DOEL_AANPAK in transitie.vereist:  # read only for a move that takes it
                doel = self.tekst(ev, "aanpak", f"{veld}.aanpak", verplicht=False)
        onleesbaar = {f.veld for f in self.fouten[fouten:]}
        for fout in stapregels.controleer_stap(
            aanpak=aanpak,
            status=status,
            trigger=trigger,
            datum=d,
            vorige_datum=vorige,
            vandaag=self.vandaag,
            reden=reden,
            partij=partij,
            doel_aanpak=doel,
            heeft_persoon=persoon is not None,
            regisseur=regisseur,
            regisseur_in_team=aanpak in self.regisseurs.get(regisseur or "", frozenset()),
            historisch=True,
            geboortedatum=geboren,
        ):
            naam = f"{veld}.{IMPORTVELD.get(fout.veld, fout.veld)}"
            if fout.veld == stapregels.VELD_GEBOORTEDATUM:  # the target aanpak's age limit
                self.leeftijd(f"{veld}.aanpak", [fout])
            elif naam not in onleesbaar:  # a value that could not be read is not judged again
                self.fout(naam, fout.regelbericht)
        if len(self.fouten) > fouten:
            return None
        return GelezenStap(trigger, d, reden, partij, regisseur, doel)

    def _interventies(self, obj: dict[str, Any]) -> list[tuple[str, date, date | None, str | None]]:
        uit = []
        for i, iv in enumerate(self.lijst(obj, "interventies", "interventies")):
            veld = f"interventies[{i}]"
            soort = self.tekst(iv, "type", f"{veld}.type")
            if soort is not None and soort not in INTERVENTIE_TYPES:
                self.fout(f"{veld}.type", f"onbekend interventietype '{soort}'.")
                soort = None
            begin = self.datum(iv, "datum", f"{veld}.datum")
            eind = self.datum(iv, "einddatum", f"{veld}.einddatum", verplicht=False)
            if begin is not None and eind is not None and eind < begin:
                self.fout(f"{veld}.einddatum", "de einddatum ligt vóór de begindatum.")
                eind = None
            tekst = self.tekst(
                iv, "tekst", f"{veld}.tekst", verplicht=False, max_lengte=VRIJE_TEKST
            )
            if soort is not None and begin is not None:
                uit.append((soort, begin, eind, tekst))
        return uit

    def controleer_koppelingen(self, bestaande_casussen: set[str]) -> None:
        """Signals point at a case in the file or in the database."""
        bekend = {c.ref for c in self.casussen} | bestaande_casussen
        for s in self.signalen:
            if s.casus_ref and s.casus_ref not in bekend:
                self._regel = s.regel
                self.fout(
                    "casus_ref",
                    f"casus '{s.casus_ref}' staat niet in het bestand en niet in de database.",
                )

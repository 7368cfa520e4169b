"""Building blocks of an aanpak definition: pure data, no Flask, no database.

Every aanpak shares the lifecycle of domain.md section 3 unless its definition
passes its own ``transities``. Reasons, kenmerken, guards and settings differ per
aanpak and live in the aanpak's own module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# --- lifecycle (domain.md section 3) ---------------------------------------------

AANGEMELD = "aangemeld"
GETRIAGED = "getriaged"
ACTIEF = "actief"
IN_DE_WACHT = "in_de_wacht"
NIET_OPGENOMEN = "niet_opgenomen"
SUCCESVOL_AFGESLOTEN = "succesvol_afgesloten"
NIET_SUCCESVOL_AFGESLOTEN = "niet_succesvol_afgesloten"
OVERGEDRAGEN = "overgedragen"

STATUS_LABELS: dict[str, str] = {
    AANGEMELD: "Aangemeld",
    GETRIAGED: "Opgenomen",
    ACTIEF: "Actief",
    IN_DE_WACHT: "In de wacht",
    NIET_OPGENOMEN: "Niet opgenomen",
    SUCCESVOL_AFGESLOTEN: "Succesvol afgesloten",
    NIET_SUCCESVOL_AFGESLOTEN: "Niet succesvol afgesloten",
    OVERGEDRAGEN: "Overgedragen",
}
STATUSSEN: tuple[str, ...] = tuple(STATUS_LABELS)
EINDSTATUSSEN: frozenset[str] = frozenset(
    {NIET_OPGENOMEN, SUCCESVOL_AFGESLOTEN, NIET_SUCCESVOL_AFGESLOTEN, OVERGEDRAGEN}
)
# Terminal states that count as an "afsluiting" in the report (domain.md section 5).
AFSLUITSTATUSSEN: tuple[str, ...] = (
    SUCCESVOL_AFGESLOTEN,
    NIET_SUCCESVOL_AFGESLOTEN,
    OVERGEDRAGEN,
)
OPEN_STATUSSEN: tuple[str, ...] = tuple(s for s in STATUSSEN if s not in EINDSTATUSSEN)

# Who may fire a transition. Checked by casus.toegang, declared here as data.
WIE_TRIAGE = "triage"
WIE_REGISSEUR = "toegewezen_regisseur"

# What a transition needs besides a date.
VEREIST_REDEN = "reden"
VEREIST_PARTIJ = "partij"
VEREIST_DOEL_AANPAK = "doel_aanpak"


@dataclass(frozen=True)
class Transitie:
    trigger: str
    label: str
    bronnen: tuple[str, ...]
    doel: str
    vereist: tuple[str, ...] = ()
    wie: tuple[str, ...] = (WIE_REGISSEUR, WIE_TRIAGE)
    # The status whose reason list applies (pauzeren -> in_de_wacht).
    reden_status: str | None = None


STANDAARD_TRANSITIES: tuple[Transitie, ...] = (
    Transitie("triageren", "Opnemen", (AANGEMELD,), GETRIAGED, wie=(WIE_TRIAGE,)),
    Transitie(
        "niet_opnemen",
        "Niet opnemen",
        (AANGEMELD,),
        NIET_OPGENOMEN,
        vereist=(VEREIST_REDEN,),
        wie=(WIE_TRIAGE,),
        reden_status=NIET_OPGENOMEN,
    ),
    Transitie(
        "omzetten",
        "Omzetten naar andere aanpak",
        (AANGEMELD,),
        AANGEMELD,
        vereist=(VEREIST_DOEL_AANPAK,),
        wie=(WIE_TRIAGE,),
    ),
    Transitie("starten", "Starten", (GETRIAGED,), ACTIEF),
    Transitie(
        "pauzeren",
        "In de wacht zetten",
        (ACTIEF,),
        IN_DE_WACHT,
        vereist=(VEREIST_REDEN,),
        reden_status=IN_DE_WACHT,
    ),
    Transitie("hervatten", "Hervatten", (IN_DE_WACHT,), ACTIEF),
    Transitie(
        "afsluiten_succesvol",
        "Succesvol afsluiten",
        (ACTIEF,),
        SUCCESVOL_AFGESLOTEN,
        vereist=(VEREIST_REDEN,),
        reden_status=SUCCESVOL_AFGESLOTEN,
    ),
    Transitie(
        "afsluiten_niet_succesvol",
        "Niet succesvol afsluiten",
        (GETRIAGED, ACTIEF, IN_DE_WACHT),
        NIET_SUCCESVOL_AFGESLOTEN,
        vereist=(VEREIST_REDEN,),
        reden_status=NIET_SUCCESVOL_AFGESLOTEN,
    ),
    Transitie(
        "overdragen",
        "Overdragen",
        (GETRIAGED, ACTIEF, IN_DE_WACHT),
        OVERGEDRAGEN,
        vereist=(VEREIST_REDEN, VEREIST_PARTIJ),
        reden_status=OVERGEDRAGEN,
    ),
)


@dataclass(frozen=True)
class Reden:
    code: str
    label: str
    positief: bool = False


REDENEN_NIET_OPGENOMEN: tuple[Reden, ...] = (
    Reden("geen_doelgroep", "Valt niet binnen de doelgroep"),
    Reden("elders_belegd", "Elders belegd"),
    Reden("onvoldoende_grond", "Onvoldoende grond"),
)
REDENEN_IN_DE_WACHT: tuple[Reden, ...] = (
    Reden("politieonderzoek", "Politieonderzoek loopt"),
    Reden("wacht_op_informatie", "Wacht op informatie"),
    Reden("detentie", "Detentie"),
)


@dataclass(frozen=True)
class Waarde:
    code: str
    label: str


@dataclass(frozen=True)
class Kenmerk:
    """A case attribute. ``waarden`` None means free text, optionally matching ``patroon``."""

    code: str
    label: str
    waarden: tuple[Waarde, ...] | None = None
    patroon: str | None = None
    patroon_uitleg: str = ""
    max_lengte: int = 200
    # values come from the municipality's setting (the wijken), not the definition
    gemeentelijke_lijst: bool = False

    def codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.waarden or ())

    def fout(self, waarde: str, wijken: tuple[str, ...] = ()) -> str | None:
        """Dutch message when ``waarde`` is not allowed, else None."""
        if self.gemeentelijke_lijst:
            if waarde not in wijken:
                return f"'{waarde}' is geen wijk van de gemeente."
            return None
        if self.waarden is not None:
            if waarde not in self.codes():
                return f"'{waarde}' is geen toegestane waarde voor {self.label.lower()}."
            return None
        if len(waarde) > self.max_lengte:
            return f"{self.label} is te lang (maximaal {self.max_lengte} tekens)."
        if self.patroon and not re.fullmatch(self.patroon, waarde):
            return f"{self.label}: {self.patroon_uitleg or 'ongeldige waarde'}."
        return None


WIJK = Kenmerk("wijk", "Wijk", gemeentelijke_lijst=True)
ADRES = Kenmerk("adres", "Adres", max_lengte=200)

ZOETERMEER_WIJKEN: tuple[str, ...] = (
    "Bedrijventerreinen",
    "Buytenwegh",
    "De Leyens",
    "Dorp",
    "Driemanspolder",
    "Meerzicht",
    "Noordhove",
    "Oosterheem",
    "Palenstein",
    "Rokkeveen",
    "Seghwaert",
    "Stadshart",
)


def keuzes(*paren: tuple[str, str]) -> tuple[Waarde, ...]:
    return tuple(Waarde(code, label) for code, label in paren)


# Guard names. The predicates themselves live on the Casus model
# (casus.casussen.models); the definition only names which apply.
GUARD_GEEN_POLITIECONTACT = "geen_recent_politiecontact"
GUARD_VOORUITGANG_LEEFGEBIED = "vooruitgang_op_leefgebied"
GUARD_HEEFT_INTERVENTIE = "heeft_interventie"
GUARDS: frozenset[str] = frozenset(
    {GUARD_GEEN_POLITIECONTACT, GUARD_VOORUITGANG_LEEFGEBIED, GUARD_HEEFT_INTERVENTIE}
)


@dataclass(frozen=True)
class Leeftijdsgrens:
    """An age limit of an aanpak, judged on the date a person enters it (the aanmelding,
    or the omzetten into the aanpak): the age in whole years must lie in ``minimum`` ..
    ``maximum``, both inclusive (None: no bound). The limit applies on dates in
    ``vanaf`` .. ``tot`` (``tot`` exclusive; None: open). Crossing it refuses, or with
    ``weigeren`` False is a warning the user confirms. ``reden`` says why, in Dutch."""

    reden: str
    minimum: int | None = None
    maximum: int | None = None
    weigeren: bool = True
    vanaf: date | None = None
    tot: date | None = None

    def geldt_op(self, op: date) -> bool:
        return (self.vanaf is None or op >= self.vanaf) and (self.tot is None or op < self.tot)

    def overschreden(self, leeftijd: int) -> bool:
        return (self.minimum is not None and leeftijd < self.minimum) or (
            self.maximum is not None and leeftijd > self.maximum
        )


# Under 12 nobody is criminally liable in the Netherlands (Wetboek van Strafrecht art.
# 486): for an aanpak aimed at crime a younger person is most likely a typing error in
# the date of birth, but not impossible (structurele overlast), so only a warning.
STRAFRECHTELIJKE_LEEFTIJD = 12


# --- norms (casus.termijnen, docs/termijnen.md) ---------------------------------------

# How a norm's clock starts.
NORM_IN_STATUS = "in_status"  # entering the state (aangemeld: the aanmelding's date)
NORM_CONTACT = "contact"  # the last contactmoment (none yet: the opname, else the aanmelding)
NORM_HERBEOORDELING = "herbeoordeling"  # entering the state or the last note, the later
NORM_SOORTEN: frozenset[str] = frozenset({NORM_IN_STATUS, NORM_CONTACT, NORM_HERBEOORDELING})


@dataclass(frozen=True)
class Norm:
    """A lead time of an aanpak: while a case is in ``status``, what ``label`` names must
    happen within ``dagen`` (workdays with Dutch public holidays off when ``werkdagen``,
    else calendar days) of the clock's start (``soort``). From ``waarschuwing`` days (in the
    same unit) before the due date the norm is "nadert"; after the due date "verlopen"."""

    code: str  # stable key (escalation keys, URLs): "triage", "starten", "wacht", "contact"
    label: str  # what must happen, in Dutch: "Triagebesluit"
    status: str
    dagen: int
    werkdagen: bool = False
    waarschuwing: int = 3
    soort: str = NORM_IN_STATUS

    def __post_init__(self) -> None:
        if self.soort not in NORM_SOORTEN:
            raise ValueError(f"onbekende normsoort {self.soort!r}")
        if self.dagen < 1 or not 0 <= self.waarschuwing < self.dagen:
            raise ValueError(f"norm {self.code}: ongeldige termijn of waarschuwing")

    @property
    def termijn(self) -> str:
        """The term in words: "10 werkdagen", "30 dagen"."""
        eenheid = "werkdag" if self.werkdagen else "dag"
        meervoud = "en" if self.dagen != 1 else ""
        return f"{self.dagen} {eenheid}{meervoud}"


NORM_TRIAGE = "triage"
NORM_STARTEN = "starten"
NORM_WACHT = "wacht"
NORM_CONTACTMOMENT = "contact"


def standaardnormen(*, wacht_dagen: int = 30, contact_dagen: int = 30) -> tuple[Norm, ...]:
    """The norms every aanpak has unless its definition passes its own: a triage decision
    within 10 workdays of the aanmelding, the start within 10 workdays of the opname, a
    review of a case in de wacht every ``wacht_dagen`` and a contactmoment with an active
    case every ``contact_dagen`` (calendar days)."""
    return (
        Norm(NORM_TRIAGE, "Triagebesluit", AANGEMELD, 10, werkdagen=True),
        Norm(NORM_STARTEN, "Start van de aanpak", GETRIAGED, 10, werkdagen=True),
        Norm(
            NORM_WACHT,
            "Herbeoordeling in de wacht",
            IN_DE_WACHT,
            wacht_dagen,
            waarschuwing=7,
            soort=NORM_HERBEOORDELING,
        ),
        Norm(
            NORM_CONTACTMOMENT,
            "Contactmoment",
            ACTIEF,
            contact_dagen,
            waarschuwing=5,
            soort=NORM_CONTACT,
        ),
    )


STANDAARDNORMEN: tuple[Norm, ...] = standaardnormen()


@dataclass(frozen=True)
class Instellingen:
    bewaartermijn_jaren: int = 5
    maanden_zonder_politiecontact: int = 6
    correctie_termijn_dagen: int = 30


@dataclass(frozen=True)
class Aanpak:
    code: str
    label: str
    kort: str
    omschrijving: str
    # reason lists keyed by the status they lead to (see Transitie.reden_status)
    redenen: dict[str, tuple[Reden, ...]]
    kenmerken: tuple[Kenmerk, ...] = ()
    # subjects a case may have: "persoon", "onderneming", "locatie"
    onderwerpen: tuple[str, ...] = ("persoon",)
    persoon_verplicht: bool = True
    # {(trigger, reden): (guard, ...)}; reden "*" applies to every reason
    guards: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    instellingen: Instellingen = Instellingen()
    # signal themes when this aanpak takes in signalen, else empty
    signaal_themas: tuple[Waarde, ...] = ()
    transities: tuple[Transitie, ...] = STANDAARD_TRANSITIES
    # strictest need-to-know: never mentioned to non-members anywhere (PARTA)
    strikt_vertrouwelijk: bool = False
    # position in lists and reports
    volgorde: int = 100
    # case numbers: PREFIX-YEAR-NNNNN (default: the code in capitals)
    prefix: str = ""
    # the ages a person may have on entering the aanpak (none: any age)
    leeftijdsgrenzen: tuple[Leeftijdsgrens, ...] = ()
    # lead times per state (casus.termijnen)
    normen: tuple[Norm, ...] = STANDAARDNORMEN

    @property
    def casusprefix(self) -> str:
        return self.prefix or self.code.upper()

    # -- lookups ------------------------------------------------------------------

    def transitie(self, trigger: str) -> Transitie | None:
        return next((t for t in self.transities if t.trigger == trigger), None)

    def redenen_voor(self, trigger: str) -> tuple[Reden, ...]:
        t = self.transitie(trigger)
        if t is None or t.reden_status is None:
            return ()
        return self.redenen.get(t.reden_status, ())

    def reden(self, status: str, code: str) -> Reden | None:
        return next((r for r in self.redenen.get(status, ()) if r.code == code), None)

    def positieve_redenen(self) -> dict[str, tuple[str, ...]]:
        return {
            status: tuple(r.code for r in lijst if r.positief)
            for status, lijst in self.redenen.items()
        }

    def norm(self, code: str) -> Norm | None:
        return next((n for n in self.normen if n.code == code), None)

    def normen_voor(self, status: str) -> tuple[Norm, ...]:
        """The norms that run while a case of this aanpak is in ``status``."""
        return tuple(n for n in self.normen if n.status == status)

    def kenmerk(self, code: str) -> Kenmerk | None:
        return next((k for k in self.kenmerken if k.code == code), None)

    def guards_voor(self, trigger: str, reden: str | None) -> tuple[str, ...]:
        specifiek = self.guards.get((trigger, reden or ""), ())
        algemeen = self.guards.get((trigger, "*"), ())
        return algemeen + specifiek

    @property
    def statussen(self) -> tuple[str, ...]:
        gebruikt = {t.doel for t in self.transities} | {AANGEMELD}
        for t in self.transities:
            gebruikt.update(t.bronnen)
        return tuple(s for s in STATUSSEN if s in gebruikt)

"""The half-year report (domain.md sections 5 and 6) as a JSON-ready dict.

The database does the counting (``casus.rapportage.uit_casusstand`` and
``casus.rapportage.queries``); this module only adds up the grouped counts per key and
fills in every code of the catalogue, so every aanpak, status, reason and type is
present, also with 0. How the report is built from its counts is ``Telbron``; where the
counts come from is its subclass ``UitAfgeleid`` (the derived data).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, select

from casus.errors import Conflict, Ongeldig
from casus.extensions import db
from casus.klok import vandaag
from casus.rapportage import queries, uit_casusstand
from casus.rapportage.models import Vaststelling
from casus.rapportage.periode import Periode
from casus.toegang.actor import Actor, gebruiker_van, vereis_actor
from casus.toegang.policy import mag_rapport_vaststellen, vereis
from workflows import CATALOGUS
from workflows.base import AFSLUITSTATUSSEN, IN_DE_WACHT, NIET_OPGENOMEN, SUCCESVOL_AFGESLOTEN
from workflows.codes import INTERVENTIE_TYPES, SIGNAAL_BRONNEN
from workflows.woonoverlast import LEEFBAARHEIDSWOONOVERLAST, ZORGWOONOVERLAST

NORM_OPLOSSINGSPERCENTAGE = 20

# per aanpak code its figures (the keys of domain.md section 5)
Cijfers = dict[str, dict[str, Any]]
# the breakdown counters: herkomst, woningtype, wijk, corporatie_soort
Delen = dict[str, Counter[str]]
# per intervention type: interventions, distinct persons, distinct minors
Interventietelling = tuple[str, int, int, int]


def een_decimaal(waarde: float) -> float:
    return float(Decimal(str(waarde)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def procent(deel: int, geheel: int) -> float:
    return een_decimaal(deel * 100 / geheel) if geheel else 0.0


def _leeg_per_aanpak(code: str) -> dict[str, Any]:
    definitie = CATALOGUS.get(code)
    cijfers: dict[str, Any] = {
        k: 0
        for k in ("aanmeldingen", "niet_opgenomen", "lopend_begin", "nieuw", "totaal", "afgesloten")
    }
    cijfers["afgesloten_per_status"] = {s: 0 for s in AFSLUITSTATUSSEN}
    cijfers["afgesloten_per_reden"] = {
        s: {r.code: 0 for r in definitie.redenen.get(s, ())} for s in AFSLUITSTATUSSEN
    }
    cijfers.update(positief=0, lopend_einde=0, in_de_wacht_einde=0)
    return cijfers


class Telbron(ABC):
    """Where the report's case and intervention counts come from; the report is built
    from them the same way whatever the source (``rapport``).

    The application reads the derived data (``UitAfgeleid``). The tests' oracle
    (``tests/hulp/rapport_orakel.py``) is a subclass that replays the event log instead,
    and the tests require both to give the same report.
    """

    @abstractmethod
    def tel_aanpakken(self, uit: Cijfers, delen: Delen | None, periode: Periode) -> None:
        """Add the period's case counts to ``uit`` and, unless ``delen`` is None, the
        breakdowns to ``delen`` (with ``_afgesloten`` and ``_kenmerken``)."""

    @abstractmethod
    def interventies(self, van: date, tem: date) -> list[Interventietelling]:
        """Per type: interventions dated in the period, distinct persons, distinct minors."""

    @abstractmethod
    def personen_in_totaal(self, aanpak: str, van: date, tem: date) -> Select[tuple[int | None]]:
        """select() of the persons of ``aanpak``'s cases in ``totaal`` for the period."""

    def aanpak_cijfers(self, periode: Periode, *, met_delen: bool = True) -> tuple[Cijfers, Delen]:
        """Per aanpak the keys of domain.md section 5, plus the breakdown counters (left
        empty without ``met_delen``: the comparison period and the trend need none)."""
        uit = {code: _leeg_per_aanpak(code) for code in CATALOGUS.codes()}
        delen: Delen = {
            k: Counter() for k in ("herkomst", "woningtype", "wijk", "corporatie_soort")
        }
        self.tel_aanpakken(uit, delen if met_delen else None, periode)
        return uit, delen

    def rapport(self, periode: Periode, vorige: Cijfers | None = None) -> dict[str, Any]:
        """Every figure of domain.md section 5 for ``periode`` and its comparison period;
        ``vorige``: the comparison period's ``aanpak_cijfers`` when already known."""
        vergelijking = periode.vergelijking()
        aanpakken, delen = self.aanpak_cijfers(periode)
        if vorige is None:
            vorige, _ = self.aanpak_cijfers(vergelijking, met_delen=False)
        for code, cijfers in aanpakken.items():
            cijfers["vergelijking"] = vorige[code]
        signalen = _signalen(periode)
        for code, s in _signalen(vergelijking).items():
            signalen[code]["vergelijking"] = s
        oplossing = oplossingspercentage(aanpakken)
        per_herkomst = {"lokaal": 0, "riec": 0}
        per_herkomst.update(delen["herkomst"])
        personen = self.personen_in_totaal("pga_jeugd", periode.van, periode.tot_en_met)
        contacten = queries.politiecontacten(
            personen,
            [(periode.van, periode.tot_en_met), (vergelijking.van, vergelijking.tot_en_met)],
        )
        return {
            "periode": periode.naar_json(),
            "vergelijkingsperiode": vergelijking.naar_json(),
            "aanpakken": aanpakken,
            "signalen": signalen,
            "ondermijning": {"per_herkomst": per_herkomst, "oplossingspercentage": oplossing},
            "woonoverlast": _woonoverlast(delen),
            "interventies": self._interventie_cijfers(periode),
            "indicatoren": indicatoren(aanpakken, signalen, (contacten[0], contacten[1])),
        }

    def _interventie_cijfers(self, periode: Periode) -> dict[str, dict[str, int]]:
        uit = {t: {"totaal": 0, "personen": 0, "minderjarig": 0} for t in INTERVENTIE_TYPES}
        for soort, totaal, personen, minderjarig in self.interventies(
            periode.van, periode.tot_en_met
        ):
            uit[soort] = {"totaal": totaal, "personen": personen, "minderjarig": minderjarig}
        return uit

    @staticmethod
    def _afgesloten(
        cijfers: dict[str, Any], code: str, status: str, reden: str | None, n: int
    ) -> None:
        """Count ``n`` cases of aanpak ``code`` closed in the period with status and reden."""
        cijfers["afgesloten"] += n
        cijfers["afgesloten_per_status"][status] += n
        per_reden = cijfers["afgesloten_per_reden"][status]
        per_reden[reden] = per_reden.get(reden, 0) + n
        if reden in CATALOGUS.get(code).positieve_redenen().get(status, ()):
            cijfers["positief"] += n

    @staticmethod
    def _kenmerken(delen: Delen, rij: dict[str, Any]) -> None:
        """Breakdowns: ondermijning in totaal by herkomst; woonoverlast in lopend_einde by
        woningtype and wijk, and the corporatie cases by soort."""
        n = rij["n"]
        if rij["aanpak"] == "ondermijning":
            delen["herkomst"][rij["herkomst"] or "onbekend"] += n
            return
        delen["woningtype"][rij["woningtype"] or "onbekend"] += n
        delen["wijk"][rij["wijk"] or "onbekend"] += n
        if rij["woningtype"] == "corporatie":
            delen["corporatie_soort"][rij["soort"] or "onbekend"] += n


class UitAfgeleid(Telbron):
    """The report's source: the derived data, kept in step with the log by the services
    (``casusstand`` for the cases, the interventions' own person and age columns)."""

    def tel_aanpakken(self, uit: Cijfers, delen: Delen | None, periode: Periode) -> None:
        """The counting rules applied to the states on the period's end
        (uit_casusstand.groepen): every group is open on that date or reached its
        terminal state in the period."""
        groepen = uit_casusstand.groepen(
            periode.van, periode.tot_en_met, met_kenmerken=delen is not None
        )
        self._tel_groepen(uit, delen, groepen)

    def aanpak_cijfers_per_periode(self, perioden: list[Periode]) -> list[Cijfers]:
        """``aanpak_cijfers(p, met_delen=False)`` for every period of ``perioden``, in
        one statement (uit_casusstand.groepen_per_periode): the trend."""
        if not perioden:
            return []
        uit = []
        for groepen in uit_casusstand.groepen_per_periode(
            [(p.van, p.tot_en_met) for p in perioden]
        ):
            cijfers = {code: _leeg_per_aanpak(code) for code in CATALOGUS.codes()}
            self._tel_groepen(cijfers, None, groepen)
            uit.append(cijfers)
        return uit

    def _tel_groepen(
        self, uit: Cijfers, delen: Delen | None, groepen: list[uit_casusstand.Groep]
    ) -> None:
        for g in groepen:
            cijfers = uit.get(g.aanpak)
            if cijfers is None:  # an aanpak no longer in the catalogue
                continue
            cijfers["aanmeldingen"] += g.aangemeld_in
            cijfers["niet_opgenomen"] += g.aantal if g.status == NIET_OPGENOMEN else 0
            cijfers["lopend_begin"] += g.opgenomen_voor
            cijfers["nieuw"] += g.opgenomen - g.opgenomen_voor
            cijfers["totaal"] += g.opgenomen
            afgesloten = g.status in AFSLUITSTATUSSEN
            if afgesloten:
                self._afgesloten(cijfers, g.aanpak, g.status, g.reden, g.opgenomen)
            else:
                cijfers["lopend_einde"] += g.opgenomen
                cijfers["in_de_wacht_einde"] += g.opgenomen if g.status == IN_DE_WACHT else 0
            if (
                delen is not None
                and g.opgenomen
                and (g.aanpak == "ondermijning" or (g.aanpak == "woonoverlast" and not afgesloten))
            ):
                self._kenmerken(delen, {"aanpak": g.aanpak, "n": g.opgenomen, **g.kenmerken})

    def interventies(self, van: date, tem: date) -> list[Interventietelling]:
        return queries.interventies(van, tem)

    def personen_in_totaal(self, aanpak: str, van: date, tem: date) -> Select[tuple[int | None]]:
        return uit_casusstand.personen_in_totaal(aanpak, van, tem)


UIT_AFGELEID = UitAfgeleid()


def aanpak_cijfers(periode: Periode, *, met_delen: bool = True) -> tuple[Cijfers, Delen]:
    """Per aanpak the keys of domain.md section 5, plus the breakdown counters (left
    empty without ``met_delen``: the comparison period and the trend need none)."""
    return UIT_AFGELEID.aanpak_cijfers(periode, met_delen=met_delen)


def rapport(periode: Periode, vorige: Cijfers | None = None) -> dict[str, Any]:
    """Every figure of domain.md section 5 for ``periode`` and its comparison period,
    counted from the derived data (``UitAfgeleid``); ``vorige``: the comparison
    period's ``aanpak_cijfers`` when already known (casus.rapportage.cache)."""
    return UIT_AFGELEID.rapport(periode, vorige)


def leeg_signalen() -> dict[str, dict[str, Any]]:
    """The signal figures before counting: per aanpak that has signal themes, a total
    and a count per source and per theme."""
    return {
        d.code: {
            "totaal": 0,
            "per_bron": dict.fromkeys(SIGNAAL_BRONNEN, 0),
            "per_thema": {w.code: 0 for w in d.signaal_themas},
        }
        for d in CATALOGUS
        if d.signaal_themas
    }


def tel_signaal(uit: dict[str, dict[str, Any]], aanpak: str, bron: str, thema: str, n: int) -> None:
    """Add ``n`` signals of ``aanpak``, ``bron`` and ``thema`` to ``uit`` (``leeg_signalen``)."""
    if aanpak in uit:
        uit[aanpak]["totaal"] += n
        uit[aanpak]["per_bron"][bron] = uit[aanpak]["per_bron"].get(bron, 0) + n
        uit[aanpak]["per_thema"][thema] = uit[aanpak]["per_thema"].get(thema, 0) + n


def _signalen(periode: Periode) -> dict[str, dict[str, Any]]:
    uit = leeg_signalen()
    for aanpak, bron, thema, n in queries.signalen(periode.van, periode.tot_en_met):
        tel_signaal(uit, aanpak, bron, thema, n)
    return uit


def _woonoverlast(delen: Delen) -> dict[str, Any]:
    definitie = CATALOGUS.get("woonoverlast") if "woonoverlast" in CATALOGUS else None
    woningtypes = definitie.kenmerk("woningtype") if definitie else None
    soorten = definitie.kenmerk("soort") if definitie else None
    per_type = {c: 0 for c in (woningtypes.codes() if woningtypes else ())}
    per_type.update(delen["woningtype"])
    per_soort = {c: 0 for c in (soorten.codes() if soorten else ())}
    per_soort.update(delen["corporatie_soort"])
    per_wijk = dict(sorted(delen["wijk"].items(), key=lambda kv: (-kv[1], kv[0])))
    return {
        "lopend_einde_per_woningtype": per_type,
        "lopend_einde_per_wijk": per_wijk,
        "lopend_einde_corporatie_per_soort": per_soort,
        "zorgwoonoverlast": sum(per_soort.get(s, 0) for s in ZORGWOONOVERLAST),
        "leefbaarheidswoonoverlast": sum(per_soort.get(s, 0) for s in LEEFBAARHEIDSWOONOVERLAST),
    }


def _vergelijk(periode: int, vergelijking: int) -> dict[str, Any]:
    return {"periode": periode, "vergelijking": vergelijking, "gehaald": periode >= vergelijking}


def oplossingspercentage(aanpakken: Cijfers) -> float:
    """The share of ondermijning's cases in ``totaal`` closed successfully."""
    ondermijning = aanpakken.get("ondermijning")
    if not ondermijning:
        return 0.0
    return procent(
        ondermijning["afgesloten_per_status"][SUCCESVOL_AFGESLOTEN], ondermijning["totaal"]
    )


def indicatoren(
    aanpakken: Cijfers, signalen: dict[str, dict[str, Any]], politiecontacten: tuple[int, int]
) -> dict[str, Any]:
    """The effect indicators from a period's case and signal figures (with their
    comparison) and the police contacts of pga_jeugd's persons in ``totaal``, in the
    period and in its comparison period."""

    def cijfer(code: str, *pad: str) -> Any:
        waarde: Any = aanpakken.get(code, {})
        for sleutel in pad:
            waarde = waarde.get(sleutel, {})
        return waarde if isinstance(waarde, int) else 0

    def signaal(code: str) -> dict[str, Any]:
        s = signalen.get(code, {"totaal": 0, "vergelijking": {"totaal": 0}})
        return _vergelijk(s["totaal"], s["vergelijking"]["totaal"])

    oplossing = oplossingspercentage(aanpakken)
    nu, toen = politiecontacten
    return {
        "ipta_succesvol_afgesloten": cijfer("ipta", "afgesloten_per_status", SUCCESVOL_AFGESLOTEN),
        "pga_jeugd_politiecontacten": {
            "periode": nu,
            "vergelijking": toen,
            "verschil_procent": procent(nu - toen, toen) if toen else None,
        },
        "ondermijning_signalen": signaal("ondermijning"),
        "emo_signalen": signaal("pga_r"),
        "ondermijning_oplossingspercentage": {
            "waarde": oplossing,
            "norm": NORM_OPLOSSINGSPERCENTAGE,
            "gehaald": oplossing >= NORM_OPLOSSINGSPERCENTAGE,
        },
        "pga_r_afgeschaald": cijfer(
            "pga_r", "afgesloten_per_reden", SUCCESVOL_AFGESLOTEN, "afgeschaald"
        ),
    }


# -- vaststellen: freezing a report as sent to the council ---------------------------------


def vastgestelde(periode: Periode) -> Vaststelling | None:
    return db.session.scalar(
        select(Vaststelling).where(
            Vaststelling.van == periode.van, Vaststelling.tot_en_met == periode.tot_en_met
        )
    )


def stel_vast(periode: Periode, *, actor: Actor) -> Vaststelling:
    """Freeze the live figures of ``periode``; a period is frozen once. Flushes only."""
    actor = vereis_actor(actor)
    vereis(mag_rapport_vaststellen(actor), "Alleen een manager kan een rapport vaststellen.")
    if periode.tot_en_met >= vandaag():
        raise Ongeldig("Een rapport kan pas worden vastgesteld als de periode voorbij is.")
    if vastgestelde(periode) is not None:
        raise Conflict("Het rapport over deze periode is al vastgesteld.")
    vaststelling = Vaststelling(
        label=periode.label,
        van=periode.van,
        tot_en_met=periode.tot_en_met,
        cijfers=rapport(periode),
        vastgesteld_door=gebruiker_van(actor),
    )
    db.session.add(vaststelling)
    db.session.flush()
    return vaststelling


def _plat(waarde: Any, pad: str = "") -> dict[str, Any]:
    if isinstance(waarde, dict):
        uit: dict[str, Any] = {}
        for k, v in waarde.items():
            uit.update(_plat(v, f"{pad}.{k}" if pad else str(k)))
        return uit
    return {pad: waarde}


def verschillen(vastgesteld: dict[str, Any], live: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(figure, as sent, now) for every figure that changed since the report was frozen."""
    a, b = _plat(vastgesteld), _plat(live)
    return [(k, a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]

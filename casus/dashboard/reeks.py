"""The dashboard's figures over time (issue 24): the report's figures for every bucket
(month, quarter, half-year or year) of a period, counted in a few statements.

No Flask here. Every figure is the report's own (casus.rapportage.services.rapport for
the bucket's period), counted for all buckets at once:

- the case figures per aanpak: ``cache.aanpak_cijfers_per_periode`` (the trend's
  counting: the ended buckets from the cache, the others in one statement);
- the signals per aanpak, source and theme, for every bucket and its comparison
  period (the same range a year earlier), in one statement;
- the police contacts of the persons in pga_jeugd ``totaal`` (an effect indicator),
  per bucket and its comparison period, in one statement;
- the doorlooptijd (days from opname to afsluiting of the cases ``afgesloten`` in the
  bucket; the report has no such figure), as a count per number of days, in one
  statement.

The effect indicators are built from those by the report's own ``services.indicatoren``;
the tests require every bucket's figures to equal ``rapport()`` for its period.
Counts only: no statement here returns a case, a person or a name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, literal_column, or_, select, true
from sqlalchemy import union_all as sql_union_all
from sqlalchemy.sql.elements import ColumnElement

from casus.casussen.models import OPEN_EINDE, Casusstand
from casus.extensions import db
from casus.personen.models import PolitieContact
from casus.rapportage import cache, uit_casusstand
from casus.rapportage.periode import Periode, aangepast
from casus.rapportage.queries import datum
from casus.rapportage.services import Cijfers, indicatoren, leeg_signalen, tel_signaal
from casus.signalen.models import Signaal
from workflows import CATALOGUS
from workflows.base import AFSLUITSTATUSSEN
from workflows.codes import SIGNAAL_BRONNEN

# the granularities, in the order the form offers them
INDELINGEN = {"maand": "Maand", "kwartaal": "Kwartaal", "halfjaar": "Halfjaar", "jaar": "Jaar"}
# the most buckets one page counts and draws (five years by month)
MAX_VAKKEN = 60
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_MAANDEN_PER_VAK = {"maand": 1, "kwartaal": 3, "halfjaar": 6, "jaar": 12}
# the aanpak each effect indicator belongs to (the dashboard of one aanpak shows its own)
INDICATOR_AANPAK = {
    "ipta_succesvol_afgesloten": "ipta",
    "pga_jeugd_politiecontacten": "pga_jeugd",
    "ondermijning_signalen": "ondermijning",
    "emo_signalen": "pga_r",
    "ondermijning_oplossingspercentage": "ondermijning",
    "pga_r_afgeschaald": "pga_r",
}


# -- buckets ---------------------------------------------------------------------------


def _dag_kort(d: date) -> str:
    return f"{d.day} {MAANDEN_KORT[d.month - 1]}"


@dataclass(frozen=True)
class Vak:
    """One bucket: its period (clipped to the chosen period), its label ("jan 2025",
    "2025 K1", "2025 1e helft", "2025") and the two lines of its label on a chart's axis."""

    periode: Periode
    label: str
    begin_ingekort: bool
    einde_ingekort: bool
    as_boven: str
    as_onder: str

    @property
    def ingekort(self) -> bool:
        return self.begin_ingekort or self.einde_ingekort

    @property
    def naam(self) -> str:
        """The label, with the part of the bucket that lies in the period when clipped:
        "jan 2025 (vanaf 15 jan)", "2025 K4 (t/m 10 nov)"."""
        van, tem = self.periode.van, self.periode.tot_en_met
        if self.begin_ingekort and self.einde_ingekort:
            return f"{self.label} ({_dag_kort(van)} t/m {_dag_kort(tem)})"
        if self.begin_ingekort:
            return f"{self.label} (vanaf {_dag_kort(van)})"
        if self.einde_ingekort:
            return f"{self.label} (t/m {_dag_kort(tem)})"
        return self.label


def _eerste_dag(jaar: int, maand: int) -> date:
    """The first day of month ``maand`` of ``jaar``; months past 12 run into later years."""
    return date(jaar + (maand - 1) // 12, (maand - 1) % 12 + 1, 1)


def vak_begin(d: date, indeling: str) -> date:
    """The first day of the bucket of ``indeling`` that holds ``d``."""
    stap = _MAANDEN_PER_VAK[indeling]
    return date(d.year, (d.month - 1) // stap * stap + 1, 1)


def aantal_vakken(van: date, tot_en_met: date, indeling: str) -> int:
    """How many buckets of ``indeling`` the period touches."""
    stap = _MAANDEN_PER_VAK[indeling]
    a, b = vak_begin(van, indeling), vak_begin(tot_en_met, indeling)
    return ((b.year - a.year) * 12 + b.month - a.month) // stap + 1


def _label(begin: date, indeling: str) -> tuple[str, str, str]:
    """The bucket's label and its two lines on an axis."""
    jaar = str(begin.year)
    if indeling == "maand":
        maand = MAANDEN_KORT[begin.month - 1]
        return f"{maand} {jaar}", maand, jaar
    if indeling == "kwartaal":
        k = f"K{(begin.month - 1) // 3 + 1}"
        return f"{jaar} {k}", k, jaar
    if indeling == "halfjaar":
        h = f"{1 if begin.month == 1 else 2}e helft"
        return f"{jaar} {h}", h, jaar
    return jaar, jaar, ""


def vakken(van: date, tot_en_met: date, indeling: str) -> list[Vak]:
    """The buckets of ``indeling`` in ``van``..``tot_en_met``, the first and the last
    clipped to it; on an axis the year is written under the first bucket and under
    every bucket that starts a year."""
    if indeling not in _MAANDEN_PER_VAK:
        raise ValueError(indeling)
    stap = _MAANDEN_PER_VAK[indeling]
    uit: list[Vak] = []
    begin = vak_begin(van, indeling)
    while begin <= tot_en_met:
        volgende = _eerste_dag(begin.year, begin.month + stap)
        eerste, laatste = max(begin, van), min(volgende - timedelta(days=1), tot_en_met)
        label, boven, onder = _label(begin, indeling)
        if uit and begin.month != 1:
            onder = ""
        uit.append(
            Vak(
                aangepast(eerste, laatste),
                label,
                begin_ingekort=eerste > begin,
                einde_ingekort=laatste < volgende - timedelta(days=1),
                as_boven=boven,
                as_onder=onder,
            )
        )
        begin = volgende
    return uit


# -- counting ----------------------------------------------------------------------------


@dataclass
class Reeks:
    """The figures of every bucket, each as ``rapport()`` for the bucket's period holds
    them: ``aanpakken[i]`` its ``aanpakken`` without the comparison, ``signalen[i]`` its
    ``signalen``, ``indicatoren[i]`` its ``indicatoren``; and ``doorlooptijden[i]``: per
    aanpak, how many cases afgesloten in the bucket took how many days since opname."""

    vakken: list[Vak]
    aanpakken: list[Cijfers]
    signalen: list[dict[str, dict[str, Any]]]
    indicatoren: list[dict[str, Any]]
    doorlooptijden: list[dict[str, Counter[int]]]


def _trede(kolom: Any, grenzen: list[date], prefix: str) -> ColumnElement[int]:
    """How many of ``grenzen`` (sorted) lie on or before ``kolom``: a binary tree of
    CASEs, a few comparisons per row however many buckets."""

    def boom(laag: int, hoog: int) -> ColumnElement[int]:
        if laag == hoog:
            return literal_column(str(laag))
        midden = (laag + hoog + 1) // 2
        return case(
            (kolom < datum(f"{prefix}{midden - 1}", grenzen[midden - 1]), boom(laag, midden - 1)),
            else_=boom(midden, hoog),
        )

    return boom(0, len(grenzen))


def _stap_indeling(
    groepen: list[list[Periode]],
) -> tuple[list[date], list[list[int | None]]]:
    """The bounds of every period of ``groepen`` (sorted: the starts and the days after
    the ends) and, per group, per step (how many bounds lie on or before a date) the
    index of the group's period holding the dates of that step (None: none does).
    The periods of one group do not overlap."""
    grenzen = sorted(
        {p.van for g in groepen for p in g}
        | {p.tot_en_met + timedelta(days=1) for g in groepen for p in g}
    )
    per_groep: list[list[int | None]] = []
    for g in groepen:
        stappen: list[int | None] = [None] * (len(grenzen) + 1)
        for i, p in enumerate(g):
            # the dates of p are those of the steps from its start's to its end's
            for stap in range(
                grenzen.index(p.van) + 1, grenzen.index(p.tot_en_met + timedelta(days=1)) + 1
            ):
                stappen[stap] = i
        per_groep.append(stappen)
    return grenzen, per_groep


def signalen(perioden: list[Periode]) -> list[dict[str, dict[str, Any]]]:
    """``rapport(p)["signalen"]`` for every ``p`` (with its ``vergelijking``), one statement:
    the signals of the range of the periods and of their comparison periods, grouped by
    the step of their date among the periods' bounds (``_stap_indeling``), from which the
    bucket and the comparison period that hold them follow."""
    vergelijkingen = [p.vergelijking() for p in perioden]
    grenzen, (in_vak, in_vergelijking) = _stap_indeling([perioden, vergelijkingen])
    s = Signaal
    binnen = or_(
        s.ontvangen_op.between(
            datum("s_van", perioden[0].van), datum("s_tem", perioden[-1].tot_en_met)
        ),
        s.ontvangen_op.between(
            datum("s_vvan", vergelijkingen[0].van), datum("s_vtem", vergelijkingen[-1].tot_en_met)
        ),
    )
    getagd = (
        select(s.aanpak, s.bron, s.thema, _trede(s.ontvangen_op, grenzen, "sg").label("k"))
        .where(binnen)
        .subquery()
    )
    g = getagd.c
    stmt = select(g.aanpak, g.bron, g.thema, g.k, func.count()).group_by(
        g.aanpak, g.bron, g.thema, g.k
    )
    nu = [leeg_signalen() for _ in perioden]
    toen = [leeg_signalen() for _ in perioden]
    for aanpak, bron, thema, k, n in db.session.execute(stmt).tuples():
        if (p := in_vak[int(k)]) is not None:
            tel_signaal(nu[p], aanpak, bron, thema, int(n))
        if (v := in_vergelijking[int(k)]) is not None:
            tel_signaal(toen[v], aanpak, bron, thema, int(n))
    for per_vak, vergelijking in zip(nu, toen, strict=True):
        for code, cijfers in per_vak.items():
            cijfers["vergelijking"] = vergelijking[code]
    return nu


def politiecontacten(perioden: list[Periode]) -> list[tuple[int, int]]:
    """The indicator's counts for every period: the negative contacts of the persons in
    pga_jeugd ``totaal`` of the period, in the period and in its comparison period
    (``queries.politiecontacten`` with ``personen_in_totaal``), in one statement."""
    delen: list[Select[Any]] = []
    for i, p in enumerate(perioden):
        v = p.vergelijking()
        # uit_casusstand.personen_in_totaal, with parameter names unique to the period
        pc = sql_union_all(
            *uit_casusstand.stand_delen(p.van, p.tot_en_met, f"pc{i}", aanpak="pga_jeugd")
        ).subquery()
        personen = select(pc.c.persoon_id).where(
            pc.c.opname.is_not(None), pc.c.persoon_id.is_not(None)
        )
        pcd = PolitieContact.datum
        delen.append(
            select(
                literal_column(str(i)).label("p"),
                func.count(
                    case(
                        (
                            pcd.between(
                                datum(f"k_van{i}", p.van), datum(f"k_tem{i}", p.tot_en_met)
                            ),
                            1,
                        )
                    )
                ),
                func.count(
                    case(
                        (
                            pcd.between(
                                datum(f"k_vvan{i}", v.van), datum(f"k_vtem{i}", v.tot_en_met)
                            ),
                            1,
                        )
                    )
                ),
            ).where(PolitieContact.persoon_id.in_(personen))
        )
    stmt = sql_union_all(*delen) if len(delen) > 1 else delen[0]
    uit = [(0, 0)] * len(perioden)
    for i, nu, toen in db.session.execute(stmt).tuples():
        uit[int(i)] = (int(nu or 0), int(toen or 0))
    return uit


def _dagen(later: Any, eerder: Any) -> ColumnElement[int]:
    """Days from ``eerder`` to ``later`` (two date columns), on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return later - eerder  # type: ignore[no-any-return]
    return cast(func.julianday(later) - func.julianday(eerder), Integer)


def doorlooptijden(perioden: list[Periode]) -> list[dict[str, Counter[int]]]:
    """Per period and aanpak: how many cases afgesloten in the period (the report's
    ``afgesloten``: a terminal row of a closing status reached in it, with an opname)
    took how many days from opname to afsluiting; one statement on ix_casusstand_eind."""
    s = Casusstand
    grenzen, (in_vak,) = _stap_indeling([perioden])
    getagd = (
        select(
            s.aanpak,
            _trede(s.vanaf, grenzen, "dg").label("p"),
            _dagen(s.vanaf, s.opname).label("dagen"),
        )
        .where(
            s.eindstatus == true(),
            s.vanaf.between(
                datum("d_van", perioden[0].van), datum("d_tem", perioden[-1].tot_en_met)
            ),
            s.tot == OPEN_EINDE,
            s.status.in_(AFSLUITSTATUSSEN),
            s.opname.is_not(None),
        )
        .subquery()
    )
    stmt = select(getagd.c.aanpak, getagd.c.p, getagd.c.dagen, func.count()).group_by(
        getagd.c.aanpak, getagd.c.p, getagd.c.dagen
    )
    uit: list[dict[str, Counter[int]]] = [
        {code: Counter() for code in CATALOGUS.codes()} for _ in perioden
    ]
    for aanpak, p, dagen, n in db.session.execute(stmt).tuples():
        if (i := in_vak[int(p)]) is not None and aanpak in uit[i]:
            uit[i][aanpak][int(dagen)] += int(n)
    return uit


# rapport_cache's kind for the figures above besides the case figures, per bucket
DASHBOARD = "dashboard"


def _extra(perioden: list[Periode]) -> list[dict[str, Any]]:
    """Per period its signals, police contacts and doorlooptijden: from the cache for
    the periods that have ended (valid under the report's own rule: its journal), the
    others counted together (three statements) and the ended ones kept."""
    te_cachen = [p for p in perioden if cache.cachebaar(p)]
    gevonden = cache.geldige(DASHBOARD, te_cachen)
    ontbreekt = [p for p in perioden if (p.van, p.tot_en_met) not in gevonden]
    if ontbreekt:
        # read before the computation (see casus.rapportage.cache)
        journaal_id = cache.laatste_journaal_id() if set(ontbreekt) & set(te_cachen) else 0
        uit_casusstand.zonder_jit()
        berekend = [
            {"signalen": s, "politiecontacten": list(c), "doorlooptijden": d}
            for s, c, d in zip(
                signalen(ontbreekt),
                politiecontacten(ontbreekt),
                [
                    {a: {str(k): n for k, n in t.items()} for a, t in d.items()}
                    for d in doorlooptijden(ontbreekt)
                ],
                strict=True,
            )
        ]
        nieuw = dict(zip([(p.van, p.tot_en_met) for p in ontbreekt], berekend, strict=True))
        cache.bewaar(
            DASHBOARD,
            journaal_id,
            [(p, nieuw[p.van, p.tot_en_met]) for p in ontbreekt if p in te_cachen],
        )
        gevonden.update(nieuw)
    return [gevonden[p.van, p.tot_en_met] for p in perioden]


def reeks(van: date, tot_en_met: date, indeling: str) -> Reeks:
    """Every bucket's figures (see ``Reeks``): the ended buckets' from the cache, the
    others in four counting statements."""
    vk = vakken(van, tot_en_met, indeling)
    perioden = [v.periode for v in vk]
    aanpakken = cache.aanpak_cijfers_per_periode(perioden)
    extra = _extra(perioden)
    sig = [e["signalen"] for e in extra]
    return Reeks(
        vakken=vk,
        aanpakken=aanpakken,
        signalen=sig,
        indicatoren=[
            indicatoren(a, s, (e["politiecontacten"][0], e["politiecontacten"][1]))
            for a, s, e in zip(aanpakken, sig, extra, strict=True)
        ],
        doorlooptijden=[
            {a: Counter({int(k): n for k, n in t.items()}) for a, t in e["doorlooptijden"].items()}
            for e in extra
        ],
    )


# -- what the page shows -----------------------------------------------------------------

# the case figures the dashboard follows: the report's key, and its name on the page
KENGETALLEN = {
    "aanmeldingen": "Aanmeldingen",
    "nieuw": "Instroom (opgenomen)",
    "afgesloten": "Uitstroom (afgesloten)",
    "positief": "Positief afgesloten",
    "lopend_einde": "Lopend aan het einde",
    "in_de_wacht_einde": "In de wacht aan het einde",
}


def mediaan(telling: Counter[int]) -> float | int | None:
    """The median of the values counted in ``telling`` (None when it counts nothing); of
    an even number of values the mean of the middle two."""
    n = sum(telling.values())
    if not n:
        return None
    midden = sorted({(n - 1) // 2, n // 2})
    gezien, waarden = 0, []
    for waarde in sorted(telling):
        volgende = gezien + telling[waarde]
        waarden += [waarde for m in midden if gezien <= m < volgende]
        gezien = volgende
    m = sum(waarden) / len(waarden)
    return int(m) if m.is_integer() else m


def kengetallen(r: Reeks, aanpak: str | None) -> list[dict[str, Any]]:
    """Per bucket the case figures of ``aanpak`` (None: all aanpakken added up), with
    the doorlooptijd: the median of the days of the cases afgesloten, of one aanpak or
    of the cases of every aanpak together (a median cannot be added up), and how many."""
    codes = [aanpak] if aanpak else list(CATALOGUS.codes())
    uit = []
    for cijfers, tijden in zip(r.aanpakken, r.doorlooptijden, strict=True):
        rij: dict[str, Any] = {
            k: sum(cijfers[c][k] for c in codes if c in cijfers) for k in KENGETALLEN
        }
        samen: Counter[int] = Counter()
        for c in codes:
            samen.update(tijden.get(c, Counter()))
        rij["doorlooptijd"] = mediaan(samen)
        rij["doorlooptijd_n"] = sum(samen.values())
        uit.append(rij)
    return uit


def signalen_van(r: Reeks, aanpak: str | None) -> list[dict[str, Any]] | None:
    """Per bucket the signals of ``aanpak`` (None: every aanpak with signals, added up
    per source; per theme keyed (aanpak, theme), a theme belongs to one aanpak); None
    when the aanpak registers no signals."""
    codes = [aanpak] if aanpak else [c for c in CATALOGUS.codes() if c in leeg_signalen()]
    if not codes or codes[0] not in leeg_signalen():
        return None
    uit = []
    for per_vak in r.signalen:
        per_bron = dict.fromkeys(SIGNAAL_BRONNEN, 0)
        per_thema: dict[tuple[str, str], int] = {}
        for c in codes:
            for bron, n in per_vak[c]["per_bron"].items():
                per_bron[bron] = per_bron.get(bron, 0) + n
            for thema, n in per_vak[c]["per_thema"].items():
                per_thema[c, thema] = n
        uit.append(
            {
                "totaal": sum(per_vak[c]["totaal"] for c in codes),
                "per_bron": per_bron,
                "per_thema": per_thema,
            }
        )
    return uit


def indicatoren_van(aanpak: str | None) -> list[str]:
    """The effect indicators shown for ``aanpak`` (None: all of them)."""
    return [k for k, a in INDICATOR_AANPAK.items() if aanpak is None or a == aanpak]

"""Report periods: half-years, quarters, years and custom ranges (domain.md section 5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from casus.errors import Ongeldig

HALFJAAR = re.compile(r"(\d{4})-H([12])")
KWARTAAL = re.compile(r"(\d{4})-Q([1-4])")
JAAR = re.compile(r"\d{4}")


def _jaar_eerder(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


@dataclass(frozen=True)
class Periode:
    label: str
    van: date
    tot_en_met: date

    def vergelijking(self) -> Periode:
        """The same range one year earlier (the memo always compares like this)."""
        van, tem = _jaar_eerder(self.van), _jaar_eerder(self.tot_en_met)
        if self.tot_en_met.month == 2 and self.tot_en_met.day == 29:
            tem = date(tem.year, 2, 28)
        label = self.label
        for patroon in (HALFJAAR, KWARTAAL, JAAR):
            if m := patroon.fullmatch(self.label):
                jaar = int(m.group(1) if m.groups() else m.group(0))
                label = f"{jaar - 1}{self.label[4:]}"
                break
        else:
            label = f"{van.isoformat()}..{tem.isoformat()}"
        return Periode(label, van, tem)

    def naar_json(self) -> dict[str, str]:
        return {
            "label": self.label,
            "van": self.van.isoformat(),
            "tot_en_met": self.tot_en_met.isoformat(),
        }


def halfjaar(jaar: int, helft: int) -> Periode:
    if helft == 1:
        return Periode(f"{jaar}-H1", date(jaar, 1, 1), date(jaar, 6, 30))
    return Periode(f"{jaar}-H2", date(jaar, 7, 1), date(jaar, 12, 31))


def kwartaal(jaar: int, k: int) -> Periode:
    van = date(jaar, 3 * k - 2, 1)
    volgende = date(jaar + 1, 1, 1) if k == 4 else date(jaar, 3 * k + 1, 1)
    return Periode(f"{jaar}-Q{k}", van, volgende - timedelta(days=1))


def uit_label(label: str) -> Periode:
    """'2025-H1', '2025-Q2' or '2025'."""
    label = label.strip().upper()
    if m := HALFJAAR.fullmatch(label):
        return halfjaar(int(m.group(1)), int(m.group(2)))
    if m := KWARTAAL.fullmatch(label):
        return kwartaal(int(m.group(1)), int(m.group(2)))
    if JAAR.fullmatch(label):
        return Periode(label, date(int(label), 1, 1), date(int(label), 12, 31))
    raise Ongeldig(
        f"'{label}' is geen periode; gebruik bijvoorbeeld 2025-H1, 2025-Q2 of 2025.", "periode"
    )


def aangepast(van: date, tot_en_met: date) -> Periode:
    if tot_en_met < van:
        raise Ongeldig("De einddatum ligt vóór de begindatum.", "tot_en_met")
    return Periode(f"{van.isoformat()}..{tot_en_met.isoformat()}", van, tot_en_met)


def laatste_halfjaar(vandaag: date) -> Periode:
    """The last half-year that has ended before ``vandaag``."""
    if vandaag.month >= 7:
        return halfjaar(vandaag.year, 1)
    return halfjaar(vandaag.year - 1, 2)


def vorige_halfjaren(periode: Periode, aantal: int) -> list[Periode]:
    """``aantal`` half-years ending with the one that contains ``periode``'s end, oldest first."""
    jaar, helft = periode.tot_en_met.year, 1 if periode.tot_en_met.month <= 6 else 2
    uit = []
    for _ in range(aantal):
        uit.append(halfjaar(jaar, helft))
        jaar, helft = (jaar, 1) if helft == 2 else (jaar - 1, 2)
    return list(reversed(uit))

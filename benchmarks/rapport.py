"""Measurement 1: the half-year report against a hand-written baseline query.

``rapport(2025-H1)`` in-process, interleaved with a baseline that counts only ``totaal``
per aanpak; median and p95 after one warm-up of each, the baseline's totals checked
against the report's.
"""

from __future__ import annotations

import re
import time
from datetime import date
from typing import TYPE_CHECKING, Any

from benchmarks.meten import PERIODE, samenvatting, stempel, tellingen, traagste
from tests.hulp.statements import Statements

if TYPE_CHECKING:
    from flask import Flask

AFSLUITSTATUSSEN = ("succesvol_afgesloten", "niet_succesvol_afgesloten", "overgedragen")
NIET_STATUS = ("corrigeren", "toewijzen", "aanhouden")  # events that are not status moves

# The baseline: only ``totaal`` per aanpak, written by hand. totaal = cases whose
# (non-voided) triageren event is dated on or before tem, without a non-voided move into
# a terminal status dated before van. A voided event is one whose id is another row's
# vervalt_id. The aanpak is that of the triageren event (omzetten only happens before).
BASISLIJN_SQL = f"""
SELECT t.aanpak, COUNT(DISTINCT t.casus_id) AS totaal
FROM gebeurtenis t
WHERE t.transitie = 'triageren'
  AND t.datum <= :tem
  AND NOT EXISTS (SELECT 1 FROM gebeurtenis v WHERE v.vervalt_id = t.id)
  AND NOT EXISTS (
      SELECT 1 FROM gebeurtenis a
      WHERE a.casus_id = t.casus_id
        AND a.naar_status IN ({", ".join(f"'{s}'" for s in AFSLUITSTATUSSEN)})
        AND a.transitie NOT IN ({", ".join(f"'{s}'" for s in NIET_STATUS)})
        AND a.datum < :van
        AND NOT EXISTS (SELECT 1 FROM gebeurtenis v2 WHERE v2.vervalt_id = a.id))
GROUP BY t.aanpak
"""  # noqa: S608 - fixed status codes, dates are bound parameters


def basislijn(van: date, tem: date) -> dict[str, int]:
    from sqlalchemy import Date, bindparam, text

    from casus.extensions import db

    stmt = text(BASISLIJN_SQL).bindparams(
        bindparam("van", van, type_=Date), bindparam("tem", tem, type_=Date)
    )
    return {aanpak: int(n) for aanpak, n in db.session.execute(stmt)}


def meet_rapport(app: Flask, herhalingen: int, snel: bool) -> dict[str, Any]:
    from casus.extensions import db
    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport

    periode = uit_label(PERIODE)
    uit: dict[str, Any] = {**stempel(snel), **tellingen(app)}
    with app.app_context():
        with Statements(db.engine, bewaar=True) as st:  # the warm-up, with its statements
            begin = time.perf_counter()
            cijfers = rapport(periode)
            uit["opwarmen_ms"] = (time.perf_counter() - begin) * 1000
        db.session.rollback()
        uit["statements"] = st.aantal
        uit["traagste"] = traagste(st.lijst, 2)
        uit["tabellen"] = sorted(
            {t for _, s, _ in st.lijst for t in re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)\b", s)}
        )
        totalen_basis = basislijn(periode.van, periode.tot_en_met)
        db.session.rollback()
        app_ms, basis_ms = [], []
        for _ in range(herhalingen):  # interleaved, so background load hits both alike
            begin = time.perf_counter()
            rapport(periode)
            app_ms.append((time.perf_counter() - begin) * 1000)
            db.session.rollback()
            begin = time.perf_counter()
            basislijn(periode.van, periode.tot_en_met)
            basis_ms.append((time.perf_counter() - begin) * 1000)
            db.session.rollback()
    totalen_app = {code: c["totaal"] for code, c in cijfers["aanpakken"].items()}
    uit.update(
        app=samenvatting(app_ms),
        basis=samenvatting(basis_ms),
        totaal_app=totalen_app,
        totaal_basis={code: totalen_basis.get(code, 0) for code in totalen_app},
        basis_extra={k: v for k, v in totalen_basis.items() if k not in totalen_app},
    )
    uit["gelijk"] = uit["totaal_app"] == uit["totaal_basis"] and not uit["basis_extra"]
    uit["ratio"] = uit["app"]["mediaan"] / uit["basis"]["mediaan"]
    return uit

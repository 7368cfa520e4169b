"""The trend in one statement, and reports over ended periods served from the cache
until data dated inside the period changes (casus.rapportage.cache).

The clock stands at 2025-09-15: 2025-H1 (2025-01-01 .. 2025-06-30) has ended. Every
expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from casus.casussen import afgeleid
from casus.casussen.casuswerk import voeg_interventie_toe, voeg_politiecontact_toe
from casus.casussen.services import corrigeer, pas_transitie_toe
from casus.extensions import db
from casus.privacy.bewaartermijn import Plan, voer_uit
from casus.rapportage import cache
from casus.rapportage.models import Rapportcache, Rapportjournaal
from casus.rapportage.periode import halfjaar, uit_label
from casus.rapportage.services import UIT_AFGELEID, aanpak_cijfers, rapport
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.geschiedenis import D, casus
from tests.hulp.statements import Statements

pytestmark = pytest.mark.klok("2025-09-15 10:00")

H1 = uit_label("2025-H1")
KERN = ("aanmeldingen", "niet_opgenomen", "lopend_begin", "nieuw", "totaal", "afgesloten")


def _kern(c: dict[str, Any]) -> tuple[int, ...]:
    return (*(c[k] for k in KERN), c["positief"], c["lopend_einde"], c["in_de_wacht_einde"])


@pytest.fixture
def drie_halfjaren() -> None:
    # A: in 2024-H1 registered and taken in; closed successfully (positive) in 2024-H2
    casus(
        "pga_jeugd",
        "2024-02-01",
        ("triageren", "2024-02-10"),
        ("starten", "2024-02-11"),
        ("afsluiten_succesvol", "2024-09-01", "doelen_behaald"),
    )
    # B: registered and taken in in 2024-H1, closed in 2024-H2 and reopened: the
    # closure is voided by a correction, so B runs on in every half-year
    b = casus(
        "pga_jeugd",
        "2024-03-01",
        ("triageren", "2024-03-05"),
        ("starten", "2024-03-06"),
        ("afsluiten_niet_succesvol", "2024-08-01", "recidive"),
    )
    corrigeer(b, actor=IMPORT, reden="verkeerde casus")
    # C: registered in 2024-H2, not taken in in 2025-H1
    casus("pga_jeugd", "2024-11-01", ("niet_opnemen", "2025-02-01", "geen_doelgroep"))
    # D: registered in 2024-H2; its triage is voided, so it is never taken in
    d = casus("pga_jeugd", "2024-12-01", ("triageren", "2024-12-15"))
    corrigeer(d, actor=IMPORT, reden="te vroeg")
    db.session.commit()


def test_the_trend_in_one_statement_gives_each_half_years_figures(drie_halfjaren: None) -> None:
    halfjaren = [halfjaar(2024, 1), halfjaar(2024, 2), halfjaar(2025, 1)]
    with Statements(db.engine) as st:
        trend = UIT_AFGELEID.aanpak_cijfers_per_periode(halfjaren)
    assert st.aantal == 1
    # (aanmeldingen, niet_opgenomen, lopend_begin, nieuw, totaal, afgesloten, positief,
    #  lopend_einde, in_de_wacht_einde)
    # 2024-H1: A and B registered and taken in, both running at the end
    # 2024-H2: C and D registered (D never taken in); A and B running at the start;
    #          A closed (positive), B's closure voided so B runs on
    # 2025-H1: A closed before; C not taken in; B running from before to the end
    assert [_kern(t["pga_jeugd"]) for t in trend] == [
        (2, 0, 0, 2, 2, 0, 0, 2, 0),
        (2, 0, 2, 0, 2, 1, 1, 1, 0),
        (0, 1, 1, 0, 1, 0, 0, 1, 0),
    ]
    assert trend[1]["pga_jeugd"]["afgesloten_per_status"]["succesvol_afgesloten"] == 1
    assert trend[1]["pga_jeugd"]["afgesloten_per_status"]["niet_succesvol_afgesloten"] == 0
    assert all(_kern(t["ipta"]) == (0,) * 9 for t in trend)
    # the same as counting each half-year on its own
    assert trend == [aanpak_cijfers(h, met_delen=False)[0] for h in halfjaren]


def _journaal() -> list[date]:
    return list(db.session.scalars(select(Rapportjournaal.vanaf).order_by(Rapportjournaal.id)))


def _rapportqueries(st: Statements) -> int:
    return sum("casusstand" in s for s in st.data)


def test_an_ended_period_is_counted_once_and_then_read_from_the_cache(
    drie_halfjaren: None,
) -> None:
    eerste = cache.rapport(H1)
    db.session.commit()
    # the report, and its per-aanpak figures of 2025-H1 and 2024-H1 for the trend
    soorten = db.session.execute(select(Rapportcache.soort, Rapportcache.van)).all()
    assert sorted(soorten) == [
        ("aanpak", D("2024-01-01")),
        ("aanpak", D("2025-01-01")),
        ("rapport", D("2025-01-01")),
    ]
    with Statements(db.engine) as st:
        tweede = cache.rapport(H1)
    assert st.aantal == 1  # the lookup, with its check against the journal
    assert tweede == eerste == rapport(H1)
    assert tweede["aanpakken"]["pga_jeugd"]["lopend_einde"] == 1  # B


def test_a_period_that_has_not_ended_is_counted_every_time() -> None:
    lopend = halfjaar(2025, 2)
    cache.rapport(lopend)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Rapportcache)) == 0


def test_a_correction_dated_inside_the_period_shows_at_once() -> None:
    c = casus(
        "pga_jeugd",
        "2025-01-10",
        ("triageren", "2025-01-11"),
        ("starten", "2025-01-12"),
        ("afsluiten_succesvol", "2025-03-01", "doelen_behaald"),
    )
    db.session.commit()
    assert cache.rapport(H1)["aanpakken"]["pga_jeugd"]["afgesloten"] == 1
    db.session.commit()
    # registered today (2025-09-15), it voids a closure of 2025-03-01
    corrigeer(c, actor=IMPORT, reden="verkeerde casus")
    # not yet committed: this transaction sees its own change, the cache is not used
    assert cache.rapport(H1)["aanpakken"]["pga_jeugd"]["afgesloten"] == 0
    db.session.commit()
    with Statements(db.engine) as st:
        opnieuw = cache.rapport(H1)
    pga = opnieuw["aanpakken"]["pga_jeugd"]
    assert (pga["afgesloten"], pga["lopend_einde"]) == (0, 1)
    # counted again, the comparison period 2024-H1 read from the cache
    assert _rapportqueries(st) > 0
    assert opnieuw == rapport(H1)
    # the case's registration, then the correction: its state differs from 2025-03-01 on
    assert _journaal() == [D("2025-01-10"), D("2025-03-01")]


def test_an_event_dated_after_the_period_keeps_the_cached_report() -> None:
    c = casus("pga_jeugd", "2025-01-10", ("triageren", "2025-01-11"))
    db.session.commit()
    eerste = cache.rapport(H1)
    db.session.commit()
    # dated 2025-08-01, after the period: the report over 2025-H1 cannot change
    pas_transitie_toe(c, "starten", datum=D("2025-08-01"), actor=IMPORT, historisch=True)
    db.session.commit()
    assert _journaal() == [D("2025-01-10"), D("2025-08-01")]
    with Statements(db.engine) as st:
        tweede = cache.rapport(H1)
    assert _rapportqueries(st) == 0
    assert tweede == eerste == rapport(H1)
    # an event dated today needs no journal row at all
    pas_transitie_toe(
        c, "afsluiten_niet_succesvol", datum=D("2025-09-15"), actor=IMPORT, reden="recidive"
    )
    db.session.commit()
    assert len(_journaal()) == 2


def test_a_new_case_dated_inside_the_period_shows_at_once() -> None:
    casus("pga_jeugd", "2025-02-01")
    db.session.commit()
    assert cache.rapport(H1)["aanpakken"]["pga_jeugd"]["aanmeldingen"] == 1
    db.session.commit()
    casus("pga_jeugd", "2025-06-30", ("triageren", "2025-06-30"))
    db.session.commit()
    pga = cache.rapport(H1)["aanpakken"]["pga_jeugd"]
    assert (pga["aanmeldingen"], pga["nieuw"]) == (2, 1)


def test_interventions_police_contacts_and_signals_dated_inside_show_at_once() -> None:
    p = fabrieken.persoon("Sem", "Test", date(2010, 5, 1))
    c = casus("pga_jeugd", "2024-10-01", ("triageren", "2024-10-02"), p=p)
    db.session.commit()
    r = cache.rapport(H1)
    db.session.commit()
    assert r["interventies"]["gebiedsverbod"]["totaal"] == 0
    assert r["indicatoren"]["pga_jeugd_politiecontacten"]["periode"] == 0
    assert r["signalen"]["ondermijning"]["totaal"] == 0
    voeg_interventie_toe(c, actor=IMPORT, type="gebiedsverbod", datum=D("2025-04-01"))
    db.session.commit()
    voeg_politiecontact_toe(c, actor=IMPORT, soort="politie", datum=D("2025-05-01"))
    db.session.commit()
    fabrieken.signaal("ondermijning", ontvangen_op=D("2025-03-03"))
    r = cache.rapport(H1)
    # one gebiedsverbod for one person, 14 years old then; one contact; one signal
    assert r["interventies"]["gebiedsverbod"] == {"totaal": 1, "personen": 1, "minderjarig": 1}
    assert r["indicatoren"]["pga_jeugd_politiecontacten"]["periode"] == 1
    assert r["signalen"]["ondermijning"]["totaal"] == 1


def test_a_retention_run_and_a_rebuild_of_the_derived_rows_count_again() -> None:
    c = casus(
        "ondermijning",
        "2025-01-10",
        ("triageren", "2025-01-11"),
        ("starten", "2025-01-12"),
        ("afsluiten_succesvol", "2025-02-01", "interventie_ingezet"),
        zonder_persoon=True,
        kenmerken={"herkomst": "riec"},
    )
    privacy = fabrieken.gebruiker("privacy1", "privacy")
    db.session.commit()
    cache.rapport(H1)
    db.session.commit()
    voer_uit(Plan(casus_ids=[c.id]), actor=privacy)
    db.session.commit()
    with Statements(db.engine) as st:
        r = cache.rapport(H1)
    db.session.commit()
    assert _rapportqueries(st) > 0  # counted again
    assert r["ondermijning"]["per_herkomst"] == {"lokaal": 0, "riec": 1}
    afgeleid.herbouw()
    db.session.commit()
    with Statements(db.engine) as st:
        cache.rapport(H1)
    assert _rapportqueries(st) > 0


def test_the_trend_reads_ended_half_years_from_the_cache(drie_halfjaren: None) -> None:
    halfjaren = [halfjaar(2024, 2), halfjaar(2025, 1), halfjaar(2025, 2)]
    eerste = cache.aanpak_cijfers_per_periode(halfjaren)
    db.session.commit()
    # 2025-H2 has not ended: only the other two are kept
    assert db.session.scalar(select(func.count()).select_from(Rapportcache)) == 2
    with Statements(db.engine) as st:
        tweede = cache.aanpak_cijfers_per_periode(halfjaren)
    # the lookup of the two, and the one statement that counts 2025-H2
    assert st.aantal == 2
    assert tweede == eerste == UIT_AFGELEID.aanpak_cijfers_per_periode(halfjaren)


def test_the_report_gives_the_trend_its_period_and_the_year_before(drie_halfjaren: None) -> None:
    halfjaren = [halfjaar(2024, 1), halfjaar(2025, 1)]
    cache.rapport(H1)
    with Statements(db.engine) as st:
        trend = cache.aanpak_cijfers_per_periode(halfjaren)
    assert _rapportqueries(st) == 0
    assert trend == [aanpak_cijfers(h, met_delen=False)[0] for h in halfjaren]
    # 2024-H1: A and B taken in and running; 2025-H1: C not taken in, B running
    assert [_kern(t["pga_jeugd"])[:5] for t in trend] == [(2, 0, 0, 2, 2), (0, 1, 1, 0, 1)]

"""The counting rules of domain.md section 5 on hand-built histories.

Every expected number is worked out by hand in the comments next to the cases.
The period is 2025-H1 (2025-01-01 .. 2025-06-30) unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest

from casus.casussen.models import Interventie
from casus.casussen.services import corrigeer
from casus.extensions import db
from casus.personen.models import PolitieContact
from casus.rapportage.periode import aangepast, uit_label
from casus.rapportage.services import rapport
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp.geschiedenis import D, casus, persoon


@pytest.fixture
def geschiedenis() -> None:
    # A: taken in before the period, never closed -> lopend_begin, totaal, lopend_einde
    casus("pga_jeugd", "2024-10-01", ("triageren", "2024-10-10"), ("starten", "2024-10-15"))
    # B: closed the day before the period -> counts nowhere in 2025-H1
    casus(
        "pga_jeugd",
        "2024-11-01",
        ("triageren", "2024-11-05"),
        ("starten", "2024-11-06"),
        ("afsluiten_succesvol", "2024-12-31", "doelen_behaald"),
    )
    # C: registered in the period, taken in the day after -> aanmeldingen only
    casus("pga_jeugd", "2025-06-20", ("triageren", "2025-07-01"))
    # D: registered and taken in on the first day, closed on the last day
    casus(
        "pga_jeugd",
        "2025-01-01",
        ("triageren", "2025-01-01"),
        ("afsluiten_niet_succesvol", "2025-06-30", "recidive"),
    )
    # E: paused before the period and never resumed -> in de wacht at the end
    casus(
        "pga_jeugd",
        "2024-05-01",
        ("triageren", "2024-05-02"),
        ("starten", "2024-05-03"),
        ("pauzeren", "2024-09-01", "detentie"),
    )
    # F: moved to ipta before the period's end, then taken in there -> counts in ipta
    casus(
        "pga_jeugd",
        "2025-02-01",
        ("omzetten", "2025-03-01", None, {"doel_aanpak": "ipta"}),
        ("triageren", "2025-03-05"),
    )
    # G: moved to ipta after the period's end -> a pga_jeugd aanmelding in 2025-H1
    casus("pga_jeugd", "2025-05-01", ("omzetten", "2025-07-02", None, {"doel_aanpak": "ipta"}))
    # H: its closure in the period is voided -> still running at the end
    h = casus(
        "pga_jeugd",
        "2024-12-01",
        ("triageren", "2024-12-10"),
        ("starten", "2025-01-10"),
        ("afsluiten_succesvol", "2025-03-01", "doelen_behaald"),
    )
    corrigeer(h, actor=IMPORT, reden="verkeerde casus")
    # I: not taken in during the period (registered before)
    casus("pga_jeugd", "2024-12-20", ("niet_opnemen", "2025-01-05", "geen_doelgroep"))
    # J: taken in and handed over in the period
    casus(
        "pga_jeugd",
        "2025-01-10",
        ("triageren", "2025-01-15"),
        ("overdragen", "2025-04-01", "verhuizing"),
    )
    # K: taken in a year before, closed positively on the first day of the period
    casus(
        "pga_jeugd",
        "2024-06-01",
        ("triageren", "2024-06-10"),
        ("starten", "2024-06-11"),
        ("afsluiten_succesvol", "2025-01-01", "interventies_uitgeput"),
    )
    # L: registered and taken in on the last day
    casus("pga_jeugd", "2025-06-30", ("triageren", "2025-06-30"))


def test_every_counting_rule_on_its_boundaries(geschiedenis: None) -> None:
    r = rapport(uit_label("2025-H1"))
    pga = r["aanpakken"]["pga_jeugd"]
    # aanmeldingen: C, D, G, J, L (F belongs to ipta at the end; A B E H I K registered earlier)
    assert pga["aanmeldingen"] == 5
    assert pga["niet_opgenomen"] == 1  # I
    assert pga["lopend_begin"] == 4  # A, E, H, K (B closed the day before)
    assert pga["nieuw"] == 3  # D, J, L (C is taken in the day after)
    assert pga["totaal"] == 7
    assert pga["afgesloten"] == 3  # D, J, K (H's closure is voided)
    assert pga["afgesloten_per_status"] == {
        "succesvol_afgesloten": 1,
        "niet_succesvol_afgesloten": 1,
        "overgedragen": 1,
    }
    assert pga["afgesloten_per_reden"]["succesvol_afgesloten"] == {
        "doelen_behaald": 0,
        "interventies_uitgeput": 1,
    }
    assert pga["afgesloten_per_reden"]["niet_succesvol_afgesloten"]["recidive"] == 1
    assert pga["afgesloten_per_reden"]["overgedragen"]["verhuizing"] == 1
    assert pga["positief"] == 1  # K
    assert pga["lopend_einde"] == 4  # A, E, H, L
    assert pga["in_de_wacht_einde"] == 1  # E
    ipta = r["aanpakken"]["ipta"]
    assert (ipta["aanmeldingen"], ipta["nieuw"], ipta["totaal"], ipta["lopend_einde"]) == (
        1,
        1,
        1,
        1,
    )  # F


def test_the_comparison_period_sees_the_history_as_it_was_then(geschiedenis: None) -> None:
    # 2024-H1: only E (registered 2024-05-01, taken in 05-02, paused in September)
    # and K (registered 2024-06-01, taken in 06-10) existed
    v = rapport(uit_label("2025-H1"))["aanpakken"]["pga_jeugd"]["vergelijking"]
    assert (
        v["aanmeldingen"],
        v["nieuw"],
        v["totaal"],
        v["lopend_einde"],
        v["in_de_wacht_einde"],
        v["afgesloten"],
    ) == (2, 2, 2, 2, 0, 0)


def test_a_case_moved_after_the_period_belongs_to_its_new_aanpak_in_a_later_period(
    geschiedenis: None,
) -> None:
    # 2025-05-01 .. 2025-07-31: G was registered in the period and is in ipta at its end;
    # C (2025-06-20) and L (2025-06-30) stay pga_jeugd aanmeldingen
    r = rapport(aangepast(D("2025-05-01"), D("2025-07-31")))
    assert r["aanpakken"]["ipta"]["aanmeldingen"] == 1
    assert r["aanpakken"]["pga_jeugd"]["aanmeldingen"] == 2


def test_interventions_count_minors_by_their_age_on_the_interventions_date() -> None:
    achttien_op_de_dag = persoon("2007-03-15")
    achttien_de_dag_erna = persoon("2007-03-16")
    a = casus("pga_jeugd", "2025-01-06", p=achttien_op_de_dag)
    b = casus("pga_jeugd", "2025-01-06", p=achttien_de_dag_erna)
    for c, datum in ((a, "2025-03-15"), (b, "2025-03-15"), (b, "2025-04-01"), (b, "2024-12-31")):
        db.session.add(Interventie(casus=c, type="gebiedsverbod", datum=D(datum)))
    db.session.add(Interventie(casus=a, type="halt", datum=D("2025-06-30")))
    db.session.flush()
    interventies = rapport(uit_label("2025-H1"))["interventies"]
    # three gebiedsverboden in the period (b's of 2024-12-31 is not), two persons; only b
    # was under 18 (17, turning 18 the next day) on 2025-03-15; a turned 18 that very day
    assert interventies["gebiedsverbod"] == {"totaal": 3, "personen": 2, "minderjarig": 1}
    assert interventies["halt"] == {"totaal": 1, "personen": 1, "minderjarig": 0}
    assert interventies["coaching"] == {"totaal": 0, "personen": 0, "minderjarig": 0}


def test_ondermijning_by_herkomst_and_its_solution_percentage() -> None:
    casus(
        "ondermijning",
        "2024-11-01",
        ("triageren", "2024-11-02"),
        ("starten", "2024-11-03"),
        ("afsluiten_succesvol", "2025-02-01", "interventie_ingezet"),
        zonder_persoon=True,
        kenmerken={"herkomst": "lokaal", "onderwerp": "locatie"},
    )
    casus(
        "ondermijning",
        "2025-01-10",
        ("triageren", "2025-01-11"),
        zonder_persoon=True,
        kenmerken={"herkomst": "riec"},
    )
    casus(
        "ondermijning",
        "2025-01-10",
        ("triageren", "2025-01-11"),
        zonder_persoon=True,
        kenmerken={"herkomst": "riec"},
    )
    casus("ondermijning", "2025-03-10", zonder_persoon=True, kenmerken={"herkomst": "lokaal"})
    r = rapport(uit_label("2025-H1"))
    # totaal 3 (the fourth is not taken in): 1 lokaal, 2 riec; 1 of 3 solved = 33.3%
    assert r["ondermijning"] == {
        "per_herkomst": {"lokaal": 1, "riec": 2},
        "oplossingspercentage": 33.3,
    }
    assert r["indicatoren"]["ondermijning_oplossingspercentage"] == {
        "waarde": 33.3,
        "norm": 20,
        "gehaald": True,
    }


def test_woonoverlast_breakdowns_count_the_cases_running_at_the_end() -> None:
    for woningtype, soort, wijk, open_ in (
        ("corporatie", "onbegrepen_gedrag", "Meerzicht", True),
        ("corporatie", "leefbaarheid", "Meerzicht", True),
        ("koop", "hoarder_vervuiler", "Dorp", True),
        ("corporatie", "hoarder_vervuiler", "Dorp", False),
    ):
        stappen: list[tuple[Any, ...]] = [("triageren", "2025-02-01")]
        if not open_:
            stappen.append(("afsluiten_niet_succesvol", "2025-03-01", "geen_grond"))
        casus(
            "woonoverlast",
            "2025-01-20",
            *stappen,
            zonder_persoon=True,
            kenmerken={"woningtype": woningtype, "soort": soort, "wijk": wijk},
        )
    w = rapport(uit_label("2025-H1"))["woonoverlast"]
    assert w["lopend_einde_per_woningtype"] == {"corporatie": 2, "koop": 1, "particuliere_huur": 0}
    assert list(w["lopend_einde_per_wijk"].items()) == [("Meerzicht", 2), ("Dorp", 1)]
    assert w["lopend_einde_corporatie_per_soort"] == {
        "onbegrepen_gedrag": 1,
        "hoarder_vervuiler": 0,
        "leefbaarheid": 1,
    }
    assert (w["zorgwoonoverlast"], w["leefbaarheidswoonoverlast"]) == (1, 1)


def test_signals_and_their_indicators_compare_with_the_year_before() -> None:
    for datum, aanpak, bron, thema in (
        ("2025-01-01", "ondermijning", "collega", "witwassen"),
        ("2025-06-30", "ondermijning", "meldpunt", "witwassen"),
        ("2024-03-01", "ondermijning", "collega", "mensenhandel"),
        ("2025-07-01", "ondermijning", "collega", "witwassen"),
        ("2024-05-05", "pga_r", "collega", "polarisatie"),
    ):
        db.session.add(Signaal(aanpak=aanpak, ontvangen_op=D(datum), bron=bron, thema=thema))
    db.session.flush()
    r = rapport(uit_label("2025-H1"))
    s = r["signalen"]["ondermijning"]
    assert (s["totaal"], s["per_bron"]["collega"], s["per_bron"]["meldpunt"]) == (2, 1, 1)
    assert s["per_thema"]["witwassen"] == 2
    assert s["vergelijking"]["totaal"] == 1
    assert r["indicatoren"]["ondermijning_signalen"] == {
        "periode": 2,
        "vergelijking": 1,
        "gehaald": True,
    }
    assert r["indicatoren"]["emo_signalen"] == {"periode": 0, "vergelijking": 1, "gehaald": False}


def test_police_contacts_of_the_pga_jeugd_persons_in_the_period_and_the_year_before() -> None:
    jongere, ander = persoon(), persoon()
    casus("pga_jeugd", "2024-10-01", ("triageren", "2024-10-02"), p=jongere)
    casus("ipta", "2024-10-01", ("triageren", "2024-10-02"), p=ander)
    for p, datum in (
        (jongere, "2025-02-01"),
        (jongere, "2025-06-30"),
        (jongere, "2024-01-01"),
        (jongere, "2024-07-01"),
        (ander, "2025-02-01"),
    ):
        db.session.add(PolitieContact(persoon=p, datum=D(datum), soort="politie"))
    db.session.flush()
    ind = rapport(uit_label("2025-H1"))["indicatoren"]
    # the jongere: two contacts in 2025-H1, one in 2024-H1 (2024-07-01 is outside both)
    assert ind["pga_jeugd_politiecontacten"] == {
        "periode": 2,
        "vergelijking": 1,
        "verschil_procent": 100.0,
    }


def test_the_ipta_and_pga_r_indicators() -> None:
    casus(
        "ipta",
        "2025-01-02",
        ("triageren", "2025-01-03"),
        ("starten", "2025-01-04"),
        ("afsluiten_succesvol", "2025-05-01", "scholing"),
    )
    casus(
        "pga_r",
        "2024-01-02",
        ("triageren", "2024-01-03"),
        ("starten", "2024-01-04"),
        ("afsluiten_succesvol", "2025-05-01", "afgeschaald"),
    )
    ind = rapport(uit_label("2025-H1"))["indicatoren"]
    assert ind["ipta_succesvol_afgesloten"] == 1
    assert ind["pga_r_afgeschaald"] == 1


def test_the_report_has_every_aanpak_of_the_catalogue_and_the_json_keys() -> None:
    r = rapport(uit_label("2025-H1"))
    assert set(r) == {
        "periode",
        "vergelijkingsperiode",
        "aanpakken",
        "signalen",
        "ondermijning",
        "woonoverlast",
        "interventies",
        "indicatoren",
    }
    assert list(r["aanpakken"]) == [
        "pga_jeugd",
        "ipta",
        "rio",
        "pga_r",
        "ondermijning",
        "woonoverlast",
    ]
    assert r["vergelijkingsperiode"] == {
        "label": "2024-H1",
        "van": "2024-01-01",
        "tot_en_met": "2024-06-30",
    }
    assert set(r["signalen"]) == {"ondermijning", "pga_r"}

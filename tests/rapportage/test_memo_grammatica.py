"""The memo's counts read right for 0, 1 and many."""

from __future__ import annotations

from typing import Any

from casus.rapportage.memo import aantal, alinea, vorm, woonoverlast

H1_2025, H1_2024 = "de eerste helft van 2025", "de eerste helft van 2024"


def _cijfers(
    totaal: int, nieuw: int, in_de_wacht: int, vorig_totaal: int, vorig_afgesloten: int
) -> dict[str, Any]:
    return {
        "totaal": totaal,
        "nieuw": nieuw,
        "afgesloten": 0,
        "positief": 0,
        "in_de_wacht_einde": in_de_wacht,
        "afgesloten_per_status": {
            "succesvol_afgesloten": 0,
            "niet_succesvol_afgesloten": 0,
            "overgedragen": 0,
        },
        "vergelijking": {"totaal": vorig_totaal, "afgesloten": vorig_afgesloten},
    }


def test_the_helper_counts_zero_one_and_many() -> None:
    assert [aantal(n, "casus", "casussen") for n in (0, 1, 2, 45)] == [
        "geen casus",
        "één casus",
        "twee casussen",
        "45 casussen",
    ]
    assert [vorm(n, "stond", "stonden") for n in (0, 1, 2)] == ["stond", "stond", "stonden"]


def test_no_case_in_de_wacht() -> None:
    tekst = alinea("pga_jeugd", "PGA Jeugd", _cijfers(3, 1, 0, 1, 0), H1_2025, H1_2024)
    assert tekst == (
        "Met de aanpak PGA Jeugd zijn in de eerste helft van 2025 in totaal drie jongeren "
        "in de aanpak gezeten. Hiervan is één begeleidingstraject binnen deze periode "
        "gestart. In deze periode zijn geen trajecten afgesloten. In de eerste helft van "
        "2024 was dat er één, waarvan geen afgesloten. Aan het einde van de periode stond "
        "geen casus in de wacht."
    )


def test_one_case_in_de_wacht() -> None:
    tekst = alinea("ondermijning", "Ondermijning", _cijfers(5, 2, 1, 4, 2), H1_2025, H1_2024)
    assert tekst.endswith(
        "In de eerste helft van 2024 waren dat er vier, waarvan twee afgesloten. "
        "Aan het einde van de periode stond één casus in de wacht."
    )
    assert "Hiervan zijn twee casussen binnen deze periode gestart." in tekst


def test_two_cases_in_de_wacht() -> None:
    tekst = alinea("ondermijning", "Ondermijning", _cijfers(5, 0, 2, 0, 0), H1_2025, H1_2024)
    assert "Hiervan is geen casus binnen deze periode gestart." in tekst
    assert "In de eerste helft van 2024 was dat er geen, waarvan geen afgesloten." in tekst
    assert tekst.endswith("Aan het einde van de periode stonden twee casussen in de wacht.")


def test_an_aanpak_without_cases() -> None:
    tekst = alinea("ipta", "IPTA", _cijfers(0, 0, 0, 2, 1), H1_2025, H1_2024)
    assert tekst == (
        "Met de aanpak IPTA is in de eerste helft van 2025 geen jongere begeleid. "
        "In deze periode zijn geen trajecten afgesloten. In de eerste helft van 2024 "
        "waren dat er twee, waarvan één afgesloten."
    )


def test_the_woonoverlast_sentence_says_what_the_corporatie_figures_count() -> None:
    # the council memo of seed 004: 94 lopend, 67 in corporatiewoningen (32 + 35)
    per_type = {"corporatie": 67, "koop": 24, "particuliere_huur": 3}
    w = {
        "lopend_einde_per_woningtype": per_type,
        "zorgwoonoverlast": 32,
        "leefbaarheidswoonoverlast": 35,
    }
    assert woonoverlast({"lopend_einde": 94}, w) == (
        "Aan het einde van de periode liepen er bij woonoverlast 94 casussen, waarvan 67 in "
        "corporatiewoningen: 32 casussen zorgwoonoverlast en 35 casussen "
        "leefbaarheidswoonoverlast."
    )
    een = {
        "lopend_einde_per_woningtype": {"corporatie": 1},
        "zorgwoonoverlast": 0,
        "leefbaarheidswoonoverlast": 1,
    }
    assert woonoverlast({"lopend_einde": 1}, een) == (
        "Aan het einde van de periode liep er bij woonoverlast één casus, waarvan één in "
        "corporatiewoningen: geen casus zorgwoonoverlast en één casus leefbaarheidswoonoverlast."
    )
    assert woonoverlast({"lopend_einde": 0}, w) == (
        "Aan het einde van de periode liep er bij woonoverlast geen casus."
    )

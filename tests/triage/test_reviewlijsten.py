"""Review lists and caseload: exactly the right cases, on hand-built histories."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from flask.testing import FlaskClient

from casus.casussen.models import Notitie
from casus.casussen.services import meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.toegang.actor import IMPORT
from casus.triage import reviewlijsten
from tests.hulp import fabrieken
from tests.hulp.client import login

OP = date(2025, 9, 1)
REDEN = {"pauzeren": "politieonderzoek", "afsluiten_niet_succesvol": "geen_medewerking"}


@pytest.fixture
def casus_met(maak_gebruiker_: Any) -> Any:
    """A case with the given (trigger, date) history, imported without guards."""

    def _maak(aanpak: str, *stappen: tuple[str, date], regisseur: Any = None) -> Any:
        persoon = fabrieken.persoon("Lina", "de Groot", date(2006, 1, 1))
        casus = meld_aan(aanpak, aangemeld_op=date(2024, 1, 2), persoon=persoon, actor=IMPORT)
        for trigger, datum in stappen:
            pas_transitie_toe(
                casus,
                trigger,
                datum=datum,
                actor=IMPORT,
                reden=REDEN.get(trigger),
                historisch=True,
                regisseur=regisseur if trigger == "triageren" else None,
            )
        return casus

    return _maak


def contact(casus: Any, datum: date, soort: str = "contactmoment") -> None:
    db.session.add(Notitie(casus=casus, soort=soort, datum=datum, tekst="Gesprek"))
    db.session.flush()


def ids(code: str, gebruiker: Any, aanpakken: tuple[str, ...] = ("pga_jeugd", "ipta")) -> list[int]:
    return [
        c.id
        for c in db.session.scalars(reviewlijsten.lijst(code, gebruiker, aanpakken, OP)).unique()
    ]


@time_machine.travel(OP, tick=False)
def test_on_hold_list_holds_cases_waiting_more_than_90_days(casus_met: Any, triagist: Any) -> None:
    r = triagist
    w91 = casus_met(
        "pga_jeugd",
        ("triageren", date(2025, 1, 6)),
        ("starten", date(2025, 1, 7)),
        ("pauzeren", date(2025, 6, 2)),
    )
    casus_met(
        "ipta",
        ("triageren", date(2025, 1, 6)),
        ("starten", date(2025, 1, 7)),
        ("pauzeren", date(2025, 6, 3)),
    )  # exactly 90 days: not more
    casus_met(
        "rio",
        ("triageren", date(2024, 1, 6)),
        ("starten", date(2024, 1, 7)),
        ("pauzeren", date(2024, 2, 1)),
    )  # not this meeting's aanpak
    hervat = casus_met(
        "pga_jeugd",
        ("triageren", date(2024, 1, 6)),
        ("starten", date(2024, 1, 7)),
        ("pauzeren", date(2024, 2, 1)),
        ("hervatten", date(2025, 8, 1)),
    )
    assert ids("in_de_wacht", r) == [w91.id]
    assert hervat.id not in ids("in_de_wacht", r)


@time_machine.travel(OP, tick=False)
def test_long_active_list_holds_active_cases_taken_in_more_than_12_months_ago(
    casus_met: Any, triagist: Any
) -> None:
    oud = casus_met("ipta", ("triageren", date(2024, 8, 31)), ("starten", date(2024, 9, 2)))
    casus_met("ipta", ("triageren", date(2024, 9, 1)), ("starten", date(2024, 9, 2)))
    casus_met(
        "pga_jeugd",
        ("triageren", date(2024, 1, 6)),
        ("starten", date(2024, 1, 7)),
        ("pauzeren", date(2025, 8, 1)),
    )  # long in the aanpak, but on hold
    casus_met(
        "pga_jeugd", ("triageren", date(2024, 1, 6)), ("afsluiten_niet_succesvol", date(2024, 3, 1))
    )  # closed
    assert ids("lang_actief", triagist) == [oud.id]


@time_machine.travel(OP, tick=False)
def test_no_contact_list_counts_from_the_last_contactmoment_or_the_opname(
    casus_met: Any, triagist: Any
) -> None:
    # 30 days since the last contactmoment (2025-08-02): on the list
    dertig = casus_met("pga_jeugd", ("triageren", date(2025, 7, 1)), ("starten", date(2025, 7, 2)))
    contact(dertig, date(2025, 7, 5))
    contact(dertig, date(2025, 8, 2))
    # 29 days since contact; a later plain note is no contact
    recent = casus_met("pga_jeugd", ("triageren", date(2025, 7, 1)), ("starten", date(2025, 7, 2)))
    contact(recent, date(2025, 8, 3))
    contact(recent, date(2025, 8, 31), soort="notitie")
    # taken in 31 days ago, never contacted
    nooit = casus_met("ipta", ("triageren", date(2025, 8, 1)))
    # taken in 29 days ago, never contacted: not yet
    casus_met("ipta", ("triageren", date(2025, 8, 3)))
    # on hold or still aangemeld: not on this list
    stil = casus_met(
        "ipta",
        ("triageren", date(2025, 1, 6)),
        ("starten", date(2025, 1, 7)),
        ("pauzeren", date(2025, 2, 1)),
    )
    casus_met("ipta")
    assert ids("geen_contact", triagist) == [nooit.id, dertig.id]
    assert stil.id not in ids("geen_contact", triagist)


@time_machine.travel(OP, tick=False)
def test_without_regisseur_list_and_the_caseload_per_regisseur(
    casus_met: Any, triagist: Any, maak_gebruiker_: Any
) -> None:
    ankie = maak_gebruiker_("regisseur:pga_jeugd", naam="ankie")
    bram = maak_gebruiker_("regisseur:pga_jeugd", "regisseur:ipta", naam="bram")
    rio = maak_gebruiker_("regisseur:rio", naam="rio")
    for stappen in (
        [("triageren", date(2025, 2, 1))],
        [("triageren", date(2025, 2, 1)), ("starten", date(2025, 2, 2))],
        [
            ("triageren", date(2025, 2, 1)),
            ("starten", date(2025, 2, 2)),
            ("pauzeren", date(2025, 3, 1)),
        ],
        [("triageren", date(2025, 2, 1)), ("afsluiten_niet_succesvol", date(2025, 3, 1))],
    ):
        casus_met("pga_jeugd", *stappen, regisseur=ankie)
    casus_met("ipta", ("triageren", date(2025, 2, 1)), regisseur=bram)
    casus_met("rio", ("triageren", date(2025, 2, 1)), regisseur=rio)
    zonder = casus_met("ipta", ("triageren", date(2025, 2, 1)))
    casus_met("ipta")  # aangemeld: no regisseur yet, that is normal

    assert ids("zonder_regisseur", triagist) == [zonder.id]
    caseload = [
        (g.gebruikersnaam, n) for g, n in reviewlijsten.caseload(triagist, ("pga_jeugd", "ipta"))
    ]
    # ankie: 3 open (the closed one does not count); bram: 1; rio is another team
    assert caseload == [("ankie", 3), ("bram", 1)]
    assert [(g.gebruikersnaam, n) for g, n in reviewlijsten.caseload(triagist, ("ipta",))] == [
        ("bram", 1)
    ]


@time_machine.travel(OP, tick=False)
def test_the_review_page_shows_the_lists(
    client: FlaskClient, casus_met: Any, triagist: Any
) -> None:
    w = casus_met(
        "pga_jeugd",
        ("triageren", date(2025, 1, 6)),
        ("starten", date(2025, 1, 7)),
        ("pauzeren", date(2025, 3, 2)),
    )
    db.session.commit()
    login(client, triagist)
    html = client.get("/triage/review").get_data(as_text=True)
    sectie = html.split('id="in_de_wacht"', 1)[1].split("</section>", 1)[0]
    assert "Langer dan 90 dagen in de wacht (1)" in sectie
    assert w.ref in sectie
    zonder = html.split('id="zonder_regisseur"', 1)[1].split("</section>", 1)[0]
    assert "Zonder regisseur (1)" in zonder
    assert w.ref in zonder

"""The AVG inzage a citizen can read: words and Dutch dates, never a code or ISO date,
and every read of the person's data, triage views included."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from casus.casussen.models import Interventie, Leefgebiedenscore, Notitie
from casus.extensions import db
from casus.labels import catalogus_codes, label
from casus.personen.models import Persoon, PolitieContact
from casus.triage.services import herverdeel
from tests.hulp import fabrieken
from tests.hulp.client import login
from workflows import CATALOGUS

# 14 March 2026, 09:30 UTC is 10:30 in Amsterdam (CET, summer time starts on 29 March)
TRIAGEMOMENT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


def verboden_codes() -> set[str]:
    """The catalogue's codes that are no word of its own Dutch texts (labels and
    descriptions, case-sensitive): "coaching" or "detentie" may appear in a sentence,
    "pga_jeugd", "ipta" or "succesvol_afgesloten" never."""
    teksten = [label(code) for code in catalogus_codes()]
    teksten += [f"{a.label} {a.kort} {a.omschrijving}" for a in CATALOGUS]
    woorden = {w for t in teksten for w in re.findall(r"[A-Za-z_]+", t)}
    return set(catalogus_codes()) - woorden


def _inhoud(html: str) -> str:
    """The visible text of the page's main part (or of the whole download)."""
    if "<main" in html:
        html = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _dossier(maak_gebruiker_: Any, maak_casus: Any) -> dict[str, Any]:
    """Sem Jansen with a PGA Jeugd case (notes, an intervention, scores, a police contact)
    and an overgedragen IPTA case, and a signal on him."""
    sem = Persoon(
        voornaam="Sem", achternaam="Jansen", geboortedatum=date(2006, 4, 12), bsn="111222333"
    )
    db.session.add(sem)
    jeugd = maak_casus("pga_jeugd", "actief", persoon=sem)
    ipta = maak_casus("ipta", "overgedragen", persoon=sem)
    db.session.add_all(
        [
            Notitie(
                casus_id=jeugd.id,
                soort="contactmoment",
                vorm="huisbezoek",
                datum=date(2025, 1, 9),
                tekst="Gesprek met moeder",
            ),
            Interventie(
                casus_id=jeugd.id, type="jeugdhulp", datum=date(2025, 1, 10), tekst="Via wijkteam"
            ),
            Leefgebiedenscore(casus_id=jeugd.id, datum=date(2025, 1, 11), financien=2),
            PolitieContact(
                persoon_id=sem.id, casus_id=jeugd.id, datum=date(2025, 1, 12), soort="politie"
            ),
        ]
    )
    signaal = fabrieken.signaal("ondermijning", bron="meld_misdaad_anoniem")
    signaal.persoon_id = sem.id
    db.session.commit()
    return {"sem": sem, "jeugd": jeugd, "ipta": ipta}


def _triage_bekijkt(app: Flask, maak_gebruiker_: Any, casus_id: int) -> None:
    """A triage member of PGA Jeugd opens the triage page of the case at TRIAGEMOMENT."""
    tineke = maak_gebruiker_("triage:pga_jeugd", naam="tineke")
    db.session.commit()
    with time_machine.travel(TRIAGEMOMENT, tick=False):
        triage = app.test_client()
        login(triage, tineke)
        assert triage.get(f"/triage/casussen/{casus_id}").status_code == 200


def test_the_inzage_lists_a_triage_view_with_the_name_and_a_dutch_date(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    d = _dossier(maak_gebruiker_, maak_casus)
    _triage_bekijkt(app, maak_gebruiker_, d["jeugd"].id)
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    tekst = _inhoud(client.get(f"/privacy/personen/{d['sem'].id}/inzage").get_data(as_text=True))
    # the fixture's display name of "tineke" is "Test tineke"
    assert (
        f"14 maart 2026 om 10:30 — Test tineke: Casus bekeken in de triage "
        f"(casus {d['jeugd'].ref})" in tekst
    )
    # the inzage lists its own making
    assert "Test fg: Inzageoverzicht (AVG) opgesteld" in tekst


def test_the_inzage_says_it_all_in_words(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    d = _dossier(maak_gebruiker_, maak_casus)
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    tekst = _inhoud(client.get(f"/privacy/personen/{d['sem'].id}/inzage").get_data(as_text=True))
    # per aanpak, its full name and purpose from the catalogue
    assert "PGA Jeugd (persoonsgerichte aanpak jeugd)" in tekst
    assert "IPTA (integrale persoonsgerichte toeleiding naar arbeid)" in tekst
    assert "Preventieve coaching naar werk en/of school" in tekst
    # personalia, with a Dutch date
    assert "Geboortedatum 12 april 2006" in tekst
    # the status history in words: the fixture takes PGA Jeugd in on 7 January 2025
    # and starts it on 8 January
    assert "7 januari 2025 — Opnemen; de status werd: Opgenomen" in tekst
    assert "8 januari 2025 — Starten; de status werd: Actief" in tekst
    assert "9 januari 2025 — Contactmoment (huisbezoek): Gesprek met moeder" in tekst
    assert "10 januari 2025 — Jeugdhulp: Via wijkteam" in tekst
    assert "11 januari 2025 — Financiën 2 van 5" in tekst
    assert "12 januari 2025 — Contact met politie" in tekst
    # the source of the signal, by its label
    assert "Een signaal van: Meld Misdaad Anoniem." in tekst
    assert "Signaal over: Drugscriminaliteit, afkomstig van Meld Misdaad Anoniem" in tekst
    # who received data: the partner the IPTA case was handed over to (fabrieken.casus)
    assert f"Gemeente Gouda, bij de overdracht van casus {d['ipta'].ref}" in tekst
    # retention: 5 years after closing (the default term); the IPTA case was overgedragen
    # on 8 January 2025 (taken in on the 7th, handed over the next day)
    assert "bewaard tot 5 jaar nadat de casus is afgesloten" in tekst
    assert "Voor de afgesloten casus(sen) hier is dat na 8 januari 2030." in tekst
    assert not ISO_DATUM.search(tekst), ISO_DATUM.search(tekst)
    woorden = set(re.findall(r"[A-Za-z_]+", tekst))
    assert woorden & verboden_codes() == set()
    # field names and the leefgebieden's codes
    assert woorden & {"financien", "sociaal_netwerk", "created_at", "naar_status", "None"} == set()


def test_the_inzage_without_recipients_says_none_were_recorded(
    client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    casus = maak_casus("ipta", "actief")
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    tekst = _inhoud(
        client.get(f"/privacy/personen/{casus.persoon_id}/inzage").get_data(as_text=True)
    )
    assert "Er is geen verstrekking aan organisaties buiten het team vastgelegd." in tekst


def test_the_download_is_the_same_overview_as_a_file(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    d = _dossier(maak_gebruiker_, maak_casus)
    _triage_bekijkt(app, maak_gebruiker_, d["jeugd"].id)
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    antwoord = client.get(f"/privacy/personen/{d['sem'].id}/inzage.html")
    assert antwoord.mimetype == "text/html"
    assert antwoord.headers["Content-Disposition"] == (
        f"attachment; filename=inzage-persoon-{d['sem'].id}.html"
    )
    html = antwoord.get_data(as_text=True)
    # one self-contained file
    assert "<link" not in html
    assert "<script" not in html
    tekst = _inhoud(html)
    assert "14 maart 2026 om 10:30 — Test tineke: Casus bekeken in de triage" in tekst
    assert not ISO_DATUM.search(tekst)
    # the machine export keeps its codes
    data = client.get(f"/privacy/personen/{d['sem'].id}/inzage.json").get_json()
    assert {c["aanpak"] for c in data["casussen"]} == {"pga_jeugd", "ipta"}


def test_who_viewed_lists_triage_views_and_reassignments(
    app: Flask, client: FlaskClient, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    d = _dossier(maak_gebruiker_, maak_casus)
    _triage_bekijkt(app, maak_gebruiker_, d["jeugd"].id)
    triagist = maak_gebruiker_("triage:pga_jeugd", naam="truus")
    nieuwe = maak_gebruiker_("regisseur:pga_jeugd", naam="nieuw")
    herverdeel(d["jeugd"], nieuwe, actor=triagist, toelichting=None)
    db.session.commit()
    fg = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, fg)
    tekst = _inhoud(client.get(f"/privacy/personen/{d['sem'].id}/bekeken").get_data(as_text=True))
    assert "Test tineke (tineke) Casus bekeken in de triage" in tekst
    assert "Test truus (truus) Casus aan een andere regisseur toegewezen" in tekst
    inzage = _inhoud(client.get(f"/privacy/personen/{d['sem'].id}/inzage").get_data(as_text=True))
    assert "Test truus: Casus aan een andere regisseur toegewezen" in inzage

"""The audit log in words: a Dutch name for every action the application writes, and
filters by a person's name and a case number instead of internal numbers."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from casus.audit import log_actie
from casus.extensions import db
from casus.labels import AUDIT_ACTIES, audit_actie, heeft_audit_label
from casus.personen.models import Persoon
from tests.hulp.client import login
from workflows import CATALOGUS

BRON = Path(__file__).resolve().parents[2] / "casus"
# the functions that write a record, and which argument holds its action code
SCHRIJVERS = {"log_actie": 0, "log_wijziging": 0, "log_weigering": 0, "_weigering": 0}
SCHRIJVERS_MET_ACTIE_ALS_DERDE = {"met_auditlog": 2}


def _letterlijk(knoop: ast.expr) -> list[str] | None:
    """The codes an argument can be: a string, either branch of ``a if x else b``, or
    an f-string's fixed start (``"casus.status_" + trigger``: the family); None for a
    variable (the caller passes a code on: checked where it is written)."""
    if isinstance(knoop, ast.Constant) and isinstance(knoop.value, str):
        return [knoop.value]
    if isinstance(knoop, ast.IfExp):
        return (_letterlijk(knoop.body) or []) + (_letterlijk(knoop.orelse) or [])
    if isinstance(knoop, ast.JoinedStr):
        begin = knoop.values[0]
        assert isinstance(begin, ast.Constant), ast.unparse(knoop)
        return [f"{begin.value}*"]
    return None


def gebruikte_codes() -> set[str]:
    """Every action code in the code base's calls of the audit writers."""
    codes: set[str] = set()
    for pad in BRON.rglob("*.py"):
        for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if not isinstance(knoop, ast.Call):
                continue
            naam = getattr(knoop.func, "id", None) or getattr(knoop.func, "attr", None)
            plek = {**SCHRIJVERS, **SCHRIJVERS_MET_ACTIE_ALS_DERDE}.get(naam or "")
            if plek is None or len(knoop.args) <= plek:
                continue
            gevonden = _letterlijk(knoop.args[plek])
            if gevonden is not None:
                codes.update(gevonden)
    return codes


def test_the_code_base_writes_the_actions_this_test_knows() -> None:
    codes = gebruikte_codes()
    # a few worked out by hand from the sources: the collector finds them
    assert {"triage.casus_bekeken", "auth.ingelogd", "beheer.gebruiker_gedeactiveerd"} <= codes
    assert "casus.status_*" in codes  # casus.casussen.views: f"casus.status_{trigger}"


def test_every_action_code_written_has_a_dutch_label() -> None:
    zonder = []
    for code in gebruikte_codes():
        if code.endswith("*"):
            familie = code[:-1]
            triggers = {t.trigger for a in CATALOGUS for t in a.transities}
            zonder += [
                f"{familie}{t}"
                for t in [*triggers, "onbekend"]
                if not heeft_audit_label(f"{familie}{t}")
            ]
        elif not heeft_audit_label(code):
            zonder.append(code)
    assert zonder == [], "voeg een label toe aan casus.labels.AUDIT_ACTIES"


def test_labels_are_dutch_sentences_not_codes() -> None:
    assert audit_actie("triage.casus_bekeken") == "Casus bekeken in de triage"
    assert audit_actie("casus.status_triageren") == "Status gewijzigd: Opnemen"
    assert (
        audit_actie("casus.status_afsluiten_succesvol") == "Status gewijzigd: Succesvol afsluiten"
    )
    for label in AUDIT_ACTIES.values():
        assert "_" not in label
        assert "." not in label.rstrip(".")


@pytest.fixture
def privacy(client: FlaskClient, maak_gebruiker_: Any) -> Any:
    p = maak_gebruiker_("privacy", naam="fg")
    db.session.commit()
    login(client, p)
    return p


def test_the_log_shows_labels_names_and_case_numbers(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("triage:ipta", naam="jan")
    casus = maak_casus("ipta")
    log_actie("triage.casus_bekeken", casus=casus, gebruiker=jan)
    db.session.commit()
    tekst = client.get("/privacy/auditlog?gebruiker=jan").get_data(as_text=True)
    assert "<td>Casus bekeken in de triage</td>" in tekst
    assert "triage.casus_bekeken</td>" not in tekst
    assert f"{casus.ref} (IPTA)" in tekst
    assert ">Sem Jansen</a>" in tekst  # the fabriek's person
    assert ">Test jan</a> (jan)" in tekst


def test_the_log_filters_by_a_persons_name_whatever_its_accents(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    ayse = Persoon(voornaam="Ayşe", achternaam="Öztürk")
    ruben = Persoon(voornaam="Ruben", achternaam="Çelik")
    db.session.add_all([ayse, ruben])
    db.session.flush()
    van_ayse = maak_casus("ipta", persoon=ayse)
    van_ruben = maak_casus("ipta", persoon=ruben)
    log_actie("persoon.bekeken", persoon=ayse, gebruiker=jan)
    # a record on her case only (persoon_id comes from the case)
    log_actie("casus.bekeken", casus=van_ayse.id, gebruiker=jan)
    log_actie("casus.bekeken", casus=van_ruben, gebruiker=jan)
    db.session.commit()
    tekst = client.get("/privacy/auditlog", query_string={"persoon": "ozturk AYSE"}).get_data(
        as_text=True
    )
    assert "<td>Persoonsgegevens bekeken</td>" in tekst
    assert van_ayse.ref in tekst
    assert van_ruben.ref not in tekst
    tekst = client.get("/privacy/auditlog", query_string={"persoon": "celik"}).get_data(
        as_text=True
    )
    assert van_ruben.ref in tekst
    assert van_ayse.ref not in tekst
    assert "<td>Persoonsgegevens bekeken</td>" not in tekst


def test_the_log_filters_by_case_number_also_a_former_one(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("regisseur:ipta", naam="jan")
    een, twee = maak_casus("ipta"), maak_casus("ipta")
    log_actie("casus.bekeken", casus=een, gebruiker=jan)
    log_actie("casus.notitie_toegevoegd", casus=twee, gebruiker=jan)
    db.session.commit()
    # typed in lower case, with spaces around it
    tekst = client.get("/privacy/auditlog", query_string={"casus": f" {twee.ref.lower()} "})
    html = tekst.get_data(as_text=True)
    assert "<td>Notitie of contactmoment toegevoegd</td>" in html
    assert "<td>Casus bekeken</td>" not in html
    tekst = client.get("/privacy/auditlog", query_string={"casus": "IPTA-1999-99999"})
    assert "Geen records gevonden." in tekst.get_data(as_text=True)


def test_the_csv_keeps_the_codes_and_adds_the_words(
    client: FlaskClient, privacy: Any, maak_gebruiker_: Any, maak_casus: Any
) -> None:
    jan = maak_gebruiker_("triage:ipta", naam="jan")
    casus = maak_casus("ipta")
    log_actie("triage.casus_bekeken", casus=casus, gebruiker=jan)
    db.session.commit()
    regels = client.get("/privacy/auditlog.csv?gebruiker=jan").get_data(as_text=True).splitlines()
    kop = regels[0].split(";")
    rij = dict(zip(kop, regels[1].split(";"), strict=True))
    assert rij["actie"] == "triage.casus_bekeken"
    assert rij["omschrijving"] == "Casus bekeken in de triage"
    assert rij["casusnummer"] == casus.ref

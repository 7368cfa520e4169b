from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from casus.audit.models import AuditRecord
from casus.casussen.models import Casus, Gebeurtenis, Interventie, Notitie
from casus.extensions import db
from casus.personen.models import Persoon, PolitieContact, leeftijd_op

PEIL = "2030-06-01"  # cases closed in January 2025 plus 5 years are due


def skelet() -> tuple[Counter[Any], Counter[Any]]:
    """What every report figure is computed from: events, interventions, police contacts."""
    gebeurtenissen = Counter(
        db.session.execute(
            select(
                Gebeurtenis.casus_id,
                Gebeurtenis.aanpak,
                Gebeurtenis.transitie,
                Gebeurtenis.naar_status,
                Gebeurtenis.reden,
                Gebeurtenis.datum,
                Gebeurtenis.vervalt_id,
            )
        ).all()
    )
    overig: Counter[Any] = Counter()
    for i, c in db.session.execute(select(Interventie, Casus).join(Casus)).all():
        p = db.session.get(Persoon, c.persoon_id) if c.persoon_id else None
        minderjarig = p is not None and leeftijd_op(p.geboortedatum, i.datum) < 18
        overig[("interventie", i.type, i.datum, c.persoon_id, minderjarig)] += 1
    for pc in db.session.scalars(select(PolitieContact)):
        overig[("politie", pc.persoon_id, pc.datum, pc.soort)] += 1
    for c in db.session.scalars(select(Casus)):
        overig[
            (
                "casus",
                c.id,
                c.aanpak,
                c.status,
                c.aangemeld_op,
                c.opname_op,
                c.afgesloten_op,
                (c.kenmerken or {}).get("wijk"),
                (c.kenmerken or {}).get("woningtype"),
            )
        ] += 1
    return gebeurtenissen, overig


@pytest.fixture
def wereld(maak_casus: Any) -> dict[str, Any]:
    oud = Persoon(
        voornaam="Oud",
        achternaam="Dossier",
        geboortedatum=date(2008, 3, 1),
        bsn="111222333",
        adres="Dorpsstraat 1",
    )
    bezig = Persoon(voornaam="Nog", achternaam="Bezig", geboortedatum=date(2001, 1, 1))
    db.session.add_all([oud, bezig])
    w = {
        "oud": oud,
        "bezig": bezig,
        "oud_casus": maak_casus(
            "pga_jeugd",
            "succesvol_afgesloten",
            persoon=oud,
            aanmeldreden="vertrouwelijke aanleiding",
        ),
        "bezig_dicht": maak_casus(
            "ipta", "overgedragen", persoon=bezig, aanmeldreden="tekst blijft"
        ),
        "bezig_open": maak_casus("rio", "actief", persoon=bezig),
        # the fixture gives it a person of its own (only this case): also due
        "pand": maak_casus(
            "woonoverlast",
            "niet_succesvol_afgesloten",
            kenmerken={
                "adres": "Kerkweg 12",
                "woningtype": "koop",
                "soort": "leefbaarheid",
                "wijk": "Dorp",
            },
        ),
    }
    oud_casus = w["oud_casus"]
    db.session.add_all(
        [
            Notitie(casus_id=oud_casus.id, soort="notitie", datum=date(2025, 1, 8), tekst="geheim"),
            Interventie(
                casus_id=oud_casus.id, type="halt", datum=date(2025, 1, 8), tekst="details"
            ),
            PolitieContact(persoon_id=oud.id, datum=date(2024, 12, 1), soort="politie"),
        ]
    )
    db.session.commit()
    return w


def run(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["bewaartermijn", "--peildatum", PEIL, *args])


def test_dry_run_lists_what_is_due_and_changes_nothing(app: Flask, wereld: dict[str, Any]) -> None:
    uit = run(app)
    assert uit.exit_code == 0, uit.output
    assert "2 casussen, 2 personen" in uit.output
    assert f"Casussen: {wereld['oud_casus'].id}, {wereld['pand'].id}" in uit.output
    assert f"Personen: {wereld['oud'].id}, {wereld['pand'].persoon_id}" in uit.output
    db.session.expire_all()
    assert wereld["oud"].bsn == "111222333"
    assert db.session.scalar(select(AuditRecord.id)) is None


def test_not_due_before_the_term_has_passed(app: Flask, wereld: dict[str, Any]) -> None:
    uit = app.test_cli_runner().invoke(args=["bewaartermijn", "--peildatum", "2030-01-01"])
    assert "0 casussen, 0 personen" in uit.output


def test_uitvoeren_anonymises_clears_text_and_keeps_the_skeleton(
    app: Flask, wereld: dict[str, Any]
) -> None:
    voor = skelet()
    uit = run(app, "--uitvoeren")
    assert uit.exit_code == 0, uit.output
    db.session.expire_all()
    assert skelet() == voor
    oud, casus, pand = wereld["oud"], wereld["oud_casus"], wereld["pand"]
    assert (oud.voornaam, oud.achternaam, oud.bsn, oud.adres) == (
        "Geanonimiseerd",
        f"persoon {oud.id}",
        None,
        None,
    )
    assert oud.geanonimiseerd_op is not None
    assert casus.aanmeldreden is None
    assert [n.tekst for n in casus.notities] == [""]
    assert [i.tekst for i in casus.interventies] == [None]
    assert pand.kenmerken == {"woningtype": "koop", "soort": "leefbaarheid", "wijk": "Dorp"}
    # a person with an open case keeps everything, also on the closed case
    assert wereld["bezig"].voornaam == "Nog"
    assert wereld["bezig_dicht"].aanmeldreden == "tekst blijft"
    [r] = db.session.scalars(select(AuditRecord)).all()
    assert r.actie == "privacy.bewaartermijn_uitgevoerd"
    assert r.gebruikersnaam == "systeem:bewaartermijn"
    assert r.details["casus_ids"] == [casus.id, pand.id]
    assert r.details["persoon_ids"] == [oud.id, pand.persoon_id]
    assert (r.details["casussen"], r.details["personen"], r.details["notities"]) == (2, 2, 1)
    assert "geheim" not in str(r.details)
    # a second run finds nothing left
    assert "0 casussen, 0 personen" in run(app).output


def test_signals_without_a_case_are_cleaned_after_the_term_and_reports_stay_the_same(
    app: Flask, wereld: dict[str, Any]
) -> None:
    from datetime import UTC, datetime

    from casus.rapportage.periode import uit_label
    from casus.rapportage.services import rapport
    from casus.signalen.models import Signaal

    gegevens = {
        "tekst": "buurman ziet handel",
        "melder_naam": "A. Buur",
        "melder_contact": "06-12345678",
        "betreft_adres": "Kerkweg 1",
        "adres_sleutel": "kerkweg 1",
    }
    # handled in January 2025: due on PEIL (2030-06-01, five years later)
    afgehandeld = Signaal(
        aanpak="ondermijning",
        ontvangen_op=date(2024, 12, 20),
        bron="meldpunt",
        thema="drugscriminaliteit",
        status="afgesloten",
        afsluitreden="geen aanknopingspunten",
        afgehandeld_op=datetime(2025, 1, 10, 9, tzinfo=UTC),
        **gegevens,
    )
    # never handled, received in 2026: within its term
    recent = Signaal(
        aanpak="pga_r",
        ontvangen_op=date(2026, 3, 1),
        bron="meldpunt",
        thema="radicalisering",
        status="open",
        **gegevens,
    )
    # led to a case: the case's own term decides (the oud_casus is due as well)
    gekoppeld = Signaal(
        aanpak="ondermijning",
        ontvangen_op=date(2024, 12, 1),
        bron="collega",
        thema="witwassen",
        status="gekoppeld",
        casus_id=wereld["bezig_open"].id,
        **gegevens,
    )
    db.session.add_all([afgehandeld, recent, gekoppeld])
    db.session.commit()
    perioden = [uit_label(label) for label in ("2024-H2", "2025-H1", "2025-H2", "2026-H1")]
    voor = [rapport(p) for p in perioden]

    proef = run(app)
    assert "1 signalen zonder casus" in proef.output
    assert f"Signalen: {afgehandeld.id}" in proef.output
    uit = run(app, "--uitvoeren")
    assert uit.exit_code == 0, uit.output
    db.session.expire_all()
    for veld in gegevens:
        assert getattr(afgehandeld, veld) is None, veld
    assert (afgehandeld.aanpak, afgehandeld.bron, afgehandeld.thema, afgehandeld.ontvangen_op) == (
        "ondermijning",
        "meldpunt",
        "drugscriminaliteit",
        date(2024, 12, 20),
    )
    assert recent.tekst == gekoppeld.tekst == "buurman ziet handel"
    assert [rapport(p) for p in perioden] == voor
    r = db.session.scalars(select(AuditRecord)).one()
    assert r.details["signaal_ids"] == [afgehandeld.id]
    assert "buurman" not in str(r.details)
    assert "0 signalen zonder casus" in run(app).output

"""Omzetten gives a case a number of its new aanpak; the old one stays an alias
(docs/architectuur.md, "Casusnummer na omzetten"). The migration renumbers the cases
omgezet before it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from casus import create_app
from casus.casussen.models import Casus, Casusalias
from casus.casussen.services import corrigeer, meld_aan, pas_transitie_toe
from casus.extensions import db
from casus.toegang.actor import IMPORT
from config import TestConfig
from tests.hulp.database import nieuwe_postgres
from tests.hulp.fabrieken import persoon

pytestmark = pytest.mark.klok(date(2025, 3, 3))


def _aliassen(casus: Casus) -> list[tuple[str, date]]:
    return [
        (a.ref, a.tot)
        for a in db.session.scalars(
            sa.select(Casusalias).where(Casusalias.casus_id == casus.id).order_by(Casusalias.id)
        )
    ]


def _met_nummer(ref: str) -> Casus | None:
    return db.session.scalar(sa.select(Casus).where(Casus.met_nummer(ref)))


def test_omzetten_gives_a_number_of_the_new_aanpak_and_keeps_the_old_as_alias(
    maak_casus: Any,
) -> None:
    casus = maak_casus("pga_jeugd")  # aangemeld 2025-01-06
    oud = f"PGAJ-2025-{casus.id:05d}"
    assert casus.ref == oud
    pas_transitie_toe(casus, "omzetten", datum=date(2025, 2, 1), actor=IMPORT, doel_aanpak="ipta")
    db.session.commit()
    assert casus.ref == f"IPTA-2025-{casus.id:05d}"
    assert _aliassen(casus) == [(oud, date(2025, 2, 1))]
    assert _met_nummer(oud) is casus
    assert _met_nummer(casus.ref) is casus
    assert _met_nummer("PGAJ-2025-99999") is None


def test_a_case_omgezet_back_gets_its_first_number_back(maak_casus: Any) -> None:
    casus = maak_casus("pga_jeugd")
    eerste = casus.ref
    pas_transitie_toe(casus, "omzetten", datum=date(2025, 2, 1), actor=IMPORT, doel_aanpak="ipta")
    tweede = casus.ref
    g = pas_transitie_toe(
        casus, "omzetten", datum=date(2025, 2, 3), actor=IMPORT, doel_aanpak="pga_jeugd"
    )
    db.session.commit()
    assert casus.ref == eerste
    assert g.data == {"van_aanpak": "ipta", "casusnummer": eerste, "vorig_casusnummer": tweede}
    # a number is an alias of one case, and never its current number too
    assert _aliassen(casus) == [(tweede, date(2025, 2, 3))]


def test_correcting_omzetten_restores_the_number(maak_casus: Any, maak_gebruiker_: Any) -> None:
    casus = maak_casus("pga_jeugd")
    eerste = casus.ref
    pas_transitie_toe(casus, "omzetten", datum=date(2025, 2, 1), actor=IMPORT, doel_aanpak="ipta")
    triage = maak_gebruiker_("triage:ipta")
    corrigeer(casus, actor=triage, reden="Verkeerde aanpak gekozen")
    db.session.commit()
    assert (casus.aanpak, casus.ref) == ("pga_jeugd", eerste)
    assert _aliassen(casus) == [(f"IPTA-2025-{casus.id:05d}", date(2025, 3, 3))]


def test_an_imported_number_of_another_pattern_becomes_the_alias() -> None:
    casus = meld_aan(
        "ipta",
        actor=IMPORT,
        aangemeld_op=date(2024, 11, 4),
        persoon=persoon(),
        ref="IPTA-2024-017",
    )
    pas_transitie_toe(
        casus, "omzetten", datum=date(2024, 11, 5), actor=IMPORT, doel_aanpak="pga_jeugd"
    )
    db.session.commit()
    assert casus.ref == f"PGAJ-2024-{casus.id:05d}"
    assert _met_nummer("IPTA-2024-017") is casus


def test_a_step_within_the_aanpak_keeps_the_number(maak_casus: Any) -> None:
    casus = maak_casus("ipta", "actief")
    assert casus.ref == f"IPTA-2025-{casus.id:05d}"
    assert _aliassen(casus) == []


# -- the migration ---------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def lege_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'oud.sqlite'}"
        return
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("vereist PostgreSQL: zet TEST_DATABASE_URL")
    with nieuwe_postgres("casus_casusnummer") as url:
        yield url.render_as_string(hide_password=False)


def _oude_casus(conn: sa.Connection, id: int, ref: str, stappen: list[tuple[Any, ...]]) -> None:
    """A case as the schema before d2b6f1a4c3e5 held it: its number never changed."""
    aanpak = stappen[-1][1]
    conn.execute(
        sa.text(
            "INSERT INTO casus (id, ref, aanpak, status, aangemeld_op, kenmerken, status_sinds,"
            " versie, created_at) VALUES (:id, :ref, :aanpak, 'aangemeld', :d, '{}', :d, 1, :m)"
        ),
        {"id": id, "ref": ref, "aanpak": aanpak, "d": date(2024, 3, 4), "m": "2024-03-04"},
    )
    for volgnummer, (transitie, na, datum, vervalt) in enumerate(stappen, start=1):
        conn.execute(
            sa.text(
                "INSERT INTO gebeurtenis (id, casus_id, volgnummer, transitie, van_status,"
                " naar_status, aanpak, datum, geregistreerd_op, vervalt_id) VALUES (:gid, :id,"
                " :v, :t, 'aangemeld', 'aangemeld', :a, :d, :m, :vervalt)"
            ),
            {
                "gid": id * 10 + volgnummer,
                "id": id,
                "v": volgnummer,
                "t": transitie,
                "a": na,
                "d": datum,
                "m": "2024-03-04",
                "vervalt": vervalt,
            },
        )


def test_the_migration_renumbers_the_cases_omgezet_before_it(lege_database: str) -> None:
    app: Flask = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=lege_database)
    with app.app_context():
        upgrade(revision="c1a5e0f3b2d4")
        with db.engine.begin() as conn:
            # omgezet from PGA Jeugd to IPTA on 2024-03-10
            _oude_casus(
                conn,
                7,
                "PGAJ-2024-00007",
                [
                    ("aanmelden", "pga_jeugd", date(2024, 3, 4), None),
                    ("omzetten", "ipta", date(2024, 3, 10), None),
                ],
            )
            # imported with a number of another pattern, never omgezet: kept
            _oude_casus(conn, 8, "OUD-8", [("aanmelden", "ipta", date(2024, 3, 4), None)])
            # omgezet, and the omzetten corrected: back in PGA Jeugd with its own number
            _oude_casus(
                conn,
                9,
                "PGAJ-2024-00009",
                [
                    ("aanmelden", "pga_jeugd", date(2024, 3, 4), None),
                    ("omzetten", "ipta", date(2024, 3, 5), None),
                    ("corrigeren", "pga_jeugd", date(2024, 3, 6), 92),
                ],
            )
        upgrade(revision="d2b6f1a4c3e5")
        with db.engine.connect() as conn:
            refs = dict(conn.execute(sa.text("SELECT id, ref FROM casus ORDER BY id")).all())
            aliassen = conn.execute(sa.text("SELECT ref, casus_id, tot FROM casusalias")).all()
        assert refs == {7: "IPTA-2024-00007", 8: "OUD-8", 9: "PGAJ-2024-00009"}
        assert [(r, c, str(t)) for r, c, t in aliassen] == [("PGAJ-2024-00007", 7, "2024-03-10")]
        # the old number still finds the case
        assert (
            db.session.scalar(sa.select(Casus.id).where(Casus.met_nummer("PGAJ-2024-00007"))) == 7
        )
        db.session.remove()
        db.engine.dispose()

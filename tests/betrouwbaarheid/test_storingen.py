"""Faults: the connection killed mid-transaction (in a service, during an import,
during a request), a read-only SQLite file, a full disk."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from casus import create_app
from casus.audit.keten import controleer_keten
from casus.casussen import casuswerk
from casus.casussen.models import Casus, Gebeurtenis, Notitie
from casus.casussen.services import pas_transitie_toe
from casus.extensions import db
from casus.importeren import bulk, voorbeeld
from casus.importeren.services import importeer
from casus.klok import vandaag
from casus.personen.models import Persoon
from casus.toegang.actor import IMPORT
from config import TestConfig
from tests.hulp.client import login


@pytest.mark.usefixtures("postgres")
def test_connection_killed_mid_transition_writes_nothing(app: Flask, maak_casus: Any) -> None:
    casus = maak_casus("ipta", "actief")
    db.session.commit()
    casus_id = casus.id
    pas_transitie_toe(
        casus, "afsluiten_succesvol", datum=date(2025, 3, 1), actor=IMPORT, reden="werk"
    )  # flushed, not committed
    pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with db.engine.connect() as ander:
        ander.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        ander.commit()
    with pytest.raises(OperationalError):
        db.session.commit()
    db.session.rollback()
    db.session.remove()
    # a fresh session (as after an app restart) sees only what was committed
    casus = db.session.get(Casus, casus_id)
    assert casus is not None
    assert casus.status == "actief"
    aantal = db.session.scalar(
        select(func.count()).select_from(Gebeurtenis).where(Gebeurtenis.casus_id == casus_id)
    )
    assert aantal == 3
    # and the application keeps working
    pas_transitie_toe(
        casus, "afsluiten_succesvol", datum=date(2025, 3, 1), actor=IMPORT, reden="werk"
    )
    db.session.commit()
    assert casus.status == "succesvol_afgesloten"


@pytest.mark.parametrize("storing", ["alleen_lezen", "schijf_vol"])
def test_a_database_that_refuses_writes_gives_a_dutch_page(tmp_path: Path, storing: str) -> None:
    """A read-only database (SQLite's query_only; file modes do not bind root, which CI
    runs as) and a full disk (max_page_count pinned to the current size, so SQLite
    answers SQLITE_FULL exactly as on a full disk)."""
    bestand = tmp_path / "q.db"
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{bestand}", PROPAGATE_EXCEPTIONS=False
    )
    with app.app_context():
        db.create_all()
        db.session.add(Persoon(voornaam="A", achternaam="B"))
        db.session.commit()

    @app.post("/schrijf")
    def schrijf() -> str:
        if storing == "alleen_lezen":
            db.session.execute(text("PRAGMA query_only = ON"))
        else:
            paginas = db.session.execute(text("PRAGMA page_count")).scalar_one()
            db.session.execute(text(f"PRAGMA max_page_count = {paginas}"))
        for i in range(50):
            db.session.add(Persoon(voornaam="C" * 100, achternaam=f"D{i}", adres="x" * 200))
        db.session.commit()
        return "ok"

    antwoord = app.test_client().post("/schrijf")
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 503
    assert "Uw wijziging is niet opgeslagen" in tekst
    assert "Referentienummer" in tekst
    with app.app_context():
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert db.session.scalar(select(func.count()).select_from(Persoon)) == 1
        db.session.remove()
        db.engine.dispose()


# -- a backend killed from outside (a DBA, a failover, a network cut) -----------------


class Afbreker:
    """Terminates the PostgreSQL backend of the connection that is about to run the
    statement ``wanneer`` selects, from a second connection, and waits until it is gone.
    ``wanneer(nummer, sql)`` gets the statement's number (from 1) and its SQL; "COMMIT"
    stands for the commit of a transaction, "COPY <tabel>" for the import's bulk writes."""

    def __init__(self, engine: Engine, wanneer: Callable[[int, str], bool]) -> None:
        self.engine, self.wanneer = engine, wanneer
        self.nummer, self.gedaan = 0, False
        self.beheer = create_engine(engine.url, poolclass=NullPool)

    def statement(self, conn: Any, cursor: Any, sql: str, *_: Any) -> None:
        self.nummer += 1
        self._misschien(self.nummer, sql, cursor.connection)

    def commit(self, conn: Any) -> None:
        self._misschien(self.nummer, "COMMIT", conn.connection.dbapi_connection)

    def copy(self, origineel: Callable[..., None]) -> Callable[..., None]:
        def _copy(verbinding: Any, tabel: str, *args: Any) -> None:
            self.nummer += 1
            self._misschien(self.nummer, f"COPY {tabel}", verbinding.connection.driver_connection)
            origineel(verbinding, tabel, *args)

        return _copy

    def _misschien(self, nummer: int, sql: str, dbapi: Any) -> None:
        if self.gedaan or not self.wanneer(nummer, sql):
            return
        self.gedaan = True
        with self.beheer.connect() as ander:
            ander.execute(
                text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": dbapi.info.backend_pid}
            )


@contextmanager
def afbreken(engine: Engine, wanneer: Callable[[int, str], bool]) -> Iterator[Afbreker]:
    afbreker = Afbreker(engine, wanneer)
    event.listen(engine, "before_cursor_execute", afbreker.statement)
    event.listen(engine, "commit", afbreker.commit)
    origineel = bulk._copy
    bulk._copy = afbreker.copy(origineel)  # type: ignore[assignment]
    try:
        yield afbreker
    finally:
        bulk._copy = origineel  # type: ignore[assignment]
        event.remove(engine, "before_cursor_execute", afbreker.statement)
        event.remove(engine, "commit", afbreker.commit)
        afbreker.beheer.dispose()


def tellingen() -> dict[str, int]:
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t)) or 0
        for t in db.metadata.sorted_tables
    }


def schrijf_regels(pad: Path, aantal: int, seed: int) -> Path:
    pad.write_text("".join(json.dumps(r) + "\n" for r in voorbeeld.regels(aantal, seed=seed)))
    return pad


@pytest.mark.usefixtures("postgres")
@pytest.mark.parametrize("methode", ["bulk", "services"])
def test_a_connection_killed_during_an_import_leaves_nothing_half_written_and_says_so(
    app: Flask, tmp_path: Path, methode: str
) -> None:
    runner = app.test_cli_runner()
    eerder = runner.invoke(args=["import", str(schrijf_regels(tmp_path / "a.jsonl", 20, 1))])
    assert eerder.exit_code == 0, eerder.output
    bestand = schrijf_regels(tmp_path / "b.jsonl", 60, 2)
    voor = tellingen()
    # how many statements a whole import of this file takes (rolled back)
    with afbreken(db.engine, lambda _n, _sql: False) as teller:
        assert (
            importeer(bestand.read_text().splitlines(), methode=methode, actor=IMPORT).fouten == []
        )
    db.session.rollback()
    assert tellingen() == voor
    assert teller.nummer > 10

    # killed a third of the way, two thirds, at the last statement, and at COMMIT
    momenten: list[Callable[[int, str], bool]] = [
        lambda n, _sql: n == teller.nummer // 3,
        lambda n, _sql: n == 2 * teller.nummer // 3,
        lambda n, _sql: n == teller.nummer,
        lambda _n, sql: sql == "COMMIT",
    ]
    for wanneer in momenten:
        with afbreken(db.engine, wanneer) as afbreker:
            resultaat = runner.invoke(args=["import", str(bestand), "--methode", methode])
        assert afbreker.gedaan
        # handled by the command (a real terminal would show no traceback), in Dutch
        assert isinstance(resultaat.exception, SystemExit), resultaat.exception
        assert resultaat.exit_code == 1
        assert "Traceback" not in resultaat.output
        assert "De verbinding met de database is weggevallen" in resultaat.output
        assert "er is niets geïmporteerd" in resultaat.output, resultaat.output
        db.session.rollback()
        db.session.remove()
        assert tellingen() == voor  # nothing half-written, and what was there is still there

    # the same import afterwards: complete (a re-run after a failure is safe)
    resultaat = runner.invoke(args=["import", str(bestand), "--methode", methode])
    assert resultaat.exit_code == 0, resultaat.output
    assert tellingen()["casus"] == voor["casus"] + 60


@pytest.mark.usefixtures("postgres")
@pytest.mark.parametrize(
    "moment",
    [
        "INSERT INTO formuliertoken",
        "INSERT INTO gebeurtenis",
        "UPDATE casus",
        "INSERT INTO audit_record",
        "COMMIT",
    ],
)
def test_a_connection_killed_during_a_status_change_in_the_web_shows_a_dutch_page_and_keeps_all(
    app: Flask, maak_gebruiker_: Any, maak_casus: Any, moment: str
) -> None:
    regisseur = maak_gebruiker_("regisseur:ipta")
    casus = maak_casus("ipta", "actief", regisseur=regisseur)
    casuswerk.voeg_notitie_toe(
        casus,
        actor=regisseur,
        soort="contactmoment",
        datum=date(2025, 2, 1),
        tekst="Gesprek op school",
    )
    db.session.commit()
    casus_id, versie = casus.id, casus.versie
    wie = SimpleNamespace(gebruikersnaam=regisseur.gebruikersnaam)  # outlives the session
    client = app.test_client()
    assert login(client, wie).status_code == 302
    voor = tellingen()
    gezien: list[str] = []

    def wanneer(_n: int, sql: str) -> bool:
        # the request's own transaction: after the status change has started
        gezien.append(sql.split("(")[0].strip())
        return sql.startswith(moment) and (
            moment != "COMMIT" or any(s.startswith("INSERT INTO gebeurtenis") for s in gezien)
        )

    with afbreken(db.engine, wanneer) as afbreker:
        antwoord = client.post(
            f"/casus/{casus_id}/status/afsluiten_succesvol",
            data={
                "afsluiten_succesvol-token": "onderbroken-statuswijziging",
                "afsluiten_succesvol-versie": str(versie),
                "afsluiten_succesvol-reden": "werk",
                "afsluiten_succesvol-toelichting": "Werk gevonden.",
                "afsluiten_succesvol-datum": vandaag().isoformat(),
            },
        )
    assert afbreker.gedaan, gezien
    tekst = antwoord.get_data(as_text=True)
    assert antwoord.status_code == 503, tekst
    assert "Uw wijziging is niet opgeslagen" in tekst
    assert "Referentienummer" in tekst
    assert "Traceback" not in tekst

    db.session.rollback()
    db.session.remove()
    assert tellingen() == voor
    # a restart: a new application on the same database has everything committed before
    herstart = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    with herstart.app_context():
        casus = db.session.get(Casus, casus_id)
        assert casus is not None
        assert casus.status == "actief"
        assert casus.versie == versie
        assert [g.transitie for g in casus.gebeurtenissen] == ["aanmelden", "triageren", "starten"]
        assert db.session.scalars(select(Notitie.tekst)).all() == ["Gesprek op school"]
        assert controleer_keten()[1] is None  # the audit log's chain is intact
        # and the same form, sent again, now goes through exactly once
        nieuw = herstart.test_client()
        assert login(nieuw, wie).status_code == 302
        for _ in range(2):
            antwoord = nieuw.post(
                f"/casus/{casus_id}/status/afsluiten_succesvol",
                data={
                    "afsluiten_succesvol-token": "onderbroken-statuswijziging",
                    "afsluiten_succesvol-versie": str(versie),
                    "afsluiten_succesvol-reden": "werk",
                    "afsluiten_succesvol-toelichting": "Werk gevonden.",
                    "afsluiten_succesvol-datum": vandaag().isoformat(),
                },
            )
            assert antwoord.status_code == 302
        db.session.expire_all()
        assert db.session.get(Casus, casus_id).status == "succesvol_afgesloten"  # type: ignore[union-attr]
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Gebeurtenis)
                .where(Gebeurtenis.casus_id == casus_id)
            )
            == 4
        )
        db.session.remove()
        db.engine.dispose()

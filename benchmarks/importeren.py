"""Measurement 4: the CLI import of 100,000 generated cases into an empty database,
timed end to end as a separate process."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks import rapport_import
from benchmarks.meten import log, maak_app, sluit, stempel, tellingen

if TYPE_CHECKING:
    from benchmarks.databases import Backend

IMPORT_AANTAL = 100_000


def meet_import(backend: Backend, snel: bool, aantal: int = IMPORT_AANTAL) -> dict[str, Any]:
    from casus.extensions import db

    bestand = backend.data / f"caseload-{aantal}-seed1.jsonl"
    if not bestand.exists():
        log(f"genereren van {aantal:,} casussen (rapport_import.schrijf)")
        tijdelijk = bestand.with_suffix(".tmp")
        rapport_import.schrijf(tijdelijk, aantal, seed=1)
        tijdelijk.rename(bestand)
    backend.maak_leeg("import")
    url = backend.url("import")
    app = maak_app(url)
    with app.app_context():
        db.create_all()  # as rapport_import.py does
    sluit(app)
    try:
        duur, uitvoer = rapport_import.flask(url, "import", str(bestand))
        app = maak_app(url)
        telling = tellingen(app)
        sluit(app)
    finally:
        backend.verwijder("import")
    return {
        **stempel(snel),
        "aantal": aantal,
        "duur_s": duur,
        "per_s": aantal / duur,
        "uitvoer": uitvoer.strip(),
        **telling,
        "bestand_mb": bestand.stat().st_size / 1e6,
    }

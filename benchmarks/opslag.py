"""The stored results: ``resultaten.json`` in the data directory (benchmarks/.data/).

One JSON object: ``machine`` and ``opdracht`` of the last run, ``duur_s``, and per
backend (``sqlite``, ``postgresql``) the parts last measured there (``databases``,
``rapport``, ``rapportpagina``, ``paginas``, ``zoeken``, ``import``, ``gunicorn`` (per
worker count, per endpoint: one wrk run), ``geheugen``, and on PostgreSQL ``explain``,
``indexen``, ``versie``). A run replaces only the parts it measures, so the
benchmarks can be run piecewise and RESULTS.md rendered from everything stored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BESTAND = "resultaten.json"


def pad(data: Path) -> Path:
    return data / BESTAND


def lees(data: Path) -> dict[str, Any]:
    """Everything stored, or an empty dict before the first run."""
    bestand = pad(data)
    return json.loads(bestand.read_text()) if bestand.exists() else {}


def bewaar(resultaten: dict[str, Any], data: Path) -> None:
    """Write the results (after every backend, so an interrupted run keeps its parts)."""
    data.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad(data).with_suffix(".tmp")
    tijdelijk.write_text(json.dumps(resultaten, indent=1, default=str))
    tijdelijk.replace(pad(data))

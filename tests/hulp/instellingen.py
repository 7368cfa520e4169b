"""Settings for one block of a test: ``ingesteld(app, NAAM=waarde, ...)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask


@contextmanager
def ingesteld(app: Flask, **waarden: Any) -> Iterator[None]:
    """``app.config`` with ``waarden`` while the block runs; the old values after (a
    setting that was absent is removed again)."""
    oud = {naam: app.config.get(naam) for naam in waarden}
    ontbrak = {naam for naam in waarden if naam not in app.config}
    app.config.update(waarden)
    try:
        yield
    finally:
        app.config.update(oud)
        for naam in ontbrak:
            app.config.pop(naam, None)

"""Signalen: intake before a case exists, the signalenoverleg and the public meldpunt."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Blueprint


def blueprint() -> Blueprint:
    """The ``signalen`` blueprint with all its routes, for ``create_app``: the list,
    intake and decisions (``views``) and the signalenoverleg (``overleg``, endpoint
    ``signalen.overleg``). The public meldpunt has a blueprint of its own
    (``casus.signalen.meldpunt``)."""
    from casus.signalen import overleg  # noqa: F401 - adds its route to bp
    from casus.signalen.views import bp

    return bp

"""Triage: the weeg- en triageoverleg that decides which aanmeldingen are taken in,
and the review lists that keep the caseload moving."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Blueprint


def blueprint() -> Blueprint:
    """The ``triage`` blueprint with all its routes, for ``create_app``: the queue and
    the decisions (``views``), the meetings (``overleg_views``) and the review lists
    (``review_views``), each adding its routes to the one blueprint (endpoint names
    ``triage.*``)."""
    from casus.triage import overleg_views, review_views  # noqa: F401 - routes on bp
    from casus.triage.views import bp

    return bp

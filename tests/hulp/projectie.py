"""The projection a case stores, to compare with the replay of its log."""

from __future__ import annotations

from dataclasses import fields

from casus.casussen.models import Casus
from casus.casussen.projectie import Projectie


def opgeslagen(casus: Casus) -> Projectie:
    """The case's stored projection columns, as a ``Projectie`` (every field of it), so
    ``opgeslagen(casus) == replay(casus.gebeurtenissen)`` checks them all."""
    return Projectie(**{veld.name: getattr(casus, veld.name) for veld in fields(Projectie)})

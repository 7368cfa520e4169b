"""SQL filters for what a user may see. Every list, search and count starts here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Select, false, select

from casus.casussen.models import Casus

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker


def zichtbare_casussen(gebruiker: Gebruiker) -> Select[tuple[Casus]]:
    """Cases of the aanpakken the user is a team member of; nothing for anyone else."""
    aanpakken = sorted(gebruiker.aanpakken()) if gebruiker.is_active else []
    if not aanpakken:
        return select(Casus).where(false())
    return select(Casus).where(Casus.aanpak.in_(aanpakken))

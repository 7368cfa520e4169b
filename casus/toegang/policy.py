"""Predicates: may this user do this to this object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.base import WIE_REGISSEUR, WIE_TRIAGE, Transitie
from workflows.codes import ROL_REGISSEUR, ROL_TRIAGE

if TYPE_CHECKING:
    from casus.auth.models import Gebruiker
    from casus.casussen.models import Casus


def mag_casus_zien(gebruiker: Gebruiker, casus: Casus) -> bool:
    """Need-to-know: only members of the case's aanpak team see it at all."""
    return gebruiker.is_active and casus.aanpak in gebruiker.aanpakken()


def mag_casus_bewerken(gebruiker: Gebruiker, casus: Casus) -> bool:
    """Casework (notes, contacts, interventions, ...): the assigned regisseur and triage."""
    if not mag_casus_zien(gebruiker, casus):
        return False
    if casus.aanpak in gebruiker.aanpakken_als(ROL_TRIAGE):
        return True
    return casus.regisseur_id == gebruiker.id and casus.aanpak in gebruiker.aanpakken_als(
        ROL_REGISSEUR
    )


def mag_transitie(gebruiker: Gebruiker, casus: Casus, transitie: Transitie) -> bool:
    if not mag_casus_zien(gebruiker, casus):
        return False
    if WIE_TRIAGE in transitie.wie and casus.aanpak in gebruiker.aanpakken_als(ROL_TRIAGE):
        return True
    return (
        WIE_REGISSEUR in transitie.wie
        and casus.regisseur_id == gebruiker.id
        and casus.aanpak in gebruiker.aanpakken_als(ROL_REGISSEUR)
    )


def mag_aanmelden(gebruiker: Gebruiker, aanpak: str) -> bool:
    """Registering an aanmelding: regisseurs and triage members of that aanpak."""
    return gebruiker.is_active and aanpak in gebruiker.aanpakken()

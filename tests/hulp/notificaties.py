"""Who may or may not see a PGA Jeugd case, for the notification tests."""

from __future__ import annotations

from dataclasses import dataclass

from casus.auth.models import Gebruiker


@dataclass
class Mensen:
    regisseur: Gebruiker  # regisseur of pga_jeugd
    triagist: Gebruiker  # triage of pga_jeugd
    ander_team: Gebruiker  # regisseur of ipta only
    inactief: Gebruiker  # regisseur of pga_jeugd, deactivated
    manager: Gebruiker  # a global role, no team

"""Rights in one place: "may this user do X to this object" and the SQL filters
for "which objects may this user see" (domain.md section 1, docs/toegang.md).

``casus_of_404`` and ``persoon_of_404`` (casus.toegang.laden) load one object for a
view; ``vereist_rol`` (casus.toegang.rollen) guards the pages of global roles.
"""

from __future__ import annotations

from typing import Any


def __getattr__(naam: str) -> Any:
    # lazy, so importing casus.toegang.policy from the services creates no import cycle
    if naam in ("casus_of_404", "persoon_of_404"):
        from casus.toegang import laden
        return getattr(laden, naam)
    if naam == "vereist_rol":
        from casus.toegang.rollen import vereist_rol
        return vereist_rol
    raise AttributeError(naam)

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from casus.audit.models import AuditRecord
from casus.extensions import db
from casus.toegang import casus_of_404, persoon_of_404


def test_casus_of_404_loads_a_case_of_my_aanpak(maak_gebruiker_: Any, maak_casus: Any) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    casus = maak_casus("ipta")
    assert casus_of_404(casus.id, gebruiker=ik) is casus
    assert persoon_of_404(casus.persoon_id, gebruiker=ik) is casus.persoon


@pytest.mark.parametrize(
    "rollen", [("regisseur:rio",), ("manager",), ("privacy",), ("beheerder",), ()]
)
def test_a_case_of_another_aanpak_is_404_like_a_missing_one(
    maak_gebruiker_: Any, maak_casus: Any, rollen: tuple[str, ...]
) -> None:
    ik = maak_gebruiker_(*rollen)
    casus = maak_casus("ipta")
    for casus_id in (casus.id, casus.id + 1000):
        with pytest.raises(NotFound):
            casus_of_404(casus_id, gebruiker=ik)
    with pytest.raises(NotFound):
        persoon_of_404(casus.persoon_id, gebruiker=ik)
    geweigerd = db.session.scalars(select(AuditRecord.object_id)).all()
    assert geweigerd == [str(casus.id), str(casus.id + 1000), str(casus.persoon_id)]


def test_a_deactivated_member_sees_nothing(maak_gebruiker_: Any, maak_casus: Any) -> None:
    ik = maak_gebruiker_("regisseur:ipta")
    casus = maak_casus("ipta")
    ik.actief = False
    with pytest.raises(NotFound):
        casus_of_404(casus.id, gebruiker=ik)

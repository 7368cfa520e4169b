"""The triage queue: which aanmeldingen, in which order, with which warnings."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import time_machine
from flask.testing import FlaskClient

from casus.extensions import db
from tests.hulp.client import login
from tests.hulp.triage import VANDAAG


def rijen(html: str) -> list[str]:
    """The body rows of the first table, tags stripped, whitespace collapsed."""
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
        for r in tbody.split("</tr>")
        if "<td" in r
    ]


def refs(html: str, *kandidaten: Any) -> list[str]:
    """Which of the given cases' refs appear in the page, in page order."""
    gevonden = [(html.find(c.ref), c.ref) for c in kandidaten if c.ref in html]
    return [ref for _, ref in sorted(gevonden)]


@time_machine.travel(VANDAAG, tick=False)
def test_the_queue_shows_aangemeld_cases_of_the_triage_aanpakken_oldest_first(
    client: FlaskClient, maak_casus: Any, triagist: Any, persoon: Any
) -> None:
    noah = persoon()
    jeugd = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2), persoon=noah)
    ipta = maak_casus("ipta", aangemeld_op=date(2025, 2, 20))
    rio = maak_casus("rio", aangemeld_op=date(2025, 1, 2))
    opgenomen = maak_casus("pga_jeugd", "getriaged", aangemeld_op=date(2025, 1, 2))
    maak_casus("rio", "actief", persoon=noah)
    maak_casus("pga_r", "actief", persoon=noah)
    db.session.commit()
    login(client, triagist)

    html = client.get("/triage/").get_data(as_text=True)

    assert refs(html, jeugd, ipta, rio, opgenomen) == [ipta.ref, jeugd.ref]
    ipta_rij, jeugd_rij = rijen(html)
    # 2025-02-20 .. 2025-03-10 is 18 days; the triage norm is 10 workdays (casus.termijnen):
    # Thursday 20 February -> 21, 24-28 February, 3-6 March: due 6 March, passed. Sunday
    # 2 March (8 days) -> 3-7 and 10-14 March: due 14 March, its warning from 11 March.
    assert " 18 " in ipta_rij
    assert "Verlopen: triagebesluit uiterlijk 6 maart 2025" in ipta_rij
    assert " 8 " in jeugd_rij
    assert "Triagebesluit uiterlijk 14 maart 2025" in jeugd_rij
    assert html.count('class="termijn-verstreken"') == 1
    # the person is also known in RIO; PGA-R is never mentioned
    assert "RIO" in jeugd_rij
    assert "PGA-R" not in html
    assert f'href="/casus/{jeugd.id}"' in html


@time_machine.travel(VANDAAG, tick=False)
def test_the_filter_narrows_the_queue_to_one_of_the_users_aanpakken(
    client: FlaskClient, maak_casus: Any, triagist: Any
) -> None:
    jeugd = maak_casus("pga_jeugd", aangemeld_op=date(2025, 3, 2))
    ipta = maak_casus("ipta", aangemeld_op=date(2025, 2, 20))
    rio = maak_casus("rio", aangemeld_op=date(2025, 2, 1))
    db.session.commit()
    login(client, triagist)

    alleen_ipta = client.get("/triage/?aanpak=ipta").get_data(as_text=True)
    assert refs(alleen_ipta, jeugd, ipta, rio) == [ipta.ref]
    # an aanpak the user has no triage role in is ignored, not shown
    vreemd = client.get("/triage/?aanpak=rio").get_data(as_text=True)
    assert refs(vreemd, jeugd, ipta, rio) == [ipta.ref, jeugd.ref]


def test_only_users_with_a_triage_role_see_the_triage_menu_and_pages(
    client: FlaskClient, maak_gebruiker_: Any, triagist: Any
) -> None:
    regisseur = maak_gebruiker_("regisseur:pga_jeugd")
    db.session.commit()
    login(client, regisseur)
    assert "/triage/" not in client.get("/").get_data(as_text=True)
    assert client.get("/triage/").status_code == 404
    client.post("/uitloggen")
    login(client, triagist)
    assert 'href="/triage/"' in client.get("/").get_data(as_text=True)

"""What the API's contract test, its permission walk and its statement count share: the
roles of a client that reaches everything an API client can reach, a small seeded
world (cases in several states and aanpakken, with notes, an intervention and
signals), and the API's routes and operations as the application has them now.

Routes are enumerated from ``app.url_map`` and operations from the OpenAPI document,
never from a list kept here, so a route added later is covered (or reported missing)
without a change in this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Flask, g, has_app_context
from werkzeug.routing import Rule

from casus.casussen.casuswerk import voeg_interventie_toe, voeg_notitie_toe
from casus.casussen.models import Casus
from casus.extensions import db
from casus.signalen.models import Signaal
from casus.toegang.actor import IMPORT
from tests.hulp import fabrieken
from tests.hulp.api import is_api_route
from workflows import CATALOGUS
from workflows.codes import INTERVENTIE_TYPES, ROL_MANAGER, ROL_REGISSEUR, ROL_TRIAGE

API_PREFIX = "/api/v1"
OPENAPI = f"{API_PREFIX}/openapi.json"
OVERGESLAGEN_METHODES = {"HEAD", "OPTIONS"}

# a client that reaches as deep as a client can: regisseur and triage in every aanpak,
# and manager (a client holds no privacy or beheerder role: casus.api.clients)
ALLE_ROLLEN: tuple[str, ...] = (
    *(f"{rol}:{a.code}" for a in CATALOGUS for rol in (ROL_REGISSEUR, ROL_TRIAGE)),
    ROL_MANAGER,
)

# (aanpak, status) of the seeded cases: open, waiting and closed states, a strictly
# confidential aanpak (pga_r) and one that takes signals (ondermijning)
CASUSSEN = (
    ("ipta", "aangemeld"),
    ("ipta", "actief"),
    ("rio", "in_de_wacht"),
    ("pga_jeugd", "succesvol_afgesloten"),
    ("pga_jeugd", "getriaged"),
    ("pga_r", "actief"),
    ("ondermijning", "niet_opgenomen"),
    ("woonoverlast", "overgedragen"),
)


def api_routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every (route, method) of the API, as the application has them now."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if is_api_route(rule.endpoint):
            for methode in sorted((rule.methods or set()) - OVERGESLAGEN_METHODES):
                yield rule, methode


def operaties(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation in an OpenAPI document."""
    return {
        (methode.upper(), pad)
        for pad, item in document.get("paths", {}).items()
        for methode in item
        if methode in {"get", "put", "post", "patch", "delete"}
    }


# a URL argument with its converter and the converter's arguments: <int(max=9):id>
_ARGUMENT = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>")


def sjabloon(rule: Rule) -> str:
    """A Flask rule as an OpenAPI path template: ``<int:casus_id>`` -> ``{casus_id}``."""
    return _ARGUMENT.sub(r"{\1}", rule.rule)


def vul_in(rule: Rule, waarden: dict[str, object]) -> str:
    """The rule's URL with each argument replaced by ``waarden[name]``."""
    return _ARGUMENT.sub(lambda m: str(waarden[m.group(1)]), rule.rule)


def vergeet_verzoek() -> None:
    """Forget what one request left in the test's app context (its ``g`` outlives the
    request): the logged-in user and the object the API call was about."""
    if has_app_context():
        for sleutel in ("_login_user", "api_onderwerp", "api_client", "api_link"):
            g.pop(sleutel, None)


@dataclass
class Zaden:
    """The seeded world: ids by the URL argument that names them."""

    casussen: list[Casus]
    signalen: list[Signaal]
    ids: dict[str, list[int]] = field(default_factory=dict)
    # path arguments that only make sense together (a document of its case, a version)
    samen: list[dict[str, int]] = field(default_factory=list)


def zaai(maak_casus: Callable[..., Casus]) -> Zaden:
    """Cases in several states and aanpakken, each with a note; an intervention on the
    open ones; a signal for every aanpak that takes signals; a document on the first
    case (the storage must be configured: ``DOCUMENTEN_MAP``). Committed."""
    casussen = [maak_casus(aanpak, status) for aanpak, status in CASUSSEN]
    for i, c in enumerate(casussen):
        voeg_notitie_toe(
            c,
            actor=IMPORT,
            soort="contactmoment" if i % 2 else "notitie",
            datum=date(2025, 1, 20),
            tekst=f"Gesprek {i} gevoerd.",
        )
        if c.afgesloten_op is None:
            voeg_interventie_toe(
                c, actor=IMPORT, type=next(iter(INTERVENTIE_TYPES)), datum=date(2025, 1, 21)
            )
    document = fabrieken.document(
        casus=casussen[0], titel="Brief van de corporatie", vertrouwelijkheid="zaakvertrouwelijk"
    )
    db.session.commit()
    signalen = [fabrieken.signaal(a.code) for a in CATALOGUS if a.signaal_themas]
    persoon_ids = sorted({c.persoon_id for c in casussen if c.persoon_id is not None})
    return Zaden(
        casussen,
        signalen,
        {
            "casus_id": [c.id for c in casussen],
            "signaal_id": [s.id for s in signalen],
            "persoon_id": persoon_ids,
        },
        [{"casus_id": casussen[0].id, "document_id": document.id, "versie": 1}],
    )
